package dev.tether.notify;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How notifications are delivered.
 *
 * @param enabled     deliver from this process (the outbox is shared: any process may)
 * @param workers     deliveries in parallel in this process
 * @param poll        how often an idle worker looks for due deliveries
 * @param lease       how long a claimed delivery is held before another worker may take it over
 * @param timeout     connect/read timeout of one delivery
 * @param backoffBase first retry delay ceiling
 * @param backoffCap  largest retry delay ceiling
 */
@ConfigurationProperties("tether.notify")
public record NotifyProperties(Boolean enabled, int workers, Duration poll, Duration lease, Duration timeout,
                               Duration backoffBase, Duration backoffCap) {

    public NotifyProperties {
        enabled = enabled == null || enabled;
        workers = workers <= 0 ? 2 : workers;
        poll = poll == null ? Duration.ofSeconds(1) : poll;
        lease = lease == null ? Duration.ofSeconds(60) : lease;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        backoffBase = backoffBase == null ? Duration.ofSeconds(1) : backoffBase;
        backoffCap = backoffCap == null ? Duration.ofMinutes(5) : backoffCap;
    }
}
