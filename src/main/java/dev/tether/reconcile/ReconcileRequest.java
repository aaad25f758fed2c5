package dev.tether.reconcile;

/**
 * Why and how a pass runs. Reconcilers must not act on {@code reason} (the loop is
 * level-triggered); it is there for logs and events.
 *
 * @param fullObservation read everything fresh, bypassing conditional-GET caches (resync)
 * @param reason          what made the key due: Applied, Webhook, Resync, Retry, ...
 * @param attempt         consecutive failed passes before this one
 */
public record ReconcileRequest(boolean fullObservation, String reason, int attempt) {
}
