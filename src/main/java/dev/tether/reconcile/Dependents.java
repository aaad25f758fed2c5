package dev.tether.reconcile;

import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.ResourceKey;
import dev.tether.manifest.StoredResource;
import dev.tether.manifest.WorkIntake;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The mapped enqueue of controller-runtime: each kind declares what it refers to
 * ({@link dev.tether.manifest.ResourceSpec#references()}), and a change to a resource (created,
 * recreated, renamed, its web URL, its key rotated, a webhook about its app) makes every resource
 * that refers to it due at once. Nothing polls for a dependency.
 */
@Component
public class Dependents {

    private final DesiredStateStore store;
    private final WorkIntake queue;
    private final Clock clock;

    public Dependents(DesiredStateStore store, WorkIntake queue, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.clock = clock;
    }

    /**
     * The resources whose spec refers to {@code key}, deleting ones included (their clean-up may
     * need it): one indexed lookup of the references stored with each spec.
     */
    public Set<ResourceKey> of(ResourceKey key) {
        // an app may refer to another app (valueFrom, attach), never to itself: the index leaves it out
        return new LinkedHashSet<>(store.referring(key));
    }

    /** Makes every resource {@code resource} {@link dev.tether.manifest.ResourceSpec#notifies() notifies} due now. */
    public void wakeNotified(StoredResource resource, String reason) {
        resource.typedSpec().notifies().forEach(k -> queue.enqueue(k, clock.instant(), reason, false));
    }

    /** Makes every dependent of {@code key} due now; answers how many. */
    public int wake(ResourceKey key, String reason) {
        Set<ResourceKey> dependents = of(key);
        dependents.forEach(d -> queue.enqueue(d, clock.instant(), reason, false));
        return dependents.size();
    }
}
