package dev.tether.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.AppCalls;
import dev.tether.Dashboard;
import dev.tether.TetherApi;
import dev.tether.TetherTestSupport;
import dev.tether.sandbox.heroku.HerokuEmulator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A quiet ApiKey trusts its app's newest release to stand for its config vars, so when the app's
 * webhook deliveries are lost, the app's own finding must tell the key: here the key's resync is
 * ten minutes and the app's safety poll two seconds, so a revert within a minute can only come
 * from the app's heartbeat that found the release moved with no delivery announcing it, and woke
 * what targets the app.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiKeyDeliveriesLostIT {

    private static final java.nio.file.Path DATA_DIR = TetherTestSupport.freshDataDir();
    private static final Duration CONVERGE = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        TetherTestSupport.sandboxContext(r, DATA_DIR, "10m", "2s");
    }

    @LocalServerPort
    int port;
    @Autowired
    HerokuEmulator heroku;

    @Test
    void aChangeNoDeliveryAnnouncedIsRevertedOnceTheAppsHeartbeatFindsItsRelease() {
        TetherApi api = new TetherApi(port, TetherTestSupport.API_TOKEN);
        Dashboard dashboard = new Dashboard(heroku.baseUrl());
        assertThat(api.yaml("""
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: lost-api}
                spec:
                  configVars: {LOG_LEVEL: info}
                ---
                apiVersion: tether.dev/v1
                kind: ApiKey
                metadata: {name: lost-key}
                spec:
                  targets: [{app: lost-api}]
                """).status()).isEqualTo(200);
        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode app = api.get("/api/v1/resources/HerokuApp/lost-api").json();
            JsonNode key = api.get("/api/v1/resources/ApiKey/lost-key").json();
            assertThat(app.at("/status/external/webhook").asBoolean()).isTrue();
            assertThat(key.at("/status/conditions").toString()).contains("\"type\":\"Ready\",\"status\":\"True\"");
            String watched = app.at("/status/external/id").asString() + "@" + app.at("/status/external/observation/release").asInt();
            assertThat(key.at("/status/external/configReadAt/lost-api").asString()).isEqualTo(watched);
        });
        String id = api.get("/api/v1/resources/HerokuApp/lost-api").json().at("/status/external/id").asString();
        String key = heroku.app(id).orElseThrow().config().get("INTERNAL_API_KEY");
        String webhookId = heroku.app(id).orElseThrow().webhooks().getFirst().id();
        // settled: the converge's own writes and their deliveries are behind it once heartbeats ran
        AppCalls.awaitHeartbeatsOnly(heroku, id, CONVERGE);

        // deliveries lost: the subscription is gone, and the key's var is changed by hand (no delivery says so)
        dashboard.call("DELETE", "/apps/" + id + "/webhooks/" + webhookId, null);
        dashboard.setConfigVar("lost-api", "INTERNAL_API_KEY", "typed-by-hand");

        await().atMost(CONVERGE).until(() -> key.equals(heroku.app(id).orElseThrow().config().get("INTERNAL_API_KEY")));
    }
}
