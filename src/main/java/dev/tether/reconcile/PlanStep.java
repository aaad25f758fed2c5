package dev.tether.reconcile;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tether.manifest.DryRunPreview;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One thing the next pass would do in Heroku or Kong (DESIGN §5 {@code GET /plan}), or would
 * hold back. Secret values are masked before a step is made; everything else is shown as it is.
 *
 * @param action what kind of step: {@code create}, {@code update} (a spec change), {@code revert}
 *               (drift put right), {@code adopt}, {@code report}, {@code approve}, {@code paused},
 *               {@code held} (a destructive action not allowed yet), {@code replace}, ...
 * @param path   the spec path it concerns, when one does
 * @param from   the world's value now (null: absent)
 * @param to     the value the step would make it (null: removed)
 * @param held   true when the pass will not carry it out: drift that {@code report},
 *               {@code approve} or {@code paused} holds back, or a destructive action not allowed
 * @param actor  who made the drift, when known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlanStep(String kind, String name, String action, String path, Object from, Object to, Boolean held,
                       String actor, String description) implements DryRunPreview.Action {

    /** A step with no drift actor, carried out by the pass. */
    public PlanStep(String kind, String name, String action, String path, Object from, Object to, String description) {
        this(kind, name, action, path, from, to, null, null, description);
    }

    /** Each path the given steps put right, with the description of the action that does. */
    public static <S> Map<String, String> actionsByPath(Collection<S> steps, Function<S, Collection<String>> paths,
                                                       Function<S, String> description) {
        Map<String, String> byPath = new LinkedHashMap<>();
        for (S step : steps) {
            paths.apply(step).forEach(path -> byPath.putIfAbsent(path, description.apply(step)));
        }
        return byPath;
    }

    public static PlanStep held(String kind, String name, String action, String path, Object from, Object to, String description) {
        return new PlanStep(kind, name, action, path, from, to, true, null, description);
    }

    /**
     * The step for one difference a planner found (values already masked), as its drift decision
     * says. {@code actions} maps each path the pass's actions put right to the action's
     * description ({@code scale web=3}): a difference whose verdict writes but that no action
     * covers is a destructive change held for a person.
     */
    public static PlanStep of(String kind, String name, PassReport.Finding f, Map<String, String> actions) {
        DriftDecision.Verdict v = f.verdict();
        boolean held = !v.writes() || !actions.containsKey(f.path());
        String action = switch (v) {
            case APPLY -> "update";
            case REVERT -> "revert";
            case ADOPT -> "adopt";
            case REPORT -> "report";
            case APPROVE -> "approve";
            case PAUSED -> "paused";
            case IGNORE -> "ignore";
        };
        String description = switch (v) {
            case APPLY -> "apply the spec at " + f.path();
            case REVERT -> "revert drift at " + f.path();
            case ADOPT -> "write the observed " + f.path() + " into the spec";
            case REPORT -> "drift at " + f.path() + " is reported, not changed (driftPolicy.mode: report)";
            case APPROVE -> "revert of " + f.path() + " waits for a person's approval (driftPolicy.mode: approve)";
            case PAUSED -> "the resource is paused: " + f.path() + " is not changed";
            case IGNORE -> "drift at " + f.path() + " is ignored";
        };
        if (v.writes() && held) {
            action = "held";
            description = "change at " + f.path() + " is destructive and held until the spec allows it";
        } else if (v.writes()) {
            description = actions.get(f.path());
        }
        if (v == DriftDecision.Verdict.ADOPT) {
            // adopt writes the world's value into the spec: the spec's value is what changes
            return new PlanStep(kind, name, action, f.path(), f.desired(), f.observed(), null, f.actor(), description);
        }
        return new PlanStep(kind, name, action, f.path(), f.observed(), f.desired(), held ? Boolean.TRUE : null, f.actor(),
                description);
    }
}
