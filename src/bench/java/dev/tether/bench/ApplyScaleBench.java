package dev.tether.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.TetherTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Scenario 10 (issue 13, item 8): {@code POST /api/v1/manifests} with 1,000, 2,000 and 4,000
 * documents in one request, end to end over HTTP: half HerokuApps, half ApiKeys each targeting
 * one of those apps (so the config-var ownership check has work to do). For each size: a dry
 * run on an empty store (three times, median), the apply that creates them all, and the same
 * request again (every resource unchanged). The control loop is off and no latency is injected,
 * so the figures are Tether's own (parse, validate, store, plan), not the emulators'. The cap is
 * raised to 4,000 documents for this run ({@code tether.api.max-documents}). Writes
 * {@code target/bench/10-apply-scale.md}; the growth from 1,000 to 4,000 is reported, not asserted.
 * The Heroku budget is refilled before each request, so Tether's pacing below 250 calls left
 * never enters the figures. {@code -Dbench.applySizes=1000,2000,4000} and
 * {@code -Dbench.applyDryRuns=3} change the sizes and the number of dry runs.
 */
class ApplyScaleBench extends BenchBase {

    static final int[] SIZES = java.util.Arrays.stream(System.getProperty("bench.applySizes", "1000,2000,4000").split(","))
            .mapToInt(n -> Integer.parseInt(n.strip())).toArray();
    static final int DRY_RUNS = Integer.getInteger("bench.applyDryRuns", 3);
    private static final Path DATA_DIR = TetherTestSupport.freshDataDir();
    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        sandbox(r, DATA_DIR);
        r.add("tether.loop.enabled", () -> "false");
        r.add("tether.api.max-documents", () -> String.valueOf(java.util.Arrays.stream(SIZES).max().orElse(1000)));
    }

    @Test
    void applyTimeGrowsLinearlyWithDocuments() throws Exception {
        try (AutoCloseable refill = keepBudgetFull()) {
            measure();
        }
    }

    private void measure() {
        dashboard.faults("{\"latency_ms\":0}");
        kong.injectFaults(dev.tether.sandbox.kong.KongEmulator.Faults.latency(Duration.ZERO));
        // warm-up: JIT, connection pool, Hibernate's statement caches
        for (int i = 0; i < 3; i++) {
            timed(body("warm" + i, 200), true);
        }
        Map<Integer, double[]> figures = new LinkedHashMap<>();
        for (int n : SIZES) {
            String body = body("s" + n, n);
            List<Double> dry = new ArrayList<>();
            for (int i = 0; i < DRY_RUNS; i++) {
                dry.add(timed(body, true));
            }
            double create = timed(body, false);
            double again = timed(body, false);
            figures.put(n, new double[] {Bench.pct(dry, 50), create, again, body.length()});
        }
        Bench.Report r = new Bench.Report();
        r.line("### Apply scale: one POST of %s documents (scenario 10)", java.util.Arrays.stream(SIZES)
                .mapToObj(n -> String.format(java.util.Locale.ROOT, "%,d", n)).collect(java.util.stream.Collectors.joining(" / ")));
        r.line("");
        r.line("Half HerokuApps (one config var), half ApiKeys each targeting one of those apps, as one JSON array over HTTP "
                + "from the same JVM; the control loop disabled, no latency injected (the figures are Tether's own). Dry run: "
                + "median of %d on an empty store (a dry run plans against Heroku: one app lookup per HerokuApp, four at a time; the budget refilled before each request so Tether never paces). Apply: the "
                + "request that creates them all. Again: the same request once more, every resource unchanged. The cap was "
                + "raised to the largest size (`tether.api.max-documents`; default 1,000).", DRY_RUNS);
        r.line("");
        r.line("| documents | body | dry run | per document | apply (create) | per document | apply again (unchanged) | per document |");
        r.line("|---|---|---|---|---|---|---|---|");
        figures.forEach((n, f) -> r.line("| %,d | %,.0f KB | %s | %.2f ms | %s | %.2f ms | %s | %.2f ms |", n, f[3] / 1024,
                Bench.ms(f[0]), f[0] / n, Bench.ms(f[1]), f[1] / n, Bench.ms(f[2]), f[2] / n));
        double[] small = figures.get(SIZES[0]);
        double[] large = figures.get(SIZES[SIZES.length - 1]);
        double growth = SIZES[SIZES.length - 1] / (double) SIZES[0];
        r.line("");
        r.line("From %,d to %,d documents (× %.0f): dry run × %.1f, apply × %.1f, apply again × %.1f (linear is × %.0f, "
                        + "quadratic × %.0f).", SIZES[0], SIZES[SIZES.length - 1], growth, large[0] / small[0],
                large[1] / small[1], large[2] / small[2], growth, growth * growth);
        boolean linear = large[0] / small[0] <= 1.5 * growth && large[1] / small[1] <= 1.5 * growth;
        r.aim(String.format(java.util.Locale.ROOT, "apply %,d documents vs %,d (dry run, create)", SIZES[SIZES.length - 1], SIZES[0]),
                String.format(java.util.Locale.ROOT, "× %.1f, × %.1f", large[0] / small[0], large[1] / small[1]),
                "≤ 1.5 × linear (× " + (int) (1.5 * growth) + ")", linear);
        r.write("10-apply-scale.md");
    }

    /** Milliseconds of one POST, over a client of its own: the API helper's 30 s timeout is too short for a slow apply. */
    private double timed(String body, boolean dryRun) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/manifests"
                        + (dryRun ? "?dryRun=true" : "")))
                .timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + TetherTestSupport.API_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        // a dry run spends one Heroku call per app: keep the budget full so Tether never paces (that is measured elsewhere)
        refillBudget();
        long start = System.nanoTime();
        HttpResponse<String> resp;
        try {
            resp = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        double ms = (System.nanoTime() - start) / 1e6;
        assertThat(resp.statusCode()).as(resp.body().length() > 500 ? resp.body().substring(0, 500) : resp.body()).isEqualTo(200);
        return ms;
    }

    /** {@code n} documents: n/2 apps, n/2 keys each targeting its app's INTERNAL_API_KEY. */
    static String body(String prefix, int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n / 2; i++) {
            b.append(i == 0 ? "" : ",").append("""
                    {"apiVersion":"tether.dev/v1","kind":"HerokuApp","metadata":{"name":"%1$s-app-%2$d"},\
                    "spec":{"configVars":{"LOG_LEVEL":"info"}}},\
                    {"apiVersion":"tether.dev/v1","kind":"ApiKey","metadata":{"name":"%1$s-key-%2$d"},\
                    "spec":{"targets":[{"app":"%1$s-app-%2$d"}]}}""".formatted(prefix, i));
        }
        return b.append(']').toString();
    }
}
