package dev.tether.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    @ParameterizedTest(name = "attempt {0}: at most {1} ms")
    @CsvSource({"0, 1000", "1, 2000", "3, 8000", "8, 256000", "9, 300000", "30, 300000"})
    void growsExponentiallyUpToTheCapWithFullJitter(int attempt, long ceilingMs) {
        SplittableRandom random = new SplittableRandom(42);
        long max = 0;
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 2000; i++) {
            long d = backoff.delay(attempt, Optional.empty(), random).toMillis();
            assertThat(d).isBetween(0L, ceilingMs);
            max = Math.max(max, d);
            min = Math.min(min, d);
        }
        // full jitter: spread over the whole range, not bunched at the ceiling
        assertThat(max).isGreaterThan(ceilingMs * 9 / 10);
        assertThat(min).isLessThan(ceilingMs / 10);
    }

    @ParameterizedTest
    @CsvSource({"0, 30", "5, 120"})
    void neverRetriesBeforeTheServersRetryAfter(int attempt, long retryAfterSeconds) {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 500; i++) {
            assertThat(backoff.delay(attempt, Optional.of(Duration.ofSeconds(retryAfterSeconds)), random))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(retryAfterSeconds));
        }
    }
}
