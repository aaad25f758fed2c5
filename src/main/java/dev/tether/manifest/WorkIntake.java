package dev.tether.manifest;

import java.time.Instant;

/**
 * Where the desired-state store hands keys to the control loop once a change is stored. The
 * loop's work queue implements it, so the store never depends on the loop.
 */
public interface WorkIntake {

    /**
     * Makes the key due at {@code dueAt} (or earlier, if it already was) and wakes a worker;
     * joins the caller's transaction, so a rolled-back change enqueues nothing.
     */
    void enqueue(ResourceKey key, Instant dueAt, String reason, boolean fullObservation);
}
