package dev.tether.notify;

/**
 * Something a person should hear about, once: a new occurrence ({@code resolved=false}) of one of
 * the reasons a Notifier tells about, or its clearing. Its message names paths, reasons and
 * actors, never a value: a drifted value may be a key.
 *
 * @param reason   {@code DriftDetected}, {@code LockBroken}, {@code ReconcileFailed},
 *                 {@code DestructiveActionHeld} or {@code ProposalCreated}
 * @param resolved whether this is the clearing of the occurrence
 * @param message  a sentence for a person
 * @param actor    who caused it, when known
 */
record Occurrence(String reason, boolean resolved, String message, String actor) {
}
