package dev.tether.reconcile;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter (base 1 s, cap 5 min by default): the delay is drawn
 * uniformly from [0, min(cap, base * 2^attempt)], so many failing keys do not retry in step.
 * A server's {@code Retry-After} is a floor the delay never goes under.
 */
public record Backoff(Duration base, Duration cap) {

    public Duration delay(int attempt, Optional<Duration> retryAfter, RandomGenerator random) {
        long ceiling = base.toMillis() * (1L << Math.min(attempt, 20));
        ceiling = Math.min(ceiling, cap.toMillis());
        long jittered = ceiling <= 0 ? 0 : random.nextLong(ceiling + 1);
        long floor = retryAfter.map(Duration::toMillis).orElse(0L);
        return Duration.ofMillis(Math.max(jittered, floor));
    }
}
