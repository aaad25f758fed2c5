package dev.tether.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.reconcile.QueueWait;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class QueueWaitLogTest {

    @Test
    void theLineCountsClaimsCumulativelyPerBucketSoWorkersAddUp() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Timer t = Timer.builder(QueueWait.METER).serviceLevelObjectives(QueueWait.BOUNDS).register(meters);
        t.record(Duration.ofMillis(5));
        t.record(Duration.ofMillis(700));
        t.record(Duration.ofSeconds(3));

        String line = QueueWaitLog.line(t.takeSnapshot());

        assertThat(line).startsWith("measure=queue-wait claims=3 sum_ms=3705 max_ms=3000 ")
                .contains(" le_0.01s=1 ", " le_0.5s=1 ", " le_1s=2 ", " le_2.5s=2 ", " le_5s=3 ")
                .endsWith(" le_300s=3");
        assertThat(line.split(" ")).as("every pair one key=value, as logfmt reads it").allMatch(p -> p.matches("[a-z_0-9.]+=[a-z0-9-]+"));
    }
}
