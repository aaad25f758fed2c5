package dev.tether.sandbox.heroku;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Heroku emulator on an ephemeral port for one test class, every answer of which is checked
 * against Heroku's JSON schema: a test whose exchanges broke the schema fails after it runs.
 * Faults are cleared and rate budgets refilled between tests.
 */
public final class EmulatorExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private HerokuEmulator emulator;
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger checked = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();
    @Override
    public void beforeAll(ExtensionContext context) {
        emulator = HerokuEmulator.start(0);
        emulator.addExchangeListener(exchange -> {
            checked.incrementAndGet();
            violations.addAll(HerokuSchema.get().violations(exchange));
        });
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        control("DELETE", "/__sandbox/faults", "");
        control("DELETE", "/__sandbox/rate-limit", "");
        List<String> found = List.copyOf(violations);
        violations.clear();
        assertThat(found).as("emulator answers that break Heroku's JSON schema").isEmpty();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (emulator != null) {
            emulator.close();
        }
    }

    public HerokuEmulator emulator() {
        return emulator;
    }

    public String baseUrl() {
        return emulator.baseUrl();
    }

    /** How many Platform API answers were schema-checked so far. */
    public int checkedExchanges() {
        return checked.get();
    }

    /** Calls the control surface and returns its status and body, whatever the status. */
    public HttpResponse<String> controlAnswer(String method, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                .method(method, json.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Calls the control surface ({@code /__sandbox/...}) and returns the JSON answer. */
    public String control(String method, String path, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                .method(method, json.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }
}
