package dev.tether.status;

import java.time.Instant;

/**
 * One observation about a resource, as Kubernetes reports them: {@code Ready}, {@code Synced},
 * {@code Drifted}, later {@code Secured}.
 *
 * @param type               the condition's name
 * @param status             True, False or Unknown
 * @param reason             a CamelCase word a machine can match, e.g. {@code WaitingForDependency}
 * @param message            a sentence for a person
 * @param lastTransitionTime when {@code status} last changed
 */
public record Condition(String type, ConditionStatus status, String reason, String message, Instant lastTransitionTime) {

    public static final String READY = "Ready";
    public static final String SYNCED = "Synced";
    public static final String DRIFTED = "Drifted";

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isTrue() {
        return status == ConditionStatus.TRUE;
    }
}
