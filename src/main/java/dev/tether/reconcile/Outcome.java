package dev.tether.reconcile;

import java.time.Duration;

/**
 * What one reconcile pass concluded, and so when the key is due again. A reshaped reconciler
 * hands back the pass's {@link StatusDerivation.Derived} status and events with it, and the loop
 * writes them once, at the end of the pass; when the derivation carries a retry (a call failed
 * transiently) the loop backs off instead of the variant's own delay. {@code derived} is null for
 * an outcome that changes no status.
 */
public sealed interface Outcome {

    /** The status and events this pass derived; null when it derived none. */
    StatusDerivation.Derived derived();

    /**
     * The world matches the spec; look again after the resync interval (null: the default), with
     * ±10 % jitter unless {@code onTime} (polls kept in step on purpose, so resources that share
     * one read of an API poll together).
     */
    record InSync(Duration resyncAfter, StatusDerivation.Derived derived, boolean onTime) implements Outcome {
        public InSync(Duration resyncAfter) {
            this(resyncAfter, null, false);
        }

        public InSync(Duration resyncAfter, StatusDerivation.Derived derived) {
            this(resyncAfter, derived, false);
        }
    }

    /** Work was done or is under way; look again soon to confirm it. */
    record Progressing(Duration requeueAfter, StatusDerivation.Derived derived) implements Outcome {
        public Progressing(Duration requeueAfter) {
            this(requeueAfter, null);
        }
    }

    /**
     * A resource this one depends on is missing or not Ready. The dependency's change enqueues
     * this one ({@link Dependents}); {@code recheckAfter} is only the safety net.
     */
    record Waiting(String dependency, Duration recheckAfter, StatusDerivation.Derived derived) implements Outcome {
        public Waiting(String dependency, Duration recheckAfter) {
            this(dependency, recheckAfter, null);
        }
    }

    /** Retrying cannot help (the status says why); wait for a spec change or the resync. */
    record Failed(StatusDerivation.Derived derived) implements Outcome {
        public Failed() {
            this(null);
        }
    }

    /**
     * Clean-up after a DELETE is done: the loop records what the clean-up did ({@code derived},
     * e.g. the config vars it unset; may be null) and forgets the resource. Its events stay readable.
     */
    record Deleted(StatusDerivation.Derived derived) implements Outcome {
        public Deleted() {
            this(null);
        }
    }
}
