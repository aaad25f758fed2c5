package dev.tether.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.AppCalls;
import dev.tether.SandboxTestBase;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The routine poll of a quiet ApiKey (DESIGN §7: ≤ 3 Heroku calls per app per hour with
 * webhooks): while its app's newest release is the one its config vars were read at, the key
 * does not read them again (Heroku cuts a release for every config-var change, and Tether's
 * HerokuApp watches the newest release). A change by hand is still reverted: its release
 * delivery wakes the key, and when deliveries are lost, the app's finding so wakes it. Every
 * Platform API call about the app is counted by the emulator, over real HTTP; the key's routine
 * poll and the app's safety poll run every 2 s here.
 */
class ApiKeyPollIT extends SandboxTestBase {

    private final List<String> applied = new java.util.ArrayList<>();


    @AfterEach
    void deleteApplied() {
        java.util.Collections.reverse(applied);
        applied.forEach(k -> api.delete("/api/v1/resources/" + k));
        applied.clear();
    }

    /** An app and a key set on it, converged, quiet: its last calls are heartbeats. Answers the app's id. */
    private String applyQuietKey(String name) {
        assertThat(api.yaml("""
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: %1$s-api}
                spec:
                  configVars: {LOG_LEVEL: info}
                ---
                apiVersion: tether.dev/v1
                kind: ApiKey
                metadata: {name: %1$s-key}
                spec:
                  targets: [{app: %1$s-api}]
                """.formatted(name)).status()).isEqualTo(200);
        applied.add("HerokuApp/" + name + "-api");
        applied.add("ApiKey/" + name + "-key");
        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode app = resource("HerokuApp", name + "-api");
            assertThat(app.at("/status/external/webhook").asBoolean()).isTrue();
            assertThat(app.at("/status/conditions").toString()).contains("\"type\":\"Ready\",\"status\":\"True\"");
            JsonNode key = resource("ApiKey", name + "-key");
            assertThat(key.at("/status/conditions").toString()).contains("\"type\":\"Ready\",\"status\":\"True\"");
            // the key's vars were last read at the release the app now knows as its newest
            String watched = app.at("/status/external/id").asString() + "@" + app.at("/status/external/observation/release").asInt();
            assertThat(key.at("/status/external/configReadAt/" + name + "-api").asString()).isEqualTo(watched);
        });
        String id = resource("HerokuApp", name + "-api").at("/status/external/id").asString();
        // settled: the converge's own writes and their deliveries are behind it once heartbeats ran
        AppCalls.awaitHeartbeatsOnly(heroku, id, CONVERGE);
        return id;
    }

    private JsonNode resource(String kind, String name) {
        return api.get("/api/v1/resources/" + kind + "/" + name).json();
    }

    @Test
    void aQuietKeyReadsNoConfigVarsWhileItsAppsReleaseStaysAndStillRevertsAChangeByHand() {
        String id = applyQuietKey("quiet");
        String key = heroku.app(id).orElseThrow().config().get("INTERNAL_API_KEY");
        assertThat(key).isNotBlank();

        // routine polls of the key: none reads the app's config vars
        Set<String> passes = new HashSet<>();
        try (AppCalls r = new AppCalls(heroku, id)) {
            await().atMost(CONVERGE).until(() -> {
                passes.add(resource("ApiKey", "quiet-key").at("/status/lastReconciledAt").asString());
                return passes.size() >= 5;
            });
            assertThat(r.count("GET /apps/{app}/config-vars")).as("four routine polls of the key: %s", r.routes()).isZero();
            assertThat(r.routes()).as("only the app's heartbeats").allMatch(s -> s.startsWith("GET /apps/{app}/releases"));
        }

        // a change by hand cuts a release: its delivery wakes the key, which reads and reverts
        dashboard.setConfigVar("quiet-api", "INTERNAL_API_KEY", "typed-by-hand");
        await().atMost(CONVERGE).until(() -> key.equals(heroku.app(id).orElseThrow().config().get("INTERNAL_API_KEY")));
    }

    @Test
    void aNewKeyIsSetOnItsTargetInThePassThatMakesItAfterOneRead() {
        assertThat(api.yaml("""
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: firstpass-api}
                spec:
                  configVars: {LOG_LEVEL: info}
                """).status()).isEqualTo(200);
        applied.add("HerokuApp/firstpass-api");
        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode app = resource("HerokuApp", "firstpass-api");
            assertThat(app.at("/status/external/webhook").asBoolean()).isTrue();
            assertThat(app.at("/status/conditions").toString()).contains("\"type\":\"Ready\",\"status\":\"True\"");
        });
        String id = resource("HerokuApp", "firstpass-api").at("/status/external/id").asString();
        AppCalls.awaitHeartbeatsOnly(heroku, id, CONVERGE);

        // the app is quiet (heartbeats only): every config-var read from here until the key is set is the key's
        try (AppCalls r = new AppCalls(heroku, id)) {
            assertThat(api.yaml("""
                    apiVersion: tether.dev/v1
                    kind: ApiKey
                    metadata: {name: firstpass-key}
                    spec:
                      targets: [{app: firstpass-api}]
                    """).status()).isEqualTo(200);
            applied.add("ApiKey/firstpass-key");
            await().atMost(CONVERGE).until(() -> r.count("PATCH /apps/{app}/config-vars") >= 1);
            List<String> untilSet = new java.util.ArrayList<>();
            for (String route : r.routes()) {
                if (route.startsWith("PATCH /apps/{app}/config-vars")) {
                    break;
                }
                untilSet.add(route);
            }
            assertThat(untilSet).as("the key read its target once, made the key and set it in the same pass: %s", r.routes())
                    .filteredOn(s -> s.startsWith("GET /apps/{app}/config-vars")).hasSize(1);
        }
        assertThat(heroku.app(id).orElseThrow().config().get("INTERNAL_API_KEY")).isNotBlank();
    }

    @Test
    void whileDeliveriesAreLostTheKeyReadsItsVarsAgainAndRevertsAChangeNoDeliveryAnnounced() {
        String id = applyQuietKey("deafkey");
        String key = heroku.app(id).orElseThrow().config().get("INTERNAL_API_KEY");
        String webhookId = heroku.app(id).orElseThrow().webhooks().getFirst().id();

        // deliveries lost: the subscription is gone, and the key's var is changed by hand (no delivery says so)
        dashboard.call("DELETE", "/apps/" + id + "/webhooks/" + webhookId, null);
        dashboard.setConfigVar("deafkey-api", "INTERNAL_API_KEY", "typed-by-hand");

        // the app's heartbeat finds a release no delivery announced; the key reads its var and reverts it
        await().atMost(CONVERGE).until(() -> key.equals(heroku.app(id).orElseThrow().config().get("INTERNAL_API_KEY")));
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(resource("ApiKey", "deafkey-key").at("/status/conditions").toString())
                .contains("\"type\":\"Ready\",\"status\":\"True\""));
    }
}
