package dev.tether.kong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.TetherApi.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Observing a gateway costs one paged list per entity type per poll, however many KongServices
 * it holds: every service of a poll reads its entities out of one shared read by tag
 * ({@code GET /services?tags=managed-by-tether}, {@code /routes?…}, {@code /plugins?…}), counted
 * on the Kong emulator. The poll interval is an hour here so only the resyncs the test starts
 * poll.
 */
class KongPollIT extends GatewayTestBase {

    private static final int SERVICES = 8;

    @DynamicPropertySource
    static void slowPoll(DynamicPropertyRegistry r) {
        r.add("tether.kong.poll-interval", () -> "1h");
        r.add("tether.loop.resync-interval", () -> "1h");
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
    void aPollOfManyServicesListsEachEntityTypeOnceAndStillFindsAHandEdit() {
        List<String> names = IntStream.range(0, SERVICES).mapToObj(i -> "polled-" + i).toList();
        apply(String.join("---\n", names.stream().map(KongPollIT::service).toList()));
        names.forEach(n -> awaitCondition("KongService", n, "Ready", "True"));
        names.forEach(n -> awaitCondition("KongService", n, "Synced", "True"));
        // a first poll takes up whatever passes the converge left queued (each confirming its writes)
        resync();

        Map<String, Long> before = kong.calls();
        resync();
        Map<String, Long> after = kong.calls();
        assertThat(delta(before, after, "GET /services")).as("service lists " + after).isEqualTo(1);
        assertThat(delta(before, after, "GET /routes")).as("route lists " + after).isEqualTo(1);
        assertThat(delta(before, after, "GET /plugins")).as("plugin lists " + after).isEqualTo(1);
        assertThat(delta(before, after, "GET /services/{key}") + delta(before, after, "GET /routes/{key}"))
                .as("nothing read one by one: " + after).isZero();

        // the shared read is taken after the poll was due: a hand edit made before it is reverted
        String routeId = kong.find("routes", "polled-3-r").orElseThrow().path("id").asString();
        assertThat(admin("PATCH", "/routes/" + routeId, "{\"paths\":[\"/by-hand\"]}").statusCode()).isEqualTo(200);
        resync();
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(kong.find("routes", "polled-3-r").orElseThrow().path("paths").toString()).isEqualTo("[\"/polled-3\"]"));
    }

    /** Starts a resync (every key due now, full observation) and waits until every resource had its pass. */
    private void resync() {
        Response started = api.post("/api/v1/resync", "application/json", "{}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String progress = started.header("Location");
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get(progress).json().path("finished").asBoolean());
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String call) {
        return after.getOrDefault(call, 0L) - before.getOrDefault(call, 0L);
    }
}
