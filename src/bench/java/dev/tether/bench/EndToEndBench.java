package dev.tether.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.SandboxTestBase;
import dev.tether.TetherApi.Response;
import dev.tether.sandbox.kong.KongEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * End-to-end figures against sandbox mode with latency injected on every Heroku and Kong call
 * ({@code -Dbench.latencyMs}, default 50): converge from empty, Heroku drift to reverting write
 * over the webhook path, and Heroku API thrift in steady state next to a naive full refresh.
 * Writes {@code target/bench/e2e.md}. Only the {@code bench} profile runs it; it asserts
 * convergence, never timings.
 */
class EndToEndBench extends SandboxTestBase {

    static final int LATENCY_MS = Integer.getInteger("bench.latencyMs", 50);
    static final int APPS = Integer.getInteger("bench.apps", 20);
    static final int SERVICES = Integer.getInteger("bench.services", 20);
    static final int DRIFTS = Integer.getInteger("bench.drifts", 50);
    static final int STEADY_SECONDS = Integer.getInteger("bench.steadySeconds", 60);
    static final String STEADY_RESYNC = System.getProperty("bench.steadyResync", "20s");

    @DynamicPropertySource
    static void benchProperties(DynamicPropertyRegistry r) {
        // defaults except the safety poll, shortened so a short window sees every app polled
        r.add("tether.loop.resync-interval", () -> STEADY_RESYNC);
        r.add("tether.webhooks.safety-resync", () -> STEADY_RESYNC);
        r.add("tether.loop.backoff-base", () -> "1s");
        r.add("tether.loop.backoff-cap", () -> "5m");
        r.add("tether.kong.poll-interval", () -> "30s");
        r.add("tether.probe.interval", () -> "30s");
    }

    @Autowired
    KongEmulator kong;

    private final StringBuilder report = new StringBuilder();

    @Test
    void endToEnd() throws Exception {
        dashboard.faults("{\"latency_ms\":" + LATENCY_MS + "}");
        kong.injectFaults(KongEmulator.Faults.latency(Duration.ofMillis(LATENCY_MS)));
        line("settings: latency %d ms per Heroku and Kong call; %d apps, %d Kong services; %d drifts; steady window %d s at resync %s",
                LATENCY_MS, APPS, SERVICES, DRIFTS, STEADY_SECONDS, STEADY_RESYNC);
        converge();
        drift();
        thrift();
        Files.createDirectories(Path.of("target/bench"));
        Files.writeString(Path.of("target/bench/e2e.md"), report.toString());
        System.out.println(report);
    }

    // --- (b) converge from empty

    private void converge() {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < APPS; i++) {
            yaml.append("""
                    apiVersion: tether.dev/v1
                    kind: HerokuApp
                    metadata: {name: bench-app-%1$d}
                    spec:
                      configVars: {A: "1", B: "2", C: "3", D: "4", E: "5", F: "6"}
                      formation: {web: {quantity: 1, size: Basic}}
                      addons: [{plan: "heroku-postgresql:essential-0", as: DATABASE}]
                      domains: [bench-app-%1$d.example.com]
                    ---
                    """.formatted(i));
        }
        for (int i = 0; i < SERVICES; i++) {
            yaml.append("""
                    apiVersion: tether.dev/v1
                    kind: KongService
                    metadata: {name: bench-svc-%1$d}
                    spec:
                      upstream: {url: "http://bench-svc-%1$d.internal:8080"}
                      routes:
                        - name: bench-svc-%1$d-a
                          paths: [/bench-svc-%1$d/a]
                        - name: bench-svc-%1$d-b
                          paths: [/bench-svc-%1$d/b]
                    ---
                    """.formatted(i));
        }
        long herokuBefore = herokuCalls().get("total").asLong();
        long kongBefore = kongTotal();
        long start = System.nanoTime();
        Response r = api.yaml(yaml.substring(0, yaml.length() - "---\n".length()));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100)).until(this::allReady);
        double wall = (System.nanoTime() - start) / 1e9;
        long herokuCalls = herokuCalls().get("total").asLong() - herokuBefore;
        long kongCalls = kongTotal() - kongBefore;
        line("");
        line("### Converge from empty");
        line("| topology | wall time to all Ready | Heroku calls | Kong admin calls |");
        line("|---|---|---|---|");
        line("| %d apps (6 config vars, web formation, 1 add-on, 1 domain) + %d Kong services (2 routes) | %.1f s | %d | %d |",
                APPS, SERVICES, wall, herokuCalls, kongCalls);
    }

    private boolean allReady() {
        int ready = 0;
        for (JsonNode res : api.get("/api/v1/resources").json().get("items")) {
            if (res.get("name").asString().startsWith("bench-")
                    && "true".equalsIgnoreCase(res.at("/status/ready").asString())
                    && res.at("/status/observedGeneration").asLong() == res.get("generation").asLong()) {
                ready++;
            }
        }
        return ready >= APPS + SERVICES;
    }

    // --- (a) Heroku drift to reverting write, webhook path

    private void drift() {
        // every app must have its webhook in place, so the webhook path is what is measured
        await().atMost(Duration.ofMinutes(5)).untilAsserted(() -> {
            for (int i = 0; i < APPS; i++) {
                assertThat(api.get("/api/v1/resources/HerokuApp/bench-app-" + i).json().at("/status/external/webhook").asBoolean())
                        .as("bench-app-" + i + " webhook").isTrue();
            }
        });
        List<Double> ms = new ArrayList<>();
        for (int n = 0; n < DRIFTS; n++) {
            String app = "bench-app-" + (n % APPS);
            long start = System.nanoTime();
            dashboard.setConfigVar(app, "A", "drift-" + n);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5)).pollDelay(Duration.ZERO)
                    .until(() -> "1".equals(heroku.app(app).orElseThrow().config().get("A")));
            ms.add((System.nanoTime() - start) / 1e6);
        }
        line("");
        line("### Heroku drift → reverting write (webhook path)");
        line("Config var changed as the dashboard user (PATCH /apps/{app}/config-vars), timed from sending that request "
                + "(so it includes the change's own %d ms latency) until the emulator holds the declared value again; "
                + "sequential, round-robin over the %d apps, safety poll %s.", LATENCY_MS, APPS, STEADY_RESYNC);
        line("| runs | median | p90 | p99 | max |");
        line("|---|---|---|---|---|");
        line("| %d | %s | %s | %s | %s |", ms.size(), fmt(pct(ms, 50)), fmt(pct(ms, 90)), fmt(pct(ms, 99)), fmt(Collections.max(ms)));
    }

    // --- (c) thrift

    private void thrift() throws Exception {
        // let the drift reverts settle, then count over a window
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(this::allReady);
        dashboard.call("DELETE", "/__sandbox/calls", null);
        Thread.sleep(STEADY_SECONDS * 1000L); // a measurement window, not a wait for a condition
        JsonNode calls = herokuCalls();
        long total = calls.get("total").asLong();
        long notModified = calls.get("not_modified").asLong();
        long limited = calls.get("rate_limited").asLong();
        double hours = STEADY_SECONDS / 3600.0;
        double perAppHour = total / (double) APPS / hours;

        // naive baseline from the same emulator: one full refresh of every app, no ETags
        dashboard.call("DELETE", "/__sandbox/calls", null);
        long start = System.nanoTime();
        int naive = 0;
        for (int i = 0; i < APPS; i++) {
            String app = "bench-app-" + i;
            for (String p : List.of("", "/config-vars", "/formation", "/addons", "/domains")) {
                dashboard.call("GET", "/apps/" + app + p, null);
                naive++;
            }
        }
        double refreshSeconds = (System.nanoTime() - start) / 1e9;
        JsonNode after = herokuCalls();
        double naivePerAppHour = naive / (double) APPS * 12; // every 5 minutes

        line("");
        line("### Heroku API thrift, steady state");
        line("Tether: all Heroku calls the emulator counted over a %d s window after convergence (no changes made), %d apps, "
                + "safety poll every %s (the default is 30m): %d calls, of which %d were 304 Not Modified and %d were 429.",
                STEADY_SECONDS, APPS, STEADY_RESYNC, total, notModified, limited);
        line("Baseline: one naive refresh (GET app, config-vars, formation, addons, domains; no ETags) of all %d apps "
                + "measured through the same emulator: %d calls by the refresher (%d counted by the emulator in that time, "
                + "Tether's own included), %.1f s sequential; × 12 refreshes an hour.", APPS, naive, after.get("total").asLong(), refreshSeconds);
        double polls = STEADY_SECONDS / (double) java.time.Duration.parse("PT" + STEADY_RESYNC.toUpperCase(Locale.ROOT)).toSeconds();
        double perPoll = total / (double) APPS / polls;
        line("| | calls per app per hour | of which 304 | how |");
        line("|---|---|---|---|");
        line("| Tether, measured at safety poll %s | %.1f | %.1f | measured |", STEADY_RESYNC, perAppHour,
                notModified / (double) APPS / hours);
        line("| Tether at the default 30m safety poll | %.1f | | arithmetic: %.1f calls per app per poll × 2 |", perPoll * 2, perPoll);
        line("| naive 5-minute full refresh (5 calls/app × 12) | %.1f | 0 | arithmetic from one measured refresh |", naivePerAppHour);
        line("ratio naive / Tether at defaults: %.1f×", naivePerAppHour / Math.max(perPoll * 2, 1e-9));
    }

    // --- helpers

    private JsonNode herokuCalls() {
        return dashboard.calls();
    }

    private long kongTotal() {
        return kong.calls().values().stream().mapToLong(Long::longValue).sum();
    }

    static double pct(List<Double> values, int p) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int idx = (int) Math.ceil(p / 100.0 * s.size()) - 1;
        return s.get(Math.max(0, Math.min(idx, s.size() - 1)));
    }

    private static String fmt(double ms) {
        return String.format(Locale.ROOT, "%.0f ms", ms);
    }

    private void line(String format, Object... args) {
        report.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
