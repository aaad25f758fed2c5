package dev.tether.notify;

import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.Kind;
import dev.tether.manifest.NotifierSpec;
import dev.tether.manifest.StoredResource;
import dev.tether.reconcile.PassListener;
import dev.tether.status.NewEvent;
import dev.tether.status.ResourceStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Turns what a pass began or cleared ({@link Occurrences}) into outbox rows, one per Notifier
 * whose {@code events} and {@code selector} take it, in the pass's own transaction.
 */
@Component
class NotificationRecorder implements PassListener {

    private final DesiredStateStore store;
    private final NotificationOutbox outbox;
    private final Clock clock;

    NotificationRecorder(DesiredStateStore store, NotificationOutbox outbox, Clock clock) {
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public void written(StoredResource resource, ResourceStatus before, ResourceStatus after, List<NewEvent> events) {
        if (resource.kind() == Kind.NOTIFIER) {
            return;
        }
        List<Occurrence> found = Occurrences.of(before, after, events);
        if (found.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (StoredResource n : store.list(Optional.of(Kind.NOTIFIER), Map.of())) {
            NotifierSpec spec = (NotifierSpec) n.typedSpec();
            if (n.deleting() || !spec.selects(resource.labels())) {
                continue;
            }
            for (Occurrence o : found) {
                if (spec.eventsOrDefault().contains(o.reason())) {
                    outbox.add(n.name(), resource.kind().manifestName(), resource.name(), o, now);
                }
            }
        }
    }
}
