package dev.tether.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.manifest.Kind;
import dev.tether.manifest.ResourceKey;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QueueWaitTest {

    private static final Instant NOW = Instant.parse("2026-12-02T06:00:00Z");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final QueueWait wait = new QueueWait(meters, Clock.fixed(NOW, ZoneOffset.UTC));

    private static WorkQueue.Claim dueAt(Instant due) {
        return new WorkQueue.Claim(new ResourceKey(Kind.HEROKU_APP, "shop"), 1, 0, false, "Applied", 1, due, true, null);
    }

    private Timer timer() {
        return meters.get(QueueWait.METER).timer();
    }

    private double waitedAtMost(Duration bound) {
        return Arrays.stream(timer().takeSnapshot().histogramCounts())
                .filter(c -> c.bucket(TimeUnit.MILLISECONDS) == bound.toMillis())
                .mapToDouble(CountAtBucket::count).findFirst().orElseThrow();
    }

    @Test
    void aClaimRecordsTheTimeFromDueToClaim() {
        assertThat(wait.claimed(dueAt(NOW.minusMillis(300)))).isEqualTo(Duration.ofMillis(300));
        assertThat(wait.claimed(dueAt(NOW.minusSeconds(4)))).isEqualTo(Duration.ofSeconds(4));

        assertThat(timer().count()).isEqualTo(2);
        assertThat(timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(4300);
        assertThat(waitedAtMost(Duration.ofMillis(250))).isZero();
        assertThat(waitedAtMost(Duration.ofMillis(500))).isEqualTo(1);
        assertThat(waitedAtMost(Duration.ofSeconds(1))).as("the aim's bound is a bucket of its own").isEqualTo(1);
        assertThat(waitedAtMost(Duration.ofSeconds(5))).isEqualTo(2);
    }

    @Test
    void aKeyClaimedBeforeThisClockSaysItWasDueWaitedNothing() {
        // the due time came from the database's clock, a little ahead of this one
        assertThat(wait.claimed(dueAt(NOW.plusMillis(40)))).isZero();
        assertThat(timer().count()).isEqualTo(1);
        assertThat(waitedAtMost(Duration.ofMillis(10))).isEqualTo(1);
    }
}
