package dev.tether;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small client of Tether's REST API for tests: real HTTP to the running app. */
public final class TetherApi {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TetherApi(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    /** A response with its body already parsed when it is JSON. */
    public record Response(int status, Map<String, java.util.List<String>> headers, String body) {
        public JsonNode json() {
            return MAPPER.readTree(body);
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst().orElse(null);
        }
    }

    public Response get(String path) {
        return send(builder(path).GET());
    }

    public Response post(String path, String contentType, String body) {
        return post(path, contentType, body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of());
    }

    /** Posts {@code body}; {@code ${SAMPLE_RELEASE}} in it stands for {@link TetherTestSupport#SAMPLE_RELEASE}. */
    public Response post(String path, String contentType, byte[] body, Map<String, String> headers) {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        if (text.contains(TetherTestSupport.SAMPLE_RELEASE_MARKER)) {
            body = TetherTestSupport.withSampleRelease(text).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        HttpRequest.Builder b = builder(path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        return send(b);
    }

    public Response yaml(String body) {
        return post("/api/v1/manifests", "application/yaml", body);
    }

    public Response delete(String path) {
        return send(builder(path).DELETE());
    }

    public Response withHeaders(String method, String path, Map<String, String> headers, String contentType,
                                String ignored, byte[] body) {
        HttpRequest.Builder b = builder(path).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::setHeader);
        return send(b);
    }

    public TetherApi withToken(String other) {
        return new TetherApi(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), other);
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private Response send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
