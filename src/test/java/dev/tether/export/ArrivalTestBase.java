package dev.tether.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.SandboxTestBase;
import dev.tether.sandbox.heroku.RecordedExchange;
import dev.tether.sandbox.kong.KongEmulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A world made before Tether (by Terraform, or by hand in the Dashboard and Kong's Admin API),
 * and what Tether's arrival writes to it: every Heroku write Tether makes to the world's apps is
 * recorded, and Kong entities are compared before and after, tags and timestamps aside.
 */
abstract class ArrivalTestBase extends SandboxTestBase {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    protected KongEmulator kong;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> applied = new ArrayList<>();
    private final List<RecordedExchange> herokuWrites = Collections.synchronizedList(new ArrayList<>());
    private Consumer<RecordedExchange> listener;

    /** Records, from now on, every Heroku request that is not a read and touches one of {@code apps} (names or ids). */
    protected void recordHerokuWrites(Set<String> apps) {
        listener = e -> {
            if (!e.method().equals("GET") && apps.stream().anyMatch(a -> e.path().contains("/apps/" + a))) {
                herokuWrites.add(e);
            }
        };
        heroku.addExchangeListener(listener);
    }

    protected List<String> herokuWrites() {
        synchronized (herokuWrites) {
            return herokuWrites.stream().map(e -> e.method() + " " + e.template()).toList();
        }
    }

    @AfterEach
    void forget() {
        if (listener != null) {
            heroku.removeExchangeListener(listener);
        }
        Collections.reverse(applied);
        applied.forEach(key -> api.delete("/api/v1/resources/" + key));
        applied.clear();
    }

    /** POSTs the manifests (YAML) and remembers what to delete (Orphan: the world stays) after the test. */
    protected void apply(String yaml, List<String> keys) {
        var r = api.yaml(yaml);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        applied.addAll(keys);
    }

    protected JsonNode resource(String key) {
        return api.get("/api/v1/resources/" + key).json();
    }

    protected void awaitReady(List<String> keys) {
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (String key : keys) {
                JsonNode ready = null;
                for (JsonNode c : resource(key).at("/status/conditions")) {
                    if (c.path("type").asString().equals("Ready")) {
                        ready = c;
                    }
                }
                assertThat(ready == null ? null : ready.path("status").asString())
                        .as(key + " Ready: " + resource(key).at("/status/conditions")).isEqualTo("True");
            }
        });
    }

    /** An Admin API call as an operator (or Terraform's kong provider) makes it; the answer's body. */
    protected JsonNode admin(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(kong.adminUrl() + path)).timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
            return r.body().isBlank() ? null : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A Kong entity as the Admin API answers it, without what adoption may change (tags, timestamps). */
    protected JsonNode kongEntity(String path) {
        ObjectNode n = (ObjectNode) admin("GET", path, null);
        n.remove("tags");
        n.remove("created_at");
        n.remove("updated_at");
        return n;
    }

    protected int releases(String app) {
        return heroku.app(app).orElseThrow().releases().size();
    }
}
