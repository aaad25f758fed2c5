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
 * Scenario 3: Heroku API thrift in steady state, 100 apps at Tether's default intervals (safety
 * poll 30 min, a full observation every 6 h), over two windows of 10 minutes each
 * ({@code -Dbench.thriftMinutes}): first with webhooks in place (the routine polls are heartbeats,
 * one in twelve a full observation), with a naive baseline running for real in the same window
 * through the same emulator as a different account (every app fully refreshed every 5 minutes, 6
 * GETs, no ETags, 10 in parallel); then without working webhooks (every app's deliveries marked
 * lost, so every routine poll is a full observation). Writes {@code target/bench/5-thrift.md}.
 */
class ThriftBench extends BenchBase {

    static final int APPS = Integer.getInteger("bench.thriftApps", 100);
    static final int MINUTES = Integer.getInteger("bench.thriftMinutes", 10);
    static final Duration SAFETY = Duration.ofMinutes(30);
    static final Duration FULL_EVERY = Duration.ofHours(6);
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

        // Steady state has every app's safety poll at its own phase of the 30-minute cycle, and its last full
        // observation at its own phase of the 6-hour one; right after a converge both are bunched (polls 30 min
        // ahead, full observations just made), so a 10-minute window would see no poll and no full observation.
        // Spread both evenly (the queue rows and the recorded time only; the polls are the loop's own, unchanged).
        Instant windowStart = Instant.now();
        spreadPolls(windowStart);
        for (int i = 0; i < APPS; i++) {
            // a phase independent of the poll's (golden-ratio sequence), uniform over one full-observation period
            double phase = (i * 0.6180339887 + 0.5) % 1.0;
            Instant fullAt = windowStart.minusMillis((long) (phase * FULL_EVERY.toMillis()));
            setObservation("thrift-app-" + i, "fullAt", fullAt);
            setObservation("thrift-app-" + i, "hookCheckedAt", fullAt);
        }
        long expectedPolls = expectedPolls();
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

        // second window: the same apps without working webhooks (deliveries lost: every routine poll a full one)
        Instant lostAt = Instant.now();
        for (int i = 0; i < APPS; i++) {
            setObservation("thrift-app-" + i, "deliveriesLostSince", lostAt);
            setObservation("thrift-app-" + i, "hookCheckedAt", lostAt);
        }
        spreadPolls(lostAt);
        refillBudget();
        dashboard.call("DELETE", "/__sandbox/calls", null);
        Thread.sleep(Duration.ofMinutes(MINUTES)); // the second measurement window
        JsonNode unhooked = dashboard.calls();
        long unhookedTotal = unhooked.get("total").asLong();
        long unhooked304 = unhooked.get("not_modified").asLong();
        long unhooked429 = unhooked.get("rate_limited").asLong();
        Map<String, long[]> unhookedByEndpoint = byEndpoint(unhooked, Map.of());
        double unhookedPerAppHour = unhookedTotal / (double) APPS / hours;

        long naiveTotal = naiveByStatus.values().stream().mapToLong(AtomicLong::get).sum();
        long naive304 = naiveByStatus.getOrDefault("304", new AtomicLong()).get();
        long naive429 = naiveByStatus.getOrDefault("429", new AtomicLong()).get();
        long tetherTotal = calls.get("total").asLong() - naiveTotal;
        long tether304 = calls.get("not_modified").asLong() - naive304;
        long tether429 = calls.get("rate_limited").asLong() - naive429;
        Map<String, long[]> tetherByEndpoint = byEndpoint(calls, naiveByTemplate);
        long fulls = tetherByEndpoint.getOrDefault("GET /apps/{app}", new long[] {0})[0];
        long polls = tetherByEndpoint.getOrDefault("GET /apps/{app}/releases", new long[] {0})[0];

        double tetherPerAppHour = tetherTotal / (double) APPS / hours;
        double naivePerAppHour = naiveTotal / (double) APPS / hours;
        boolean hookedMet = tetherPerAppHour <= 3;
        boolean unhookedMet = unhookedPerAppHour <= 12;
        Bench.Report r = new Bench.Report();
        r.line("### Heroku API thrift, steady state, next to a naive baseline (scenario 3)");
        r.line("");
        r.line("%d HerokuApps of the same shape, converged, **every interval at its default** (safety poll 30 min ±10 %% jitter, "
                + "a full observation every 6 h, 4 workers), no changes made. Two windows of **%d minutes** each, counted by the "
                + "emulator. Before each window the harness refilled Tether's Heroku budget (the converge spent part of it) and "
                + "spread the apps' next safety polls evenly over one 30-minute interval (a steady state's phases; right after "
                + "the converge they were all bunched 30 min ahead), so each window is expected to hold %d polls.",
                APPS, MINUTES, expectedPolls);
        r.line("**With webhooks in place** (first window): the harness also spread each app's last full observation "
                + "(`status.external.observation.fullAt`) evenly over one 6-hour period, so the window holds its share of full "
                + "observations (one poll in twelve). Counted: %d polls (`GET /apps/{app}/releases`), %d of them full "
                + "observations (`GET /apps/{app}`), the rest heartbeats.", polls, fulls);
        r.line("**Without webhooks** (second window): every app's deliveries marked lost "
                + "(`observation.deliveriesLostSince`), which is how Tether treats an app without a working subscription: every "
                + "routine poll a full observation, at the same 30-minute safety interval. Counted: %d polls.",
                unhookedByEndpoint.getOrDefault("GET /apps/{app}", new long[] {0})[0]);
        r.line("Baseline, run for real in the first window as the dashboard account (its own rate budget): every app refreshed "
                + "at t = 0 and every 5 minutes after — %s — 6 GETs per app with no `If-None-Match`, 10 apps at a time (the "
                + "parallelism of `terraform plan`), no webhooks. Each refresh took %s s. The baseline's calls are counted by "
                + "its own client and subtracted from the emulator's totals to give Tether's.",
                String.join(", ", NAIVE.stream().map(p -> "`GET /apps/{app}" + p + "`").toList()),
                String.join(" s and ", refreshSeconds.stream().map(v -> String.format(java.util.Locale.ROOT, "%.1f", v)).toList()));
        r.line("");
        r.line("| | calls in %d min (%d apps) | of which 304 | of which 429 | **calls per app per hour** (304s counted as spent) | aim |",
                MINUTES, APPS);
        r.line("|---|---|---|---|---|---|");
        r.line("| Tether, defaults, webhooks in place | %d | %d | %d | **%.1f** | ≤ 3 %s |", tetherTotal, tether304, tether429,
                tetherPerAppHour, hookedMet ? "met" : "**not met**");
        r.line("| Tether, defaults, without webhooks | %d | %d | %d | **%.1f** | ≤ 12 %s |", unhookedTotal, unhooked304, unhooked429,
                unhookedPerAppHour, unhookedMet ? "met" : "**not met**");
        r.line("| naive 5-minute full refresh | %d | %d | %d | **%.1f** | |", naiveTotal, naive304, naive429, naivePerAppHour);
        r.line("| ratio naive / Tether with webhooks | | | | **%.1f×** | |", naivePerAppHour / Math.max(tetherPerAppHour, 1e-9));
        r.line("");
        r.line("Per app per hour = calls in the window / %d apps × 60 / %d (DESIGN §7).", APPS, MINUTES);
        r.line("");
        endpointTable(r, "Tether's calls with webhooks in place, by endpoint:", tetherByEndpoint);
        endpointTable(r, "Tether's calls without webhooks, by endpoint:", unhookedByEndpoint);
        r.aim("Heroku calls per app per hour, steady state, webhooks in place, defaults (304s counted)", String.format(java.util.Locale.ROOT,
                "%.1f (naive baseline %.1f, ratio %.1f×)", tetherPerAppHour, naivePerAppHour, naivePerAppHour / Math.max(tetherPerAppHour, 1e-9)),
                "≤ 3", hookedMet);
        r.aim("Heroku calls per app per hour, steady state, without webhooks, defaults (304s counted)",
                String.format(java.util.Locale.ROOT, "%.1f", unhookedPerAppHour), "≤ 12", unhookedMet);
        r.write("5-thrift.md");
    }

    /** Makes app i's next safety poll due at its phase of one safety interval from {@code start}. */
    private void spreadPolls(Instant start) {
        for (int i = 0; i < APPS; i++) {
            Instant due = start.plusMillis((long) ((i + 0.5) / APPS * SAFETY.toMillis()));
            jdbc.sql("UPDATE work_queue SET due_at = :due WHERE kind = 'HerokuApp' AND name = :name")
                    .param("due", Timestamp.from(due)).param("name", "thrift-app-" + i).update();
        }
    }

    private static long expectedPolls() {
        return java.util.stream.IntStream.range(0, APPS).filter(i -> (i + 0.5) / APPS * SAFETY.toMillis() < MINUTES * 60_000L).count();
    }

    /** Sets one field of the app's recorded observation ({@code status.external.observation}). */
    private void setObservation(String app, String field, Instant at) {
        jdbc.sql("""
                        UPDATE resource_status s SET status = jsonb_set(s.status, CAST(:path AS text[]), to_jsonb(CAST(:at AS text)))
                        FROM resources r WHERE r.id = s.resource_id AND r.kind = 'HerokuApp' AND r.name = :name""")
                .param("path", "{external,observation," + field + "}").param("at", at.toString()).param("name", app).update();
    }

    /** The emulator's counts by endpoint, less what the baseline made of each. */
    private static Map<String, long[]> byEndpoint(JsonNode calls, Map<String, AtomicLong> baseline) {
        Map<String, long[]> out = new TreeMap<>();
        for (JsonNode c : calls.get("calls")) {
            String key = c.get("method").asString() + " " + c.get("path").asString();
            long n = c.get("count").asLong() - baseline.getOrDefault(key, new AtomicLong()).get();
            if (n > 0) {
                out.put(key, new long[] {n, c.get("not_modified").asLong(), c.get("rate_limited").asLong()});
            }
        }
        return out;
    }

    private static void endpointTable(Bench.Report r, String title, Map<String, long[]> byEndpoint) {
        r.line(title);
        r.line("");
        r.line("| call | count | of which 304 | of which 429 |");
        r.line("|---|---|---|---|");
        byEndpoint.forEach((k, v) -> r.line("| `%s` | %d | %d | %d |", k, v[0], v[1], v[2]));
        r.line("");
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
