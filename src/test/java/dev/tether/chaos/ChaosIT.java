package dev.tether.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.TetherApi;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fast cases of the chaos harness (issue 9), in the default suite: a small topology
 * converging while 20 % of ALL Heroku and Kong calls fail and drift is made by hand, and
 * PostgreSQL stopped for a few seconds under a running loop. The long versions are
 * {@link ChaosSoak} ({@code ./mvnw -Pchaos verify}).
 */
class ChaosIT {

    private ChaosRig rig;

    @AfterEach
    void down() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void aSmallTopologyConvergesWhileTwentyPercentOfHerokuAndKongCallsFailAndDriftIsMade() {
        rig = new ChaosRig("fast-faults");
        ChaosRig.Node node = rig.inProcess("node", Map.of());
        TetherApi api = node.api();
        List<String> units = ChaosRig.names("cf", 4);
        Map<String, String> configA = new HashMap<>();
        long started = System.nanoTime();
        rig.faults(0.2);
        ChaosRig.apply(api, units, configA);
        rig.awaitConverged(api, units, configA, Duration.ofSeconds(150));
        long convergedMs = (System.nanoTime() - started) / 1_000_000;

        // drift by hand while the faults go on: a config var, a scale-down, two route edits
        long driftAt = System.nanoTime();
        rig.driftConfigVar("cf-0");
        rig.driftScale("cf-1");
        rig.driftRoute("cf-2-r");
        rig.driftRoute("cf-3-r");
        rig.awaitConverged(api, units, configA, Duration.ofSeconds(120));
        long correctedMs = (System.nanoTime() - driftAt) / 1_000_000;
        Map<String, Map<String, Long>> dealt = rig.faultsDealt();
        rig.calm();
        ChaosRig.awaitAllReadyAtOnce(api, units, Duration.ofSeconds(60));

        rig.assertCreatedExactlyOnce(units);
        ChaosRig.assertDesiredStateKept(api, units, Map.of());
        // every kind of fault really happened on both sides
        for (String side : List.of("heroku", "kong")) {
            assertThat(dealt.get(side).values().stream().mapToLong(Long::longValue).sum()).as(side + " faults dealt").isPositive();
        }
        long timeouts = dealt.get("heroku").getOrDefault("timeout", 0L) + dealt.get("kong").getOrDefault("timeout", 0L);
        long resets = dealt.get("heroku").getOrDefault("reset", 0L) + dealt.get("kong").getOrDefault("reset", 0L);
        long limited = dealt.get("heroku").getOrDefault("status_429", 0L) + dealt.get("kong").getOrDefault("status_429", 0L);
        assertThat(timeouts + resets + limited).as("timeouts, resets and 429s dealt").isPositive();
        SecretScan.Result scan = SecretScan.assertNoSecretIn(api, ChaosRig.API_TOKEN, rig.logs(), rig.secretValues());
        ChaosSummary.row("summary-fast.md", "20 % Heroku+Kong faults, 4 apps+keys+services, 4 drifts", "converged, each created once",
                "converge %d ms; drift corrected %d ms; faults %s; %d secrets not found in %d resources + logs"
                        .formatted(convergedMs, correctedMs, dealt, scan.values(), scan.resources()));
    }

    @Test
    void postgresStoppedForAFewSecondsMakesTetherNotReadyThenItResumesWithoutARestart() {
        rig = new ChaosRig("fast-postgres");
        ChaosRig.Node node = rig.inProcess("node", Map.of());
        TetherApi api = node.api();
        List<String> units = ChaosRig.names("pg", 2);
        Map<String, String> configA = new HashMap<>();
        ChaosRig.apply(api, units, configA);
        rig.awaitConverged(api, units, configA, Duration.ofSeconds(90));

        Outage outage = Outage.run(rig, node, Duration.ofSeconds(5), () -> {
            configA.put("pg-0", "before");
            ChaosRig.apply(api, units, configA);
        });
        assertThat(outage.notReadySamples()).as("readiness answered 503 while PostgreSQL was away").isPositive();
        assertThat(outage.livenessFailures()).as("liveness failures while PostgreSQL was away").isZero();

        configA.put("pg-1", "after");
        ChaosRig.apply(api, units, configA);
        long t = System.nanoTime();
        rig.awaitConverged(api, units, configA, Duration.ofSeconds(90));
        ChaosRig.awaitAllReadyAtOnce(api, units, Duration.ofSeconds(30));
        ChaosRig.assertDesiredStateKept(api, units, Map.of("pg-0", 2L, "pg-1", 2L));
        assertThat(node.ctx.isActive()).as("the same process, never restarted").isTrue();
        SecretScan.assertNoSecretIn(api, ChaosRig.API_TOKEN, rig.logs(), rig.secretValues());
        ChaosSummary.row("summary-fast.md", "PostgreSQL stopped 5 s", "not ready meanwhile, resumed without restart",
                outage.describe() + "; converged changes %d ms after ready".formatted((System.nanoTime() - t) / 1_000_000));
    }

    /**
     * PostgreSQL stopped for {@code away} under a running node: readiness and liveness sampled
     * every 250 ms, then started again on the same port, and the time until ready again.
     */
    record Outage(int notReadySamples, int readySamples, int livenessFailures, long firstNotReadyMs, long readyAgainMs, long awayMs) {

        static Outage run(ChaosRig rig, ChaosRig.Node node, Duration away, Runnable before) {
            TetherApi api = node.api();
            before.run();
            long stopAt = System.nanoTime();
            rig.postgres.stop();
            AtomicInteger notReady = new AtomicInteger();
            AtomicInteger ready = new AtomicInteger();
            AtomicInteger livenessDown = new AtomicInteger();
            long firstNotReady = -1;
            while (System.nanoTime() - stopAt < away.toNanos()) {
                int readiness = safeStatus(api, "/actuator/health/readiness");
                if (readiness == 503) {
                    notReady.incrementAndGet();
                    if (firstNotReady < 0) {
                        firstNotReady = (System.nanoTime() - stopAt) / 1_000_000;
                    }
                } else if (readiness == 200) {
                    ready.incrementAndGet();
                }
                if (safeStatus(api, "/actuator/health/liveness") != 200) {
                    livenessDown.incrementAndGet();
                }
                ChaosRig.pace(250);
            }
            rig.postgres.start();
            long startedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> safeStatus(api, "/actuator/health/readiness") == 200);
            long readyAgain = (System.nanoTime() - startedAt) / 1_000_000;
            return new Outage(notReady.get(), ready.get(), livenessDown.get(), firstNotReady, readyAgain,
                    (startedAt - stopAt) / 1_000_000);
        }

        private static int safeStatus(TetherApi api, String path) {
            try {
                return api.get(path).status();
            } catch (RuntimeException e) {
                return -1;
            }
        }

        String describe() {
            return "away %d ms; first 503 after %d ms; readiness samples 503=%d 200=%d; liveness failures %d; ready %d ms after PostgreSQL was back"
                    .formatted(awayMs, firstNotReadyMs, notReadySamples, readySamples, livenessFailures, readyAgainMs);
        }
    }
}
