package dev.tether.reconcile;

import dev.tether.manifest.DriftPolicy;

/**
 * The one drift decision every kind makes (DESIGN §2, STYLE "The reconciler's shape"): a pure
 * function of where a difference is, whether the spec moved there since it was last applied,
 * and the resource's policy. Every planner asks it, so the same modes mean the same thing on
 * every kind.
 *
 * <ul>
 *   <li>paused: nothing is written; the difference is shown ({@link Verdict#PAUSED});</li>
 *   <li>a spec change is applied whatever {@code ignore} says ({@link Verdict#APPLY});</li>
 *   <li>drift under an ignored path is neither reverted nor shown ({@link Verdict#IGNORE});</li>
 *   <li>otherwise drift is reverted, adopted (where the value can be written back into the
 *       spec; else reported), reported or proposed for approval, as {@code driftPolicy.mode} says.</li>
 * </ul>
 * Tether's own writes (a key it rotated, a URL that followed an app) reach a planner as spec
 * changes, never as drift: the planner passes {@code specChanged = true} for them.
 */
public final class DriftDecision {

    private DriftDecision() {
    }

    /** What to do about one difference between the spec and the world. */
    public enum Verdict {
        /** The spec changed here: make the world match it. */
        APPLY,
        /** Drift: make the world match the spec again. */
        REVERT,
        /** Drift: write the observed value back into the spec as a new generation. */
        ADOPT,
        /** Drift: record and show it, change nothing. */
        REPORT,
        /** Drift: propose the revert; it is carried out only once a person approves (DESIGN §2c). */
        APPROVE,
        /** Drift at an ignored path: neither reverted nor shown. */
        IGNORE,
        /** The resource is paused: shown, never acted on (spec changes included). */
        PAUSED;

        /** True when the pass writes to the world for this difference. */
        public boolean writes() {
            return this == APPLY || this == REVERT;
        }

        /** True when the difference is drift that stays visible in status. */
        public boolean shown() {
            return this != APPLY && this != IGNORE;
        }
    }

    /**
     * @param path        the spec path that differs, e.g. {@code formation.web.quantity}
     * @param specChanged the spec's value there differs from the one last applied (or nothing was
     *                    applied yet), or Tether itself moved what the spec resolves to
     * @param adoptable   the observed value can be written back into the spec
     */
    public static Verdict decide(String path, boolean specChanged, boolean adoptable, DriftPolicy policy, boolean paused) {
        if (paused) {
            return Verdict.PAUSED;
        }
        if (specChanged) {
            return Verdict.APPLY;
        }
        if (policy.ignores(path)) {
            return Verdict.IGNORE;
        }
        return switch (policy.mode()) {
            case REVERT -> Verdict.REVERT;
            case ADOPT -> adoptable ? Verdict.ADOPT : Verdict.REPORT;
            case REPORT -> Verdict.REPORT;
            case APPROVE -> Verdict.APPROVE;
        };
    }
}
