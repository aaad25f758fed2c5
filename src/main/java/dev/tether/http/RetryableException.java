package dev.tether.http;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that a later attempt may not meet: I/O errors, timeouts, 429 and 5xx. Carries the
 * server's {@code Retry-After} when it sent one, which the loop honours over its own backoff.
 */
public final class RetryableException extends ExternalApiException {

    private final Duration retryAfter;

    public RetryableException(String message, int status, Duration retryAfter, Throwable cause) {
        super(message, status, cause);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** True when the server said we are over our rate limit (HTTP 429). */
    public boolean rateLimited() {
        return status() == 429;
    }
}
