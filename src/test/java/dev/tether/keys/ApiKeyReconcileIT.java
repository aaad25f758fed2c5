package dev.tether.keys;

import dev.tether.secrets.SecretStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.Dashboard;
import dev.tether.TetherApi;
import dev.tether.TetherTestSupport;
import dev.tether.manifest.Kind;
import dev.tether.manifest.ResourceKey;
import dev.tether.reconcile.WorkQueue;
import dev.tether.sandbox.heroku.HerokuEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * An ApiKey kept true by events, not polling: the resync here is ten minutes, so anything an
 * ApiKey does within seconds came from an app's webhook or from its HerokuApp changing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiKeyReconcileIT {

    private static final java.nio.file.Path DATA_DIR = TetherTestSupport.freshDataDir();
    private static final Duration CONVERGE = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        TetherTestSupport.sandboxContext(r, DATA_DIR, "10m");
    }

    @LocalServerPort
    int port;
    @Autowired
    HerokuEmulator heroku;
    @Autowired
    SecretStore secrets;
    @Autowired
    WorkQueue queue;
    @Autowired
    dev.tether.manifest.DesiredStateStore store;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    TetherApi api;
    Dashboard dashboard;
    private final List<String> applied = new ArrayList<>();

    @BeforeEach
    void connect() {
        api = new TetherApi(port, TetherTestSupport.API_TOKEN);
        dashboard = new Dashboard(heroku.baseUrl());
        dashboard.call("DELETE", "/__sandbox/rate-limit", null);
    }

    @AfterEach
    void deleteApplied() {
        java.util.Collections.reverse(applied);
        applied.forEach(key -> api.delete("/api/v1/resources/" + key));
        applied.clear();
    }

    private void apply(String kind, String name, String yaml) {
        TetherApi.Response r = api.yaml(yaml);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        if (!applied.contains(kind + "/" + name)) {
            applied.add(kind + "/" + name);
        }
    }

    private void app(String name, String extra) {
        apply("HerokuApp", name, """
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: %s}
                spec:
                  configVars: {LOG_LEVEL: info}
                %s
                """.formatted(name, extra.indent(2).stripTrailing()));
    }

    private void key(String name, String app, String extra) {
        apply("ApiKey", name, """
                apiVersion: tether.dev/v1
                kind: ApiKey
                metadata: {name: %s}
                spec:
                  targets: [{app: %s}]
                %s
                """.formatted(name, app, extra.indent(2).stripTrailing()));
    }

    private JsonNode resource(String kind, String name) {
        return api.get("/api/v1/resources/" + kind + "/" + name).json();
    }

    /** The Ready condition as {status, reason, message}. */
    private List<String> ready(String kind, String name) {
        for (JsonNode c : resource(kind, name).at("/status/conditions")) {
            if (c.path("type").asString().equals("Ready")) {
                return List.of(c.path("status").asString(), c.path("reason").asString(), c.path("message").asString());
            }
        }
        return List.of("", "", "");
    }

    private void awaitReady(String kind, String name) {
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(ready(kind, name)).as(kind + "/" + name).first().isEqualTo("True"));
    }

    private List<JsonNode> events(String kind, String name) {
        List<JsonNode> out = new ArrayList<>();
        api.get("/api/v1/resources/" + kind + "/" + name + "/events?limit=500").json().get("items").forEach(out::add);
        return out;
    }

    private Map<String, String> config(String appIdOrName) {
        return heroku.app(appIdOrName).orElseThrow().config();
    }

    @Test
    void dashboardOverwriteOfTheKeyIsFoundThroughTheWebhookRevertedAndAttributed() {
        app("hand-api", "");
        key("hand-key", "hand-api", "");
        await().atMost(CONVERGE).until(() -> resource("HerokuApp", "hand-api").at("/status/external/webhook").asBoolean());
        awaitReady("ApiKey", "hand-key");
        String key = secrets.get("ApiKey", "hand-key", "current").orElseThrow();
        assertThat(config("hand-api")).containsEntry("INTERNAL_API_KEY", key);

        dashboard.setConfigVar("hand-api", "INTERNAL_API_KEY", "chosen-by-hand");

        // ten-minute resync: only the app's release webhook can explain a revert within a minute
        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(config("hand-api")).containsEntry("INTERNAL_API_KEY", key);
            List<JsonNode> timeline = events("ApiKey", "hand-key");
            assertThat(timeline).anySatisfy(e -> {
                assertThat(e.get("reason").asString()).isEqualTo("DriftDetected");
                assertThat(e.path("actor").asString()).isEqualTo("dashboard@example.com");
                assertThat(e.get("message").asString()).contains("INTERNAL_API_KEY")
                        .doesNotContain("chosen-by-hand").doesNotContain(key);
            });
            assertThat(timeline).anySatisfy(e -> {
                assertThat(e.get("reason").asString()).isEqualTo("DriftReverted");
                assertThat(e.get("message").asString()).contains("dashboard@example.com");
            });
        });
        awaitReady("ApiKey", "hand-key");
    }

    @Test
    void keyFollowsItsAppWhenTetherRecreatesIt() {
        app("phoenix-api", "driftPolicy: {mode: report}");
        key("phoenix-key", "phoenix-api", "");
        awaitReady("ApiKey", "phoenix-key");
        // the app converged first (Ready): its going missing is then a change its dependents are woken for
        awaitReady("HerokuApp", "phoenix-api");
        String key = secrets.get("ApiKey", "phoenix-key", "current").orElseThrow();
        String oldId = resource("HerokuApp", "phoenix-api").at("/status/external/id").asString();
        assertThat(config(oldId)).containsEntry("INTERNAL_API_KEY", key);

        // destroyed by hand; Tether looks at the app (as its resync would) and reports it missing
        dashboard.call("DELETE", "/apps/" + oldId, null);
        queue.enqueue(new ResourceKey(Kind.HEROKU_APP, "phoenix-api"), Instant.now(), "test", false);

        // the key does not write to a dead app id: it waits for its app
        await().atMost(CONVERGE).untilAsserted(() -> {
            List<String> c = ready("ApiKey", "phoenix-key");
            assertThat(c.get(0)).as(c.toString()).isEqualTo("False");
            assertThat(c.get(1)).as(c.toString()).isEqualTo("WaitingForDependency");
            assertThat(c.get(2)).contains("HerokuApp/phoenix-api");
        });

        // the drift policy now recreates it: a new id, and the key follows at once
        app("phoenix-api", "driftPolicy: {mode: revert}");
        await().atMost(CONVERGE).untilAsserted(() -> {
            String newId = resource("HerokuApp", "phoenix-api").at("/status/external/id").asString();
            assertThat(newId).isNotBlank().isNotEqualTo(oldId);
            assertThat(config(newId)).containsEntry("INTERNAL_API_KEY", key);
        });
        awaitReady("ApiKey", "phoenix-key");
        assertThat(events("ApiKey", "phoenix-key")).as("following a recreated app is Tether's own move, not drift")
                .noneSatisfy(e -> assertThat(e.get("reason").asString()).isEqualTo("DriftDetected"))
                .noneSatisfy(e -> assertThat(e.get("message").asString()).contains("Couldn't find that app"));
    }

    @Test
    void separateVarFormKeepsOneKeyPerVarDuringTheGracePeriodAndDropsThePreviousAfter() {
        app("twovar-api", "");
        key("long-grace-key", "twovar-api", "rotationFormat: separateVar\ngracePeriod: 10m");
        apply("ApiKey", "short-grace-key", """
                apiVersion: tether.dev/v1
                kind: ApiKey
                metadata: {name: short-grace-key}
                spec:
                  targets: [{app: twovar-api, configVar: OTHER_KEY}]
                  rotationFormat: separateVar
                  gracePeriod: 1s
                """);
        awaitReady("ApiKey", "long-grace-key");
        awaitReady("ApiKey", "short-grace-key");
        String longOld = secrets.get("ApiKey", "long-grace-key", "current").orElseThrow();
        String shortOld = secrets.get("ApiKey", "short-grace-key", "current").orElseThrow();
        assertThat(config("twovar-api")).containsEntry("INTERNAL_API_KEY", longOld).doesNotContainKey("INTERNAL_API_KEY_PREVIOUS");

        assertThat(api.post("/api/v1/resources/ApiKey/long-grace-key/rotate", null, (String) null).status()).isEqualTo(202);
        assertThat(api.post("/api/v1/resources/ApiKey/short-grace-key/rotate", null, (String) null).status()).isEqualTo(202);

        // in the grace period: the var holds only the new key, the previous one sits in its own var
        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(resource("ApiKey", "long-grace-key").at("/status/external/rotationPhase").asString()).isEqualTo("GRACE");
            String next = secrets.get("ApiKey", "long-grace-key", "next").orElseThrow();
            assertThat(config("twovar-api")).containsEntry("INTERNAL_API_KEY", next).containsEntry("INTERNAL_API_KEY_PREVIOUS", longOld);
        });
        // after it: only the new key, the previous var removed
        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode ext = resource("ApiKey", "short-grace-key").at("/status/external");
            assertThat(ext.path("keyVersion").asInt()).isEqualTo(2);
            assertThat(ext.path("rotationPhase").asString()).isEqualTo("STEADY");
            String now = secrets.get("ApiKey", "short-grace-key", "current").orElseThrow();
            assertThat(now).isNotEqualTo(shortOld);
            assertThat(config("twovar-api")).containsEntry("OTHER_KEY", now).doesNotContainKey("OTHER_KEY_PREVIOUS");
        });
        assertThat(events("ApiKey", "short-grace-key")).as("a rotation is Tether's own move, never drift")
                .noneSatisfy(e -> assertThat(e.get("reason").asString()).isEqualTo("DriftDetected"));
    }

    /**
     * Issue 13 item 2's safety net: two ApiKeys claiming one var, stored before validation
     * refused a second owner (the second claim written into its row with SQL, as such rows were
     * stored before apply refused it). Each revert is
     * undone by Tether's own account; one of them stops, says so, and leaves the var to the other.
     */
    @Test
    void twoKeysStoredForOneVarStopFightingAndSaySo() {
        app("fight-api", "");
        await().atMost(CONVERGE).until(() -> resource("HerokuApp", "fight-api").at("/status/external/webhook").asBoolean());
        tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
        List<dev.tether.manifest.Manifest> claims = new ArrayList<>();
        for (String name : List.of("fight-a", "fight-b")) {
            // fight-b first claims a var of its own: apply refuses a second owner today
            String var = name.equals("fight-b") ? ", \"configVar\": \"FIGHT_B_KEY\"" : "";
            tools.jackson.databind.node.ObjectNode spec = (tools.jackson.databind.node.ObjectNode)
                    json.readTree("{\"targets\": [{\"app\": \"fight-api\"" + var + "}]}");
            claims.add(new dev.tether.manifest.Manifest(Kind.API_KEY, name, Map.of(), null, spec));
            applied.add("ApiKey/" + name);
        }
        store.apply(claims, "test", false, null);
        // ... and a row from before that rule claims the same var as fight-a
        assertThat(jdbc.sql("UPDATE resources SET spec = CAST(:spec AS jsonb) WHERE kind = 'ApiKey' AND name = 'fight-b'")
                .param("spec", "{\"targets\": [{\"app\": \"fight-api\"}]}").update()).isEqualTo(1);
        assertThat(api.post("/api/v1/resources/ApiKey/fight-b/reconcile", null, (String) null).status()).isEqualTo(202);

        await().atMost(CONVERGE).untilAsserted(() -> {
            List<String> a = ready("ApiKey", "fight-a");
            List<String> b = ready("ApiKey", "fight-b");
            String loser = a.get(1).equals("OwnershipConflict") ? "fight-a" : "fight-b";
            String winner = loser.equals("fight-a") ? "fight-b" : "fight-a";
            List<String> held = ready("ApiKey", loser);
            assertThat(held.get(1)).as(a + " / " + b).isEqualTo("OwnershipConflict");
            assertThat(held.get(0)).isEqualTo("False");
            assertThat(held.get(2)).contains("INTERNAL_API_KEY on fight-api").contains("another owner");
            // the held-off key leaves the var to the other one: the gateway of that one keeps working
            assertThat(config("fight-api")).containsEntry("INTERNAL_API_KEY",
                    secrets.get("ApiKey", winner, "current").orElseThrow());
        });
    }
}
