package dev.tether.http;

/**
 * A failure that retrying cannot fix (400, 401, 403, 404 on a write, 409, 422...). Carries the
 * API's own error id (Heroku's {@code id}, Kong's {@code code}) and message for the status page.
 */
public final class PermanentException extends ExternalApiException {

    private final String errorId;

    public PermanentException(String message, int status, String errorId, Throwable cause) {
        super(message, status, cause);
        this.errorId = errorId;
    }

    /** The API's machine-readable error id, e.g. {@code invalid_params}; may be null. */
    public String errorId() {
        return errorId;
    }
}
