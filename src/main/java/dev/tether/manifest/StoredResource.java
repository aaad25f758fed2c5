package dev.tether.manifest;

import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * A resource as the store holds it: identity, the current desired spec, and its versions.
 *
 * @param generation          bumped on every spec change (and rollback), never on status
 * @param resourceVersion     bumped on every write of the resource; what If-Match compares
 * @param deletionRequestedAt set once DELETE was called; the loop removes the row when clean-up is done
 */
public record StoredResource(
        long id,
        Kind kind,
        String name,
        Map<String, String> labels,
        ObjectNode spec,
        long generation,
        long resourceVersion,
        Instant deletionRequestedAt,
        Instant createdAt,
        Instant updatedAt) {

    public String key() {
        return kind.manifestName() + "/" + name;
    }

    public boolean deleting() {
        return deletionRequestedAt != null;
    }

    /**
     * {@code spec.paused}, read straight from the stored document: the same answer as
     * {@code typedSpec().isPaused()} without binding the whole spec (the overview asks it of
     * every resource on each render).
     */
    public boolean paused() {
        var p = spec.get("paused");
        return p != null && p.isBoolean() && p.asBoolean();
    }

    /** The spec as the record of its kind, defaults readable through it. */
    public ResourceSpec typedSpec() {
        return ResourceSpec.of(kind, spec);
    }
}
