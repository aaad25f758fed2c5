package dev.tether.kong;

import dev.tether.reconcile.DriftDecision.Verdict;
import java.util.List;

/**
 * The {@link KongServicePlanner}'s answer: every difference with the drift decision taken on it,
 * and the steps that put right those whose verdict writes.
 *
 * @param steps       what to change in Kong now, in order, each with the spec paths it puts right
 * @param differences every managed field that differs, with its verdict (ignored drift left out)
 * @param adoptions   route fields to write back into the spec (verdict {@link Verdict#ADOPT})
 */
record ServicePlan(List<Step> steps, List<Difference> differences, List<Difference> adoptions) {

    /** One differing field; values are display strings, secrets already replaced. */
    record Difference(String path, Object desired, Object observed, Verdict verdict) {
    }

    /** One action with the paths it puts right. */
    record Step(GatewayAction action, List<String> paths) {
    }

    List<GatewayAction> actions() {
        return steps.stream().map(Step::action).toList();
    }

    /** The differences that are drift still shown (reverted, adopted, reported or paused). */
    List<Difference> drift() {
        return differences.stream().filter(d -> d.verdict().shown()).toList();
    }

    boolean inSync() {
        return differences.isEmpty();
    }
}
