package dev.tether.notify;

import dev.tether.manifest.Kind;
import dev.tether.manifest.NotifierSpec;
import dev.tether.manifest.StoredResource;
import dev.tether.reconcile.Outcome;
import dev.tether.reconcile.PassReport;
import dev.tether.reconcile.ReconcileRequest;
import dev.tether.reconcile.Reconciler;
import dev.tether.reconcile.StatusDerivation;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * A {@code Notifier} is Ready when it can deliver: its {@code urlEnv} is set and it has a
 * signing key (generated here on its first pass, or found in the referenced Secret). Its status
 * shows the backlog (pending and retrying messages, the last delivery error), never the URL or
 * the key.
 */
@Component
class NotifierReconciler implements Reconciler {

    /** How often a Notifier's status (its backlog) is refreshed. */
    static final Duration REFRESH = Duration.ofSeconds(30);

    private final SigningKeys keys;
    private final NotifierTargets targets;
    private final NotificationOutbox outbox;
    private final StatusStore statuses;
    private final Clock clock;

    NotifierReconciler(SigningKeys keys, NotifierTargets targets, NotificationOutbox outbox, StatusStore statuses, Clock clock) {
        this.keys = keys;
        this.targets = targets;
        this.outbox = outbox;
        this.statuses = statuses;
        this.clock = clock;
    }

    @Override
    public Kind kind() {
        return Kind.NOTIFIER;
    }

    @Override
    public Outcome reconcile(StoredResource resource, ReconcileRequest request) {
        if (resource.deleting()) {
            keys.forget(resource.name());
            return new Outcome.Deleted();
        }
        NotifierSpec spec = (NotifierSpec) resource.typedSpec();
        ResourceStatus status = statuses.get(resource.id());
        boolean urlSet = targets.url(spec).isPresent();
        boolean hasKey = keys.ensure(resource.name(), spec).isPresent();
        NotificationOutbox.Backlog backlog = outbox.backlog(resource.name());
        NotifierExternal external = new NotifierExternal(spec.urlEnv(), urlSet, spec.formatOrDefault(), spec.eventsOrDefault(),
                spec.signingKeyRef() == null ? "generated"
                        : "Secret " + spec.signingKeyRef().secret() + " (key " + spec.signingKeyRef().key() + ")",
                backlog.pending(), backlog.retrying(), backlog.lastError());
        PassReport.Blocker blocker = null;
        if (!urlSet) {
            blocker = new PassReport.Blocker("UrlNotSet", spec.urlEnv() + " is not set in Tether's environment; "
                    + backlog.pending() + " message(s) wait in the outbox");
        } else if (!hasKey) {
            blocker = new PassReport.Blocker("WaitingForDependency", "Secret " + spec.signingKeyRef().secret()
                    + " has no key " + spec.signingKeyRef().key() + " to sign with");
        } else if (backlog.lastError() != null) {
            blocker = new PassReport.Blocker("DeliveryFailing", backlog.retrying() + " message(s) being retried: " + backlog.lastError());
        }
        String what = "Delivering " + spec.formatOrDefault() + " messages to the URL in " + spec.urlEnv()
                + (backlog.pending() == 0 ? "; nothing pending" : "; " + backlog.pending() + " pending");
        PassReport report = new PassReport(resource.generation(), List.of(), List.of(), List.of(), blocker, spec.isPaused(), external.fields(),
                List.of(), what);
        StatusDerivation.Derived derived = StatusDerivation.derive(status, report, clock.instant());
        return new Outcome.InSync(REFRESH, derived);
    }
}
