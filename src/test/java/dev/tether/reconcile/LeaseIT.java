package dev.tether.reconcile;

import dev.tether.manifest.ResourceKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.Dashboard;
import dev.tether.TetherApi;
import dev.tether.TetherTestSupport;
import dev.tether.manifest.Kind;
import dev.tether.sandbox.heroku.AppSnapshot;
import dev.tether.sandbox.heroku.HerokuEmulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A pass slower than its lease (Heroku answering in seconds) keeps its key: the lease is renewed
 * while the pass runs, so no second worker starts on it; and a worker whose key was taken over
 * anyway stops before its next write, so nothing is created or subscribed twice.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LeaseIT {

    private static final Duration LEASE = Duration.ofSeconds(2);

    private static final java.nio.file.Path DATA_DIR = TetherTestSupport.freshDataDir();

    @DynamicPropertySource
    static void shortLease(DynamicPropertyRegistry r) {
        r.add("tether.loop.lease", () -> LEASE.toSeconds() + "s");
        TetherTestSupport.sandboxContext(r, DATA_DIR, "2s");
    }

    private static final Duration CONVERGE = Duration.ofSeconds(60);

    @LocalServerPort
    private int port;

    @Autowired
    private HerokuEmulator heroku;

    private TetherApi api;
    private Dashboard dashboard;

    @BeforeEach
    void connect() {
        api = new TetherApi(port, TetherTestSupport.API_TOKEN);
        dashboard = new Dashboard(heroku.baseUrl());
    }

    @Autowired
    private WorkQueue queue;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private PlatformTransactionManager transactions;

    @AfterEach
    void calm() {
        dashboard.faults(null);
    }

    private static String manifest(String name) {
        return manifest(name, "hello");
    }

    private static String manifest(String name, String greeting) {
        return """
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata:
                  name: %s
                spec:
                  configVars: {GREETING: %s}
                """.formatted(name, greeting);
    }

    /** True while the key's first pass is running and started more than {@code age} ago. */
    private boolean firstPassRunningFor(String name, Duration age) {
        return jdbc.sql("""
                        SELECT last_started_at < now() - make_interval(secs => :age) AND last_finished_at IS NULL
                        FROM work_queue WHERE kind = 'HerokuApp' AND name = :name""")
                .param("age", (double) age.toSeconds())
                .param("name", name)
                .query(Boolean.class).optional().orElse(false);
    }

    private boolean firstPassEnded(String name) {
        return jdbc.sql("SELECT last_finished_at IS NOT NULL FROM work_queue WHERE kind = 'HerokuApp' AND name = :name")
                .param("name", name).query(Boolean.class).optional().orElse(false);
    }

    private void awaitReady(String name) {
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(api.get("/api/v1/resources/HerokuApp/" + name).json().at("/status/conditions").toString())
                        .contains("\"type\":\"Ready\",\"status\":\"True\""));
    }

    @Test
    void passLongerThanItsLeaseKeepsTheKeyAndIsNotDoubled() {
        String name = "lease-slow";
        long postsBefore = heroku.callCount("POST", "/apps");
        // every Heroku call takes three leases: the first pass alone outlives its lease many times
        dashboard.faults("{\"latency_ms\": 6000}");
        assertThat(api.yaml(manifest(name)).status()).isEqualTo(200);

        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100))
                .until(() -> firstPassRunningFor(name, LEASE.multipliedBy(2)) || firstPassEnded(name));
        assertThat(firstPassRunningFor(name, LEASE.multipliedBy(2)))
                .as("the first pass is still running, twice its lease after it started, without another worker restarting it")
                .isTrue();
        assertThat(claimedKeys()).as("the renewed lease still holds the key").contains("HerokuApp/" + name);
        // a second worker looking for work does not get this key
        Optional<WorkQueue.Claim> intruder = queue.claim("intruder", LEASE);
        intruder.ifPresent(c -> queue.retry(c, "intruder", Instant.now(), "test intruder lets go"));
        assertThat(intruder.map(WorkQueue.Claim::key)).isNotEqualTo(Optional.of(new ResourceKey(Kind.HEROKU_APP, name)));

        dashboard.faults(null);
        awaitReady(name);
        AppSnapshot app = heroku.app(name).orElseThrow();
        assertThat(app.config()).containsEntry("GREETING", "hello");
        assertThat(app.webhooks()).as("one subscription, not one per worker").hasSize(1);
        assertThat(heroku.callCount("POST", "/apps")).as("the app was created once").isEqualTo(postsBefore + 1);
    }

    @Test
    void workerWhoseLeaseWasTakenOverSendsNoFurtherWrite() {
        String name = "lease-stolen";
        assertThat(api.yaml(manifest(name)).status()).isEqualTo(200);
        awaitReady(name);
        long patchesBefore = heroku.callCount("PATCH", "/apps/{app}/config-vars");
        long lostBefore = leaseLostPasses();
        // a create is the pass's first call, so the stolen pass is one that reads before it writes:
        // the app's observation takes long enough to take its key meanwhile
        dashboard.faults("{\"latency_ms\": 5000}");
        assertThat(api.yaml(manifest(name, "changed")).status()).isEqualTo(200);
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(20))
                .until(() -> claimedKeys().contains("HerokuApp/" + name));

        // another worker claims the key, as one would once the lease had run out, and keeps it
        ResourceKey key = new ResourceKey(Kind.HEROKU_APP, name);
        WorkQueue.Claim stolen = new TransactionTemplate(transactions).execute(tx -> {
            queue.enqueue(key, Instant.now(), "Test", false); // ahead of any key merely due by timer
            jdbc.sql("UPDATE work_queue SET claimed_until = now() - interval '1 second' WHERE kind = 'HerokuApp' AND name = :name")
                    .param("name", name).update();
            return queue.claim("other-worker", Duration.ofHours(1)).orElseThrow();
        });
        assertThat(stolen.key()).isEqualTo(key);

        // the first worker's pass ends at its next write, without sending it
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100)).until(() -> leaseLostPasses() > lostBefore);
        assertThat(heroku.callCount("PATCH", "/apps/{app}/config-vars")).as("the config write was not sent").isEqualTo(patchesBefore);
        assertThat(heroku.app(name).orElseThrow().config()).containsEntry("GREETING", "hello");
        assertThat(api.get("/api/v1/resources/HerokuApp/" + name + "/events?limit=100").body())
                .as("losing the key is not a failure of the resource").doesNotContain("ReconcileFailed");
        assertThat(jdbc.sql("SELECT claimed_by FROM work_queue WHERE kind = 'HerokuApp' AND name = :name")
                .param("name", name).query(String.class).single())
                .as("the new owner's claim is left as it is").isEqualTo("other-worker");

        // the other worker lets go: the key is reconciled again, and the change written then
        dashboard.faults(null);
        assertThat(queue.complete(stolen, "other-worker", Instant.now(), "InSync")).isTrue();
        queue.enqueue(key, Instant.now(), "Test", false);
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(250))
                .until(() -> "changed".equals(heroku.app(name).orElseThrow().config().get("GREETING")));
        assertThat(heroku.app(name).orElseThrow().webhooks()).hasSize(1);
    }

    private long leaseLostPasses() {
        Timer timer = meters.find("tether.reconcile").tag("kind", "HerokuApp").tag("outcome", "LeaseLost").timer();
        return timer == null ? 0 : timer.count();
    }

    /** Keys some worker holds a live lease on, as kind/name. */
    private java.util.List<String> claimedKeys() {
        return jdbc.sql("SELECT kind || '/' || name FROM work_queue WHERE claimed_until > now()").query(String.class).list();
    }
}
