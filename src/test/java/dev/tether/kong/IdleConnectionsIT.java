package dev.tether.kong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.TetherApi;
import dev.tether.TetherTestSupport;
import dev.tether.secrets.SecretStore;
import dev.tether.sandbox.heroku.HerokuEmulator;
import dev.tether.sandbox.kong.KongEmulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Real servers close keep-alive connections left idle (Heroku's router and Kong's nginx after
 * 60 s). Here the emulators and the sandbox backends close them after one second, and nothing
 * in Tether polls on its own (every interval is an hour), so between steps every connection
 * Tether pooled is closed by the server under it. None of that may show as a failed call, a
 * failed probe or a 502.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdleConnectionsIT {

    private static final java.nio.file.Path DATA_DIR = TetherTestSupport.freshDataDir();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        TetherTestSupport.sandboxContext(r, DATA_DIR, "1h");
        r.add("tether.sandbox.idle-timeout", () -> "1s");
        r.add("tether.kong.poll-interval", () -> "1h");
        r.add("tether.probe.interval", () -> "1h");
    }

    @LocalServerPort
    int port;
    @Autowired
    HerokuEmulator heroku;
    @Autowired
    KongEmulator kong;
    @Autowired
    LockProbe probe;
    @Autowired
    KongGateways gateways;
    @Autowired
    SecretStore secrets;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TetherApi api;

    @BeforeEach
    void connect() {
        api = new TetherApi(port, TetherTestSupport.API_TOKEN);
    }

    @Test
    void afterIdlingPastTheServersIdleTimeoutProbeHerokuKongAndProxyAllSucceed() {
        assertThat(api.yaml("""
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: idle-api}
                spec:
                  release: ${SAMPLE_RELEASE}
                  formation: {web: {quantity: 1, size: Basic}}
                ---
                apiVersion: tether.dev/v1
                kind: ApiKey
                metadata: {name: idle-key}
                spec:
                  targets: [{app: idle-api}]
                ---
                apiVersion: tether.dev/v1
                kind: KongService
                metadata: {name: idle}
                spec:
                  upstream: {app: idle-api}
                  apiKeyRef: idle-key
                  routes:
                    - name: idle-public
                      paths: [/idle]
                """).status()).isEqualTo(200);
        // nothing polls here, so each check asks for a pass
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            api.post("/api/v1/resources/KongService/idle/reconcile", "application/json", "{}");
            assertThat(condition("KongService", "idle", "Secured")).isEqualTo("True");
            assertThat(condition("KongService", "idle", "Ready")).isEqualTo("True");
            assertThat(condition("HerokuApp", "idle-api", "Ready")).isEqualTo("True");
        });
        String webUrl = api.get("/api/v1/resources/HerokuApp/idle-api").json().at("/status/external/webUrl").asString();
        Instant mark = Instant.now();
        List<String> failures = new ArrayList<>();

        // a request through the proxy: its upstream connection to the backend was closed while idle
        awaitEveryConnectionClosedByTheServers();
        HttpResponse<String> proxied = get(kong.proxyUrl() + "/idle");
        if (proxied.statusCode() != 200) {
            failures.add("proxied request answered " + proxied.statusCode() + ": " + proxied.body());
        }

        // the lock probe: direct to the backend and through the gateway, both on closed idle connections
        awaitEveryConnectionClosedByTheServers();
        LockProbe.Result verdict = probe.probe(new LockProbe.Target("idle", webUrl, kong.proxyUrl(), "/idle", null, "GET",
                null, null));
        if (!Boolean.TRUE.equals(verdict.secured())) {
            failures.add("probe: " + verdict.reason() + " " + verdict.message());
        }

        // a Kong Admin API call on Tether's shared Kong client
        awaitEveryConnectionClosedByTheServers();
        try {
            assertThat(gateways.defaultGateway().listServices(List.of("managed-by-tether"))).isNotEmpty();
        } catch (RuntimeException e) {
            failures.add("Kong Admin API: " + e.getMessage());
        }

        // passes of both kinds: Heroku reads and writes, Kong reads, the probe again
        awaitEveryConnectionClosedByTheServers();
        long herokuCalls = heroku.callCount("GET", "/apps/{app}");
        assertThat(api.post("/api/v1/resources/HerokuApp/idle-api/reconcile", "application/json", "{}").status()).isLessThan(300);
        await().atMost(Duration.ofSeconds(30)).until(() -> heroku.callCount("GET", "/apps/{app}") > herokuCalls
                && reconciledAfter("HerokuApp", "idle-api", mark));
        awaitEveryConnectionClosedByTheServers();
        assertThat(api.post("/api/v1/resources/KongService/idle/reconcile", "application/json", "{}").status()).isLessThan(300);
        await().atMost(Duration.ofSeconds(30)).until(() -> reconciledAfter("KongService", "idle", mark));

        for (String key : List.of("HerokuApp/idle-api", "KongService/idle", "ApiKey/idle-key")) {
            for (JsonNode e : api.get("/api/v1/resources/" + key + "/events?limit=500").json().get("items")) {
                if (e.path("reason").asString().equals("ReconcileFailed") && Instant.parse(e.path("time").asString("1970-01-01T00:00:00Z"))
                        .isAfter(mark)) {
                    failures.add(key + ": " + e.path("message").asString());
                }
            }
            String[] kn = key.split("/");
            if (!"True".equals(condition(kn[0], kn[1], "Ready"))) {
                failures.add(key + " not Ready: " + api.get("/api/v1/resources/" + key).json().at("/status/conditions"));
            }
        }
        assertThat(condition("KongService", "idle", "Secured")).isEqualTo("True");
        assertThat(failures).as("failures after idling past the servers' idle timeout").isEmpty();
    }

    /** The servers (both emulators and the backend) have closed every keep-alive connection. */
    private void awaitEveryConnectionClosedByTheServers() {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> heroku.openConnections() == 0 && kong.openConnections() == 0);
    }

    private boolean reconciledAfter(String kind, String name, Instant mark) {
        String at = api.get("/api/v1/resources/" + kind + "/" + name).json().at("/status/lastReconciledAt").asString(null);
        return at != null && Instant.parse(at).isAfter(mark);
    }

    private String condition(String kind, String name, String type) {
        for (JsonNode c : api.get("/api/v1/resources/" + kind + "/" + name).json().at("/status/conditions")) {
            if (c.path("type").asString().equals(type)) {
                return c.path("status").asString();
            }
        }
        return null;
    }

    private HttpResponse<String> get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
