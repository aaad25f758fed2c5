package dev.tether.http;

/**
 * A call to Heroku or Kong failed. Decided at the client, never later: either
 * {@link RetryableException} (try again after a delay) or {@link PermanentException} (retrying
 * cannot fix it; show the API's own message and wait for a spec change).
 */
public abstract sealed class ExternalApiException extends RuntimeException
        permits RetryableException, PermanentException {

    private final int status;

    protected ExternalApiException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, or 0 when no response arrived (I/O error, timeout). */
    public int status() {
        return status;
    }
}
