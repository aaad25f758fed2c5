package dev.tether.sandbox.heroku;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A bare HTTP caller of the emulator for wire-level tests: every header is the test's choice. */
public final class PlatformApi {

    public static final String V3 = "application/vnd.heroku+json; version=3";
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** One answer: status, headers, parsed body. */
    public record Answer(int status, HttpResponse<String> raw) {
        public JsonNode json() {
            return MAPPER.readTree(raw.body());
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String token;

    public PlatformApi(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /**
     * Deploys code as a user would: a slug whose Procfile defines {@code web}, then a release of
     * it (Heroku scales {@code web} to 1 on the first release defining it). A new app has no
     * formation before this.
     */
    public Answer deployWeb(String app) {
        Answer slug = post("/apps/" + app + "/slugs", "{\"process_types\":{\"web\":\"npm start\"},\"commit\":\"deploy\"}");
        if (slug.status() != 201) {
            throw new IllegalStateException("slug create: " + slug.status() + " " + slug.raw().body());
        }
        Answer release = post("/apps/" + app + "/releases", "{\"slug\":\"" + slug.json().get("id").asString() + "\"}");
        if (release.status() != 201) {
            throw new IllegalStateException("release: " + release.status() + " " + release.raw().body());
        }
        return release;
    }

    public Answer get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Answer get(String path, Map<String, String> headers) {
        return send("GET", path, null, headers);
    }

    public Answer post(String path, String json) {
        return send("POST", path, json, Map.of());
    }

    public Answer patch(String path, String json) {
        return send("PATCH", path, json, Map.of());
    }

    public Answer put(String path, String json) {
        return send("PUT", path, json, Map.of());
    }

    public Answer delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    public Answer send(String method, String path, String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (!headers.containsKey("Accept")) {
            request.header("Accept", V3);
        }
        if (token != null && !headers.containsKey("Authorization")) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response);
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }
}
