package dev.tether.kong;

import dev.tether.manifest.DeletionPolicy;
import dev.tether.manifest.Kind;
import dev.tether.manifest.KongConsumerSpec;
import dev.tether.manifest.StoredResource;
import dev.tether.reconcile.DeletionPreviewer;
import dev.tether.reconcile.PlanStep;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What deleting a KongConsumer would do, read-only: with {@code deletionPolicy: Delete}, delete
 * the consumer Tether owns (Kong deletes its credentials and ACL groups with it); with
 * {@code Orphan}, leave it. Its generated keys are forgotten either way.
 */
@Component
class KongConsumerDeletionPreviewer implements DeletionPreviewer {

    private final GatewayResolver gateways;

    KongConsumerDeletionPreviewer(GatewayResolver gateways) {
        this.gateways = gateways;
    }

    @Override
    public Kind kind() {
        return Kind.KONG_CONSUMER;
    }

    @Override
    public List<PlanStep> previewDelete(StoredResource resource) {
        KongConsumerSpec spec = (KongConsumerSpec) resource.typedSpec();
        String kind = Kind.KONG_CONSUMER.manifestName();
        String name = resource.name();
        String username = spec.username() != null ? spec.username() : name;
        String owner = KongServiceReconciler.ownerTag(Kind.KONG_CONSUMER, name);
        String gatewayName = spec.gateway() == null ? "default" : spec.gateway();
        Optional<Gateway> gw = gateways.resolve(gatewayName);
        Optional<ObservedConsumer> consumer = gw.flatMap(g -> g.admin().findConsumer(username)).filter(c -> c.tags().contains(owner));
        if (consumer.isEmpty()) {
            return List.of(new PlanStep(kind, name, "forget", null, null, null, "forget " + resource.key()
                    + " and its generated keys; Tether owns no consumer " + username + " in gateway " + gatewayName));
        }
        if (spec.deletion() != DeletionPolicy.DELETE) {
            return List.of(new PlanStep(kind, name, "orphan", "consumer", username, null, "leave consumer " + username
                    + " in gateway " + gatewayName + " (deletionPolicy: Orphan); its generated keys are forgotten"));
        }
        return List.of(new PlanStep(kind, name, "destroy", "consumer", username, null, "delete consumer " + username
                + " (" + consumer.get().id() + ") from gateway " + gatewayName + ", with its key-auth credentials and ACL groups"));
    }
}
