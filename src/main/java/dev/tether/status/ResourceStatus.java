package dev.tether.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the control loop last concluded about a resource (DESIGN §4).
 *
 * @param observedGeneration the spec generation the loop last acted on; null before the first pass
 * @param conditions         Ready, Synced, Drifted, ...
 * @param lastReconciledAt   when the loop last finished a pass over it
 * @param external           ids and URLs in the outside world (Heroku app id, web URL, Kong ids), as
 *                           stored and shown: read and write it through the kind's {@link External}
 *                           record ({@link #external(Class)}, {@link #withExternal(External)})
 * @param drift              the current differences between spec and world
 * @param appliedGeneration  the newest generation whose every spec change was carried out: what a
 *                           planner compares the spec with to tell a spec change from drift
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceStatus(
        Long observedGeneration,
        List<Condition> conditions,
        Instant lastReconciledAt,
        Map<String, Object> external,
        List<Drift> drift,
        Long appliedGeneration) {

    @com.fasterxml.jackson.annotation.JsonCreator
    public ResourceStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        external = external == null ? Map.of() : Map.copyOf(external);
        drift = drift == null ? List.of() : List.copyOf(drift);
    }

    /**
     * The generation a planner takes as last applied: {@link #appliedGeneration}, or for a status
     * written before it existed, {@link #observedGeneration}.
     */
    public Long lastAppliedGeneration() {
        if (appliedGeneration != null) {
            return appliedGeneration == NOTHING_APPLIED ? null : appliedGeneration;
        }
        return observedGeneration;
    }

    /** {@link #appliedGeneration} of a resource whose spec was never applied in full yet. */
    public static final long NOTHING_APPLIED = 0;

    /** This status with other conditions. */
    public ResourceStatus withConditions(List<Condition> c) {
        return new ResourceStatus(observedGeneration, c, lastReconciledAt, external, drift, appliedGeneration);
    }

    /** This status with other external ids. */
    public ResourceStatus withExternal(Map<String, Object> e) {
        return new ResourceStatus(observedGeneration, conditions, lastReconciledAt, e, drift, appliedGeneration);
    }

    /** This status with the kind's typed external record, stored as the JSON object of its fields. */
    public ResourceStatus withExternal(External e) {
        return withExternal(Externals.fields(e));
    }

    /** The external part read as the kind's typed record (fields absent from the stored JSON are null). */
    public <T extends External> T external(Class<T> type) {
        return Externals.read(external, type);
    }

    /** This status with other drift. */
    public ResourceStatus withDrift(List<Drift> d) {
        return new ResourceStatus(observedGeneration, conditions, lastReconciledAt, external, d, appliedGeneration);
    }

    /** This status after a pass over {@code generation} that finished at {@code at}. */
    public ResourceStatus reconciled(Long generation, Instant at) {
        return new ResourceStatus(generation, conditions, at, external, drift, appliedGeneration);
    }

    /** This status with another last applied generation ({@link #NOTHING_APPLIED}: none yet). */
    public ResourceStatus withAppliedGeneration(Long generation) {
        return new ResourceStatus(observedGeneration, conditions, lastReconciledAt, external, drift, generation);
    }

    /** The status of a resource nothing has reconciled yet. */
    public static ResourceStatus pending(Instant now) {
        return new ResourceStatus(null,
                List.of(new Condition(Condition.READY, ConditionStatus.UNKNOWN, "Pending", "Waiting for the first reconcile", now)),
                null, Map.of(), List.of(), null);
    }

    public Optional<Condition> condition(String type) {
        return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
    }

    /**
     * One field that differs between spec and world.
     *
     * @param path      spec path, e.g. {@code configVars.LOG_LEVEL}
     * @param desired   the spec's value (secrets masked)
     * @param observed  the world's value (secrets masked)
     * @param firstSeen when the loop first saw this difference
     * @param actor     who made the change, when Heroku said (release user, webhook actor)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Drift(String path, Object desired, Object observed, Instant firstSeen, String actor) {
    }
}
