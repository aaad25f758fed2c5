package dev.tether;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plays the person in the Heroku Dashboard: real Platform API calls to the sandbox emulator
 * with the dashboard user's token, so every change is attributed to dashboard@example.com.
 */
public final class Dashboard {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();

    public Dashboard(String emulatorBaseUrl) {
        this.base = emulatorBaseUrl.endsWith("/") ? emulatorBaseUrl.substring(0, emulatorBaseUrl.length() - 1) : emulatorBaseUrl;
    }

    public JsonNode call(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer dashboard-token")
                .header("Accept", "application/vnd.heroku+json; version=3")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
            }
            return r.body().isBlank() ? null : MAPPER.readTree(r.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public void setConfigVar(String app, String key, String value) {
        call("PATCH", "/apps/" + app + "/config-vars", "{\"" + key + "\":" + (value == null ? "null" : "\"" + value + "\"") + "}");
    }

    public void scale(String app, String type, int quantity) {
        call("PATCH", "/apps/" + app + "/formation/" + type, "{\"quantity\":" + quantity + "}");
    }

    /**
     * Deploys code the way a user would without Tether: a slug whose Procfile defines {@code web}
     * (Heroku scales it to 1 on the first release that defines it), then a release of it. A new
     * app has no formation until then, so a test that scales an app it made itself calls this first.
     */
    public JsonNode deployWeb(String app) {
        JsonNode slug = call("POST", "/apps/" + app + "/slugs", "{\"process_types\":{\"web\":\"npm start\"},\"commit\":\"dashboard-deploy\"}");
        return call("POST", "/apps/" + app + "/releases", "{\"slug\":\"" + slug.get("id").asString() + "\"}");
    }

    public void rename(String app, String newName) {
        call("PATCH", "/apps/" + app, "{\"name\":\"" + newName + "\"}");
    }

    public void destroyAddon(String app, String addon) {
        call("DELETE", "/apps/" + app + "/addons/" + addon, null);
    }

    /** Puts the emulator's fault injection (DESIGN §6) to the given JSON. */
    public void faults(String json) {
        call(json == null ? "DELETE" : "PUT", "/__sandbox/faults", json);
    }

    public JsonNode calls() {
        return call("GET", "/__sandbox/calls", null);
    }
}
