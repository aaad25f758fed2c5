package dev.tether.reconcile;

/**
 * Why and how a pass runs. Reconcilers must not act on {@code reason} (the loop is
 * level-triggered); it is there for logs and events.
 *
 * @param fullObservation read everything fresh, bypassing conditional-GET caches (resync)
 * @param reason          what made the key due: Applied, Webhook, Resync, Retry, ...
 * @param attempt         consecutive failed passes before this one
 * @param dueAt           when the key was due (a read of the world taken after it is fresh enough
 *                        for this pass); null when unknown
 */
public record ReconcileRequest(boolean fullObservation, String reason, int attempt, java.time.Instant dueAt) {

    public ReconcileRequest(boolean fullObservation, String reason, int attempt) {
        this(fullObservation, reason, attempt, null);
    }
}
