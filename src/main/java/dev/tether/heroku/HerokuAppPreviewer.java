package dev.tether.heroku;

import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.HerokuAppSpec;
import dev.tether.manifest.Kind;
import dev.tether.manifest.ResourceSpec;
import dev.tether.manifest.StoredResource;
import dev.tether.reconcile.PlanStep;
import dev.tether.reconcile.Previewer;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/** What the next pass would do to a Heroku app: the reconciler's observation and planner, read-only. */
@Component
class HerokuAppPreviewer implements Previewer {

    private final HerokuClient heroku;
    private final DesiredStateStore store;
    private final StatusStore statuses;
    private final ConfigVarSources sources;

    HerokuAppPreviewer(HerokuClient heroku, DesiredStateStore store, StatusStore statuses, ConfigVarSources sources) {
        this.sources = sources;
        this.heroku = heroku;
        this.store = store;
        this.statuses = statuses;
    }

    @Override
    public Kind kind() {
        return Kind.HEROKU_APP;
    }

    @Override
    public List<PlanStep> preview(String name, ObjectNode specNode) {
        HerokuAppSpec spec = (HerokuAppSpec) ResourceSpec.of(Kind.HEROKU_APP, specNode);
        Optional<StoredResource> stored = store.find(Kind.HEROKU_APP, name);
        ResourceStatus status = stored.map(r -> statuses.get(r.id())).orElse(null);
        String appId = status == null ? null : (String) status.external().get("id");
        String appName = spec.appNameOr(name);
        Optional<ObservedApp> app = appId != null ? heroku.getApp(appId) : heroku.getApp(appName);
        String kind = Kind.HEROKU_APP.manifestName();
        if (app.isEmpty()) {
            return List.of(new PlanStep(kind, name, "create", "app", null, appName, "create app " + appName));
        }
        if (appId == null && !spec.adoptsExisting()) {
            return List.of(new PlanStep(kind, name, "blocked", "app", null, appName,
                    "an app named " + appName + " already exists; set adoptExisting: true to manage it"));
        }
        ObservedAppState observed = ObservedAppState.observe(heroku, app.get(), false);
        HerokuAppSpec lastApplied = status == null || status.observedGeneration() == null ? null
                : store.generationSpec(stored.get().id(), status.observedGeneration())
                        .map(s -> (HerokuAppSpec) ResourceSpec.of(Kind.HEROKU_APP, s)).orElse(null);
        ConfigVarSources.Resolved resolved = sources.resolve(spec, lastApplied, status);
        AppPlan plan = HerokuAppPlanner.plan(name, resolved.spec(), resolved.lastApplied(), observed, Set.of());
        List<PlanStep> steps = new ArrayList<>();
        plan.actions().forEach(a -> steps.add(new PlanStep(kind, name, a.getClass().getSimpleName(), null, null, null, a.describe())));
        plan.held().forEach(a -> steps.add(new PlanStep(kind, name, "held", null, null, null, a.describe()
                + " (needs deletionPolicy: Delete and allowDestroyData: true)")));
        plan.replacements().forEach(d -> steps.add(new PlanStep(kind, name, "replace", d.path(), d.observed(), d.desired(),
                "Heroku cannot change " + d.path() + " in place")));
        plan.adoptions().forEach(a -> steps.add(new PlanStep(kind, name, "adopt", a.path(), null, null,
                "write the observed " + a.path() + " into the spec")));
        if (spec.drift().mode() == dev.tether.manifest.DriftPolicy.Mode.REPORT || spec.isPaused()) {
            plan.drift().forEach(d -> steps.add(new PlanStep(kind, name, "report", d.path(), null, null,
                    "difference at " + d.path() + " is reported, not changed")));
        }
        return steps;
    }
}
