package dev.tether.ops;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of running Tether as Heroku processes ({@code tether.ops.*}).
 *
 * @param resyncTimeout    how long the {@code resync} command waits for every resource's pass
 *                         ({@code TETHER_RESYNC_TIMEOUT}, default 10 min; a Scheduler job's
 *                         one-off dyno should not outlive its schedule)
 * @param heartbeatTimeout readiness fails when the loop runs in this process and no worker has
 *                         gone round for this long (default 2 min, the claim lease)
 * @param metricsCacheFor  cluster-wide figures (drift, Secured, Kong poll age) are read from the
 *                         database at most this often, however often Prometheus scrapes
 * @param queueWaitLogEvery where the loop runs, how often its queue-wait counts are logged
 *                         ({@code TETHER_QUEUE_WAIT_LOG_EVERY}, default 1 min; {@link QueueWaitLog})
 */
@ConfigurationProperties("tether.ops")
public record OpsProperties(Duration resyncTimeout, Duration heartbeatTimeout, Duration metricsCacheFor,
                            Duration queueWaitLogEvery) {

    public OpsProperties {
        resyncTimeout = resyncTimeout == null ? Duration.ofMinutes(10) : resyncTimeout;
        heartbeatTimeout = heartbeatTimeout == null ? Duration.ofMinutes(2) : heartbeatTimeout;
        metricsCacheFor = metricsCacheFor == null ? Duration.ofSeconds(5) : metricsCacheFor;
        queueWaitLogEvery = queueWaitLogEvery == null || !queueWaitLogEvery.isPositive() ? Duration.ofMinutes(1) : queueWaitLogEvery;
    }
}
