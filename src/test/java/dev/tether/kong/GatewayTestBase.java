package dev.tether.kong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.tether.SandboxTestBase;
import dev.tether.TetherApi.Response;
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
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The whole app in sandbox mode (Kong polled and the lock probed every second, see
 * {@link SandboxTestBase}), plus plain-HTTP helpers to act on Kong and the backends as an operator would.
 * Every log line of the run is kept, so tests can prove no secret was ever written.
 */
abstract class GatewayTestBase extends SandboxTestBase {

    /** Every formatted log message since the JVM started this base class. */
    static final List<String> LOG = Collections.synchronizedList(new ArrayList<>());

    /**
     * Spring Boot re-initialises Logback when the context starts, so the capturing appender is
     * attached (once) after that, before each test.
     */
    @org.junit.jupiter.api.BeforeEach
    void captureLogs() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        if (root.getAppender("gateway-it-capture") != null) {
            return;
        }
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                LOG.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()));
            }
        };
        appender.setName("gateway-it-capture");
        appender.setContext(ctx);
        appender.start();
        root.addAppender(appender);
    }

    @Autowired
    protected KongEmulator kong;

    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<String> applied = new ArrayList<>();

    protected void apply(String yaml) {
        Response r = api.yaml(yaml);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        for (String doc : yaml.split("(?m)^---$")) {
            var kind = java.util.regex.Pattern.compile("(?m)^kind: *(\\w+)").matcher(doc);
            var name = java.util.regex.Pattern.compile("(?m)(?:^metadata: *\\{name: *|^  name: *)([a-z0-9-]+)").matcher(doc);
            if (kind.find() && name.find()) {
                applied.add(kind.group(1) + "/" + name.group(1));
            }
        }
    }

    /**
     * The sandbox account's Heroku budget is refilled before each test (other classes sharing
     * this context spent it; below 250 Tether paces its calls, which would slow every loop).
     */
    @org.junit.jupiter.api.BeforeEach
    void refillHerokuBudget() {
        send("DELETE", heroku.baseUrl() + "/__sandbox/rate-limit", Map.of(), null);
    }

    /** What a test applied is deleted after it, so later tests do not pay for its resyncs. */
    @org.junit.jupiter.api.AfterEach
    void deleteApplied() {
        java.util.Collections.reverse(applied);
        applied.forEach(key -> api.delete("/api/v1/resources/" + key));
        applied.clear();
    }

    /**
     * An app ({prefix}-api, with {@code appSpec} as its spec lines), an ApiKey for it
     * ({prefix}-key, with {@code keySpec} added) and a KongService ({prefix}) routing /{prefix}
     * to it with the key injected, as one YAML manifest.
     */
    protected static String guardedApp(String prefix, String appSpec, String keySpec) {
        return """
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: %1$s-api}
                spec:
                  release: ${SAMPLE_RELEASE}
                %2$s
                ---
                apiVersion: tether.dev/v1
                kind: ApiKey
                metadata: {name: %1$s-key}
                spec:
                  targets: [{app: %1$s-api}]
                %3$s
                ---
                apiVersion: tether.dev/v1
                kind: KongService
                metadata: {name: %1$s}
                spec:
                  upstream: {app: %1$s-api}
                  apiKeyRef: %1$s-key
                  routes:
                    - name: %1$s-public
                      paths: [/%1$s]
                """.formatted(prefix, appSpec.indent(2).stripTrailing(), keySpec.indent(2).stripTrailing());
    }

    /** The app spec most gateway tests use: one Basic web dyno. */
    protected static final String ONE_WEB_DYNO = "formation: {web: {quantity: 1, size: Basic}}";

    protected JsonNode resource(String kind, String name) {
        return api.get("/api/v1/resources/" + kind + "/" + name).json();
    }

    protected String condition(String kind, String name, String type) {
        for (JsonNode c : resource(kind, name).at("/status/conditions")) {
            if (c.path("type").asString().equals(type)) {
                return c.path("status").asString();
            }
        }
        return null;
    }

    protected void awaitCondition(String kind, String name, String type, String status) {
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(condition(kind, name, type)).as(kind + "/" + name + " " + type + ": "
                        + resource(kind, name).at("/status/conditions")).isEqualTo(status));
    }

    protected List<JsonNode> events(String kind, String name) {
        List<JsonNode> out = new ArrayList<>();
        api.get("/api/v1/resources/" + kind + "/" + name + "/events?limit=500").json().get("items").forEach(out::add);
        return out;
    }

    protected HttpResponse<String> send(String method, String url, Map<String, String> headers, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected HttpResponse<String> proxy(String path, Map<String, String> headers) {
        return send("GET", kong.proxyUrl() + path, headers, null);
    }

    protected HttpResponse<String> admin(String method, String path, String json) {
        return send(method, kong.adminUrl() + path, Map.of(), json);
    }

    protected String webUrl(String app) {
        return resource("HerokuApp", app).at("/status/external/webUrl").asString();
    }
}
