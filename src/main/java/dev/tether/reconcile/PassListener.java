package dev.tether.reconcile;

import dev.tether.manifest.StoredResource;
import dev.tether.status.NewEvent;
import dev.tether.status.ResourceStatus;
import java.util.List;

/**
 * Told what a pass wrote, inside the same database transaction as the status and timeline
 * entries, so whatever it records (a notification to send) is kept exactly when they are.
 */
public interface PassListener {

    /**
     * @param before the status before the pass
     * @param after  the status the pass wrote
     * @param events the timeline entries it recorded, in order
     */
    void written(StoredResource resource, ResourceStatus before, ResourceStatus after, List<NewEvent> events);
}
