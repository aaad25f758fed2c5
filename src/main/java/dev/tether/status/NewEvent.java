package dev.tether.status;

/** A timeline entry a pass decided to record; the loop writes it with the status, after the pass. */
public record NewEvent(EventType type, String reason, String message, String actor) {

    public static NewEvent normal(String reason, String message, String actor) {
        return new NewEvent(EventType.Normal, reason, message, actor);
    }

    public static NewEvent warning(String reason, String message, String actor) {
        return new NewEvent(EventType.Warning, reason, message, actor);
    }
}
