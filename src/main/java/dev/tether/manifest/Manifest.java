package dev.tether.manifest;

import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * One validated manifest document: which resource it declares and its desired spec, exactly as
 * the user wrote it (defaults are applied by readers of the spec, never stored).
 *
 * @param kind            the resource kind
 * @param name            {@code metadata.name}
 * @param labels          {@code metadata.labels}, empty when none
 * @param resourceVersion {@code metadata.resourceVersion} when the writer asked for optimistic
 *                        concurrency, else null
 * @param spec            the validated spec
 */
public record Manifest(Kind kind, String name, Map<String, String> labels, Long resourceVersion, ObjectNode spec) {

    public Manifest {
        labels = Map.copyOf(labels);
    }

    /** The key the store and the work queue use: {@code HerokuApp/api}. */
    public String key() {
        return kind.manifestName() + "/" + name;
    }
}
