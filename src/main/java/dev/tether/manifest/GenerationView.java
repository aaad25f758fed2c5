package dev.tether.manifest;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One spec a resource has had.
 *
 * @param cause why it became current: {@code Applied}, {@code RolledBack from N}, {@code Adopted drift}
 */
public record GenerationView(long generation, JsonNode spec, String actor, String cause, Instant createdAt) {
}
