package dev.tether.keys;

import dev.tether.secrets.SecretStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.SandboxTestBase;
import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.Kind;
import dev.tether.manifest.ResourceKey;
import dev.tether.reconcile.WorkQueue;
import dev.tether.status.StatusStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A worker SIGKILLed between storing a new key and recording its version (what the chaos soak's
 * kills hit) leaves a stored key whose status has no version: the next pass takes it as version 1
 * and becomes Ready, keeping the key (no second key generated).
 */
class ApiKeyCrashRecoveryIT extends SandboxTestBase {

    @Autowired
    DesiredStateStore store;

    @Autowired
    StatusStore statuses;

    @Autowired
    SecretStore secrets;

    @Autowired
    WorkQueue queue;

    private boolean ready(String name) {
        JsonNode r = api.get("/api/v1/resources/ApiKey/" + name).json();
        return r.at("/status/conditions").toString().contains("\"type\":\"Ready\",\"status\":\"True\"");
    }

    @Test
    void aKeyStoredWithoutItsVersionIsTakenAsVersionOneAndKept() {
        assertThat(api.yaml("""
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: crash-api}
                spec:
                  release: ${SAMPLE_RELEASE}
                  formation: {web: {quantity: 1, size: Basic}}
                ---
                apiVersion: tether.dev/v1
                kind: ApiKey
                metadata: {name: crash-key}
                spec:
                  targets: [{app: crash-api}]
                """).status()).isEqualTo(200);
        await().atMost(CONVERGE).until(() -> ready("crash-key"));
        String key = secrets.get("ApiKey", "crash-key", "current").orElseThrow();

        // the state a kill right after secrets.put(current) leaves: no version, no phase
        long id = store.get(Kind.API_KEY, "crash-key").id();
        statuses.update(id, s -> {
            Map<String, Object> ext = new LinkedHashMap<>(s.external());
            // the stored JSON's field names, as a row written before the crash holds them
            ext.remove("keyVersion");
            ext.remove("rotationPhase");
            ext.remove("rotatedAt");
            return s.withExternal(ext);
        });
        assertThat(api.get("/api/v1/resources/ApiKey/crash-key").json().at("/status/external/keyVersion").isMissingNode()).isTrue();
        queue.enqueue(new ResourceKey(Kind.API_KEY, "crash-key"), Instant.now(), "test", false);

        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode r = api.get("/api/v1/resources/ApiKey/crash-key").json();
            assertThat(r.at("/status/external/keyVersion").asInt()).isEqualTo(1);
            assertThat(ready("crash-key")).isTrue();
        });
        assertThat(secrets.get("ApiKey", "crash-key", "current")).contains(key);
        assertThat(heroku.app("crash-api").orElseThrow().config().get("INTERNAL_API_KEY")).isEqualTo(key);
        api.delete("/api/v1/resources/ApiKey/crash-key");
        api.delete("/api/v1/resources/HerokuApp/crash-api");
    }
}
