package dev.tether.heroku;

import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.HerokuAppSpec;
import dev.tether.manifest.Kind;
import dev.tether.manifest.StoredResource;
import dev.tether.status.StatusStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Observes and plans an app's attachments of other apps' add-ons: finds the add-on each
 * {@code attach} names (the owning HerokuApp's attachment under that as-name, read from Heroku),
 * reads the app's attachments, and hands both to {@link AttachmentPlanner}. Costs Heroku calls
 * only for apps whose spec declares an attachment now or did when last applied.
 */
@Component
class AddonAttachments {

    private final HerokuClient heroku;
    private final DesiredStateStore store;
    private final StatusStore statuses;

    AddonAttachments(HerokuClient heroku, DesiredStateStore store, StatusStore statuses) {
        this.heroku = heroku;
        this.store = store;
        this.statuses = statuses;
    }

    /**
     * @param waiting what could not be found yet: {@code addons.KONG_DATABASE: HerokuApp/mesh has no add-on DATABASE}
     * @param configVars the config vars the declared attachments set (add-on owned: never drift)
     */
    record Pass(AttachmentPlanner.Plan plan, List<String> waiting, Set<String> configVars) {
        static final Pass NONE = new Pass(new AttachmentPlanner.Plan(List.of(), List.of()), List.of(), Set.of());
    }

    Pass plan(HerokuAppSpec spec, HerokuAppSpec lastApplied, String appId) {
        Set<String> before = attachedAs(lastApplied);
        List<HerokuAppSpec.Addon> declared = spec.addons() == null ? List.of()
                : spec.addons().stream().filter(HerokuAppSpec.Addon::attached).toList();
        if (declared.isEmpty() && before.isEmpty()) {
            return Pass.NONE;
        }
        List<AttachmentPlanner.Wanted> wanted = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        Set<String> vars = new TreeSet<>();
        for (HerokuAppSpec.Addon a : declared) {
            vars.add(a.as() + "_URL");
            String owner = a.attach().app();
            Optional<StoredResource> ownerResource = store.find(Kind.HEROKU_APP, owner).filter(r -> !r.deleting());
            String id = ownerResource.map(r -> statuses.get(r.id()).external(HerokuAppExternal.class).id()).orElse(null);
            if (id == null) {
                waiting.add("addons." + a.as() + ": HerokuApp/" + owner + (ownerResource.isEmpty() ? " does not exist" : " is not created yet"));
                continue;
            }
            Optional<ObservedAttachment> source = heroku.listAttachments(id).orElse(List.of()).stream()
                    .filter(x -> x.name().equals(a.attach().addon()) && id.equals(x.billingApp())).findFirst();
            if (source.isEmpty()) {
                waiting.add("addons." + a.as() + ": HerokuApp/" + owner + " has no add-on " + a.attach().addon() + " yet");
                continue;
            }
            wanted.add(new AttachmentPlanner.Wanted(a.as(), owner, source.get().addonId(), source.get().addonName()));
        }
        List<ObservedAttachment> observed = heroku.listAttachments(appId).orElse(List.of());
        return new Pass(AttachmentPlanner.plan(spec, wanted, before, observed, appId), List.copyOf(waiting), vars);
    }

    private static Set<String> attachedAs(HerokuAppSpec spec) {
        Set<String> out = new TreeSet<>();
        if (spec != null && spec.addons() != null) {
            spec.addons().stream().filter(HerokuAppSpec.Addon::attached).forEach(a -> out.add(a.as()));
        }
        return out;
    }
}
