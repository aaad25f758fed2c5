package dev.tether.heroku;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What the planner decided for one pass over an existing app.
 *
 * @param actions      changes to make now (spec changes and reverted drift)
 * @param held         destructive changes the spec does not allow yet
 * @param drift        differences the world made (reverted, adopted or reported)
 * @param adoptions    observed values to write back into the spec (adopt mode)
 * @param replacements fields Heroku cannot change in place that differ
 */
public record AppPlan(List<AppAction> actions, List<AppAction> held, List<Difference> drift,
                      List<Adoption> adoptions, List<Difference> replacements) {

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
        return actions.isEmpty() && held.isEmpty() && drift.isEmpty() && replacements.isEmpty();
    }
}
