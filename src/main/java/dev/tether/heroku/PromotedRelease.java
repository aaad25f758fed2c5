package dev.tether.heroku;

import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.HerokuAppSpec;
import dev.tether.manifest.Kind;
import dev.tether.manifest.StoredResource;
import dev.tether.status.Condition;
import dev.tether.status.ConditionStatus;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Resolves {@code spec.release.fromApp} (DESIGN §2a: promotion, what {@code pipelines:promote}
 * does) to the slug the source app's current release runs, read from the source's status
 * ({@link HerokuAppExternal#slug()}), once that app is Ready. The app is a dependent of its source
 * ({@code HerokuAppSpec.references()}): a new release there changes the source's status and makes
 * the app due at once, so nothing polls for it.
 *
 * <p>The promoted slug is kept in the app's status ({@link HerokuAppExternal#promotedSlug()}). A difference at
 * {@code release} is a spec change when the source's slug moved since the last pass (release the
 * new one), and drift, decided by the drift policy, when it did not (a rollback made by hand).
 */
@Component
class PromotedRelease {

    private final DesiredStateStore store;
    private final StatusStore statuses;

    PromotedRelease(DesiredStateStore store, StatusStore statuses) {
        this.store = store;
        this.statuses = statuses;
    }

    /**
     * {@code in} with a promotion resolved to {@code release.slug} (in the spec, and in the last
     * applied spec while the source's slug is unchanged), or, when the source runs no promotable
     * slug yet, unchanged with what it waits for added to {@code waiting}.
     */
    ConfigVarSources.Resolved resolve(ConfigVarSources.Resolved in, ResourceStatus status) {
        HerokuAppSpec spec = in.spec();
        if (spec.release() == null || spec.release().fromApp() == null) {
            return in;
        }
        String source = spec.release().fromApp();
        Optional<String> slug = sourceSlug(source);
        if (slug.isEmpty()) {
            List<String> waiting = new ArrayList<>(in.waiting());
            waiting.add("release.fromApp: " + why(source));
            return new ConfigVarSources.Resolved(spec, in.lastApplied(), List.copyOf(waiting), in.versions());
        }
        HerokuAppSpec.Release promoted = new HerokuAppSpec.Release(null, slug.get(), null, null);
        HerokuAppSpec last = in.lastApplied();
        boolean unchanged = status != null && slug.get().equals(status.external(HerokuAppExternal.class).promotedSlug());
        if (last != null && spec.release().equals(last.release()) && unchanged) {
            last = last.withRelease(promoted);
        }
        return new ConfigVarSources.Resolved(spec.withRelease(promoted), last, in.waiting(), in.versions());
    }

    /** The slug a promotion of {@code spec} releases this pass; null when it declares none or waits. */
    static String promotedSlug(HerokuAppSpec declared, HerokuAppSpec resolved) {
        return declared.release() == null || declared.release().fromApp() == null || resolved.release().slug() == null
                ? null : resolved.release().slug();
    }

    private Optional<String> sourceSlug(String source) {
        return store.find(Kind.HEROKU_APP, source).filter(r -> !r.deleting())
                .map(r -> statuses.get(r.id()))
                .filter(PromotedRelease::ready)
                .map(s -> s.external(HerokuAppExternal.class).slug());
    }

    private String why(String source) {
        Optional<StoredResource> app = store.find(Kind.HEROKU_APP, source).filter(r -> !r.deleting());
        if (app.isEmpty()) {
            return "HerokuApp/" + source + " does not exist";
        }
        ResourceStatus s = statuses.get(app.get().id());
        return ready(s) ? "HerokuApp/" + source + " runs no slug yet" : "HerokuApp/" + source + " is not Ready yet";
    }

    private static boolean ready(ResourceStatus s) {
        return s != null && s.condition(Condition.READY).map(Condition::status).orElse(ConditionStatus.UNKNOWN) == ConditionStatus.TRUE;
    }
}
