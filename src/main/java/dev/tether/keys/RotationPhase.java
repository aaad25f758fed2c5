package dev.tether.keys;

/**
 * Where an {@code ApiKey} is in its rotation. Each phase is written to status before its
 * effects are made, so a crash between steps resumes at the same step.
 */
public enum RotationPhase {
    /** Targets and gateway use the current key. */
    STEADY,
    /** Step 1: targets are being given {@code old,new}; the gateway still sends the old key. */
    ACCEPT_BOTH,
    /** Step 2: targets accept both; the gateway is switching to the new key. */
    SEND_NEW,
    /** Step 3 pending: the gateway sends the new key; targets accept both until the grace period ends. */
    GRACE;

    /** True when the gateway should send the new key. */
    public boolean gatewaySendsNext() {
        return this == SEND_NEW || this == GRACE;
    }
}
