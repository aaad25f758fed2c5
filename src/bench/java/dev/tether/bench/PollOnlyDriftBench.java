package dev.tether.bench;

import static org.awaitility.Awaitility.await;

import dev.tether.TetherTestSupport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Scenario 1 with webhooks disabled: Heroku's deliveries go to a port nothing listens on
 * ({@code tether.webhooks.public-url=http://127.0.0.1:9}), so only the safety poll
 * ({@code -Dbench.safety}, default 10s) finds the 200 changes. Writes
 * {@code target/bench/3-heroku-drift-poll.md}.
 */
class PollOnlyDriftBench extends BenchBase {

    static final int APPS = Integer.getInteger("bench.topology", 50);
    static final int DRIFTS = Integer.getInteger("bench.herokuDrifts", 200);
    static final int LANES = Integer.getInteger("bench.pollLanes", 25);
    static final String SAFETY = System.getProperty("bench.safety", "10s");
    private static final Path DATA_DIR = TetherTestSupport.freshDataDir();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        sandbox(r, DATA_DIR);
        r.add("tether.webhooks.public-url", () -> "http://127.0.0.1:9");
        r.add("tether.webhooks.safety-resync", () -> SAFETY);
        r.add("tether.loop.resync-interval", () -> SAFETY);
    }

    @Test
    void driftFoundByThePollAlone() throws Exception {
        try (AutoCloseable budget = keepBudgetFull()) {
            List<String> docs = new ArrayList<>();
            for (int i = 0; i < APPS; i++) {
                docs.add(app("bench-app-" + i));
            }
            apply(join(docs));
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200)).until(() -> ready("bench-app-", APPS));
            long hooked = java.util.stream.IntStream.range(0, APPS).filter(i -> api.get("/api/v1/resources/HerokuApp/bench-app-" + i)
                    .json().at("/status/external/webhook").asBoolean()).count();
            String[] ids = new String[APPS];
            for (int i = 0; i < APPS; i++) {
                ids[i] = heroku.app("bench-app-" + i).orElseThrow().id();
            }
            Map<String, List<Double>> byKind = herokuDrifts(ids, DRIFTS, LANES, Duration.ofMillis(2000), Duration.ofMillis(25));
            Duration safety = Duration.parse("PT" + SAFETY.toUpperCase(java.util.Locale.ROOT));
            Bench.Report r = new Bench.Report();
            r.line("### Heroku drift → reverting write, webhooks disabled: safety poll only (scenario 1b)");
            r.line("");
            r.line("The same four kinds of change, timed the same way as on the webhook path (but the state read every 25 ms), on %d freshly converged apps of the same shape, but Heroku's "
                    + "webhook deliveries go to a closed port (`TETHER_PUBLIC_URL=http://127.0.0.1:9`), so each change is found "
                    + "by the safety poll, shortened to **%s** (default 30 min; the loop adds ±10 %% jitter). %d concurrent "
                    + "lanes, each owning 2 apps and waiting 0–2 s at random before each change, so changes fall at random "
                    + "points of the poll cycle. Expected: about half the interval plus the observe-and-write time. Apps with a "
                    + "webhook subscription (deliveries lost) at the start: %d of %d; resync interval for the others also %s.",
                    APPS, SAFETY, LANES, hooked, APPS, SAFETY);
            r.line("");
            table(r, byKind, "DESIGN §7 sets no aim for the poll path; with a poll every " + SAFETY + " (+10 % jitter at most) a change "
                    + "waits up to about " + Bench.ms(safety.toMillis() * 1.1) + " to be seen, then the observe-and-write time.");
            r.write("3-heroku-drift-poll.md");
        }
    }
}
