package dev.tether.status;

/** Kubernetes' two event types: what went as planned, and what a person should look at. */
public enum EventType {
    Normal,
    Warning
}
