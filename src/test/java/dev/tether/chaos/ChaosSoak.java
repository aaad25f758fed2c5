package dev.tether.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.TetherApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The chaos soaks of issue 9, run only by {@code ./mvnw -B -Pchaos verify} (never by the default
 * build nor {@code -Pbench}). Each builds its own world ({@link ChaosRig}: its own PostgreSQL,
 * Heroku and Kong emulators, Tether nodes in live mode), asserts convergence, exactly one create
 * per resource as the emulators counted them, no desired state lost, and finally scans every log
 * line, event, API response and page for secret values. What each measured goes to
 * {@code target/chaos/summary.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosSoak {

    private static final String SUMMARY = "summary.md";
    private final Random random = new Random();
    private ChaosRig rig;

    @AfterEach
    void down() {
        if (rig != null) {
            rig.close();
        }
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private String scan(TetherApi api) {
        SecretScan.Result scan = SecretScan.assertNoSecretIn(api, ChaosRig.API_TOKEN, rig.logs(), rig.secretValues());
        return "secret scan: %d values absent from %d resources' API documents, events, generations, pages + %d KB of logs"
                .formatted(scan.values(), scan.resources(), scan.bytesScanned() / 1024);
    }

    @Test
    @Order(1)
    void fiftyAppsConvergeWhileTwentyPercentOfAllHerokuAndKongCallsFailAndDriftIsInjected() {
        rig = new ChaosRig("soak-faults");
        ChaosRig.Node node = rig.inProcess("node", Map.of());
        TetherApi api = node.api();
        List<String> units = ChaosRig.names("soak", 50);
        Map<String, String> configA = new HashMap<>();
        long started = System.nanoTime();
        rig.faults(0.2);
        ChaosRig.apply(api, units, configA);

        // drift by hand all through the convergence: config vars, scale-downs, route edits
        AtomicBoolean drifting = new AtomicBoolean(true);
        AtomicInteger drifts = new AtomicInteger();
        Map<String, Integer> driftKinds = new ConcurrentHashMap<>();
        Thread drifter = Thread.ofPlatform().name("chaos-drifter").start(() -> {
            Random r = new Random();
            while (drifting.get()) {
                String u = units.get(r.nextInt(units.size()));
                try {
                    switch (r.nextInt(3)) {
                        case 0 -> {
                            if (rig.heroku.app(u).isPresent()) {
                                rig.driftConfigVar(u);
                                driftKinds.merge("config var", 1, Integer::sum);
                                drifts.incrementAndGet();
                            }
                        }
                        case 1 -> {
                            if (rig.heroku.app(u).isPresent()) {
                                rig.driftScale(u);
                                driftKinds.merge("scale", 1, Integer::sum);
                                drifts.incrementAndGet();
                            }
                        }
                        default -> {
                            if (rig.kong.find("routes", u + "-r").isPresent()) {
                                rig.driftRoute(u + "-r");
                                driftKinds.merge("Kong route", 1, Integer::sum);
                                drifts.incrementAndGet();
                            }
                        }
                    }
                } catch (RuntimeException e) {
                    // an app or route not there yet: the next round picks another
                }
                ChaosRig.pace(2500);
            }
        });
        // drift goes on through the first 3 minutes of convergence (or until 60 drifts were made)
        long driftUntil = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < driftUntil && drifts.get() < 60) {
            ChaosRig.pace(1000);
        }
        long driftWindowMs = ms(started);
        drifting.set(false);
        try {
            drifter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long lastDrift = System.nanoTime();
        rig.awaitConverged(api, units, configA, Duration.ofMinutes(8));
        long settledMs = ms(lastDrift);
        long totalMs = ms(started);
        Map<String, Map<String, Long>> dealt = rig.faultsDealt();
        long herokuCalls = rig.herokuCallsTotal();
        long kongCalls = rig.kongCallsTotal();
        rig.calm();
        long calmAt = System.nanoTime();
        ChaosRig.awaitAllReadyAtOnce(api, units, Duration.ofMinutes(2));
        long allReadyMs = ms(calmAt);

        rig.assertCreatedExactlyOnce(units);
        ChaosRig.assertDesiredStateKept(api, units, Map.of());
        assertThat(drifts.get()).as("drifts injected").isGreaterThanOrEqualTo(10);
        String scan = scan(api);
        ChaosSummary.row(SUMMARY, "1. 20 % of all Heroku and Kong calls fail; 50 apps + 50 ApiKeys + 50 KongServices; drift injected",
                "converged; every app, add-on, domain, service, route, plugin created once; 150/150 resources kept",
                ("%d drifts %s made by hand in the first %d s; every resource Ready at its generation and the world as declared "
                        + "%d s after the last drift, with faults still on (total %d s); calls Heroku %d, Kong %d; faults dealt %s; "
                        + "faults off: all 150 Ready at once %d ms later; %s").formatted(drifts.get(), driftKinds, driftWindowMs / 1000,
                        settledMs / 1000, totalMs / 1000, herokuCalls, kongCalls, dealt, allReadyMs, scan));
    }

    @Test
    @Order(2)
    void aWorkerSigkilledAtThirtyRandomMomentsDuringConvergenceConvergesWithoutDuplicates() {
        rig = new ChaosRig("soak-kills");
        // the API in a web process (no loop), the loop in a worker child JVM that keeps being killed
        ChaosRig.Node web = rig.inProcess("web", Map.of("tether.loop.enabled", "false"));
        TetherApi api = web.api();
        List<String> units = ChaosRig.names("kill", 20);
        Map<String, String> configA = new HashMap<>();
        Map<String, Long> generations = new HashMap<>();
        // a little latency, so kills land between the calls of a plan
        rig.dashboard.faults("{\"latency_ms\": 40}");
        rig.kongControl("PUT", "/__sandbox/faults", "{\"latency_ms\": 40}");
        long started = System.nanoTime();
        ChaosRig.apply(api, units, configA);
        ChaosRig.Node worker = rig.child("worker", Map.of());
        int kills = 0;
        int killsWhileConverging = 0;
        List<Long> startupMs = new ArrayList<>();
        List<Integer> unconvergedAtKill = new ArrayList<>();
        for (int k = 1; k <= 30; k++) {
            long t = System.nanoTime();
            worker.awaitUp(Duration.ofMinutes(3));
            startupMs.add(ms(t));
            if (k % 3 == 0) {
                // more to converge: a changed config var on a few apps (a new generation each)
                java.util.Set<String> changed = new java.util.TreeSet<>();
                while (changed.size() < 3) {
                    changed.add(units.get(random.nextInt(units.size())));
                }
                for (String u : changed) {
                    configA.put(u, "v" + k);
                    generations.merge(u, 2L, (a, b) -> a + 1);
                }
                ChaosRig.apply(api, units, configA);
            }
            ChaosRig.pace(300 + random.nextInt(4000));
            int open = ChaosRig.notConverged(api, units).size();
            worker.kill();
            kills++;
            unconvergedAtKill.add(open);
            if (open > 0) {
                killsWhileConverging++;
            }
            worker.start();
        }
        long afterKills = System.nanoTime();
        worker.awaitUp(Duration.ofMinutes(3));
        rig.awaitConverged(api, units, configA, Duration.ofMinutes(6));
        ChaosRig.awaitAllReadyAtOnce(api, units, Duration.ofMinutes(1));
        long settleMs = ms(afterKills);
        rig.calm();

        assertThat(kills).isEqualTo(30);
        assertThat(killsWhileConverging).as("kills that landed while something was still converging").isGreaterThanOrEqualTo(15);
        rig.assertCreatedExactlyOnce(units);
        ChaosRig.assertDesiredStateKept(api, units, generations);
        String scan = scan(api);
        ChaosSummary.row(SUMMARY, "2. worker JVM SIGKILLed at 30 random moments (20 apps + keys + services, 10 rounds of spec changes)",
                "converged; no duplicates; 60/60 resources at their generations",
                ("%d kills, %d while resources were still converging (open at each kill: %s); worker start-up median %d ms; "
                        + "converged %d s after the last restart; total %d s; %s").formatted(kills, killsWhileConverging,
                        unconvergedAtKill, median(startupMs), settleMs / 1000, ms(started) / 1000, scan));
    }

    @Test
    @Order(3)
    void threeWorkerProcessesOnOneDatabaseCreateNothingTwiceAndShareTheWork() {
        rig = new ChaosRig("soak-three");
        rig.dashboard.faults("{\"latency_ms\": 20}");
        rig.kongControl("PUT", "/__sandbox/faults", "{\"latency_ms\": 20}");
        List<ChaosRig.Node> workers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            workers.add(rig.child("worker-" + i, Map.of()));
        }
        workers.forEach(w -> w.awaitUp(Duration.ofMinutes(3)));
        TetherApi api = workers.getFirst().api();
        List<String> units = ChaosRig.names("three", 30);
        Map<String, String> configA = new HashMap<>();
        long started = System.nanoTime();
        ChaosRig.apply(api, units, configA);
        rig.awaitConverged(api, units, configA, Duration.ofMinutes(6));
        ChaosRig.awaitAllReadyAtOnce(api, units, Duration.ofMinutes(1));
        long convergeMs = ms(started);
        Map<String, Long> passes = new LinkedHashMap<>();
        workers.forEach(w -> passes.put(w.name, w.passes()));
        rig.calm();

        rig.assertCreatedExactlyOnce(units);
        ChaosRig.assertDesiredStateKept(api, units, Map.of());
        long total = passes.values().stream().mapToLong(Long::longValue).sum();
        for (Map.Entry<String, Long> p : passes.entrySet()) {
            assertThat(p.getValue()).as("reconcile passes run by " + p.getKey() + " of " + passes).isGreaterThanOrEqualTo(total / 10);
        }
        String scan = scan(api);
        ChaosSummary.row(SUMMARY, "3. three worker JVMs on one database (30 apps + keys + services)",
                "converged; nothing created twice; every process did work",
                "converged in %d s; reconcile passes per process (own Prometheus metrics) %s of %d; %s"
                        .formatted(convergeMs / 1000, passes, total, scan));
    }

    @Test
    @Order(4)
    void postgresStoppedForTwentySecondsMidLoopThenTetherResumesWithoutARestart() {
        rig = new ChaosRig("soak-postgres");
        ChaosRig.Node node = rig.inProcess("node", Map.of());
        TetherApi api = node.api();
        List<String> units = ChaosRig.names("pgsoak", 10);
        Map<String, String> configA = new HashMap<>();
        ChaosRig.apply(api, units, configA);
        rig.awaitConverged(api, units, configA, Duration.ofMinutes(4));

        // mid-loop: changes applied a moment before PostgreSQL goes away are still in flight
        ChaosIT.Outage outage = ChaosIT.Outage.run(rig, node, Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 5; i++) {
                configA.put(units.get(i), "before");
            }
            ChaosRig.apply(api, units, configA);
        });
        // each readiness answer takes up to the 2 s connection timeout while the database is away
        assertThat(outage.notReadySamples()).as("readiness 503s while PostgreSQL was away").isGreaterThanOrEqualTo(5);
        assertThat(outage.readySamples()).as("readiness 200s while PostgreSQL was away").isLessThanOrEqualTo(1);
        assertThat(outage.livenessFailures()).as("liveness failures while PostgreSQL was away").isZero();
        for (int i = 5; i < 10; i++) {
            configA.put(units.get(i), "after");
        }
        ChaosRig.apply(api, units, configA);
        long t = System.nanoTime();
        rig.awaitConverged(api, units, configA, Duration.ofMinutes(4));
        ChaosRig.awaitAllReadyAtOnce(api, units, Duration.ofMinutes(1));
        long convergeMs = ms(t);
        assertThat(node.ctx.isActive()).as("the same process, never restarted").isTrue();
        rig.assertCreatedExactlyOnce(units);
        Map<String, Long> generations = new HashMap<>();
        units.forEach(u -> generations.put(u, 2L));
        ChaosRig.assertDesiredStateKept(api, units, generations);
        boolean listenLost = rig.logs().contains("LISTEN connection lost");
        String scan = scan(api);
        ChaosSummary.row(SUMMARY, "4. PostgreSQL stopped 20 s mid-loop (10 apps + keys + services)",
                "not ready meanwhile; liveness UP; resumed without restart; changes before and after converged",
                "%s; LISTEN re-established: %s; changes converged %d s after; %s"
                        .formatted(outage.describe(), listenLost ? "yes (lost and reopened)" : "not lost", convergeMs / 1000, scan));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }
}
