package dev.tether.heroku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.SandboxTestBase;
import dev.tether.sandbox.heroku.AppSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Heroku misbehaving the ways it does (5xx, 429 with Retry-After, connection resets, and
 * answers lost after the work was done): Tether still converges, and creates each thing once.
 */
class HerokuFaultsIT extends SandboxTestBase {

    private static final int APPS = 8;

    @AfterEach
    void calm() {
        dashboard.faults(null);
    }

    @Test
    void convergesUnderThirtyPercentFailuresCreatingEachThingOnce() {
        dashboard.faults("""
                {"error_rate": 0.2, "error_statuses": [500, 503, 429], "retry_after_seconds": 1,
                 "reset_rate": 0.05, "lost_response_rate": 0.05}""");
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < APPS; i++) {
            yaml.append("""
                    apiVersion: tether.dev/v1
                    kind: HerokuApp
                    metadata:
                      name: chaos-%d
                    spec:
                      configVars: {A: "1", B: "2", C: "3"}
                      release: ${SAMPLE_RELEASE}
                      formation:
                        web: {quantity: 1, size: Basic}
                      addons:
                        - plan: heroku-redis:mini
                          as: REDIS
                      domains: [chaos-%d.example.com]
                    ---
                    """.formatted(i, i));
        }
        // the apply itself talks only to PostgreSQL: faults outside never reach the user
        assertThat(api.yaml(yaml.toString()).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (int i = 0; i < APPS; i++) {
                JsonNode r = api.get("/api/v1/resources/HerokuApp/chaos-" + i).json();
                assertThat(r.at("/status/conditions").toString()).as("chaos-" + i)
                        .contains("\"type\":\"Ready\",\"status\":\"True\"");
            }
        });
        dashboard.faults(null);

        List<AppSnapshot> apps = heroku.apps().stream().filter(a -> a.name().startsWith("chaos-")).toList();
        assertThat(apps).hasSize(APPS);
        for (AppSnapshot app : apps) {
            assertThat(app.addons()).as(app.name() + " add-ons").hasSize(1);
            assertThat(app.domains()).as(app.name() + " domains").hasSize(1);
            assertThat(app.webhooks()).as(app.name() + " webhooks").hasSize(1);
            assertThat(app.config()).containsEntry("A", "1").containsEntry("B", "2").containsEntry("C", "3");
            assertThat(app.formation().get("web").quantity()).isEqualTo(1);
        }
        // the faults really happened: failed calls were made and retried
        JsonNode calls = dashboard.calls();
        assertThat(calls.get("total").asLong()).isGreaterThan(APPS * 8L);
        assertThat(IntStream.range(0, APPS).mapToObj(i -> "chaos-" + i)
                .flatMap(n -> api.get("/api/v1/resources/HerokuApp/" + n + "/events?limit=500").json().get("items").valueStream())
                .anyMatch(e -> e.get("reason").asString().equals("ReconcileFailed"))).isTrue();
    }

    @Test
    void retriesAfterRateLimitUsingRetryAfterShowingWhenItTriesAgain() {
        String manifest = "apiVersion: tether.dev/v1\nkind: HerokuApp\nmetadata:\n  name: limited-api\nspec:\n  configVars: {A: \"%s\"}\n";
        assertThat(api.yaml(manifest.formatted("1")).status()).isEqualTo(200);
        await().atMost(CONVERGE).until(() -> heroku.app("limited-api").map(a -> "1".equals(a.config().get("A"))).orElse(false));

        // every call answers 429 with Retry-After 3 s until the burst is cleared
        dashboard.faults("{\"rate_limit_burst\": 100000, \"retry_after_seconds\": 3}");
        assertThat(api.yaml(manifest.formatted("2")).status()).isEqualTo(200);

        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode synced = condition("limited-api", "Synced");
            assertThat(synced.get("status").asString()).isEqualTo("False");
            assertThat(synced.get("reason").asString()).isEqualTo("RateLimited");
            assertThat(synced.get("message").asString()).contains("rate limit").containsPattern("next attempt in [0-9.]+ s");
        });
        assertThat(heroku.app("limited-api").orElseThrow().config()).containsEntry("A", "1");

        dashboard.faults(null);
        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(heroku.app("limited-api").orElseThrow().config()).containsEntry("A", "2");
            assertThat(condition("limited-api", "Synced").get("status").asString()).isEqualTo("True");
        });
    }

    private JsonNode condition(String name, String type) {
        for (JsonNode c : api.get("/api/v1/resources/HerokuApp/" + name).json().at("/status/conditions")) {
            if (c.get("type").asString().equals(type)) {
                return c;
            }
        }
        throw new AssertionError("no " + type + " condition on " + name);
    }
}
