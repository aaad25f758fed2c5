package dev.tether.kong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A key rotation is carried by wake-ups alone: with the resync (and so every safety recheck)
 * ten minutes away, the ApiKey still finishes its rotation within a minute, since nothing in it
 * polls any more (before, it polled every 500 ms while the gateway switched keys). The
 * KongService's status change wakes the key (KongServiceSpec.notifies); the release webhooks of
 * the key's own config-var writes wake it too, so this test proves no polling is needed, not
 * which of the two wake-ups came first.
 */
class KeyRotationWakeIT extends GatewayTestBase {

    @DynamicPropertySource
    static void slowResync(DynamicPropertyRegistry r) {
        r.add("tether.loop.resync-interval", () -> "10m");
        r.add("tether.webhooks.safety-resync", () -> "10m");
    }

    @Test
    void aRotationFinishesWithoutPollingOnceTheGatewayReportsTheNewKey() {
        apply("""
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: wake-api}
                spec:
                  release: ${SAMPLE_RELEASE}
                  formation: {web: {quantity: 1, size: Basic}}
                ---
                apiVersion: tether.dev/v1
                kind: ApiKey
                metadata: {name: wake-key}
                spec:
                  targets: [{app: wake-api}]
                  gracePeriod: 1s
                ---
                apiVersion: tether.dev/v1
                kind: KongService
                metadata: {name: wake}
                spec:
                  upstream: {app: wake-api}
                  apiKeyRef: wake-key
                  routes:
                    - name: wake-public
                      paths: [/wake]
                """);
        awaitCondition("KongService", "wake", "Secured", "True");

        assertThat(api.post("/api/v1/resources/ApiKey/wake-key/rotate", null, (String) null).status()).isEqualTo(202);

        // well inside the ten-minute resync: only the wake-ups can have moved it along
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode ext = resource("ApiKey", "wake-key").at("/status/external");
            assertThat(ext.path("keyVersion").asInt()).isEqualTo(2);
            assertThat(ext.path("rotationPhase").asString()).isEqualTo("STEADY");
        });
        assertThat(resource("KongService", "wake").at("/status/external/injectedKeyVersion").asInt()).isEqualTo(2);
    }
}
