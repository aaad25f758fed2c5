package dev.tether.kong;

import dev.tether.http.IdleConnections;
import dev.tether.http.JacksonConverterFactory;
import dev.tether.http.PermanentException;
import dev.tether.http.RetryPolicy;
import dev.tether.http.RetryableException;
import dev.tether.reconcile.Lease;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.Retrofit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tether's client for one Kong gateway's Admin API (Kong 3.x, DB mode). Lists page through
 * every page (following {@code offset}) filtered by tags (ANDed, as decK does); writes are
 * PUT-upserts by name or id, PATCH and DELETE. Reads map into narrow {@code Observed*} records.
 *
 * <p>Every failure is decided here: {@link RetryableException} for I/O errors, timeouts, 429
 * (with {@code Retry-After}) and 5xx; {@link PermanentException} for other 4xx, carrying Kong's
 * {@code code} and its message with the {@code fields} detail. A 404 on a read is
 * {@link Optional#empty()}. Every call Tether makes to Kong is safe to repeat (GET, PUT-upserts,
 * PATCH of absolute field values, DELETE), yet nothing is resent or waited out inside the call: a
 * retryable failure (a 429 with its {@code Retry-After} included) reaches the loop at once, which
 * requeues the key with backoff ({@link RetryPolicy}). With an admin token every call sends {@code apikey: <token>}
 * (heroku-kong's key-auth protected Admin API). Secrets never appear in exception messages.
 * Every PUT, PATCH, POST and DELETE first passes {@link Lease#checkBeforeWrite}: a worker whose
 * lease was taken over sends none ({@link dev.tether.http.LeaseLostException}).
 */
public final class KongAdminClient {

    /** Page size used for listing: Kong's maximum. */
    static final int PAGE_SIZE = 1000;

    private final KongWire.Api api;
    private final ObjectMapper mapper;
    private final String adminUrl;
    private final int pageSize;
    private volatile KongWrites told = KongWrites.NONE;

    /**
     * @param http       the shared OkHttp client (timeouts and pools come from it)
     * @param adminUrl   the Admin API base URL, e.g. {@code http://127.0.0.1:8001} or a
     *                   loopback path such as {@code https://gw.example.com/kong-admin}
     * @param adminToken the key-auth key protecting the Admin API, or null
     */
    public KongAdminClient(OkHttpClient http, String adminUrl, String adminToken) {
        this(http, adminUrl, adminToken, PAGE_SIZE);
    }

    /** With a smaller page size, so tests can cross page boundaries with a few entities. */
    KongAdminClient(OkHttpClient http, String adminUrl, String adminToken, int pageSize) {
        this.pageSize = pageSize;
        HttpUrl base = HttpUrl.parse(adminUrl.endsWith("/") ? adminUrl : adminUrl + "/");
        if (base == null) {
            throw new IllegalArgumentException("KONG_ADMIN_URL: '" + adminUrl + "' is not an http(s) URL");
        }
        this.adminUrl = base.toString();
        this.mapper = JsonMapper.builder().build();
        OkHttpClient.Builder builder = http.newBuilder();
        if (adminToken != null && !adminToken.isBlank()) {
            builder.addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("apikey", adminToken).build()));
        }
        // a worker whose lease was taken over writes nothing (see Lease)
        OkHttpClient client = builder.addInterceptor(chain -> {
            String method = chain.request().method();
            Lease.checkBeforeWrite(method);
            if (method.equals("GET") || method.equals("HEAD")) {
                return chain.proceed(chain.request());
            }
            // a write cut off or failed on Kong's side may or may not have happened: whoever keeps a read reads again
            okhttp3.Response answer;
            try {
                answer = chain.proceed(chain.request());
            } catch (IOException | RuntimeException e) {
                told.unknown();
                throw e;
            }
            if (answer.code() >= 500) {
                told.unknown();
            }
            return answer;
        }).build();
        this.api = new Retrofit.Builder().baseUrl(base).client(client)
                .addConverterFactory(JacksonConverterFactory.create(mapper)).build().create(KongWire.Api.class);
    }

    /** A client on its own OkHttp client with 10 s timeouts; for tools and tests. */
    public static KongAdminClient create(String adminUrl, String adminToken) {
        return new KongAdminClient(http(Duration.ofSeconds(10), Duration.ofSeconds(10)), adminUrl, adminToken);
    }

    /**
     * The OkHttp client Kong clients share: idle connections dropped before Kong's nginx drops
     * them, a call a closed idle connection cut off resent once ({@link IdleConnections}), and no
     * resend of OkHttp's own (the loop decides when to try again, {@link RetryPolicy}).
     */
    static OkHttpClient http(Duration connectTimeout, Duration readTimeout) {
        return IdleConnections.install(new OkHttpClient.Builder()).connectTimeout(connectTimeout)
                .readTimeout(readTimeout).writeTimeout(readTimeout).retryOnConnectionFailure(false).build();
    }

    /** Who is told what each write answered (one listener: the gateway's shared read, {@link OwnedSnapshots}). */
    void tellWritesTo(KongWrites listener) {
        this.told = listener == null ? KongWrites.NONE : listener;
    }

    public String adminUrl() {
        return adminUrl;
    }

    /** Kong's version from {@code GET /}, e.g. {@code 3.9.1}. */
    public String version() {
        return execute(api.get("", Map.of()), null).path("version").asString();
    }

    // ---- services -------------------------------------------------------------------------

    public List<ObservedService> listServices(List<String> tags) {
        return list("services", tags, KongWire.ServiceDto.class, KongWire.ServiceDto::observed);
    }

    public Optional<ObservedService> findService(String idOrName) {
        return find("services/" + seg(idOrName), KongWire.ServiceDto.class, KongWire.ServiceDto::observed);
    }

    /** PUT: creates the service or replaces it whole (fields not in the spec return to defaults). */
    public ObservedService upsertService(String idOrName, ServiceSpec spec) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", spec.name());
        body.put("url", spec.url());
        body.put("tags", spec.tags());
        ObservedService written = write(api.put("services/" + seg(idOrName), body), KongWire.ServiceDto.class, null).observed();
        told.service(written);
        return written;
    }

    /**
     * POST: creates the service, or, when Kong already holds one of that name (409, unique
     * violation on {@code name}), answers empty and writes nothing: the create's answer is what
     * tells whether the name is free, so a new service needs no read before it.
     */
    public Optional<ObservedService> createService(ServiceSpec spec) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", spec.name());
        body.put("url", spec.url());
        body.put("tags", spec.tags());
        Optional<ObservedService> made = create(api.post("services", body), "name", KongWire.ServiceDto.class)
                .map(KongWire.ServiceDto::observed);
        made.ifPresent(told::service);
        return made;
    }

    /** DELETE; succeeds when the service is already gone. Fails permanently while routes use it. */
    public void deleteService(String idOrName) {
        delete("services/" + seg(idOrName));
        told.removed("services", idOrName);
    }

    // ---- routes ---------------------------------------------------------------------------

    public List<ObservedRoute> listRoutes(List<String> tags) {
        return list("routes", tags, KongWire.RouteDto.class, KongWire.RouteDto::observed);
    }

    public Optional<ObservedRoute> findRoute(String idOrName) {
        return find("routes/" + seg(idOrName), KongWire.RouteDto.class, KongWire.RouteDto::observed);
    }

    public ObservedRoute upsertRoute(String idOrName, RouteSpec spec) {
        ObservedRoute written = write(api.put("routes/" + seg(idOrName), routeBody(spec)), KongWire.RouteDto.class, null).observed();
        told.route(written);
        return written;
    }

    /** POST: creates the route, or answers empty when Kong holds a route of that name (409), writing nothing. */
    public Optional<ObservedRoute> createRoute(RouteSpec spec) {
        Optional<ObservedRoute> made = create(api.post("routes", routeBody(spec)), "name", KongWire.RouteDto.class)
                .map(KongWire.RouteDto::observed);
        made.ifPresent(told::route);
        return made;
    }

    private static Map<String, Object> routeBody(RouteSpec spec) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", spec.name());
        body.put("service", spec.serviceId() == null ? null : Map.of("id", spec.serviceId()));
        putIfSet(body, "paths", spec.paths());
        putIfSet(body, "hosts", spec.hosts());
        putIfSet(body, "methods", spec.methods());
        putIfSet(body, "protocols", spec.protocols());
        putIfSet(body, "strip_path", spec.stripPath());
        putIfSet(body, "preserve_host", spec.preserveHost());
        body.put("tags", spec.tags() == null ? List.of() : spec.tags());
        return body;
    }

    public void deleteRoute(String idOrName) {
        delete("routes/" + seg(idOrName));
        told.removed("routes", idOrName);
    }

    // ---- plugins --------------------------------------------------------------------------

    public List<ObservedPlugin> listPlugins(List<String> tags) {
        return list("plugins", tags, KongWire.PluginDto.class, KongWire.PluginDto::observed);
    }

    /** The plugins scoped to one service or route ({@code GET /services/{id}/plugins}, all pages), whoever made them. */
    public List<ObservedPlugin> listPluginsOn(String serviceId, String routeId) {
        String path = routeId != null ? "routes/" + seg(routeId) + "/plugins" : "services/" + seg(serviceId) + "/plugins";
        return listNested(path, KongWire.PluginDto.class, KongWire.PluginDto::observed);
    }

    /** PUT by id (what decK does): the config sent is merged with Kong's defaults by Kong. */
    public ObservedPlugin upsertPlugin(String id, PluginSpec spec) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", spec.name());
        body.put("service", spec.serviceId() == null ? null : Map.of("id", spec.serviceId()));
        body.put("route", spec.routeId() == null ? null : Map.of("id", spec.routeId()));
        body.put("consumer", spec.consumerId() == null ? null : Map.of("id", spec.consumerId()));
        body.put("enabled", spec.enabled());
        body.put("config", spec.config() == null ? Map.of() : spec.config());
        body.put("tags", spec.tags() == null ? List.of() : spec.tags());
        ObservedPlugin written = write(api.put("plugins/" + seg(id), body), KongWire.PluginDto.class, null).observed();
        told.plugin(written);
        return written;
    }

    public void deletePlugin(String id) {
        delete("plugins/" + seg(id));
        told.removed("plugins", id);
    }

    // ---- consumers and their credentials --------------------------------------------------

    public List<ObservedConsumer> listConsumers(List<String> tags) {
        return list("consumers", tags, KongWire.ConsumerDto.class, KongWire.ConsumerDto::observed);
    }

    public Optional<ObservedConsumer> findConsumer(String idOrUsername) {
        return find("consumers/" + seg(idOrUsername), KongWire.ConsumerDto.class, KongWire.ConsumerDto::observed);
    }

    public ObservedConsumer upsertConsumer(String idOrUsername, ConsumerSpec spec) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", spec.username());
        body.put("custom_id", spec.customId());
        body.put("tags", spec.tags());
        return write(api.put("consumers/" + seg(idOrUsername), body), KongWire.ConsumerDto.class, null).observed();
    }

    public void deleteConsumer(String idOrUsername) {
        delete("consumers/" + seg(idOrUsername));
    }

    /** The consumer's key-auth credentials (all pages); empty when the consumer is missing. */
    public List<ObservedKeyAuth> listKeyAuths(String consumer) {
        return listNested("consumers/" + seg(consumer) + "/key-auth", KongWire.KeyAuthDto.class, KongWire.KeyAuthDto::observed);
    }

    /** PUT {@code /consumers/{c}/key-auth/{id}}: sets the credential's key (never logged). */
    public ObservedKeyAuth upsertKeyAuth(String consumer, String credentialId, String key, List<String> tags) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", key);
        body.put("tags", tags == null ? List.of() : tags);
        return write(api.put("consumers/" + seg(consumer) + "/key-auth/" + seg(credentialId), body),
                KongWire.KeyAuthDto.class, key).observed();
    }

    /** DELETE a credential by id; succeeds when it is already gone. */
    public void deleteKeyAuth(String consumer, String credentialId) {
        deleteNested("consumers/" + seg(consumer) + "/key-auth/" + seg(credentialId));
    }

    public List<ObservedAcl> listAcls(String consumer) {
        return listNested("consumers/" + seg(consumer) + "/acls", KongWire.AclDto.class, KongWire.AclDto::observed);
    }

    /** PUT {@code /consumers/{c}/acls/{group}}: the consumer joins the group (idempotent). */
    public ObservedAcl upsertAcl(String consumer, String group, List<String> tags) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tags", tags == null ? List.of() : tags);
        return write(api.put("consumers/" + seg(consumer) + "/acls/" + seg(group), body), KongWire.AclDto.class, null)
                .observed();
    }

    public void deleteAcl(String consumer, String idOrGroup) {
        deleteNested("consumers/" + seg(consumer) + "/acls/" + seg(idOrGroup));
    }

    // ---- plumbing -------------------------------------------------------------------------

    private <D, O> List<O> list(String path, List<String> tags, Class<D> dto, Function<D, O> map) {
        List<O> out = new ArrayList<>();
        String offset = null;
        do {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("size", String.valueOf(pageSize));
            if (tags != null && !tags.isEmpty()) {
                q.put("tags", String.join(",", tags));
            }
            if (offset != null) {
                q.put("offset", offset);
            }
            KongWire.Page page = mapper.treeToValue(execute(api.get(path, q), null), KongWire.Page.class);
            page.data().forEach(n -> out.add(map.apply(mapper.treeToValue(n, dto))));
            offset = page.offset();
        } while (offset != null);
        return out;
    }

    private <D, O> List<O> listNested(String path, Class<D> dto, Function<D, O> map) {
        List<O> out = new ArrayList<>();
        String offset = null;
        do {
            Map<String, String> q = new LinkedHashMap<>();
            if (offset != null) {
                q.put("offset", offset);
            }
            Response<JsonNode> r = send(api.get(path, q), null);
            if (r.code() == 404) {
                return List.of();
            }
            KongWire.Page page = mapper.treeToValue(r.body(), KongWire.Page.class);
            page.data().forEach(n -> out.add(map.apply(mapper.treeToValue(n, dto))));
            offset = page.offset();
        } while (offset != null);
        return out;
    }

    private <D, O> Optional<O> find(String path, Class<D> dto, Function<D, O> map) {
        Response<JsonNode> r = send(api.get(path, Map.of()), null);
        if (r.code() == 404) {
            return Optional.empty();
        }
        return Optional.of(map.apply(mapper.treeToValue(r.body(), dto)));
    }

    private <D> D write(Call<JsonNode> call, Class<D> dto, String secret) {
        return mapper.treeToValue(execute(call, secret), dto);
    }

    /** A POST's answer; empty when Kong refused it as a unique violation on {@code uniqueField} (409, code 5). */
    private <D> Optional<D> create(Call<JsonNode> call, String uniqueField, Class<D> dto) {
        Response<JsonNode> r;
        try {
            r = call.execute();
        } catch (IOException e) {
            throw new RetryableException("Kong Admin API POST " + call.request().url().encodedPath() + ": " + e.getMessage(),
                    0, null, e);
        }
        if (r.isSuccessful()) {
            return Optional.of(mapper.treeToValue(r.body(), dto));
        }
        KongWire.ErrorDto err = readError(r);
        if (r.code() == 409 && err != null && Integer.valueOf(5).equals(err.code()) && err.fields() != null
                && err.fields().has(uniqueField)) {
            return Optional.empty();
        }
        throw classify(r, err, null);
    }

    private void delete(String path) {
        send(api.delete(path), null);
    }

    private void deleteNested(String path) {
        send(api.delete(path), null);
    }

    private JsonNode execute(Call<JsonNode> call, String secret) {
        Response<JsonNode> r = send(call, secret);
        if (r.code() == 404) {
            throw classify(r, secret);
        }
        return r.body();
    }

    /** Sends once; 2xx and 404 come back, everything else is thrown classified. */
    private <T> Response<T> send(Call<T> call, String secret) {
        String what = call.request().method() + " " + call.request().url().encodedPath();
        return sendOnce(call, what, secret);
    }

    private <T> Response<T> sendOnce(Call<T> call, String what, String secret) {
        Response<T> r;
        try {
            r = call.execute();
        } catch (IOException e) {
            throw new RetryableException("Kong Admin API " + what + ": " + scrub(String.valueOf(e.getMessage()), secret),
                    0, null, e);
        }
        if (r.isSuccessful() || r.code() == 404) {
            return r;
        }
        throw classify(r, secret);
    }

    private RuntimeException classify(Response<?> r, String secret) {
        return classify(r, readError(r), secret);
    }

    private RuntimeException classify(Response<?> r, KongWire.ErrorDto err, String secret) {
        String what = r.raw().request().method() + " " + r.raw().request().url().encodedPath();
        String detail = err == null ? "HTTP " + r.code() : err.message();
        if (err != null && err.fields() != null && err.message() != null && !err.message().contains("(")) {
            detail = detail + " " + err.fields();
        }
        String message = scrub("Kong Admin API " + what + " answered " + r.code() + ": " + detail, secret);
        if (r.code() == 429 || r.code() >= 500) {
            return new RetryableException(message, r.code(), retryAfter(r.headers().get("Retry-After")), null);
        }
        String code = err == null || err.code() == null ? null : String.valueOf(err.code());
        return new PermanentException(message, r.code(), code, null);
    }

    private KongWire.ErrorDto readError(Response<?> r) {
        try (var body = r.errorBody()) {
            if (body == null) {
                return null;
            }
            return mapper.readValue(body.string(), KongWire.ErrorDto.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Duration retryAfter(String header) {
        return RetryPolicy.retryAfter(header);
    }

    private static String scrub(String message, String secret) {
        return secret == null || secret.isEmpty() ? message : message.replace(secret, "<redacted>");
    }

    private static void putIfSet(Map<String, Object> body, String key, Object value) {
        if (value != null) {
            body.put(key, value);
        }
    }

    /** One path segment, percent-encoded (names may hold characters such as {@code ~}). */
    static String seg(String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("an Admin API path segment must not be empty");
        }
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "KongAdminClient[" + adminUrl + "]";
    }
}
