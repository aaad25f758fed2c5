package dev.tether.sandbox.heroku;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Heroku's per-account budget: 4,500 tokens refilling at 75 a minute (a generic cell-rate
 * bucket). Each request costs one; {@code RateLimit-Remaining} reports what is left.
 */
final class RateLimiter {

    static final int CAPACITY = 4500;
    private static final double REFILL_PER_NANO = 75.0 / Duration.ofMinutes(1).toNanos();

    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new HashMap<>();

    private static final class Bucket {
        double tokens = CAPACITY;
        long lastNanos;
    }

    RateLimiter(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Takes {@code cost} tokens if there are enough; returns false (and takes none) when not. */
    synchronized boolean take(String account, int cost) {
        Bucket b = refill(account);
        if (b.tokens < cost) {
            return false;
        }
        b.tokens -= cost;
        return true;
    }

    /** Gives back a token taken for a request that turned out free (a 304, when so configured). */
    synchronized void refund(String account, int cost) {
        Bucket b = refill(account);
        b.tokens = Math.min(CAPACITY, b.tokens + cost);
    }

    synchronized int remaining(String account) {
        return (int) Math.floor(refill(account).tokens);
    }

    /** How long until one token is back. */
    synchronized Duration untilNextToken(String account) {
        double missing = Math.max(0, 1 - refill(account).tokens);
        return Duration.ofNanos((long) Math.ceil(missing / REFILL_PER_NANO));
    }

    /** Sets an account's budget (control surface), e.g. to play an operator close to its limit. */
    synchronized void set(String account, int remaining) {
        Bucket b = refill(account);
        b.tokens = Math.max(0, Math.min(CAPACITY, remaining));
    }

    synchronized void reset() {
        buckets.clear();
    }

    private Bucket refill(String account) {
        long now = nanoClock.getAsLong();
        Bucket b = buckets.computeIfAbsent(account, k -> {
            Bucket fresh = new Bucket();
            fresh.lastNanos = now;
            return fresh;
        });
        b.tokens = Math.min(CAPACITY, b.tokens + (now - b.lastNanos) * REFILL_PER_NANO);
        b.lastNanos = now;
        return b;
    }
}
