package dev.tether.reconcile;

import java.time.Duration;

/**
 * What one reconcile pass concluded, and so when the key is due again. Failures that a later
 * attempt may fix are thrown as {@link dev.tether.http.RetryableException}; the loop backs off.
 */
public sealed interface Outcome {

    /** The world matches the spec; look again after the resync interval (null: the default). */
    record InSync(Duration resyncAfter) implements Outcome {
    }

    /** Work was done or is under way; look again soon to confirm it. */
    record Progressing(Duration requeueAfter) implements Outcome {
    }

    /** A resource this one depends on is missing or not Ready. */
    record Waiting(String dependency, Duration recheckAfter) implements Outcome {
    }

    /** Retrying cannot help (the status says why); wait for a spec change or the resync. */
    record Failed() implements Outcome {
    }

    /** Clean-up after a DELETE is done: the loop forgets the resource. */
    record Deleted() implements Outcome {
    }
}
