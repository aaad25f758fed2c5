package dev.tether.sandbox.kong;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for tests (OkHttp, which lets a test set {@code Host}). Every Admin API
 * response it reads is checked against the OpenAPI subset, so any test using it is also a
 * contract test.
 */
final class KongHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final OkHttpClient CLIENT = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(20))
            .retryOnConnectionFailure(false).build();

    /** A response with its body as text and JSON (null when not JSON). */
    record Res(int status, String body, Headers headers) {
        JsonNode json() {
            return body.isEmpty() ? null : JSON.readTree(body);
        }

        String header(String name) {
            return headers.get(name);
        }
    }

    private final String base;
    private final boolean validate;
    private final Map<String, String> defaultHeaders = new LinkedHashMap<>();

    private KongHttp(String base, boolean validate) {
        this.base = base;
        this.validate = validate;
    }

    static KongHttp admin(KongEmulator kong) {
        return new KongHttp(kong.adminUrl(), true);
    }

    static KongHttp proxy(KongEmulator kong) {
        return new KongHttp(kong.proxyUrl(), false);
    }

    KongHttp withHeader(String name, String value) {
        KongHttp k = new KongHttp(base, validate);
        k.defaultHeaders.putAll(defaultHeaders);
        k.defaultHeaders.put(name, value);
        return k;
    }

    Res get(String path, String... headers) {
        return send("GET", path, null, null, headers);
    }

    Res delete(String path) {
        return send("DELETE", path, null, null);
    }

    Res post(String path, String json) {
        return send("POST", path, json, "application/json");
    }

    Res put(String path, String json) {
        return send("PUT", path, json, "application/json");
    }

    Res patch(String path, String json) {
        return send("PATCH", path, json, "application/json");
    }

    Res form(String method, String path, String formBody) {
        return send(method, path, formBody, "application/x-www-form-urlencoded");
    }

    /** {@code headers} alternate name, value. */
    Res send(String method, String path, String body, String contentType, String... headers) {
        RequestBody rb = body == null ? (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")
                ? RequestBody.create(new byte[0], null) : null)
                : RequestBody.create(body, contentType == null ? null : MediaType.get(contentType));
        Request.Builder b = new Request.Builder().url(base + path).method(method, rb);
        defaultHeaders.forEach(b::header);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try (var r = CLIENT.newCall(b.build()).execute()) {
            Res res = new Res(r.code(), r.body().string(), r.headers());
            if (validate && !res.body().isEmpty() && res.header("Content-Type") != null
                    && res.header("Content-Type").startsWith("application/json") && !path.startsWith("/__sandbox")) {
                assertThat(KongOpenApi.get().validate(method, path, res.status(), res.json()))
                        .as("%s %s → %d conforms to the Admin API OpenAPI subset", method, path, res.status())
                        .isEmpty();
            }
            return res;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
