package dev.tether.reconcile;

import dev.tether.manifest.Kind;
import dev.tether.manifest.ResourceKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import tools.jackson.databind.node.ObjectNode;

/**
 * The other documents of one dry run ({@code POST /manifests?dryRun=true}, DESIGN §5). A dry run
 * stores nothing, so a resource that refers to another of the same apply (an ApiKey's target, a
 * KongService's upstream {@code app:} or {@code apiKeyRef}) is planned against that resource as
 * the apply would make it, not left waiting for it: a HerokuApp whose app is on Heroku already (it
 * would be adopted) with its real id and web URL, one the apply would create with neither, its
 * values then shown as {@value #KNOWN_AFTER_APPLY}. Safe for the previews that run at once.
 */
public final class InThisApply {

    /** What a plan shows for a value only the apply itself decides (a new app's web URL, a new key). */
    public static final String KNOWN_AFTER_APPLY = "(known after apply)";

    /** No other documents: a preview of stored resources ({@code GET /plan}) or of one document. */
    public static final InThisApply NONE = new InThisApply(List.of(), (name, spec) -> new App(null, null));

    /**
     * A HerokuApp of this apply as the apply would leave it.
     *
     * @param id     its Heroku id when the app exists on Heroku already; null when the apply creates it
     * @param webUrl its web URL when the app exists; null when the apply creates it
     */
    public record App(String id, String webUrl) {
        public boolean created() {
            return id == null;
        }
    }

    /** Finds the Heroku app a HerokuApp document would manage (reads only); the heroku package supplies it. */
    public interface AppFinder {
        App find(String name, ObjectNode spec);
    }

    private final Map<ResourceKey, ObjectNode> specs;
    private final AppFinder finder;
    private final Map<String, App> apps = new ConcurrentHashMap<>();

    public InThisApply(List<Previews.Subject> subjects, AppFinder finder) {
        this.specs = subjects.stream().collect(Collectors.toMap(s -> new ResourceKey(s.kind(), s.name()), Previews.Subject::spec,
                (a, b) -> b));
        this.finder = finder;
    }

    /** The spec this apply declares for a resource, if it declares one. */
    public Optional<ObjectNode> spec(Kind kind, String name) {
        return Optional.ofNullable(specs.get(new ResourceKey(kind, name)));
    }

    /** The HerokuApp of that name as this apply would leave it; empty when the apply does not declare it. */
    public Optional<App> herokuApp(String name) {
        return spec(Kind.HEROKU_APP, name).map(spec -> apps.computeIfAbsent(name, n -> finder.find(n, spec)));
    }
}
