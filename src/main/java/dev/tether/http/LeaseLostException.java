package dev.tether.http;

/**
 * This pass no longer holds its key: its lease expired and another worker claimed the key, or
 * the lease could not be confirmed. Thrown by Tether's Heroku and Kong clients before a request
 * that would change something, so a worker that lost its key sends no further write. Not an
 * {@link ExternalApiException}: nothing failed outside, so the control loop records no failure
 * and leaves the key to whoever holds it now.
 */
public final class LeaseLostException extends RuntimeException {

    public LeaseLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
