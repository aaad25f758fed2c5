package dev.tether.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.SandboxTestBase;
import dev.tether.TetherApi;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/** Health, metrics and the OpenAPI document, as an operator and a Prometheus scraper see them. */
class OpsEndpointsIT extends SandboxTestBase {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    HealthEndpointGroups healthGroups;

    @Test
    void livenessAndReadinessAreOpenAndReadinessChecksTheDatabaseAndTheLoop() {
        TetherApi anonymous = api.withToken(null);
        TetherApi.Response live = anonymous.get("/actuator/health/liveness");
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json().get("status").asString()).isEqualTo("UP");
        await().atMost(CONVERGE).untilAsserted(() -> {
            TetherApi.Response ready = anonymous.get("/actuator/health/readiness");
            assertThat(ready.status()).as(ready.body()).isEqualTo(200);
            assertThat(ready.json().get("status").asString()).isEqualTo("UP");
        });
        // what readiness is made of (its details are never shown, not even to the token holder)
        HealthEndpointGroup readiness = healthGroups.get("readiness");
        assertThat(readiness.isMember("db")).as("readiness checks the database").isTrue();
        assertThat(readiness.isMember("loop")).as("readiness checks the loop").isTrue();
        assertThat(api.get("/actuator/health/readiness/loop").status()).as("no component details").isEqualTo(404);
    }

    @Test
    void prometheusShowsReconcileTimingsQueueDriftBudgetKongAgeAndSecured() {
        String name = "metrics-app";
        assertThat(api.yaml("apiVersion: tether.dev/v1\nkind: HerokuApp\nmetadata:\n  name: " + name
                + "\nspec:\n  configVars:\n    LOG_LEVEL: info\n").status()).isEqualTo(200);
        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode r = api.get("/api/v1/resources/HerokuApp/" + name).json();
            assertThat(r.at("/status/conditions").toString()).contains("\"type\":\"Ready\",\"status\":\"True\"");
            assertThat(r.at("/status/observedGeneration").asLong()).isEqualTo(1);
        });
        dashboard.setConfigVar(name, "LOG_LEVEL", "debug");
        await().atMost(CONVERGE).until(() -> "info".equals(heroku.app(name).orElseThrow().config().get("LOG_LEVEL")));

        await().atMost(CONVERGE).untilAsserted(() -> {
            TetherApi.Response r = api.get("/actuator/prometheus");
            assertThat(r.status()).isEqualTo(200);
            String m = r.body();
            assertThat(m).containsPattern("tether_reconcile_seconds_bucket\\{kind=\"HerokuApp\",outcome=\"InSync\",le=")
                    .containsPattern("tether_reconcile_seconds_count\\{kind=\"HerokuApp\",outcome=\"\\w+\"} [1-9]")
                    .containsPattern("(?m)^tether_queue_due \\d")
                    // every claim records how long its key had been due, in buckets that add up across workers
                    .containsPattern("(?m)^tether_queue_wait_seconds_bucket\\{le=\"1\\.0\"} [1-9]")
                    .containsPattern("(?m)^tether_queue_wait_seconds_count [1-9]")
                    .containsPattern("(?m)^tether_queue_keys [1-9]")
                    .containsPattern("(?m)^tether_drift_detected_total\\{kind=\"HerokuApp\"} [1-9]")
                    .containsPattern("(?m)^tether_drift_fixed_total\\{kind=\"HerokuApp\"} [1-9]")
                    .containsPattern("(?m)^tether_resources\\{kind=\"HerokuApp\",ready=\"True\"} [1-9]")
                    .containsPattern("(?m)^tether_heroku_rate_limit_remaining \\d")
                    .containsPattern("(?m)^tether_kong_poll_age_seconds ")
                    .containsPattern("(?m)^tether_secured_resources\\{status=\"True\"} \\d");
        });
        // Prometheus needs the token like everything but health
        assertThat(api.withToken(null).get("/actuator/prometheus").status()).isEqualTo(401);
    }

    @Test
    void openApiDocumentListsExactlyTheRestApiTheControllersServe() {
        TetherApi.Response r = api.get("/api/v1/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        JsonNode doc = r.json();
        assertThat(doc.get("openapi").asString()).startsWith("3.1");
        Set<String> documented = new TreeSet<>();
        doc.get("paths").properties().forEach(p -> p.getValue().propertyNames().forEach(method -> {
            if (Set.of("get", "put", "post", "delete", "patch").contains(method)) {
                documented.add(method.toUpperCase() + " " + p.getKey());
            }
        }));
        Set<String> served = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(path -> path.startsWith("/api/"))
                .forEach(path -> info.getMethodsCondition().getMethods()
                        .forEach(m -> served.add(m.name() + " " + path))));
        assertThat(served).as("served under /api/").isNotEmpty();
        assertThat(documented).as("paths in openapi/tether-api.yaml against the controllers' mappings").isEqualTo(served);
        // every operation is described and answers something
        doc.get("paths").properties().forEach(p -> p.getValue().properties().forEach(op -> {
            if (op.getValue().has("responses")) {
                assertThat(op.getValue().path("summary").asString()).as(op.getKey() + " " + p.getKey()).isNotBlank();
            }
        }));
    }
}
