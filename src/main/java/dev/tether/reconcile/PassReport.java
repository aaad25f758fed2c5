package dev.tether.reconcile;

import dev.tether.status.Condition;
import java.util.List;
import java.util.Map;

/**
 * Everything one pass found and did, in the shape {@link StatusDerivation} turns into status and
 * events. Each kind's reconciler fills it from its observer, planner and applier.
 *
 * @param generation  the spec generation this pass acted on
 * @param findings    every difference the planner found, with the drift decision taken on it
 *                    ({@link DriftDecision.Verdict#IGNORE} ones left out)
 * @param results     one per action the applier ran
 * @param held        destructive actions planned but held, for a person ({@code destroy add-on db})
 * @param blocker     why the resource cannot be Ready whatever the actions did (e.g.
 *                    {@code RequiresReplacement}, {@code WaitingForDependency}); null when none
 * @param paused      {@code spec.paused}
 * @param external    the typed-by-kind ids and URLs to show (Heroku app id, Kong ids, ...)
 * @param extra       conditions only this kind has ({@code Secured}), already decided
 * @param what        how the kind says "the world matches", e.g. {@code The app matches the spec}
 * @param partial     the pass did not plan the whole spec (it only created the thing, say), so the
 *                    spec does not count as applied yet however its actions went
 */
public record PassReport(long generation, List<Finding> findings, List<ActionResult> results, List<String> held,
                         Blocker blocker, boolean paused, Map<String, Object> external, List<Condition> extra,
                         String what, boolean partial) {

    /** A pass that planned the whole spec. */
    public PassReport(long generation, List<Finding> findings, List<ActionResult> results, List<String> held,
                      Blocker blocker, boolean paused, Map<String, Object> external, List<Condition> extra, String what) {
        this(generation, findings, results, held, blocker, paused, external, extra, what, false);
    }

    public PassReport {
        findings = List.copyOf(findings);
        results = List.copyOf(results);
        held = List.copyOf(held);
        extra = List.copyOf(extra);
    }

    /**
     * One difference between spec and world.
     *
     * @param path     spec path
     * @param desired  the spec's value, secrets already masked
     * @param observed the world's value, secrets already masked
     * @param actor    who changed it, when known
     * @param verdict  the drift decision taken on it
     */
    public record Finding(String path, Object desired, Object observed, String actor, DriftDecision.Verdict verdict) {
    }

    /** A reason the resource is not Ready that no action of this pass can lift. */
    public record Blocker(String reason, String message) {
    }
}
