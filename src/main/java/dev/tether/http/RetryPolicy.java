package dev.tether.http;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * How one call to Heroku or Kong is tried again before its failure reaches the loop: a pass makes
 * many calls, and one flaky answer should not cost the whole pass.
 *
 * <ul>
 *   <li>a 429 is never waited out here: it is thrown at once with its {@code Retry-After}, and the
 *       loop requeues the key after it (no worker thread blocks on a rate limit, DESIGN §3);</li>
 *   <li>any other {@link RetryableException} (5xx, reset, timeout, I/O) is resent after each of the
 *       {@code quickResends} delays, but only for a call that is safe to repeat (a timeout,
 *       which already cost a read timeout, only once);</li>
 *   <li>everything else, and whatever is left over, is thrown as it came: the loop backs off.</li>
 * </ul>
 */
public final class RetryPolicy {

    /** Blocks for a duration; tests pass one that only records. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final String api;
    private final List<Duration> quickResends;
    private final Sleeper sleeper;

    /**
     * @param api            named in messages, e.g. {@code Heroku}
     * @param quickResends   delays before each resend of a repeatable call
     */
    public RetryPolicy(String api, List<Duration> quickResends, Sleeper sleeper) {
        this.api = api;
        this.quickResends = List.copyOf(quickResends);
        this.sleeper = sleeper;
    }

    /** Runs {@code attempt} until it answers or the policy gives up; {@code repeatable} allows resends after 5xx and I/O errors. */
    public <T> T call(String what, boolean repeatable, Supplier<T> attempt) {
        int resends = 0;
        while (true) {
            try {
                return attempt.get();
            } catch (RetryableException e) {
                if (!e.rateLimited() && repeatable && resends < quickResends.size()) {
                    if (e.getCause() instanceof InterruptedIOException) {
                        // a timeout already cost a whole read timeout: one more try at most
                        resends = Math.max(resends, quickResends.size() - 1);
                    }
                    sleep(quickResends.get(resends++), what);
                } else {
                    throw e;
                }
            }
        }
    }

    private void sleep(Duration duration, String what) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableException(api + " " + what + ": interrupted while waiting to try again", 0, duration, e);
        }
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
