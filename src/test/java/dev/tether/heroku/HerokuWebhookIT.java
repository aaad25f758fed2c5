package dev.tether.heroku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.Dashboard;
import dev.tether.TetherApi;
import dev.tether.TetherTestSupport;
import dev.tether.sandbox.heroku.AppSnapshot;
import dev.tether.sandbox.heroku.HerokuEmulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Drift found through Heroku's app webhooks, not polling: the resync here is ten minutes, so
 * anything reverted within seconds came through the webhook path.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HerokuWebhookIT {

    private static final java.nio.file.Path DATA_DIR = TetherTestSupport.freshDataDir();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("tether.data-dir", DATA_DIR::toString);
        r.add("tether.api-token", () -> TetherTestSupport.API_TOKEN);
        r.add("tether.mode", () -> "sandbox");
        r.add("tether.loop.resync-interval", () -> "10m");
        r.add("tether.webhooks.safety-resync", () -> "10m");
    }

    @LocalServerPort
    int port;
    @Autowired
    HerokuEmulator heroku;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AppWebhooks appWebhooks;

    TetherApi api;
    Dashboard dashboard;

    @BeforeEach
    void connect() {
        api = new TetherApi(port, TetherTestSupport.API_TOKEN);
        dashboard = new Dashboard(heroku.baseUrl());
    }

    private String applyAndAwaitWebhook(String name) {
        assertThat(api.yaml("apiVersion: tether.dev/v1\nkind: HerokuApp\nmetadata:\n  name: " + name
                + "\nspec:\n  configVars:\n    LOG_LEVEL: info\n").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode status = api.get("/api/v1/resources/HerokuApp/" + name).json().get("status");
            assertThat(status.at("/external/webhook").asBoolean()).isTrue();
            assertThat(status.get("conditions").toString()).contains("\"type\":\"Ready\",\"status\":\"True\"");
        });
        return api.get("/api/v1/resources/HerokuApp/" + name).json().at("/status/external/id").asString();
    }

    @Test
    void subscribesToTheAppsWebhooksAtItsOwnReceiver() {
        String id = applyAndAwaitWebhook("hooked-api");
        AppSnapshot app = heroku.app(id).orElseThrow();
        assertThat(app.webhooks()).singleElement().satisfies(w -> {
            assertThat(w.url()).isEqualTo("http://127.0.0.1:" + port + "/webhooks/heroku");
            assertThat(w.include()).contains("api:release", "api:formation", "api:app", "api:addon", "api:domain");
        });
    }

    @Test
    void revertsADashboardChangeWithinSecondsThroughTheWebhook() {
        String id = applyAndAwaitWebhook("fast-api");

        dashboard.setConfigVar("fast-api", "LOG_LEVEL", "trace");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(heroku.app(id).orElseThrow().config()).containsEntry("LOG_LEVEL", "info");
            assertThat(api.get("/api/v1/resources/HerokuApp/fast-api/events").json().get("items"))
                    .anySatisfy(e -> {
                        assertThat(e.get("reason").asString()).isEqualTo("DriftDetected");
                        assertThat(e.path("actor").asString()).isEqualTo("dashboard@example.com");
                    });
        });
        assertThat(heroku.app(id).orElseThrow().deliveries()).anySatisfy(d -> assertThat(d.lastCode()).isEqualTo(202));
    }

    @Test
    void recreatesItsWebhookDeletedByHand() {
        String id = applyAndAwaitWebhook("rehook-api");
        String webhookId = heroku.app(id).orElseThrow().webhooks().getFirst().id();

        dashboard.call("DELETE", "/apps/" + id + "/webhooks/" + webhookId, null);
        api.post("/api/v1/resources/HerokuApp/rehook-api/reconcile", "application/json", "");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(heroku.app(id).orElseThrow().webhooks()).singleElement()
                        .satisfies(w -> assertThat(w.id()).isNotEqualTo(webhookId)));
    }

    @Test
    void refusesDeliveriesThatDoNotVerifyAndEnqueuesNothing() {
        String id = applyAndAwaitWebhook("guarded-api");
        long before = requestedSeq("guarded-api");
        String body = "{\"action\":\"update\",\"resource\":\"release\",\"actor\":{\"email\":\"mallory@example.com\"},"
                + "\"data\":{\"app\":{\"id\":\"" + id + "\",\"name\":\"guarded-api\"}}}";

        TetherApi anonymous = api.withToken(null);
        TetherApi.Response wrong = anonymous.post("/webhooks/heroku", "application/json", body.getBytes(StandardCharsets.UTF_8),
                Map.of("Heroku-Webhook-Hmac-SHA256", "bm90IHRoZSByaWdodCBzaWduYXR1cmU="));
        TetherApi.Response missing = anonymous.post("/webhooks/heroku", "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of());
        TetherApi.Response garbage = anonymous.post("/webhooks/heroku", "application/json", "not json".getBytes(), Map.of(
                "Heroku-Webhook-Hmac-SHA256", "x"));

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(garbage.status()).isEqualTo(401);
        assertThat(requestedSeq("guarded-api")).isEqualTo(before);
        assertThat(jdbc.sql("SELECT count(*) FROM heroku_webhook_actors WHERE actor = 'mallory@example.com'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void aReplayedDeliveryIsTakenOnceAndAnOldOneIsIgnored() throws Exception {
        String id = applyAndAwaitWebhook("replayed-api");
        String secret = appWebhooks.secret("replayed-api").orElseThrow();
        Captured delivery;
        // a copy of what Heroku delivers, captured on the wire: the Dashboard user subscribes a
        // listener of theirs with the same secret (what someone who learnt it could capture)
        try (Capture capture = Capture.start()) {
            dashboard.call("POST", "/apps/" + id + "/webhooks", "{\"url\":\"" + capture.url()
                    + "\",\"include\":[\"api:release\"],\"level\":\"notify\",\"secret\":\"" + secret + "\"}");
            dashboard.setConfigVar(id, "REPLAYED_AT", "1");
            delivery = capture.next();
        }
        awaitIdle("replayed-api");
        long seqBefore = requestedSeq("replayed-api");
        long passesBefore = heroku.callCount("GET", "/apps/{app}");

        TetherApi anonymous = api.withToken(null);
        int taken = 0;
        int ignored = 0;
        for (int i = 0; i < 200; i++) {
            TetherApi.Response r = anonymous.post("/webhooks/heroku", "application/json", delivery.body(), delivery.headers());
            if (r.status() == 202) {
                taken++;
            } else if (r.status() == 200 && r.body().contains("ignored")) {
                ignored++;
            } else {
                throw new AssertionError("delivery " + i + " answered " + r.status() + " " + r.body());
            }
        }
        assertThat(taken).as("the one delivery Tether had not seen yet is taken once").isEqualTo(1);
        assertThat(ignored).isEqualTo(199);
        assertThat(requestedSeq("replayed-api") - seqBefore).as("enqueues for 200 posts").isLessThanOrEqualTo(1);
        awaitIdle("replayed-api");
        assertThat(heroku.callCount("GET", "/apps/{app}") - passesBefore).as("passes (one GET /apps/{app} each)")
                .isLessThanOrEqualTo(2);

        // the same event re-dated and re-signed: taken while fresh, ignored when ten minutes old
        JsonNode payload = MAPPER.readTree(delivery.body());
        byte[] now = redated(payload, Instant.now());
        TetherApi.Response fresh = anonymous.post("/webhooks/heroku", "application/json", now, signed(now, secret));
        assertThat(fresh.status()).as(fresh.body()).isEqualTo(202);
        awaitIdle("replayed-api");
        long seqBeforeOld = requestedSeq("replayed-api");
        byte[] old = redated(payload, Instant.now().minus(Duration.ofMinutes(10)));
        TetherApi.Response stale = anonymous.post("/webhooks/heroku", "application/json", old, signed(old, secret));
        assertThat(stale.status()).as(stale.body()).isEqualTo(200);
        assertThat(stale.body()).contains("ignored");
        assertThat(requestedSeq("replayed-api")).isEqualTo(seqBeforeOld);
    }

    private static final tools.jackson.databind.json.JsonMapper MAPPER = tools.jackson.databind.json.JsonMapper.builder().build();

    /** The payload with a new delivery id and the given time, as a new delivery would carry. */
    private static byte[] redated(JsonNode payload, Instant at) {
        tools.jackson.databind.node.ObjectNode copy = (tools.jackson.databind.node.ObjectNode) payload.deepCopy();
        copy.put("created_at", at.toString());
        copy.put("published_at", at.toString());
        ((tools.jackson.databind.node.ObjectNode) copy.get("webhook_metadata").get("delivery"))
                .put("id", java.util.UUID.nameUUIDFromBytes(at.toString().getBytes(StandardCharsets.UTF_8)).toString());
        return MAPPER.writeValueAsBytes(copy);
    }

    private static Map<String, String> signed(byte[] body, String secret) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Map.of("Heroku-Webhook-Hmac-SHA256", java.util.Base64.getEncoder().encodeToString(mac.doFinal(body)));
    }

    /** No pass of the app running or waiting. */
    private void awaitIdle(String name) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> jdbc.sql("""
                        SELECT count(*) FROM work_queue WHERE kind = 'HerokuApp' AND name = :n
                          AND claimed_seq = requested_seq AND (claimed_until IS NULL OR claimed_until < now())
                          AND last_finished_at >= last_started_at""")
                .param("n", name).query(Long.class).single() == 1);
    }

    /** A delivery as it came over the wire: the raw body and the headers a receiver reads. */
    record Captured(byte[] body, Map<String, String> headers) {
    }

    /** A loopback listener standing in for someone's webhook endpoint. */
    static final class Capture implements AutoCloseable {
        private final com.sun.net.httpserver.HttpServer server;
        private final java.util.concurrent.BlockingQueue<Captured> received = new java.util.concurrent.LinkedBlockingQueue<>();

        private Capture(com.sun.net.httpserver.HttpServer server) {
            this.server = server;
        }

        static Capture start() throws java.io.IOException {
            var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            Capture capture = new Capture(server);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                Map<String, String> headers = new java.util.HashMap<>();
                for (String h : java.util.List.of("Heroku-Webhook-Hmac-SHA256", "Heroku-Webhook-Id", "Heroku-Webhook-Sent-At")) {
                    String v = exchange.getRequestHeaders().getFirst(h);
                    if (v != null) {
                        headers.put(h, v);
                    }
                }
                capture.received.add(new Captured(body, Map.copyOf(headers)));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return capture;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        Captured next() throws InterruptedException {
            Captured c = received.poll(30, java.util.concurrent.TimeUnit.SECONDS);
            if (c == null) {
                throw new AssertionError("no delivery reached the listener within 30 s");
            }
            return c;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private long requestedSeq(String name) {
        return jdbc.sql("SELECT requested_seq FROM work_queue WHERE kind = 'HerokuApp' AND name = :n")
                .param("n", name).query(Long.class).single();
    }
}
