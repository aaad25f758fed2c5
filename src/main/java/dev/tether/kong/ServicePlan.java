package dev.tether.kong;

import java.util.List;

/**
 * The {@link KongServicePlanner}'s answer.
 *
 * @param actions     what to change in Kong now
 * @param differences every managed field that differs (spec changes and drift alike)
 * @param drift       the differences that are drift (the spec did not change since it converged), not ignored
 * @param adoptions   route fields to write back into the spec (drift policy adopt)
 */
record ServicePlan(List<GatewayAction> actions, List<Difference> differences, List<Difference> drift,
                   List<Difference> adoptions) {

    /** One differing field; values are display strings, secrets already replaced. */
    record Difference(String path, Object desired, Object observed) {
    }

    boolean inSync() {
        return differences.isEmpty();
    }
}
