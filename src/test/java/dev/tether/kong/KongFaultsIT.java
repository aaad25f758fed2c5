package dev.tether.kong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Kong answering badly part of the time: a call that meets a transient failure ends the pass's
 * attempt at it (nothing is resent or waited out inside the pass) and the loop requeues the key
 * with backoff, so services still converge, and a transient
 * failure on a converged service says Synced=False without taking away a Ready the gateway
 * still has.
 */
class KongFaultsIT extends GatewayTestBase {

    @AfterEach
    void calm() {
        faults("{}");
    }

    private void faults(String json) {
        HttpResponse<String> r = send("PUT", kong.adminUrl() + "/__sandbox/faults", java.util.Map.of(), json);
        assertThat(r.statusCode()).as(r.body()).isLessThan(300);
    }

    private static String service(String name) {
        return """
                apiVersion: tether.dev/v1
                kind: KongService
                metadata: {name: %1$s}
                spec:
                  upstream: {url: "http://127.0.0.1:9/%1$s"}
                  routes:
                    - name: %1$s-r
                      paths: [/%1$s]
                  plugins:
                    - name: rate-limiting
                      config: {minute: 600, policy: local}
                """.formatted(name);
    }

    @Test
    void servicesConvergeToReadyWhileFortyPercentOfKongCallsFail() {
        faults("{\"error_rate\": 0.3, \"error_statuses\": [500, 502, 503], \"reset_rate\": 0.1}");
        List<String> names = IntStream.range(0, 4).mapToObj(i -> "flaky-" + i).toList();
        apply(String.join("---\n", names.stream().map(KongFaultsIT::service).toList()));

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (String name : names) {
                assertThat(condition("KongService", name, "Ready")).as(name + " " + resource("KongService", name)
                        .at("/status/conditions")).isEqualTo("True");
            }
        });
        // and they stay Ready while the faults go on: a pass that meets a 5xx or a reset says
        // Synced=False, it does not take away a Ready the gateway still has
        java.util.Map<String, String> readySince = new java.util.HashMap<>();
        for (String name : names) {
            readySince.put(name, conditionNode(name, "Ready").path("lastTransitionTime").asString());
        }
        long callsAtReady = adminCalls();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> adminCalls() >= callsAtReady + 100);
        for (String name : names) {
            JsonNode ready = conditionNode(name, "Ready");
            assertThat(ready.path("status").asString()).as(name + " " + ready).isEqualTo("True");
            assertThat(ready.path("lastTransitionTime").asString()).as(name + " Ready never left True: " + ready)
                    .isEqualTo(readySince.get(name));
        }
        // the faults really were dealt while it converged
        JsonNode dealt = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(send("GET", kong.adminUrl() + "/__sandbox/faults", java.util.Map.of(), null).body()).path("injected");
        assertThat(dealt.path("status_503").asLong() + dealt.path("status_500").asLong() + dealt.path("status_502").asLong())
                .as("5xx dealt: " + dealt).isPositive();
        assertThat(dealt.path("reset").asLong()).as("resets dealt: " + dealt).isPositive();
        for (String name : names) {
            assertThat(kong.find("routes", name + "-r")).as("route of " + name).isPresent();
        }
    }

    @Test
    void aTransientKongFailureOnAConvergedServiceShowsSyncedFalseAndKeepsReady() {
        apply(service("steady"));
        awaitCondition("KongService", "steady", "Ready", "True");
        awaitCondition("KongService", "steady", "Synced", "True");

        faults("{\"error_rate\": 1.0, \"error_statuses\": [503]}");
        api.post("/api/v1/resources/KongService/steady/reconcile", "application/json", "{}");
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode synced = conditionNode("steady", "Synced");
            assertThat(synced.path("status").asString()).isEqualTo("False");
            assertThat(synced.path("reason").asString()).isEqualTo("ApiError");
            assertThat(synced.path("message").asString()).contains("503");
        });
        JsonNode ready = conditionNode("steady", "Ready");
        assertThat(ready.path("status").asString()).as("Ready while Kong answers 503: " + ready).isEqualTo("True");
        // the gateway still routes: what Ready promised is still true
        assertThat(kong.find("routes", "steady-r")).isPresent();

        faults("{}");
        awaitCondition("KongService", "steady", "Synced", "True");
        assertThat(condition("KongService", "steady", "Ready")).isEqualTo("True");
    }

    /** Admin API calls the emulator has answered (faults included). */
    private long adminCalls() {
        return kong.calls().values().stream().mapToLong(Long::longValue).sum();
    }

    private JsonNode conditionNode(String name, String type) {
        for (JsonNode c : resource("KongService", name).at("/status/conditions")) {
            if (c.path("type").asString().equals(type)) {
                return c;
            }
        }
        return tools.jackson.databind.node.MissingNode.getInstance();
    }
}
