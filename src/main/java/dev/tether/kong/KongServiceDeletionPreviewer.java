package dev.tether.kong;

import dev.tether.manifest.DeletionPolicy;
import dev.tether.manifest.Kind;
import dev.tether.manifest.KongServiceSpec;
import dev.tether.manifest.StoredResource;
import dev.tether.reconcile.DeletionPreviewer;
import dev.tether.reconcile.DeletionSafety;
import dev.tether.reconcile.PlanStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What deleting a KongService would do, read-only: with {@code deletionPolicy: Delete}, delete
 * every Kong entity it owns (held beyond {@code tether.max-deletes-per-pass}, as the clean-up
 * holds it); with {@code Orphan}, leave them in the gateway.
 */
@Component
class KongServiceDeletionPreviewer implements DeletionPreviewer {

    private final GatewayResolver gateways;
    private final DeletionSafety safety;

    KongServiceDeletionPreviewer(GatewayResolver gateways, DeletionSafety safety) {
        this.gateways = gateways;
        this.safety = safety;
    }

    @Override
    public Kind kind() {
        return Kind.KONG_SERVICE;
    }

    @Override
    public List<PlanStep> previewDelete(StoredResource resource) {
        KongServiceSpec spec = (KongServiceSpec) resource.typedSpec();
        String kind = Kind.KONG_SERVICE.manifestName();
        String name = resource.name();
        Optional<Gateway> gw = gateways.resolve(spec.gatewayOrDefault());
        List<PlanStep> steps = new ArrayList<>();
        if (gw.isEmpty()) {
            steps.add(new PlanStep(kind, name, "forget", null, null, null, "forget " + resource.key()
                    + "; its gateway " + spec.gatewayOrDefault() + " is not known, so nothing in Kong is deleted"));
            return steps;
        }
        List<String> owned = KongServiceApplier.owned(gw.get().admin(), KongServiceReconciler.tags(Kind.KONG_SERVICE, name));
        String verb = spec.deletion() == DeletionPolicy.DELETE ? "destroy" : "orphan";
        for (String entity : owned) {
            steps.add(new PlanStep(kind, name, verb, null, entity, null, (verb.equals("destroy") ? "delete " : "leave ")
                    + entity + (verb.equals("destroy") ? " from" : " in") + " gateway " + gw.get().name()));
        }
        if (spec.deletion() == DeletionPolicy.DELETE && owned.size() > safety.maxDeletesPerPass() && !spec.massDeleteAllowed()) {
            steps.add(new PlanStep(kind, name, "held", "allowMassDelete", null, null, safety.held(owned)));
        }
        if (owned.isEmpty()) {
            steps.add(new PlanStep(kind, name, "forget", null, null, null, "forget " + resource.key()
                    + "; it owns nothing in gateway " + gw.get().name()));
        }
        return steps;
    }
}
