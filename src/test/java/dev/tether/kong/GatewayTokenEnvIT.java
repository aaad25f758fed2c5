package dev.tether.kong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.tether.TetherApi.Response;
import dev.tether.TetherTestSupport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A KongGateway's {@code adminTokenEnv} sends that variable's value to the {@code adminUrl} the
 * manifest chose: only {@code KONG_*} variables may be named, at apply and again at the point of
 * use. The "gateway" here is a listener on loopback that records every header it is sent.
 */
@org.springframework.boot.test.context.SpringBootTest(webEnvironment = org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayTokenEnvIT {

    private static final Duration CONVERGE = Duration.ofSeconds(60);

    private static final String KONG_TOKEN = "kong-admin-token-for-the-trap-gateway";
    private static final List<String> received = new CopyOnWriteArrayList<>();
    private static HttpServer listener;

    private static final java.nio.file.Path DATA_DIR = TetherTestSupport.freshDataDir();

    @DynamicPropertySource
    static void credentials(DynamicPropertyRegistry r) {
        // a context of its own, so a database of its own (the shared sandbox context keeps its directory locked)
        r.add("tether.data-dir", DATA_DIR::toString);
        r.add("tether.api-token", () -> TetherTestSupport.API_TOKEN);
        r.add("tether.mode", () -> "sandbox");
        r.add("tether.kong.poll-interval", () -> "1s");
        r.add("tether.loop.backoff-base", () -> "100ms");
        r.add("tether.loop.backoff-cap", () -> "2s");
        // Tether's own API token, as the environment variable a live process has it in.
        r.add("TETHER_API_TOKEN", () -> TetherTestSupport.API_TOKEN);
        r.add("KONG_TRAP_ADMIN_TOKEN", () -> KONG_TOKEN);
    }

    @BeforeAll
    static void startListener() throws IOException {
        listener = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        listener.createContext("/", exchange -> {
            exchange.getRequestHeaders().forEach((name, values) -> values.forEach(v -> received.add(name + ": " + v)));
            byte[] body = "{\"version\":\"3.9.1\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        listener.start();
    }

    @AfterAll
    static void stopListener() {
        listener.stop(0);
    }

    @Autowired
    JdbcClient jdbc;

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    private dev.tether.TetherApi api;

    @org.junit.jupiter.api.BeforeEach
    void connect() {
        api = new dev.tether.TetherApi(port, TetherTestSupport.API_TOKEN);
    }

    private static String adminUrl() {
        return "http://127.0.0.1:" + listener.getAddress().getPort();
    }

    private static String gateway(String name, String tokenEnv) {
        return """
                apiVersion: tether.dev/v1
                kind: KongGateway
                metadata: {name: %s}
                spec:
                  adminUrl: %s
                  adminTokenEnv: %s
                """.formatted(name, adminUrl(), tokenEnv);
    }

    private String ready(String name) {
        for (JsonNode c : api.get("/api/v1/resources/KongGateway/" + name).json().at("/status/conditions")) {
            if (c.path("type").asString().equals("Ready")) {
                return c.path("status").asString() + "/" + c.path("reason").asString();
            }
        }
        return null;
    }

    @Test
    void refusesTokenEnvOutsideKongPrefixAndStoresNothing() {
        for (String env : List.of("HEROKU_API_KEY", "TETHER_ENCRYPTION_KEY", "DATABASE_URL", "TETHER_API_TOKEN")) {
            String name = "trap-" + env.toLowerCase().replace('_', '-');
            Response r = api.yaml(gateway(name, env));
            assertThat(r.status()).as(r.body()).isEqualTo(422);
            JsonNode errors = r.json().get("errors");
            assertThat(errors).as(r.body()).hasSize(1);
            assertThat(errors.get(0).path("path").asString()).isEqualTo("spec.adminTokenEnv");
            assertThat(errors.get(0).path("value").asString()).isEqualTo(env);
            assertThat(errors.get(0).path("message").asString()).contains("KONG_");
            assertThat(api.get("/api/v1/resources/KongGateway/" + name).status()).as(env).isEqualTo(404);
        }
        assertThat(received).noneMatch(h -> h.contains(TetherTestSupport.API_TOKEN));
    }

    @Test
    void kongPrefixedTokenStillReachesItsGateway() {
        Response r = api.yaml(gateway("trap-kong", "KONG_TRAP_ADMIN_TOKEN"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(ready("trap-kong")).isEqualTo("True/InSync"));
        assertThat(received).anyMatch(h -> h.endsWith(": " + KONG_TOKEN));
        api.delete("/api/v1/resources/KongGateway/trap-kong");
    }

    @Test
    void defaultGatewayTokenIsNotSentToAnotherAdminUrl() {
        Response r = api.yaml(gateway("trap-default", "KONG_ADMIN_TOKEN"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(ready("trap-default")).isEqualTo("False/AdminTokenEnvRefused"));
        api.delete("/api/v1/resources/KongGateway/trap-default");
    }

    @Test
    void storedGatewayNamingTetherCredentialIsNeverRead() {
        Response r = api.yaml(gateway("trap-stored", "KONG_TRAP_ADMIN_TOKEN"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(ready("trap-stored")).isEqualTo("True/InSync"));
        // A row written before the KONG_ rule existed, as an old Tether stored it.
        jdbc.sql("UPDATE resources SET spec = jsonb_set(spec, '{adminTokenEnv}', '\"TETHER_API_TOKEN\"') "
                        + "WHERE kind = 'KongGateway' AND name = 'trap-stored'").update();
        api.post("/api/v1/resources/KongGateway/trap-stored/reconcile", "application/json", "");
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(ready("trap-stored")).isEqualTo("False/AdminTokenEnvRefused"));
        assertThat(received).noneMatch(h -> h.contains(TetherTestSupport.API_TOKEN));
        api.delete("/api/v1/resources/KongGateway/trap-stored");
    }
}
