package dev.tether.kong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.tether.TetherTestSupport;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A KongService whose app is still building: the app was created and has its web URL, so the
 * gateway is set up at once (service, route, key-injecting plugin) instead of after the build,
 * but the lock is not probed against an app that cannot answer yet ({@code Secured} stays
 * Unknown, {@code ProbeNotRun}) and the service says what it waits for. Once the build is done
 * and the app Ready, the lock is probed and requests get through.
 */
class ServiceBeforeBuildIT extends GatewayTestBase {

    @Test
    void theGatewayIsSetUpWhileTheAppBuildsAndTheLockIsProbedOnceItIsReady() throws Exception {
        byte[] source = Files.readAllBytes(TetherTestSupport.SAMPLE_APP);
        CountDownLatch built = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/held.tgz", exchange -> {
            try {
                // the source is handed over only when the test says so: the build is running until then
                built.await(25, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, source.length);
            exchange.getResponseBody().write(source);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        try {
            String release = "{\"build\": {\"sourceUrl\": \"http://127.0.0.1:" + server.getAddress().getPort()
                    + "/held.tgz\", \"checksum\": \"" + TetherTestSupport.sampleChecksum() + "\", \"version\": \"held-1\"}}";
            apply(guardedApp("early", ONE_WEB_DYNO, "").replace("${SAMPLE_RELEASE}", release));

            // while the build runs: Kong already routes to the app's web URL, with the key injected
            await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                String webUrl = webUrl("early-api");
                assertThat(webUrl).as("the app is created").isNotBlank();
                JsonNode service = kong.find("services", "early").orElseThrow(() -> new AssertionError("no Kong service yet"));
                assertThat(webUrl).contains(service.path("host").asString());
                assertThat(kong.find("routes", "early-public")).isPresent();
                String serviceId = service.path("id").asString();
                assertThat(kong.list("plugins")).anySatisfy(p -> {
                    assertThat(p.path("name").asString()).isEqualTo("request-transformer");
                    assertThat(p.path("service").path("id").asString()).isEqualTo(serviceId);
                });
            });
            assertThat(built.getCount()).as("the build is still held").isEqualTo(1);
            assertThat(condition("HerokuApp", "early-api", "Ready")).isNotEqualTo("True");
            JsonNode ready = conditionNamed("KongService", "early", "Ready");
            assertThat(ready.path("reason").asString()).isEqualTo("WaitingForDependency");
            assertThat(ready.path("message").asString()).contains("HerokuApp/early-api");
            JsonNode secured = conditionNamed("KongService", "early", "Secured");
            assertThat(secured.path("status").asString()).as("no verdict on an app that cannot answer yet").isEqualTo("Unknown");
            assertThat(secured.path("reason").asString()).isEqualTo("ProbeNotRun");

            // the build ends: the app is Ready, the lock is probed, the gateway lets requests through
            built.countDown();
            awaitCondition("HerokuApp", "early-api", "Ready", "True");
            awaitCondition("KongService", "early", "Secured", "True");
            awaitCondition("KongService", "early", "Ready", "True");
            await().atMost(CONVERGE).until(() -> proxy("/early", Map.of()).statusCode() == 200);
        } finally {
            built.countDown();
            server.stop(0);
        }
    }

    private JsonNode conditionNamed(String kind, String name, String type) {
        for (JsonNode c : resource(kind, name).at("/status/conditions")) {
            if (c.path("type").asString().equals(type)) {
                return c;
            }
        }
        throw new AssertionError(kind + "/" + name + " has no " + type + " condition");
    }
}
