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
 * @param external           ids and URLs in the outside world (Heroku app id, web URL, Kong ids)
 * @param drift              the current differences between spec and world
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceStatus(
        Long observedGeneration,
        List<Condition> conditions,
        Instant lastReconciledAt,
        Map<String, Object> external,
        List<Drift> drift) {

    public ResourceStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        external = external == null ? Map.of() : Map.copyOf(external);
        drift = drift == null ? List.of() : List.copyOf(drift);
    }

    /** The status of a resource nothing has reconciled yet. */
    public static ResourceStatus pending(Instant now) {
        return new ResourceStatus(null,
                List.of(new Condition(Condition.READY, "Unknown", "Pending", "Waiting for the first reconcile", now)),
                null, Map.of(), List.of());
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
