package dev.tether.heroku;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.function.LongSupplier;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Tether's view of its Heroku rate budget: the last {@code RateLimit-Remaining} Heroku sent
 * (4,500 tokens refilling at 75 a minute). Below a threshold, calls are spaced one per 800 ms
 * (the refill rate) so Tether slows down before Heroku answers 429, instead of after.
 */
final class RateBudget implements Interceptor {

    /** Heroku refills 75 tokens a minute: one every 800 ms. */
    static final Duration REFILL_INTERVAL = Duration.ofMillis(800);

    /** Waits; tests swap in one that records instead of sleeping. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final int paceBelow;
    private final Sleeper sleeper;
    private final LongSupplier nanoClock;
    private volatile int remaining = 4500;
    private long lastCallNanos = Long.MIN_VALUE;

    RateBudget(int paceBelow, Sleeper sleeper, LongSupplier nanoClock) {
        this.paceBelow = paceBelow;
        this.sleeper = sleeper;
        this.nanoClock = nanoClock;
    }

    int remaining() {
        return remaining;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        pace();
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

    private void pace() throws InterruptedIOException {
        Duration wait = Duration.ZERO;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (remaining < paceBelow && lastCallNanos != Long.MIN_VALUE) {
                long due = lastCallNanos + REFILL_INTERVAL.toNanos();
                if (due > now) {
                    wait = Duration.ofNanos(due - now);
                    now = due;
                }
            }
            lastCallNanos = now;
        }
        if (!wait.isZero()) {
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while pacing Heroku calls");
            }
        }
    }
}
