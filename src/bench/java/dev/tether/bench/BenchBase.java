package dev.tether.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.Dashboard;
import dev.tether.TetherApi;
import dev.tether.TetherTestSupport;
import dev.tether.sandbox.heroku.HerokuEmulator;
import dev.tether.sandbox.kong.KongEmulator;
import dev.tether.sandbox.heroku.AppSnapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;

/**
 * One whole Tether in sandbox mode per benchmark class (its own data directory and embedded
 * PostgreSQL, closed after the class so the next one has the 2 cores to itself), with
 * {@code -Dbench.latencyMs} (default 50) injected on every Heroku and Kong Admin API call.
 * Subclasses register their own settings with {@link #sandbox(DynamicPropertyRegistry, Path)}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class BenchBase {

    static final int LATENCY_MS = Integer.getInteger("bench.latencyMs", 50);

    @LocalServerPort
    int port;

    @Autowired
    HerokuEmulator heroku;

    @Autowired
    KongEmulator kong;

    TetherApi api;
    Dashboard dashboard;

    /** Settings every benchmark context shares; the rest are the defaults unless the class says. */
    static void sandbox(DynamicPropertyRegistry r, Path dataDir) {
        r.add("tether.data-dir", dataDir::toString);
        r.add("tether.api-token", () -> TetherTestSupport.API_TOKEN);
        r.add("tether.mode", () -> "sandbox");
    }

    @BeforeEach
    void connect() {
        api = new TetherApi(port, TetherTestSupport.API_TOKEN);
        dashboard = new Dashboard(heroku.baseUrl());
        refillBudget();
        dashboard.faults("{\"latency_ms\":" + LATENCY_MS + "}");
        kong.injectFaults(KongEmulator.Faults.latency(Duration.ofMillis(LATENCY_MS)));
    }

    /** Gives every account of the Heroku emulator its full 4,500-call budget back (as SandboxTestBase does). */
    void refillBudget() {
        dashboard.call("DELETE", "/__sandbox/rate-limit", null);
    }

    /**
     * Refills the budget every 5 s until closed: scenarios that poll 50 apps every few seconds
     * would otherwise spend the hourly budget in minutes and Tether would (rightly) slow down.
     */
    AutoCloseable keepBudgetFull() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor();
        s.scheduleAtFixedRate(() -> {
            try {
                refillBudget();
            } catch (RuntimeException e) {
                // next round
            }
        }, 5, 5, TimeUnit.SECONDS);
        return s::shutdownNow;
    }

    long herokuTotal() {
        return dashboard.calls().get("total").asLong();
    }

    long kongTotal() {
        return kong.calls().values().stream().mapToLong(Long::longValue).sum();
    }

    /** True when at least {@code count} resources whose name starts with {@code prefix} are Ready at their generation. */
    boolean ready(String prefix, int count) {
        int ready = 0;
        for (JsonNode res : api.get("/api/v1/resources").json().get("items")) {
            if (res.get("name").asString().startsWith(prefix)
                    && "true".equalsIgnoreCase(res.at("/status/ready").asString())
                    && res.at("/status/observedGeneration").asLong() == res.get("generation").asLong()) {
                ready++;
            }
        }
        return ready >= count;
    }

    void apply(String yaml) {
        TetherApi.Response r = api.yaml(yaml);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** Every listed app has its Heroku webhook in place (status.external.webhook). */
    void awaitWebhooks(String prefix, int apps) {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (int i = 0; i < apps; i++) {
                assertThat(api.get("/api/v1/resources/HerokuApp/" + prefix + i).json().at("/status/external/webhook").asBoolean())
                        .as(prefix + i + " webhook").isTrue();
            }
        });
    }

    /** The benchmark's HerokuApp: the sample app's code, 6 config vars, one web dyno, an add-on, a domain. */
    static String app(String name) {
        return """
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: %1$s}
                spec:
                  release: {build: {sourceUrl: "file:manifests/sample-app.tgz", version: sample-1}}
                  configVars: {A: "1", B: "2", C: "3", D: "4", E: "5", F: "6"}
                  formation: {web: {quantity: 1, size: Basic}}
                  addons: [{plan: "heroku-postgresql:essential-0", as: DATABASE}]
                  domains: [%1$s.example.com]
                """.formatted(name);
    }

    static String join(List<String> docs) {
        return String.join("---\n", docs);
    }
    static final String[] KINDS = {"config var", "scale", "rename", "add-on"};

    /** Runs {@code total} changes in {@code lanes} lanes; the milliseconds per kind, and "all". */
    Map<String, List<Double>> herokuDrifts(String[] ids, int total, int lanes, Duration maxPause, Duration checkEvery) throws Exception {
        Map<String, List<Double>> byKind = new LinkedHashMap<>();
        for (String k : KINDS) {
            byKind.put(k, Collections.synchronizedList(new ArrayList<>()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(lanes);
        List<Future<?>> futures = new ArrayList<>();
        for (int lane = 0; lane < lanes; lane++) {
            int l = lane;
            futures.add(pool.submit(() -> {
                List<Integer> mine = new ArrayList<>();
                for (int a = l; a < ids.length; a += lanes) {
                    mine.add(a);
                }
                int k = 0;
                for (int n = l; n < total; n += lanes, k++) {
                    int idx = mine.get(k % mine.size());
                    String kind = KINDS[k % 4];
                    pause(maxPause);
                    byKind.get(kind).add(oneHerokuDrift("bench-app-" + idx, ids[idx], kind, n, checkEvery));
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return byKind;
    }

    static void pause(Duration max) throws InterruptedException {
        if (!max.isZero()) {
            Thread.sleep(ThreadLocalRandom.current().nextLong(max.toMillis() + 1)); // spreads changes over the poll's phase
        }
    }

    private double oneHerokuDrift(String app, String id, String kind, int n, Duration checkEvery) {
        Predicate<AppSnapshot> declared = s -> app.equals(s.name()) && "1".equals(s.config().get("A"))
                && s.formation().get("web") != null && s.formation().get("web").quantity() == 1
                && s.addons().stream().anyMatch(a -> a.plan().startsWith("heroku-postgresql"));
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50)).until(() -> declared.test(snapshot(id)));
        switch (kind) {
            case "config var" -> dashboard.setConfigVar(app, "A", "drift-" + n);
            case "scale" -> dashboard.scale(app, "web", 2);
            case "rename" -> dashboard.rename(app, app + "-x");
            default -> dashboard.destroyAddon(app, snapshot(id).addons().getFirst().name());
        }
        long start = System.nanoTime();
        Predicate<AppSnapshot> back = switch (kind) {
            case "config var" -> s -> "1".equals(s.config().get("A"));
            case "scale" -> s -> s.formation().get("web").quantity() == 1;
            case "rename" -> s -> app.equals(s.name());
            default -> s -> s.addons().stream().anyMatch(a -> a.plan().startsWith("heroku-postgresql"));
        };
        await().atMost(Duration.ofMinutes(3)).pollInterval(checkEvery).pollDelay(Duration.ZERO)
                .until(() -> back.test(snapshot(id)));
        return (System.nanoTime() - start) / 1e6;
    }

    private AppSnapshot snapshot(String id) {
        return heroku.app(id).orElseThrow();
    }

    static void table(Bench.Report r, Map<String, List<Double>> byKind, String aim) {
        List<Double> all = new ArrayList<>();
        byKind.values().forEach(all::addAll);
        r.line("| changes | runs | median | p90 | p99 | max |");
        r.line("|---|---|---|---|---|---|");
        byKind.forEach((k, v) -> {
            if (!v.isEmpty()) {
                r.line("| %s | %s |", k, Bench.row(v));
            }
        });
        r.line("| **all** | **%s** |", Bench.row(all).replace(" | ", "** | **"));
        r.line("");
        if (byKind.values().stream().anyMatch(v -> !v.isEmpty() && v.size() < 100)) {
            r.line("Percentiles are nearest-rank: with fewer than 100 runs in a row, its p99 is its maximum.");
            r.line("");
        }
        r.line(aim);
    }

}
