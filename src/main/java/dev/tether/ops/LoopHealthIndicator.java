package dev.tether.ops;

import dev.tether.reconcile.ControlLoop;
import dev.tether.reconcile.LoopProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Readiness of the control loop, as {@code loop} in {@code /actuator/health/readiness}: when the
 * loop runs in this process, a worker must have gone round within the heartbeat timeout. A
 * {@code web} process, whose loop runs in worker dynos, reports UP with {@code loop=elsewhere}.
 */
@Component("loop")
class LoopHealthIndicator extends AbstractHealthIndicator {

    private final ControlLoop loop;
    private final LoopProperties loopProps;
    private final OpsProperties props;
    private final Clock clock;

    LoopHealthIndicator(ControlLoop loop, LoopProperties loopProps, OpsProperties props, Clock clock) {
        super("Control loop health check failed");
        this.loop = loop;
        this.loopProps = loopProps;
        this.props = props;
        this.clock = clock;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (!loopProps.enabled()) {
            builder.up().withDetail("loop", "elsewhere");
            return;
        }
        Optional<Instant> beat = loop.lastHeartbeat();
        if (beat.isEmpty() || !loop.isRunning()) {
            builder.down().withDetail("loop", "not started");
            return;
        }
        Duration age = Duration.between(beat.get(), clock.instant());
        builder.withDetail("loop", "here").withDetail("lastHeartbeat", beat.get().toString())
                .withDetail("heartbeatAgeSeconds", age.toSeconds());
        if (age.compareTo(props.heartbeatTimeout()) > 0) {
            builder.down();
        } else {
            builder.up();
        }
    }
}
