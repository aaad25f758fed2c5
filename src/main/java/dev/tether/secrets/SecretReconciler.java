package dev.tether.secrets;

import dev.tether.manifest.Kind;
import dev.tether.manifest.SecretSpec;
import dev.tether.manifest.StoredResource;
import dev.tether.reconcile.Outcome;
import dev.tether.reconcile.PassReport;
import dev.tether.reconcile.ReconcileRequest;
import dev.tether.reconcile.Reconciler;
import dev.tether.reconcile.StatusDerivation;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * A {@code Secret} has nothing outside Tether to keep true: its values are written, encrypted, when
 * the manifest is applied. A pass shows which keys it holds and the generation of its values in
 * {@code status.external}; a new generation there is what wakes the apps whose config vars take a
 * value from it ({@link dev.tether.reconcile.Dependents}). Its deletion removes the values (the
 * store forgets them with the resource).
 */
@Component
class SecretReconciler implements Reconciler {

    private final StatusStore statuses;
    private final Clock clock;

    SecretReconciler(StatusStore statuses, Clock clock) {
        this.statuses = statuses;
        this.clock = clock;
    }

    @Override
    public Kind kind() {
        return Kind.SECRET;
    }

    @Override
    public Outcome reconcile(StoredResource resource, ReconcileRequest request) {
        if (resource.deleting()) {
            return new Outcome.Deleted();
        }
        SecretSpec spec = (SecretSpec) resource.typedSpec();
        ResourceStatus status = statuses.get(resource.id());
        SecretExternal external = new SecretExternal(List.copyOf(spec.keys()), resource.generation());
        PassReport report = new PassReport(resource.generation(), List.of(), List.of(), List.of(), null, false, external.fields(),
                List.of(), "Holds " + spec.keys().size() + " value(s), encrypted: " + String.join(", ", spec.keys()));
        return new Outcome.InSync(null, StatusDerivation.derive(status, report, clock.instant()));
    }
}
