package dev.tether.kong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.secrets.SecretStore;
import dev.tether.sandbox.kong.KongEmulator;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The security invariant end to end over real sockets: Tether's API, the Heroku emulator's
 * backends that demand X-Internal-API-Key, the Kong emulator's proxy, embedded PostgreSQL.
 */
class GatewayIT extends GatewayTestBase {

    @Autowired
    SecretStore secrets;

    @Autowired
    MeterRegistry meters;

    /** An app, a key for it, and a service routing /{prefix} to it; waits until the lock is proven. */
    private void topology(String prefix, String keyExtra) {
        apply(guardedApp(prefix, ONE_WEB_DYNO, keyExtra));
        awaitCondition("KongService", prefix, "Ready", "True");
        awaitCondition("KongService", prefix, "Secured", "True");
    }

    private String currentKey(String apiKey) {
        return secrets.get("ApiKey", apiKey, "current").orElseThrow();
    }

    private JsonNode route(String name) {
        return kong.find("routes", name).orElseThrow(() -> new AssertionError("no route " + name));
    }

    @Test
    void backendAnswersOnlyThroughTheGatewayAndASpoofedKeyIsReplaced() {
        topology("lock", "");
        HttpResponse<String> through = proxy("/lock", Map.of());
        assertThat(through.statusCode()).as(through.body()).isEqualTo(200);
        assertThat(through.body()).contains("\"app\":\"lock-api\"");

        HttpResponse<String> direct = send("GET", webUrl("lock-api"), Map.of(), null);
        assertThat(direct.statusCode()).isEqualTo(401);

        HttpResponse<String> spoofed = proxy("/lock", Map.of("X-Internal-API-Key", "guessed-by-a-client"));
        assertThat(spoofed.statusCode()).as("a client-sent key must be replaced, not passed through").isEqualTo(200);

        assertThat(heroku.app("lock-api").orElseThrow().config().get("INTERNAL_API_KEY")).isEqualTo(currentKey("lock-key"));
        assertThat(currentKey("lock-key")).matches("[A-Za-z0-9_-]{43}"); // 32 random bytes, URL-safe base64
        List<String> tags = new ArrayList<>();
        route("lock-public").get("tags").forEach(t -> tags.add(t.asString()));
        assertThat(tags).contains("managed-by-tether", "tether:KongService:lock");
    }

    @Test
    void outOfBandChangesInKongAreRevertedAndForeignRoutesLeftAlone() {
        topology("drift", "");
        String serviceId = resource("KongService", "drift").at("/status/external/serviceId").asString();

        // a route path changed by hand: reverted within a poll or two (poll = 1 s)
        assertThat(admin("PATCH", "/routes/drift-public", "{\"paths\":[\"/hijacked\"]}").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(route("drift-public").get("paths").toString()).isEqualTo("[\"/drift\"]"));
        // the pass writes its events when it ends, a moment after its Kong write is visible
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(events("KongService", "drift")).anySatisfy(e -> assertThat(e.get("reason").asString()).isEqualTo("DriftDetected")));

        // the route deleted: recreated
        assertThat(admin("DELETE", "/routes/drift-public", null).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> kong.find("routes", "drift-public").isPresent());
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy("/drift", Map.of()).statusCode() == 200);

        // the key-injecting plugin removed: restored, and the lock holds again
        String pluginId = kong.list("plugins").stream().filter(p -> p.path("name").asString().equals("request-transformer")
                && p.path("service").path("id").asString().equals(serviceId)).findFirst().orElseThrow().get("id").asString();
        assertThat(admin("DELETE", "/plugins/" + pluginId, null).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> kong.find("plugins", pluginId).isPresent());
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy("/drift", Map.of()).statusCode() == 200);

        // a stray route without Tether's tags on the same service: never touched
        HttpResponse<String> stray = admin("POST", "/services/" + serviceId + "/routes",
                "{\"name\":\"someone-elses\",\"paths\":[\"/theirs\"],\"tags\":[\"team-b\"]}");
        assertThat(stray.statusCode()).as(stray.body()).isEqualTo(201);
        // a stray route carrying Tether's tags is Tether's to remove
        HttpResponse<String> tagged = admin("POST", "/services/" + serviceId + "/routes",
                "{\"name\":\"drift-extra\",\"paths\":[\"/extra\"],\"tags\":[\"managed-by-tether\",\"tether:KongService:drift\"]}");
        assertThat(tagged.statusCode()).as(tagged.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> kong.find("routes", "drift-extra").isEmpty());
        assertThat(kong.find("routes", "someone-elses")).isPresent();
        assertThat(kong.find("routes", "someone-elses").get().get("paths").toString()).isEqualTo("[\"/theirs\"]");
        awaitCondition("KongService", "drift", "Ready", "True");
    }

    @Test
    void reportPolicyRecordsDriftWithoutReverting() {
        apply("""
                apiVersion: tether.dev/v1
                kind: KongService
                metadata: {name: reported}
                spec:
                  upstream: {url: "http://127.0.0.1:5999"}
                  routes: [{name: reported-r, paths: [/reported]}]
                  driftPolicy: {mode: report}
                """);
        awaitCondition("KongService", "reported", "Ready", "True");
        assertThat(admin("PATCH", "/routes/reported-r", "{\"paths\":[\"/elsewhere\"]}").statusCode()).isEqualTo(200);
        awaitCondition("KongService", "reported", "Drifted", "True");
        assertThat(route("reported-r").get("paths").toString()).isEqualTo("[\"/elsewhere\"]");
        assertThat(resource("KongService", "reported").at("/status/drift/0/path").asString()).isEqualTo("routes.reported-r.paths");
    }

    @Test
    void rotationUnderSteadyTrafficLosesNoRequest() throws Exception {
        topology("rot", "gracePeriod: 1s");
        String before = currentKey("rot-key");
        SteadyTraffic traffic = SteadyTraffic.start(2, () -> proxy("/rot", Map.of()));
        try (traffic) {
            await().atMost(CONVERGE).until(() -> traffic.ok() >= 300);
            assertThat(api.post("/api/v1/resources/ApiKey/rot-key/rotate", null, (String) null).status()).isEqualTo(202);
            await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                JsonNode ext = resource("ApiKey", "rot-key").at("/status/external");
                assertThat(ext.path("keyVersion").asInt()).isEqualTo(2);
                assertThat(ext.path("rotationPhase").asString()).isEqualTo("STEADY");
            });
            await().atMost(CONVERGE).until(() -> traffic.ok() >= 2000);
        }
        assertThat(traffic.failures()).as("failed requests during the rotation").isEmpty();
        String after = currentKey("rot-key");
        assertThat(after).isNotEqualTo(before);
        assertThat(heroku.app("rot-api").orElseThrow().config().get("INTERNAL_API_KEY")).isEqualTo(after);
        assertThat(send("GET", webUrl("rot-api"), Map.of("X-Internal-API-Key", before), null).statusCode())
                .as("the old key is refused after the grace period").isEqualTo(401);
        List<String> steps = events("ApiKey", "rot-key").stream().filter(e -> e.get("reason").asString().equals("KeyRotated"))
                .map(e -> e.get("message").asString()).toList();
        assertThat(steps).anyMatch(m -> m.contains("step 1/3")).anyMatch(m -> m.contains("Step 2/3")).anyMatch(m -> m.contains("Step 3/3"));
        assertThat(String.join("\n", steps)).doesNotContain(before).doesNotContain(after);
        assertThat(events("ApiKey", "rot-key")).noneSatisfy(e -> assertThat(e.get("reason").asString()).isEqualTo("DriftDetected"));
    }

    @Test
    void rotateRequestDuringARotationIsRefusedNotMerged() {
        topology("dup", "gracePeriod: 10m");
        assertThat(api.post("/api/v1/resources/ApiKey/dup-key/rotate", null, (String) null).status()).isEqualTo(202);
        // asked again before the first has finished: refused, whatever step the first one is at
        var again = api.post("/api/v1/resources/ApiKey/dup-key/rotate", null, (String) null);
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.header("Content-Type")).startsWith("application/problem+json");
        await().atMost(CONVERGE).untilAsserted(() ->
                assertThat(resource("ApiKey", "dup-key").at("/status/external/rotationPhase").asString()).isEqualTo("GRACE"));
        var during = api.post("/api/v1/resources/ApiKey/dup-key/rotate", null, (String) null);
        assertThat(during.status()).as(during.body()).isEqualTo(409);
        assertThat(during.json().get("detail").asString()).contains("in progress");
        assertThat(events("ApiKey", "dup-key").stream().filter(e -> e.get("reason").asString().equals("RotationRequested"))).hasSize(1);
    }

    @Test
    void aKeyRotationIsAppliedToTheGatewayNeverReportedAsDrift() {
        topology("spin", "gracePeriod: 1s");
        assertThat(api.post("/api/v1/resources/ApiKey/spin-key/rotate", null, (String) null).status()).isEqualTo(202);
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode ext = resource("ApiKey", "spin-key").at("/status/external");
            assertThat(ext.path("keyVersion").asInt()).isEqualTo(2);
            assertThat(ext.path("rotationPhase").asString()).isEqualTo("STEADY");
        });
        await().atMost(CONVERGE).until(() -> proxy("/spin", Map.of()).statusCode() == 200);
        assertThat(resource("KongService", "spin").at("/status/external/injectedKeyVersion").asInt()).isGreaterThanOrEqualTo(2);
        List<JsonNode> events = events("KongService", "spin");
        assertThat(events).as("the gateway's new key is Tether's own write, not drift")
                .noneSatisfy(e -> assertThat(e.get("reason").asString()).isEqualTo("DriftDetected"));
        assertThat(events).filteredOn(e -> e.get("reason").asString().equals("PluginSet")).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(e -> assertThat(e.get("actor").asString()).isEqualTo("tether"));
        assertThat(resource("KongService", "spin").at("/status/drift").size()).isZero();
    }

    @Test
    void keepsItsKongEntitiesTrueWhileTheUpstreamAppIsNotReady() {
        topology("still", "");
        // the upstream app is paused and then changed by hand: it is not Ready (its drift is not acted on)
        assertThat(api.yaml("""
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: still-api}
                spec:
                  release: ${SAMPLE_RELEASE}
                  formation: {web: {quantity: 1, size: Basic}}
                  paused: true
                """).status()).isEqualTo(200);
        await().atMost(CONVERGE).until(() -> "Paused".equals(readyOf("HerokuApp", "still-api").path("reason").asString()));
        dashboard.deployWeb("still-api");
        dashboard.scale("still-api", "web", 2);
        awaitCondition("HerokuApp", "still-api", "Ready", "False");
        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode ready = readyOf("KongService", "still");
            assertThat(ready.path("reason").asString()).isEqualTo("WaitingForDependency");
            assertThat(ready.path("message").asString()).contains("HerokuApp/still-api");
        });

        // a hand-edited route is reverted within a normal poll (1 s here)
        assertThat(admin("PATCH", "/routes/still-public", "{\"paths\":[\"/hijacked\"]}").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(route("still-public").get("paths").toString()).isEqualTo("[\"/still\"]"));

        // a deleted key-injecting plugin is restored, so proxied requests get through again
        String serviceId = resource("KongService", "still").at("/status/external/serviceId").asString();
        String pluginId = kong.list("plugins").stream().filter(p -> p.path("name").asString().equals("request-transformer")
                && p.path("service").path("id").asString().equals(serviceId)).findFirst().orElseThrow().get("id").asString();
        assertThat(admin("DELETE", "/plugins/" + pluginId, null).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> kong.find("plugins", pluginId).isPresent());
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy("/still", Map.of()).statusCode() == 200);

        // the lock is still probed on the last known upstream: a fresh verdict, not a frozen one
        String probedAt = resource("KongService", "still").at("/status/external/probedAt").asString();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(resource("KongService", "still").at("/status/external/probedAt").asString()).isNotEqualTo(probedAt);
            assertThat(condition("KongService", "still", "Secured")).isEqualTo("True");
        });
        assertThat(readyOf("KongService", "still").path("reason").asString()).isEqualTo("WaitingForDependency");
    }

    @Test
    void securedTurnsUnknownWhileTheProbeCannotRun() {
        topology("blind", "");
        // the key the gateway injects is gone from Tether (the app keeps its var: deletionPolicy Orphan)
        assertThat(api.delete("/api/v1/resources/ApiKey/blind-key").status()).isLessThan(300);
        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode secured = conditionOf("KongService", "blind", "Secured");
            assertThat(secured.path("status").asString()).isEqualTo("Unknown");
            assertThat(secured.path("reason").asString()).isEqualTo("ProbeNotRun");
            assertThat(secured.path("message").asString()).contains("ApiKey/blind-key");
        });
        assertThat(readyOf("KongService", "blind").path("reason").asString()).isEqualTo("WaitingForDependency");
    }

    @Test
    void followsItsUpstreamAppWhenTheAppIsRecreated() {
        topology("phoenix", "");
        String oldUrl = webUrl("phoenix-api");
        String oldId = resource("HerokuApp", "phoenix-api").at("/status/external/id").asString();
        dashboard.call("DELETE", "/apps/phoenix-api", null);
        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(resource("HerokuApp", "phoenix-api").at("/status/external/id").asString()).isNotEqualTo(oldId);
            assertThat(condition("HerokuApp", "phoenix-api", "Ready")).isEqualTo("True");
        });
        // the new app's web URL is read fresh each pass: Kong ends on the one the app has now
        await().atMost(CONVERGE).untilAsserted(() -> {
            String newUrl = webUrl("phoenix-api");
            assertThat(newUrl).isNotEqualTo(oldUrl);
            assertThat(KongServicePlanner.sameUrl(serviceUrl("phoenix"), newUrl)).as("Kong's upstream for phoenix: " + serviceUrl("phoenix")
                    + ", the app's: " + newUrl).isTrue();
            assertThat(resource("KongService", "phoenix").at("/status/external/url").asString()).isEqualTo(newUrl);
            assertThat(proxy("/phoenix", Map.of()).statusCode()).isEqualTo(200);
            assertThat(condition("KongService", "phoenix", "Ready")).isEqualTo("True");
        });
        assertThat(events("KongService", "phoenix")).as("following the app is Tether's own move, not drift")
                .noneSatisfy(e -> assertThat(e.get("reason").asString()).isEqualTo("DriftDetected"));
    }

    private String serviceUrl(String name) {
        JsonNode s = kong.find("services", name).orElseThrow();
        return s.path("protocol").asString() + "://" + s.path("host").asString() + ":" + s.path("port").asInt()
                + (s.path("path").isString() ? s.path("path").asString() : "");
    }

    private JsonNode conditionOf(String kind, String name, String type) {
        for (JsonNode c : resource(kind, name).at("/status/conditions")) {
            if (c.path("type").asString().equals(type)) {
                return c;
            }
        }
        return tools.jackson.databind.node.MissingNode.getInstance();
    }

    private JsonNode readyOf(String kind, String name) {
        return conditionOf(kind, name, "Ready");
    }

    @Test
    void kongConsumerAdoptsAGroupChangedByHandAndIgnoresWhatItIsToldTo() {
        apply("""
                apiVersion: tether.dev/v1
                kind: KongConsumer
                metadata: {name: adopter}
                spec:
                  username: adopter
                  acls: [partners, beta]
                  driftPolicy: {mode: adopt}
                ---
                apiVersion: tether.dev/v1
                kind: KongConsumer
                metadata: {name: ignorer}
                spec:
                  username: ignorer
                  acls: [partners, beta]
                  driftPolicy: {ignore: [acls.beta]}
                """);
        awaitCondition("KongConsumer", "adopter", "Ready", "True");
        awaitCondition("KongConsumer", "ignorer", "Ready", "True");

        // adopt: the group removed in Kong is removed from the spec, as a new generation
        assertThat(admin("DELETE", "/consumers/adopter/acls/beta", null).statusCode()).isEqualTo(204);
        await().atMost(CONVERGE).untilAsserted(() ->
                assertThat(resource("KongConsumer", "adopter").at("/spec/acls").toString()).isEqualTo("[\"partners\"]"));
        assertThat(groups("adopter")).containsExactly("partners");

        // ignore: beta removed by hand stays removed while partners, not ignored, is put back in the same pass
        assertThat(admin("DELETE", "/consumers/ignorer/acls/beta", null).statusCode()).isEqualTo(204);
        assertThat(admin("DELETE", "/consumers/ignorer/acls/partners", null).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(groups("ignorer")).contains("partners"));
        assertThat(groups("ignorer")).containsExactly("partners");
        assertThat(resource("KongConsumer", "ignorer").at("/spec/acls").toString()).isEqualTo("[\"partners\",\"beta\"]");
    }

    private List<String> groups(String consumer) {
        List<String> out = new ArrayList<>();
        JsonNode body = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(admin("GET", "/consumers/" + consumer + "/acls", null).body());
        body.path("data").forEach(a -> out.add(a.path("group").asString()));
        return out.stream().sorted().toList();
    }

    @Test
    void keyChangedInTheDashboardIsPutBack() {
        topology("typed", "");
        String key = currentKey("typed-key");
        dashboard.setConfigVar("typed-api", "INTERNAL_API_KEY", "typed-by-hand");
        await().atMost(CONVERGE).untilAsserted(() ->
                assertThat(heroku.app("typed-api").orElseThrow().config().get("INTERNAL_API_KEY")).isEqualTo(key));
        // the pass writes its events after its Heroku write: wait for them rather than race it
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(events("ApiKey", "typed-key")).anySatisfy(e -> {
            assertThat(e.get("reason").asString()).isEqualTo("DriftDetected");
            assertThat(e.get("message").asString()).doesNotContain("typed-by-hand").doesNotContain(key);
        }));
        await().atMost(CONVERGE).until(() -> proxy("/typed", Map.of()).statusCode() == 200);
    }

    @Test
    void deletingAKeyUnsetsItsConfigVarOnlyWithDeletionPolicyDelete() {
        apply("""
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: gone-api}
                spec: {}
                ---
                apiVersion: tether.dev/v1
                kind: ApiKey
                metadata: {name: gone-key}
                spec:
                  targets: [{app: gone-api}]
                  deletionPolicy: Delete
                ---
                apiVersion: tether.dev/v1
                kind: ApiKey
                metadata: {name: kept-key}
                spec:
                  targets: [{app: gone-api, configVar: OTHER_KEY}]
                """);
        awaitCondition("ApiKey", "gone-key", "Ready", "True");
        awaitCondition("ApiKey", "kept-key", "Ready", "True");
        String kept = currentKey("kept-key");
        assertThat(heroku.app("gone-api").orElseThrow().config()).containsKeys("INTERNAL_API_KEY", "OTHER_KEY");

        assertThat(api.delete("/api/v1/resources/ApiKey/gone-key").status()).isEqualTo(202);
        assertThat(api.delete("/api/v1/resources/ApiKey/kept-key").status()).isEqualTo(202);
        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(api.get("/api/v1/resources/ApiKey/gone-key").status()).isEqualTo(404);
            assertThat(api.get("/api/v1/resources/ApiKey/kept-key").status()).isEqualTo(404);
        });
        // Delete: the var Tether set is gone; Orphan (the default): the app keeps the key it runs with
        assertThat(heroku.app("gone-api").orElseThrow().config())
                .doesNotContainKey("INTERNAL_API_KEY")
                .containsEntry("OTHER_KEY", kept);
    }

    @Test
    void aSecondGatewayWithAProxyUrlIsProbedThroughItsOwnProxy() {
        try (KongEmulator edge = KongEmulator.start(0, 0)) {
            apply("""
                    apiVersion: tether.dev/v1
                    kind: KongGateway
                    metadata: {name: edge}
                    spec:
                      adminUrl: %s
                      proxyUrl: %s
                    ---
                    apiVersion: tether.dev/v1
                    kind: HerokuApp
                    metadata: {name: edge-api}
                    spec:
                      release: ${SAMPLE_RELEASE}
                      formation: {web: {quantity: 1, size: Basic}}
                    ---
                    apiVersion: tether.dev/v1
                    kind: ApiKey
                    metadata: {name: edge-key}
                    spec:
                      targets: [{app: edge-api}]
                    ---
                    apiVersion: tether.dev/v1
                    kind: KongService
                    metadata: {name: edge}
                    spec:
                      gateway: edge
                      upstream: {app: edge-api}
                      apiKeyRef: edge-key
                      routes:
                        - name: edge-public
                          paths: [/edge]
                    """.formatted(edge.adminUrl(), edge.proxyUrl()));
            awaitCondition("KongService", "edge", "Secured", "True");
            assertThat(edge.find("routes", "edge-public")).isPresent();
            assertThat(kong.find("routes", "edge-public")).as("nothing on the default gateway").isEmpty();
            assertThat(send("GET", edge.proxyUrl() + "/edge", Map.of(), null).statusCode()).isEqualTo(200);
            // the service goes before its gateway, so the edge entities are removed while it still answers
            api.delete("/api/v1/resources/KongService/edge");
            await().atMost(CONVERGE).until(() -> api.get("/api/v1/resources/KongService/edge").status() == 404);
        }
    }

    @Test
    void lockReportedBrokenWhenTheBackendStopsCheckingTheKey() {
        topology("open", "");
        HttpResponse<String> off = send("PUT", heroku.baseUrl() + "/__sandbox/apps/open-api/backend", Map.of(), "{\"key_check\":false}");
        assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
        assertThat(off.body()).contains("\"key_check\":false");
        awaitCondition("KongService", "open", "Secured", "False");
        JsonNode secured = null;
        for (JsonNode c : resource("KongService", "open").at("/status/conditions")) {
            if (c.path("type").asString().equals("Secured")) {
                secured = c;
            }
        }
        assertThat(secured.path("reason").asString()).isEqualTo("BackendAcceptsWithoutKey");
        assertThat(secured.path("message").asString()).contains("without the internal API key answered 200");
        assertThat(events("KongService", "open")).anySatisfy(e -> {
            assertThat(e.get("type").asString()).isEqualTo("Warning");
            assertThat(e.get("reason").asString()).isEqualTo("LockBroken");
        });
        assertThat(meters.get("tether.gateway.lock.broken").tag("service", "open").counter().count()).isGreaterThan(0);
        assertThat(meters.get("tether.gateway.secured").tag("service", "open").gauge().value()).isEqualTo(0);

        send("PUT", heroku.baseUrl() + "/__sandbox/apps/open-api/backend", Map.of(), "{\"key_check\":true}");
        awaitCondition("KongService", "open", "Secured", "True");
    }

    @Test
    void exactConfigVarsPolicyLeavesTheKeyVarToTheApiKey() {
        apply("""
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: exact-api}
                spec:
                  configVarsPolicy: exact
                  configVars: {LOG_LEVEL: info}
                  release: ${SAMPLE_RELEASE}
                  formation: {web: {quantity: 1, size: Basic}}
                ---
                apiVersion: tether.dev/v1
                kind: ApiKey
                metadata: {name: exact-key}
                spec:
                  targets: [{app: exact-api}]
                """);
        awaitCondition("ApiKey", "exact-key", "Ready", "True");
        String key = currentKey("exact-key");
        // three passes of the app later (a resync every 2 s), the key is still there and nothing fought over it
        for (int pass = 0; pass < 3; pass++) {
            String before = resource("HerokuApp", "exact-api").at("/status/lastReconciledAt").asString();
            await().atMost(CONVERGE).until(() -> !resource("HerokuApp", "exact-api").at("/status/lastReconciledAt").asString().equals(before));
        }
        assertThat(heroku.app("exact-api").orElseThrow().config()).containsEntry("INTERNAL_API_KEY", key).containsEntry("LOG_LEVEL", "info");
        assertThat(condition("HerokuApp", "exact-api", "Drifted")).isEqualTo("False");
        assertThat(events("ApiKey", "exact-key").stream().filter(e -> e.get("reason").asString().equals("TargetSet")).count())
                .as("the key was set once, not re-set after the app reconciler removed it").isEqualTo(1);
    }

    @Test
    void consumerKeyIsShownOnceThenMasked() {
        apply("""
                apiVersion: tether.dev/v1
                kind: KongConsumer
                metadata: {name: mobile}
                spec:
                  username: mobile
                  keyAuth: [{name: primary}]
                  acls: [partners]
                """);
        awaitCondition("KongConsumer", "mobile", "Ready", "True");
        assertThat(resource("KongConsumer", "mobile").at("/status/external/keyAuth/primary").asString()).isEqualTo("(secret)");
        var first = api.post("/api/v1/resources/KongConsumer/mobile/keys/primary/reveal", null, (String) null);
        assertThat(first.status()).isEqualTo(200);
        String value = first.json().get("value").asString();
        assertThat(value).isEqualTo(secrets.get("KongConsumer", "mobile", "key-auth:primary").orElseThrow());
        assertThat(api.post("/api/v1/resources/KongConsumer/mobile/keys/primary/reveal", null, (String) null).status()).isEqualTo(410);
        assertThat(api.withToken("wrong").post("/api/v1/resources/KongConsumer/mobile/keys/primary/reveal", null, (String) null).status())
                .isEqualTo(401);
        String consumerId = resource("KongConsumer", "mobile").at("/status/external/consumerId").asString();
        assertThat(kong.list("keyauth_credentials").stream().map(k -> k.path("key").asString())).contains(value);
        assertThat(kong.list("acls").stream().filter(a -> a.path("consumer").path("id").asString().equals(consumerId))
                .map(a -> a.path("group").asString())).containsExactly("partners");
    }

    @Test
    void noApiKeyValueAppearsInLogsEventsOrApiResponses() {
        topology("leak", "gracePeriod: 0s");
        api.post("/api/v1/resources/ApiKey/leak-key/rotate", null, (String) null);
        await().atMost(CONVERGE).untilAsserted(() ->
                assertThat(resource("ApiKey", "leak-key").at("/status/external/keyVersion").asInt()).isEqualTo(2));
        awaitCondition("KongService", "leak", "Secured", "True");
        List<String> values = new ArrayList<>();
        values.add(currentKey("leak-key"));
        for (String k : List.of("lock-key", "drift-key", "rot-key", "open-key", "exact-key")) {
            secrets.get("ApiKey", k, "current").ifPresent(values::add);
        }
        StringBuilder seen = new StringBuilder();
        String list = api.get("/api/v1/resources").body();
        seen.append(list);
        // the status pages, as a person logged in with the token sees them (HTTP Basic)
        java.util.Map<String, String> basic = java.util.Map.of("Authorization", "Basic " + java.util.Base64.getEncoder()
                .encodeToString((":" + dev.tether.TetherTestSupport.API_TOKEN).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        List<String> scanned = new ArrayList<>();
        for (JsonNode item : api.get("/api/v1/resources").json().get("items")) {
            String kind = item.path("kind").asString();
            String name = item.path("name").asString();
            for (String path : List.of("/api/v1/resources/" + kind + "/" + name,
                    "/api/v1/resources/" + kind + "/" + name + "/events?limit=500",
                    "/api/v1/resources/" + kind + "/" + name + "/generations")) {
                dev.tether.TetherApi.Response r = api.get(path);
                assertThat(r.status()).as(path).isEqualTo(200);
                seen.append(r.body());
            }
            dev.tether.TetherApi.Response page = api.withHeaders("GET", "/resources/" + kind + "/" + name, basic, null, null, null);
            assertThat(page.status()).as("page of " + kind + "/" + name).isEqualTo(200);
            seen.append(page.body());
            scanned.add(kind + "/" + name);
        }
        // every resource that holds or sends the key (earlier tests' resources are deleted after them)
        assertThat(scanned).as("resources scanned").contains("HerokuApp/leak-api", "ApiKey/leak-key", "KongService/leak");
        dev.tether.TetherApi.Response overview = api.withHeaders("GET", "/", basic, null, null, null);
        assertThat(overview.status()).isEqualTo(200);
        seen.append(overview.body()).append(api.get("/actuator/prometheus").body());
        String logs;
        synchronized (LOG) {
            logs = String.join("\n", LOG);
        }
        assertThat(LOG).as("the log capture works").isNotEmpty();
        assertThat(logs).contains("resource=ApiKey/leak-key");
        for (String v : values) {
            assertThat(seen.toString()).as("API responses and pages").doesNotContain(v);
            assertThat(logs).as("log lines").doesNotContain(v);
        }
    }

    @SuppressWarnings("unused")
    private static KongEmulator unused;
}
