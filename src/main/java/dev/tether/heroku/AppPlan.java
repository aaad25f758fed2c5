package dev.tether.heroku;

import dev.tether.reconcile.DriftDecision;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What the planner decided for one pass over an existing app.
 *
 * @param steps        changes to make now (spec changes and reverted drift), each with the spec
 *                     paths it puts right, in the order to apply them (a rename first)
 * @param held         destructive changes the spec does not allow yet
 * @param drift        differences the world made that stay visible (reverted, reported, paused)
 * @param adoptions    observed values to write back into the spec (adopt mode)
 * @param replacements fields Heroku cannot change in place that differ
 * @param findings     every difference with the drift decision taken on it (ignored drift left out)
 */
public record AppPlan(List<Step> steps, List<AppAction> held, List<Difference> drift,
                      List<Adoption> adoptions, List<Difference> replacements, List<Finding> findings) {

    /** One action and the spec paths it fixes. */
    public record Step(AppAction action, List<String> paths) {
    }

    /** A difference and what the one drift decision said of it. */
    public record Finding(String path, Object desired, Object observed, DriftDecision.Verdict verdict) {
    }

    /** The actions alone, in order. */
    public List<AppAction> actions() {
        return steps.stream().map(Step::action).toList();
    }

    /**
     * One field that differs.
     *
     * @param path     spec path, e.g. {@code formation.web.quantity}
     * @param desired  the spec's value (null when the spec does not want it)
     * @param observed the world's value (null when absent)
     */
    public record Difference(String path, Object desired, Object observed) {
    }

    /** Write {@code value} (null: remove) at {@code path} in the spec. */
    public record Adoption(String path, JsonNode value) {
    }

    public boolean inSync() {
        return steps.isEmpty() && held.isEmpty() && drift.isEmpty() && replacements.isEmpty();
    }
}
