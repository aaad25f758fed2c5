package dev.tether.reconcile;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;

/**
 * How long each key waited between coming due and a worker claiming it, as the timer
 * {@code tether.queue.wait}: the loop's lag behind its own schedule, which says whether the
 * workers keep up (DESIGN §7 aims at p99 ≤ 1 s). Its buckets are fixed ({@link #BOUNDS}, 1 s
 * among them) rather than a client-side percentile, so the counts of several worker processes
 * add up to the installation's figure; Prometheus reads them where the process serves HTTP, and
 * a worker process, which does not, logs them ({@code ops.QueueWaitLog}).
 */
public final class QueueWait {

    /** The timer's name. */
    public static final String METER = "tether.queue.wait";

    /** The bucket bounds: at most this long, counted cumulatively. */
    public static final Duration[] BOUNDS = {Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(5)};

    private final Timer timer;
    private final Clock clock;

    QueueWait(MeterRegistry meters, Clock clock) {
        this.clock = clock;
        this.timer = Timer.builder(METER).description("Time from a key coming due to a worker claiming it")
                .serviceLevelObjectives(BOUNDS).register(meters);
    }

    /**
     * Records the claim's wait, from its due time until now, and answers it. A key claimed as soon
     * as it came due waited nothing, even when this clock and the database's disagree by a little.
     */
    Duration claimed(WorkQueue.Claim claim) {
        Duration waited = claim.dueAt() == null ? Duration.ZERO : Duration.between(claim.dueAt(), clock.instant());
        if (waited.isNegative()) {
            waited = Duration.ZERO;
        }
        timer.record(waited);
        return waited;
    }
}
