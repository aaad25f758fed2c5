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

    private long requestedSeq(String name) {
        return jdbc.sql("SELECT requested_seq FROM work_queue WHERE kind = 'HerokuApp' AND name = :n")
                .param("n", name).query(Long.class).single();
    }
}
