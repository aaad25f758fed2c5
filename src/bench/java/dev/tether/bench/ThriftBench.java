package dev.tether.bench;

import static org.awaitility.Awaitility.await;

import dev.tether.TetherTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Scenario 3: Heroku API thrift in steady state, 100 apps at Tether's default intervals (webhooks
 * on, safety poll 30 min, resync 5 min), over a 10-minute window ({@code -Dbench.thriftMinutes}),
 * with a naive baseline running for real in the same window through the same emulator as a
 * different account: every app fully refreshed every 5 minutes, 6 GETs, no ETags, 10 in parallel.
 * Writes {@code target/bench/5-thrift.md}.
 */
class ThriftBench extends BenchBase {

    static final int APPS = Integer.getInteger("bench.thriftApps", 100);
    static final int MINUTES = Integer.getInteger("bench.thriftMinutes", 10);
    static final Duration SAFETY = Duration.ofMinutes(30);
    static final List<String> NAIVE = List.of("", "/config-vars", "/formation", "/addons", "/domains", "/buildpack-installations");
    private static final Path DATA_DIR = TetherTestSupport.freshDataDir();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        sandbox(r, DATA_DIR); // every interval at its default
    }

    @Autowired
    JdbcClient jdbc;

    @Test
    void steadyStateAgainstNaiveRefresh() throws Exception {
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < APPS; i++) {
            docs.add(app("thrift-app-" + i));
        }
        apply(join(docs));
        await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(500)).until(() -> ready("thrift-app-", APPS));
        awaitWebhooks("thrift-app-", APPS);
        // settled: every app's next look is its safety poll, ~30 min ahead
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> jdbc.sql(
                "SELECT count(*) FROM work_queue WHERE kind = 'HerokuApp' AND (due_at < now() + interval '20 minutes' OR claimed_by IS NOT NULL)")
                .query(Long.class).single() == 0);

        // Steady state has every app's safety poll at its own phase of the 30-minute cycle; right after a
        // converge they are bunched 30 min ahead, so a 10-minute window would see none. Spread the phases
        // evenly over one interval (the queue rows only; the polls are the loop's own, unchanged).
        Instant windowStart = Instant.now();
        for (int i = 0; i < APPS; i++) {
            Instant due = windowStart.plusMillis((long) ((i + 0.5) / APPS * SAFETY.toMillis()));
            jdbc.sql("UPDATE work_queue SET due_at = :due WHERE kind = 'HerokuApp' AND name = :name")
                    .param("due", Timestamp.from(due)).param("name", "thrift-app-" + i).update();
        }
        long expectedPolls = java.util.stream.IntStream.range(0, APPS)
                .filter(i -> (i + 0.5) / APPS * SAFETY.toMillis() < MINUTES * 60_000L).count();
        refillBudget();
        dashboard.call("DELETE", "/__sandbox/calls", null);
        long t0 = System.nanoTime();

        Map<String, AtomicLong> naiveByStatus = new ConcurrentHashMap<>();
        Map<String, AtomicLong> naiveByTemplate = new ConcurrentHashMap<>();
        List<Double> refreshSeconds = new ArrayList<>();
        Thread baseline = Thread.ofPlatform().start(() -> {
            try {
                for (int refresh = 0; refresh * 5 < MINUTES; refresh++) {
                    long due = t0 + Duration.ofMinutes(5L * refresh).toNanos();
                    Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
                    long s = System.nanoTime();
                    naiveRefresh(naiveByStatus, naiveByTemplate);
                    refreshSeconds.add((System.nanoTime() - s) / 1e9);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(Duration.ofMinutes(MINUTES)); // the measurement window itself, not a wait for a condition
        baseline.join(Duration.ofMinutes(2).toMillis());
        JsonNode calls = dashboard.calls();
        double hours = MINUTES / 60.0;

        long naiveTotal = naiveByStatus.values().stream().mapToLong(AtomicLong::get).sum();
        long naive304 = naiveByStatus.getOrDefault("304", new AtomicLong()).get();
        long naive429 = naiveByStatus.getOrDefault("429", new AtomicLong()).get();
        long tetherTotal = calls.get("total").asLong() - naiveTotal;
        long tether304 = calls.get("not_modified").asLong() - naive304;
        long tether429 = calls.get("rate_limited").asLong() - naive429;
        Map<String, long[]> tetherByEndpoint = new TreeMap<>();
        for (JsonNode c : calls.get("calls")) {
            String key = c.get("method").asString() + " " + c.get("path").asString();
            long n = c.get("count").asLong() - naiveByTemplate.getOrDefault(key, new AtomicLong()).get();
            if (n > 0) {
                tetherByEndpoint.put(key, new long[] {n, c.get("not_modified").asLong(), c.get("rate_limited").asLong()});
            }
        }
        long polls = tetherByEndpoint.getOrDefault("GET /apps/{app}", new long[] {0})[0];

        double tetherPerAppHour = tetherTotal / (double) APPS / hours;
        double naivePerAppHour = naiveTotal / (double) APPS / hours;
        Bench.Report r = new Bench.Report();
        r.line("### Heroku API thrift, steady state, next to a naive baseline (scenario 3)");
        r.line("");
        r.line("%d HerokuApps of the same shape, converged, webhooks in place, **every interval at its default** (safety poll 30 min "
                + "±10 %% jitter, resync 5 min, 4 workers), no changes made. Window: **%d minutes**, both sides counted by the "
                + "emulator over the same window. Before the window the harness refilled Tether's Heroku budget (the converge "
                + "spent part of it) and spread the apps' next safety polls evenly over one 30-minute interval (a steady state's "
                + "phases; right after the converge they were all bunched 30 min ahead, so the window would have held none), so "
                + "the window holds one third of a cycle: %d polls expected, `GET /apps/{app}` counted %d times.",
                APPS, MINUTES, expectedPolls, polls);
        r.line("Baseline, run for real in the same window as the dashboard account (its own rate budget): every app refreshed "
                + "at t = 0 and every 5 minutes after — %s — 6 GETs per app with no `If-None-Match`, 10 apps at a time (the "
                + "parallelism of `terraform plan`), no webhooks. Each refresh took %s s. The baseline's calls are counted by "
                + "its own client and subtracted from the emulator's totals to give Tether's.",
                String.join(", ", NAIVE.stream().map(p -> "`GET /apps/{app}" + p + "`").toList()),
                String.join(" s and ", refreshSeconds.stream().map(v -> String.format(java.util.Locale.ROOT, "%.1f", v)).toList()));
        r.line("");
        r.line("| | calls in %d min (%d apps) | of which 304 | of which 429 | **calls per app per hour** (304s counted as spent) |", MINUTES, APPS);
        r.line("|---|---|---|---|---|");
        r.line("| Tether, defaults | %d | %d | %d | **%.1f** |", tetherTotal, tether304, tether429, tetherPerAppHour);
        r.line("| naive 5-minute full refresh | %d | %d | %d | **%.1f** |", naiveTotal, naive304, naive429, naivePerAppHour);
        r.line("| ratio naive / Tether | | | | **%.1f×** |", naivePerAppHour / Math.max(tetherPerAppHour, 1e-9));
        r.line("");
        r.line("Per app per hour = calls in the window / %d apps × 60 / %d. Aim (DESIGN §7): ≤ 12 calls per app per hour — %s.",
                APPS, MINUTES, tetherPerAppHour <= 12 ? "met" : "**not met**");
        r.line("");
        r.line("Tether's calls in the window by endpoint:");
        r.line("");
        r.line("| call | count | of which 304 | of which 429 |");
        r.line("|---|---|---|---|");
        tetherByEndpoint.forEach((k, v) -> r.line("| `%s` | %d | %d | %d |", k, v[0], v[1], v[2]));
        r.aim("Heroku calls per app per hour, steady state, defaults (304s counted)", String.format(java.util.Locale.ROOT,
                "%.1f (naive baseline %.1f, ratio %.1f×)", tetherPerAppHour, naivePerAppHour, naivePerAppHour / Math.max(tetherPerAppHour, 1e-9)),
                "≤ 12", tetherPerAppHour <= 12);
        r.write("5-thrift.md");
    }

    private void naiveRefresh(Map<String, AtomicLong> byStatus, Map<String, AtomicLong> byTemplate) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < APPS; i++) {
            String app = "thrift-app-" + i;
            fs.add(pool.submit(() -> {
                for (String p : NAIVE) {
                    HttpResponse<Void> res = HTTP.send(HttpRequest.newBuilder(URI.create(heroku.baseUrl() + "/apps/" + app + p))
                            .header("Authorization", "Bearer dashboard-token")
                            .header("Accept", "application/vnd.heroku+json; version=3").GET().build(),
                            HttpResponse.BodyHandlers.discarding());
                    byStatus.computeIfAbsent(String.valueOf(res.statusCode()), k -> new AtomicLong()).incrementAndGet();
                    byTemplate.computeIfAbsent("GET /apps/{app}" + p, k -> new AtomicLong()).incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
    }
}
