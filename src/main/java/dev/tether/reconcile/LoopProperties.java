package dev.tether.reconcile;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The control loop's settings.
 *
 * @param enabled        run the loop in this process (false for a web-only dyno)
 * @param workers        the most keys reconciled in parallel by this process ({@code TETHER_WORKERS});
 *                       0 when not set: {@link PassConcurrency#DEFAULT_CAP}, fewer while the rate
 *                       budget is low, never more than the database pool serves
 * @param lease          how long a claim lasts before another worker may take the key
 * @param resyncInterval how often a converged resource is looked at again ({@code TETHER_RESYNC_INTERVAL})
 * @param idlePoll       how long an idle worker waits before looking for due keys without a NOTIFY
 * @param backoffBase    first retry delay ceiling
 * @param backoffCap     largest retry delay ceiling
 */
@ConfigurationProperties("tether.loop")
public record LoopProperties(boolean enabled, int workers, Duration lease, Duration resyncInterval,
                             Duration idlePoll, Duration backoffBase, Duration backoffCap) {

    public LoopProperties {
        workers = Math.max(0, workers);
        lease = lease == null ? Duration.ofMinutes(2) : lease;
        resyncInterval = resyncInterval == null ? Duration.ofMinutes(5) : resyncInterval;
        idlePoll = idlePoll == null ? Duration.ofSeconds(1) : idlePoll;
        backoffBase = backoffBase == null ? Duration.ofSeconds(1) : backoffBase;
        backoffCap = backoffCap == null ? Duration.ofMinutes(5) : backoffCap;
    }

    public Backoff backoff() {
        return new Backoff(backoffBase, backoffCap);
    }
}
