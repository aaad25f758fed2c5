package dev.tether.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/**
 * One thing wrong with one document of a POST, with where it is and the offending value.
 *
 * @param document zero-based index of the document in the request
 * @param kind     the document's kind when it could be read
 * @param name     the document's {@code metadata.name} when it could be read
 * @param path     dotted path inside the document, e.g. {@code spec.formation.web.quantity}
 * @param message  the whole message, path first: {@code spec.formation.web.quantity: must be at least 0, got -1}
 * @param value    the bad value, when there is one (long strings are shortened)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ManifestProblem(Integer document, String kind, String name, String path, String message, JsonNode value) {
}
