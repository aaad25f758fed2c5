package dev.tether.reconcile;

/**
 * Why and how a pass runs. Reconcilers must not act on {@code reason} (the loop is
 * level-triggered); it is there for logs and events. What a reconciler may act on is typed:
 * {@link #routinePoll} and {@link #delivery} say how the key became due, so a reconciler can
 * observe a little (a routine poll of a quiet resource) or everything at once (a pass a webhook
 * delivery woke, whose latency DESIGN §7 bounds). Either is only a way to observe; what the pass
 * then decides depends on what it sees, never on the trigger.
 *
 * @param fullObservation read everything fresh, bypassing conditional-GET caches (resync)
 * @param reason          what made the key due: Applied, Webhook, Resync, Retry, ...
 * @param attempt         consecutive failed passes before this one
 * @param dueAt           when the key was due (a read of the world taken after it is fresh enough
 *                        for this pass); null when unknown
 * @param routinePoll     the key came due by its own schedule after a pass that found it in sync:
 *                        no trigger since (spec change, delivery, dependent's wake, request,
 *                        resync), not a retry, not a full observation
 * @param delivery        a webhook delivery woke the key (it was triggered with {@link #DELIVERY})
 */
public record ReconcileRequest(boolean fullObservation, String reason, int attempt, java.time.Instant dueAt,
                               boolean routinePoll, boolean delivery) {

    /** The reason a webhook delivery enqueues its resource with. */
    public static final String DELIVERY = "Webhook";

    public ReconcileRequest(boolean fullObservation, String reason, int attempt, java.time.Instant dueAt) {
        this(fullObservation, reason, attempt, dueAt, false, false);
    }

    public ReconcileRequest(boolean fullObservation, String reason, int attempt) {
        this(fullObservation, reason, attempt, null);
    }

    /** The request for a claimed key, with how it became due. */
    static ReconcileRequest of(WorkQueue.Claim claim) {
        boolean routine = !claim.triggered() && claim.attempts() == 0 && !claim.fullObservation()
                && "InSync".equals(claim.lastOutcome());
        boolean delivery = claim.triggered() && DELIVERY.equals(claim.reason());
        return new ReconcileRequest(claim.fullObservation(), claim.reason(), claim.attempts(), claim.dueAt(), routine, delivery);
    }
}
