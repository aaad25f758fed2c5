package dev.tether.heroku;

import dev.tether.http.RetryableException;
import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Tether's view of its Heroku rate budget: the last {@code RateLimit-Remaining} Heroku sent
 * (4,500 tokens refilling at 75 a minute). Below a threshold, calls are admitted at the refill
 * rate (one per 800 ms on average) so Tether slows down before Heroku answers 429, instead of
 * after. Pacing never blocks a worker: a call that is not yet due is refused at once with a
 * {@link RetryableException} carrying when it will be, which the loop turns into a requeue.
 *
 * <p>A burst of {@value #BURST} calls is allowed ahead of the average rate (a cell-rate
 * schedule with that much tolerance): one pass makes about a dozen reads, and spacing each of
 * them would make every pass fail at its second call and start over. A refused pass is told to
 * come back when the schedule has caught up, so its next attempt has a whole burst.
 */
final class RateBudget implements Interceptor {

    /** Heroku refills 75 tokens a minute: one every 800 ms. */
    static final Duration REFILL_INTERVAL = Duration.ofMillis(800);

    /** Calls admitted ahead of the refill rate while the budget is low: more than one pass makes. */
    static final int BURST = 30;

    private final int paceBelow;
    private final LongSupplier nanoClock;
    private volatile int remaining = 4500;
    /** When the schedule is next free (nanoClock time); only meaningful while pacing. */
    private long scheduleNanos = Long.MIN_VALUE;

    RateBudget(int paceBelow, LongSupplier nanoClock) {
        this.paceBelow = paceBelow;
        this.nanoClock = nanoClock;
    }

    int remaining() {
        return remaining;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        admit(chain.request().method() + " " + chain.request().url().encodedPath());
        Response response = chain.proceed(chain.request());
        String header = response.header("RateLimit-Remaining");
        if (header != null) {
            try {
                remaining = Integer.parseInt(header.strip());
            } catch (NumberFormatException ignored) {
                // keep the last good reading
            }
        }
        return response;
    }

    /** Takes a slot in the schedule, or throws (nothing sent) with when the schedule has room again. */
    private void admit(String what) {
        long interval = REFILL_INTERVAL.toNanos();
        Duration wait;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (remaining >= paceBelow || scheduleNanos == Long.MIN_VALUE || scheduleNanos < now) {
                scheduleNanos = now;
            }
            if (remaining >= paceBelow || scheduleNanos - now < BURST * interval) {
                scheduleNanos += interval;
                return;
            }
            wait = Duration.ofNanos(scheduleNanos - now);
        }
        throw new RetryableException("Heroku " + what + ": not sent, the rate budget is low (" + remaining
                + " calls left); calls are paced at one per " + REFILL_INTERVAL.toMillis() + " ms", 0, wait, null);
    }
}
