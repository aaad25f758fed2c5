package dev.tether.heroku;

import dev.tether.manifest.DeletionPolicy;
import dev.tether.manifest.HerokuAppSpec;
import dev.tether.manifest.Kind;
import dev.tether.manifest.StoredResource;
import dev.tether.reconcile.DeletionPreviewer;
import dev.tether.reconcile.PlanStep;
import dev.tether.status.StatusStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What deleting a HerokuApp would do, read-only: with {@code deletionPolicy: Delete}, destroy the
 * app and every add-on billed to it (held while one holds data and the spec does not allow it,
 * exactly as the clean-up holds it); with {@code Orphan}, leave the app running.
 */
@Component
class HerokuAppDeletionPreviewer implements DeletionPreviewer {

    private final HerokuClient heroku;
    private final StatusStore statuses;

    HerokuAppDeletionPreviewer(HerokuClient heroku, StatusStore statuses) {
        this.heroku = heroku;
        this.statuses = statuses;
    }

    @Override
    public Kind kind() {
        return Kind.HEROKU_APP;
    }

    @Override
    public List<PlanStep> previewDelete(StoredResource resource) {
        HerokuAppSpec spec = (HerokuAppSpec) resource.typedSpec();
        String kind = Kind.HEROKU_APP.manifestName();
        String name = resource.name();
        String appId = statuses.get(resource.id()).external(HerokuAppExternal.class).id();
        Optional<ObservedApp> app = appId == null ? Optional.empty() : heroku.getApp(appId);
        List<PlanStep> steps = new ArrayList<>();
        if (app.isEmpty()) {
            steps.add(new PlanStep(kind, name, "forget", "app", null, null, "forget " + resource.key()
                    + "; Tether has no app of it in Heroku to delete"));
            return steps;
        }
        if (spec.deletion() != DeletionPolicy.DELETE) {
            steps.add(new PlanStep(kind, name, "orphan", "app", app.get().name(), null, "leave app " + app.get().name()
                    + " (" + app.get().id() + ") running with its add-ons; Tether forgets it (deletionPolicy: Orphan)"));
            return steps;
        }
        AppDeletion deletion = AppDeletion.of(app.get(), heroku.listAddons(appId).orElse(List.of()));
        steps.add(new PlanStep(kind, name, "destroy", "app", app.get().name(), null,
                "destroy app " + app.get().name() + " (" + app.get().id() + ")"));
        for (ObservedAddon a : deletion.addons()) {
            boolean data = DataServices.holdsData(a.service());
            steps.add(new PlanStep(kind, name, "destroy", "addons." + a.name(), a.plan(), null,
                    "destroy add-on " + a.name() + " (" + a.plan() + ")" + (data ? ": holds data" : "")));
        }
        if (spec.isPaused()) {
            steps.add(new PlanStep(kind, name, "held", "paused", null, null, "the deletion waits until spec.paused is false"));
        } else if (deletion.holdsData() && !Boolean.TRUE.equals(spec.allowDestroyData())) {
            steps.add(new PlanStep(kind, name, "held", "allowDestroyData", null, null, deletion.describe()
                    + " is held: it needs allowDestroyData: true (apply it, or DELETE with ?allowDestroyData=true)"));
        }
        return steps;
    }
}
