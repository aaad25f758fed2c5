package dev.tether.ops;

import dev.tether.reconcile.LoopProperties;
import dev.tether.reconcile.QueueWait;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * A worker process serves no HTTP, so Prometheus cannot read its {@code tether.queue.wait}: where
 * the loop runs, this logs the timer's counts every {@code tether.ops.queue-wait-log-every}
 * ({@code TETHER_QUEUE_WAIT_LOG_EVERY}, default 1 min) while claims are made, and once more at
 * stop, as one line of pairs, cumulative since the process started:
 * {@code measure=queue-wait claims=412 sum_ms=5310 max_ms=840 le_0.01s=380 … le_1s=411 … le_300s=412}.
 * {@code le_Xs} counts the claims that waited at most X seconds (the timer's fixed buckets), so
 * the lines of several workers add up and two lines of one worker subtract to a window.
 */
@Component
class QueueWaitLog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueueWaitLog.class);

    private final MeterRegistry meters;
    private final LoopProperties loop;
    private final OpsProperties props;
    private ScheduledExecutorService timer;
    private long loggedCount = -1;

    QueueWaitLog(MeterRegistry meters, LoopProperties loop, OpsProperties props) {
        this.meters = meters;
        this.loop = loop;
        this.props = props;
    }

    @Override
    public void start() {
        if (!loop.enabled()) {
            return;
        }
        long every = props.queueWaitLogEvery().toMillis();
        timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("tether-queue-wait-log").daemon().unstarted(r));
        timer.scheduleAtFixedRate(this::logIfMoved, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
            logIfMoved();
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    @Override
    public int getPhase() {
        // a lower phase than the loop's (MAX_VALUE - 1000): stopped after it, so the last line counts its last claims
        return Integer.MAX_VALUE - 2000;
    }

    private synchronized void logIfMoved() {
        Timer t = meters.find(QueueWait.METER).timer();
        if (t == null || t.count() == loggedCount) {
            return;
        }
        HistogramSnapshot s = t.takeSnapshot();
        loggedCount = s.count();
        log.info(line(s));
    }

    /** The snapshot as the logged pairs (cumulative counts; {@code max_ms} is the timer's recent maximum). */
    static String line(HistogramSnapshot s) {
        StringBuilder b = new StringBuilder("measure=queue-wait claims=").append(s.count())
                .append(" sum_ms=").append(Math.round(s.total(TimeUnit.MILLISECONDS)))
                .append(" max_ms=").append(Math.round(s.max(TimeUnit.MILLISECONDS)));
        for (CountAtBucket c : s.histogramCounts()) {
            String bound = BigDecimal.valueOf(c.bucket(TimeUnit.SECONDS)).stripTrailingZeros().toPlainString();
            b.append(" le_").append(bound).append("s=").append(String.format(Locale.ROOT, "%.0f", c.count()));
        }
        return b.toString();
    }
}
