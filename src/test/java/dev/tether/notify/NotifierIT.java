package dev.tether.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.Dashboard;
import dev.tether.TetherApi;
import dev.tether.TetherApplication;
import dev.tether.TetherTestSupport;
import dev.tether.sandbox.heroku.HerokuEmulator;
import dev.tether.sandbox.kong.KongEmulator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Notifier tells about each new drift once and about its end once, signed, with no secret
 * value: with two Tether processes (two delivery workers each) sharing one PostgreSQL, and
 * across a crash of both while the receiver was down (the outbox keeps what was not sent).
 * Tether runs as separate JVMs in live mode against emulators in this JVM, whose Heroku
 * emulator's {@code /__sandbox/notifications} is the receiver.
 */
class NotifierIT {

    private static final String HEROKU_TOKEN = "notifier-it-heroku-token";
    private static final String API_TOKEN = TetherTestSupport.API_TOKEN;
    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration CONVERGE = Duration.ofSeconds(120);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EmbeddedPostgres postgres;
    private HerokuEmulator heroku;
    private KongEmulator kong;
    private Dashboard dashboard;
    private final List<Process> tethers = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private int starts;

    @BeforeEach
    void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        heroku = HerokuEmulator.start(0, HEROKU_TOKEN);
        kong = KongEmulator.start(0, 0, "");
        dashboard = new Dashboard(heroku.baseUrl());
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : tethers) {
            p.destroyForcibly().waitFor();
        }
        kong.close();
        heroku.close();
        postgres.close();
    }

    /** One Tether process with two delivery workers, its own data dir, the shared database. */
    private TetherApi startTether() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), TetherApplication.class.getName(),
                "--server.port=" + port, "--tether.mode=live",
                "--tether.heroku-api-key=" + HEROKU_TOKEN, "--tether.heroku.base-url=" + heroku.baseUrl(),
                "--tether.kong.admin-url=" + kong.adminUrl(), "--tether.probe.proxy-url=" + kong.proxyUrl(),
                "--tether.api-token=" + API_TOKEN, "--tether.keys.encryption-key=notifier-it-encryption-key",
                "--tether.database-url=postgres://postgres:unused@localhost:" + postgres.getPort() + "/postgres",
                "--tether.data-dir=" + TetherTestSupport.freshDataDir(), "--spring.jmx.enabled=false",
                "--tether.loop.resync-interval=2s", "--tether.webhooks.safety-resync=2s", "--tether.loop.backoff-base=200ms", "--tether.loop.backoff-cap=2s",
                "--tether.notify.workers=2", "--tether.notify.poll=200ms", "--tether.notify.backoff-base=200ms",
                "--tether.notify.backoff-cap=1s",
                "--NOTIFY_OPS_URL=" + heroku.baseUrl() + "/__sandbox/notifications"));
        File log = new File("target/notifier-it-" + (++starts) + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        tethers.add(p);
        ports.add(port);
        TetherApi api = new TetherApi(port, API_TOKEN);
        await().atMost(START).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            assertThat(p.isAlive()).as("Tether is running; see " + log).isTrue();
            return api.withToken(null).get("/actuator/health").status() == 200;
        });
        return api;
    }

    private void killAll() throws InterruptedException {
        for (Process p : tethers) {
            p.destroyForcibly();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        tethers.clear();
    }

    private List<JsonNode> inbox() {
        List<JsonNode> out = new ArrayList<>();
        dashboard.call("GET", "/__sandbox/notifications", null).path("items").forEach(out::add);
        return out;
    }

    private static JsonNode body(JsonNode item) {
        return JSON.readTree(item.path("body").asString());
    }

    private List<JsonNode> about(String kind, String name, String reason) {
        return inbox().stream().filter(i -> body(i).at("/resource/kind").asString().equals(kind)
                && body(i).at("/resource/name").asString().equals(name) && body(i).path("reason").asString().equals(reason)).toList();
    }

    private long undelivered() throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM notification_outbox WHERE delivered_at IS NULL")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static JsonNode condition(TetherApi api, String kind, String name, String type) {
        for (JsonNode c : api.get("/api/v1/resources/" + kind + "/" + name).json().at("/status/conditions")) {
            if (c.path("type").asString().equals(type)) {
                return c;
            }
        }
        return JSON.createObjectNode();
    }

    @Test
    void oneSignedMessagePerNewDriftAndOneOnItsEndAcrossARestartWithTwoWorkers() throws Exception {
        TetherApi a = startTether();
        TetherApi.Response applied = a.yaml("""
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: notes-api, labels: {team: notes}}
                spec:
                  configVars: {LOG_LEVEL: info}
                ---
                apiVersion: tether.dev/v1
                kind: ApiKey
                metadata: {name: notes-key, labels: {team: notes}}
                spec:
                  targets: [{app: notes-api}]
                ---
                apiVersion: tether.dev/v1
                kind: Notifier
                metadata: {name: ops}
                spec:
                  urlEnv: NOTIFY_OPS_URL
                  selector: {team: notes}
                """);
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        await().atMost(CONVERGE).until(() -> condition(a, "ApiKey", "notes-key", "Ready").path("status").asString().equals("True")
                && condition(a, "HerokuApp", "notes-api", "Ready").path("status").asString().equals("True")
                && condition(a, "Notifier", "ops", "Ready").path("status").asString().equals("True"));
        TetherApi.Response revealed = a.post("/api/v1/resources/Notifier/ops/signing-key/reveal", "application/json", "");
        assertThat(revealed.status()).as(revealed.body()).isEqualTo(200);
        String signingKey = revealed.json().path("signingKey").asString();
        assertThat(signingKey).hasSizeGreaterThan(30);
        assertThat(a.post("/api/v1/resources/Notifier/ops/signing-key/reveal", "application/json", "").status()).isEqualTo(410);
        String apiKey = dashboard.call("GET", "/apps/notes-api/config-vars", null).path("INTERNAL_API_KEY").asString();
        assertThat(apiKey).isNotBlank();
        startTether(); // a second process: four delivery workers in all, on one outbox

        // a new drift: one message when it is seen, one when it is reverted
        dashboard.setConfigVar("notes-api", "LOG_LEVEL", "debug");
        await().atMost(CONVERGE).until(() -> about("HerokuApp", "notes-api", "DriftDetected").size() >= 2 && undelivered() == 0);
        List<JsonNode> first = about("HerokuApp", "notes-api", "DriftDetected");
        assertThat(first).extracting(i -> body(i).path("state").asString()).containsExactly("firing", "resolved");
        assertThat(body(first.getFirst()).path("message").asString()).contains("configVars.LOG_LEVEL");

        // the receiver is down when the next drift comes; then both processes crash
        dashboard.call("PUT", "/__sandbox/notifications", "{\"refuse_with\": 503}");
        dashboard.setConfigVar("notes-api", "LOG_LEVEL", "trace");
        await().atMost(CONVERGE).until(() -> undelivered() >= 2
                && dashboard.call("GET", "/apps/notes-api/config-vars", null).path("LOG_LEVEL").asString().equals("info"));
        killAll();
        dashboard.call("PUT", "/__sandbox/notifications", "{\"refuse_with\": null}");
        startTether();
        await().atMost(CONVERGE).until(() -> undelivered() == 0);

        List<JsonNode> all = about("HerokuApp", "notes-api", "DriftDetected");
        assertThat(all).extracting(i -> body(i).path("state").asString()).containsExactly("firing", "resolved", "firing", "resolved");
        assertThat(all).extracting(i -> i.path("delivery").asString()).doesNotHaveDuplicates();
        for (JsonNode item : inbox()) {
            String raw = item.path("body").asString();
            assertThat(item.path("signature").asString()).as("signed")
                    .isEqualTo(NotificationMessage.signature(raw.getBytes(StandardCharsets.UTF_8), signingKey));
            assertThat(raw).doesNotContain(apiKey).doesNotContain(signingKey).doesNotContain(heroku.baseUrl());
            assertThat(item.path("contentType").asString()).startsWith("application/json");
        }
    }
}
