package dev.tether.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The CLI's client of Tether's REST API: the JDK's HttpClient, the bearer token, JSON. */
final class ApiClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ApiClient(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
    }

    String base() {
        return base;
    }

    /** An answer that was not 2xx: the problem's detail and each listed error. */
    static final class ApiException extends RuntimeException {
        final int status;

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    record Answer(int status, JsonNode body) {
    }

    JsonNode get(String path) {
        return send(request(path).GET()).body();
    }

    /** A GET whose answer is text (YAML), returned as it came. */
    String getText(String path) {
        HttpRequest.Builder b = request(path).GET().setHeader("Accept", "application/yaml");
        return exchange(b).body();
    }

    Answer post(String path, String contentType, String body) {
        HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    Answer delete(String path) {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (token != null && !token.isBlank()) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private Answer send(HttpRequest.Builder b) {
        HttpResponse<String> r = exchange(b);
        return new Answer(r.statusCode(), json(r.body()));
    }

    private static JsonNode json(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The answer when 2xx, else an {@link ApiException} with the problem's detail. */
    private HttpResponse<String> exchange(HttpRequest.Builder b) {
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new ApiException(0, "cannot reach Tether at " + base + " (set --server or TETHER_URL)");
        } catch (IOException e) {
            throw new ApiException(0, "talking to Tether at " + base + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted");
        }
        if (r.statusCode() / 100 != 2) {
            throw new ApiException(r.statusCode(), problem(r.statusCode(), json(r.body()), r.body()));
        }
        return r;
    }

    private static String problem(int status, JsonNode body, String raw) {
        if (body == null) {
            return "HTTP " + status + (raw == null || raw.isBlank() ? "" : ": " + raw.strip());
        }
        StringBuilder sb = new StringBuilder();
        String detail = body.path("detail").asString(body.path("title").asString("HTTP " + status));
        sb.append(detail);
        JsonNode errors = body.path("errors");
        if (errors.isArray() && errors.size() > 1) {
            for (JsonNode e : errors) {
                sb.append("\n  ").append(e.path("message").asString(e.toString()));
            }
        }
        if (status == 401) {
            sb.append(" (set --token or TETHER_API_TOKEN)");
        }
        return sb.toString();
    }
}
