package dev.tether.kong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.TetherApi;
import dev.tether.TetherTestSupport;
import dev.tether.sandbox.kong.KongEmulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Kong is polled once per gateway per round ({@link KongWatch}), not once per KongService: a
 * settled service has no pass of its own while the gateway is read every round, and a hand edit
 * found by a round wakes only the service it touched. Rounds are 1 s here; the resync and the lock
 * probe are an hour, so every pass a settled service has is one the watch woke.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KongWatchIT {

    private static final int SERVICES = 4;
    private static final Duration CONVERGE = Duration.ofSeconds(60);
    private static final java.nio.file.Path DATA_DIR = TetherTestSupport.freshDataDir();

    @DynamicPropertySource
    static void watchedOnly(DynamicPropertyRegistry r) {
        TetherTestSupport.sandboxContext(r, DATA_DIR, "1h");
        r.add("tether.kong.poll-interval", () -> "1s");
        r.add("tether.probe.interval", () -> "1h");
    }

    @LocalServerPort
    int port;
    @Autowired
    KongEmulator kong;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TetherApi api;

    @BeforeEach
    void connect() {
        api = new TetherApi(port, TetherTestSupport.API_TOKEN);
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
    void settledServicesHaveNoPassesWhileTheGatewayIsReadEachRoundAndAHandEditWakesOnlyItsService() {
        List<String> names = IntStream.range(0, SERVICES).mapToObj(i -> "watched-" + i).toList();
        TetherApi.Response applied = api.yaml(String.join("---\n", names.stream().map(KongWatchIT::service).toList()));
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        names.forEach(n -> awaitCondition("KongService", n, "Ready", "True"));
        names.forEach(n -> awaitCondition("KongService", n, "Synced", "True"));

        // the converge's confirming passes are over once no service's last pass moves over two rounds
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100)).until(() -> {
            Map<String, String> before = lastPasses(names);
            awaitRounds(2);
            return before.equals(lastPasses(names));
        });

        // settled: three more rounds read the gateway, and no service has a pass
        Map<String, String> settled = lastPasses(names);
        long rounds = awaitRounds(3);
        assertThat(rounds).isGreaterThanOrEqualTo(3);
        assertThat(lastPasses(names)).as("no settled service passes on the round").isEqualTo(settled);

        // a hand edit of one service's route: the round finds it, wakes that service, which reverts it
        String routeId = kong.find("routes", "watched-2-r").orElseThrow().path("id").asString();
        assertThat(admin("PATCH", "/routes/" + routeId, "{\"paths\":[\"/by-hand\"]}").statusCode()).isEqualTo(200);
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(kong.find("routes", "watched-2-r").orElseThrow().path("paths").toString()).isEqualTo("[\"/watched-2\"]"));
        // a plugin deleted by hand under another service: put back the same way
        String pluginId = kong.list("plugins").stream()
                .filter(p -> p.path("tags").toString().contains("tether:KongService:watched-0\""))
                .findFirst().orElseThrow().path("id").asString();
        assertThat(admin("DELETE", "/plugins/" + pluginId, null).statusCode()).isEqualTo(204);
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(kong.list("plugins").stream().filter(p -> p.path("tags").toString().contains("tether:KongService:watched-0\""))
                        .count()).isEqualTo(1));
        awaitCondition("KongService", "watched-2", "Synced", "True");
        awaitCondition("KongService", "watched-0", "Synced", "True");

        Map<String, String> after = lastPasses(names);
        assertThat(after.get("watched-2")).as("the edited service passed").isNotEqualTo(settled.get("watched-2"));
        assertThat(after.get("watched-0")).as("the service whose plugin went passed").isNotEqualTo(settled.get("watched-0"));
        assertThat(after.get("watched-1")).as("an untouched service did not").isEqualTo(settled.get("watched-1"));
        assertThat(after.get("watched-3")).as("an untouched service did not").isEqualTo(settled.get("watched-3"));
    }

    /** Each service's {@code status.lastReconciledAt}: moves with every pass the loop finishes over it. */
    private Map<String, String> lastPasses(List<String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        names.forEach(n -> out.put(n, resource("KongService", n).at("/status/lastReconciledAt").asString()));
        return out;
    }

    /** Waits until the gateway's service list was read {@code n} more times (one read per round), and answers how many. */
    private long awaitRounds(int n) {
        long before = kong.calls().getOrDefault("GET /services", 0L);
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100))
                .until(() -> kong.calls().getOrDefault("GET /services", 0L) - before >= n);
        return kong.calls().getOrDefault("GET /services", 0L) - before;
    }

    private JsonNode resource(String kind, String name) {
        return api.get("/api/v1/resources/" + kind + "/" + name).json();
    }

    private void awaitCondition(String kind, String name, String type, String status) {
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            String found = null;
            for (JsonNode c : resource(kind, name).at("/status/conditions")) {
                if (c.path("type").asString().equals(type)) {
                    found = c.path("status").asString();
                }
            }
            assertThat(found).as(kind + "/" + name + " " + type).isEqualTo(status);
        });
    }

    /** A call to Kong's Admin API as an operator with curl would make it. */
    private HttpResponse<String> admin(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(kong.adminUrl() + path)).timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
