package dev.tether.http;

import java.time.Duration;

/**
 * How a failed call to Heroku or Kong is tried again: never inside the pass. Every
 * {@link RetryableException} (429, 5xx, reset, timeout, I/O, a paced call) ends the call at once;
 * the loop requeues the key with backoff and full jitter, honouring the server's
 * {@code Retry-After} as a floor, and shows when the next attempt is in the Synced condition
 * (DESIGN §3: no worker thread blocks on a failure). A create whose answer was lost is not sent
 * again blindly either: the next pass observes first and finds what it made.
 */
public final class RetryPolicy {

    private RetryPolicy() {
    }

    /** Seconds in a {@code Retry-After} header, or null when absent or not a number of seconds. */
    public static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.strip())));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
