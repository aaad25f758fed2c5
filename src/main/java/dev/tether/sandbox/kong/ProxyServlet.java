package dev.tether.sandbox.kong;

import dev.tether.http.IdleConnections;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The proxy (Kong's data plane, enough of it to prove a deployment end to end): matches a route,
 * runs the plugins scoped to it in priority order (key-auth, request-size-limiting, acl,
 * rate-limiting, request-transformer; cors is accepted by the Admin API but not run), and forwards to the route's service over real HTTP with the path Kong
 * would build ({@code strip_path}, {@code preserve_host}, the service's {@code path}).
 */
final class ProxyServlet extends HttpServlet {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length");

    private final KongStore store;
    private final AdminInfo info;
    private final OkHttpClient http;
    private final Map<String, GatewayPlugin> plugins = new LinkedHashMap<>();

    ProxyServlet(KongStore store, AdminInfo info, Clock clock) {
        this.store = store;
        this.info = info;
        // As Kong's upstream keepalive pool: an idle upstream connection the backend closed is
        // never a 502 (dropped before the backend's idle timeout, else resent once).
        this.http = IdleConnections.install(new OkHttpClient.Builder()).followRedirects(false).followSslRedirects(false)
                .retryOnConnectionFailure(false).build();
        plugins.put("key-auth", new KeyAuthPlugin(store));
        plugins.put("acl", new AclPlugin(store));
        plugins.put("request-size-limiting", new RequestSizeLimitingPlugin());
        plugins.put("rate-limiting", new RateLimitingPlugin(clock));
        plugins.put("request-transformer", new RequestTransformerPlugin());
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long started = System.nanoTime();
        String requestId = UUID.randomUUID().toString().replace("-", "");
        info.proxiedRequests.incrementAndGet();
        resp.setHeader("X-Kong-Request-Id", requestId);
        String host = req.getHeader("Host");
        String path = req.getRequestURI();
        List<ObjectNode> routes = store.all(Routes.TYPE).stream().filter(this::serviceEnabled).toList();
        // TLS ends in front of the emulator (as at Heroku's router, with heroku-kong's trusted_ips):
        // X-Forwarded-Proto says whether the client used https
        String scheme = req.isSecure() || "https".equalsIgnoreCase(req.getHeader("X-Forwarded-Proto")) ? "https" : "http";
        Optional<RouteMatcher.Match> match = RouteMatcher.match(routes, scheme, req.getMethod(), host, path, req::getHeader);
        if (match.isEmpty() && scheme.equals("http")) {
            Optional<RouteMatcher.Match> httpsOnly = RouteMatcher.match(routes, "https", req.getMethod(), host, path, req::getHeader);
            if (httpsOnly.isPresent()) {
                redirectToHttps(req, resp, httpsOnly.get().route(), requestId, started);
                return;
            }
        }
        if (match.isEmpty()) {
            reject(resp, 404, "no Route matched with those values", requestId, Map.of(), started);
            return;
        }
        ObjectNode route = match.get().route();
        ObjectNode service = store.find(Services.TYPE, Json.foreignId(route, "service")).orElse(null);
        if (service == null) {
            reject(resp, 503, "no Service found with those values", requestId, Map.of(), started);
            return;
        }
        ProxyExchange ex = new ProxyExchange(route, service, req.getRemoteAddr(), req.getMethod());
        for (String name : Collections.list(req.getHeaderNames())) {
            for (String v : Collections.list(req.getHeaders(name))) {
                ex.addHeader(name, v);
            }
        }
        parseQuery(req.getQueryString(), ex);
        ex.upstreamPath = upstreamPath(route, service, path, match.get().matchedPath());
        try {
            runPlugins(ex);
        } catch (ProxyExchange.Rejection r) {
            reject(resp, r.status, r.message, requestId, r.headers, started);
            return;
        }
        forward(req, resp, ex, host, requestId, started);
    }

    /** A route that only accepts https, reached over http: its {@code https_redirect_status_code}. */
    private static void redirectToHttps(HttpServletRequest req, HttpServletResponse resp, ObjectNode route,
                                        String requestId, long started) throws IOException {
        int code = route.path("https_redirect_status_code").asInt(426);
        if (code == 426) {
            reject(resp, 426, "Please use HTTPS protocol", requestId, Map.of("Connection", "Upgrade", "Upgrade", "TLS/1.2, HTTP/1.1"), started);
            return;
        }
        String host = req.getHeader("Host") == null ? req.getServerName() : req.getHeader("Host").replaceFirst(":\\d+$", "");
        String location = "https://" + host + req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
        reject(resp, code, "Moved", requestId, Map.of("Location", location), started);
    }

    private boolean serviceEnabled(ObjectNode route) {
        String sid = Json.foreignId(route, "service");
        return sid == null || store.find(Services.TYPE, sid).map(s -> s.path("enabled").asBoolean(true)).orElse(true);
    }

    /** Runs each plugin name once with its most specific enabled instance, by priority. */
    private void runPlugins(ProxyExchange ex) {
        List<String> order = new ArrayList<>(plugins.keySet());
        order.sort(Comparator.comparingInt(n -> -PluginSchemas.get(n).priority()));
        for (String name : order) {
            Optional<ObjectNode> instance = mostSpecific(name, ex);
            instance.ifPresent(p -> plugins.get(name).access(ex, p.get("config"), Json.text(p, "id")));
        }
    }

    private Optional<ObjectNode> mostSpecific(String name, ProxyExchange ex) {
        String routeId = Json.text(ex.route, "id");
        String serviceId = Json.text(ex.service, "id");
        String consumerId = ex.consumerId();
        return store.all(Plugins.TYPE).stream()
                .filter(p -> name.equals(Json.text(p, "name")) && p.path("enabled").asBoolean(true))
                .filter(p -> Json.stringList(p.get("protocols")).contains("http"))
                .filter(p -> matches(Json.foreignId(p, "route"), routeId)
                        && matches(Json.foreignId(p, "service"), serviceId)
                        && matches(Json.foreignId(p, "consumer"), consumerId))
                .min(Comparator.comparingInt(ProxyServlet::precedence));
    }

    private static boolean matches(String scoped, String actual) {
        return scoped == null || scoped.equals(actual);
    }

    /** Kong's precedence: consumer+route+service first, global last. */
    private static int precedence(ObjectNode p) {
        boolean c = !p.path("consumer").isNull(), r = !p.path("route").isNull(), s = !p.path("service").isNull();
        if (c && r && s) {
            return 1;
        }
        if (c && r) {
            return 2;
        }
        if (c && s) {
            return 3;
        }
        if (r && s) {
            return 4;
        }
        if (c) {
            return 5;
        }
        if (r) {
            return 6;
        }
        return s ? 7 : 8;
    }

    /** Kong's path joining for {@code path_handling} v0/v1, after {@code strip_path}. */
    static String upstreamPath(ObjectNode route, ObjectNode service, String requestPath, String matched) {
        String base = Json.text(service, "path");
        if (base == null) {
            base = "/";
        }
        String rest = requestPath;
        if (matched != null && route.path("strip_path").asBoolean(true)) {
            rest = requestPath.substring(matched.length());
        }
        if (rest.isEmpty() || (rest.equals("/") && !base.endsWith("/"))) {
            return base; // a bare "/" adds no trailing slash to the service path
        }
        if (base.endsWith("/") && rest.startsWith("/")) {
            return base + rest.substring(1);
        }
        if (base.endsWith("/") || rest.startsWith("/")) {
            return base + rest;
        }
        return "v1".equals(Json.text(route, "path_handling")) ? base + "/" + rest : base + rest;
    }

    private void forward(HttpServletRequest req, HttpServletResponse resp, ProxyExchange ex, String clientHost,
                         String requestId, long started) throws IOException {
        ObjectNode s = ex.service;
        String protocol = Json.text(s, "protocol");
        int port = s.path("port").asInt(80);
        HttpUrl.Builder url = new HttpUrl.Builder().scheme("https".equals(protocol) ? "https" : "http")
                .host(Json.text(s, "host")).port(port).encodedPath(ex.upstreamPath.startsWith("/") ? ex.upstreamPath : "/" + ex.upstreamPath);
        for (String[] q : ex.query) {
            url.addQueryParameter(q[0], q[1]);
        }
        Request.Builder out = new Request.Builder().url(url.build());
        ex.headers().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                values.forEach(v -> out.addHeader(name, v));
            }
        });
        boolean defaultPort = port == ("https".equals(protocol) ? 443 : 80);
        String upstreamHost = ex.route.path("preserve_host").asBoolean(false) && clientHost != null
                ? clientHost : Json.text(s, "host") + (defaultPort ? "" : ":" + port);
        out.header("Host", ex.upstreamHost != null ? ex.upstreamHost : upstreamHost);
        String forwardedFor = ex.header("X-Forwarded-For");
        out.header("X-Forwarded-For", forwardedFor == null ? ex.clientIp : forwardedFor + ", " + ex.clientIp);
        out.header("X-Forwarded-Proto", req.isSecure() || "https".equalsIgnoreCase(ex.header("X-Forwarded-Proto")) ? "https" : "http");
        out.header("X-Forwarded-Host", clientHost == null ? req.getServerName() : clientHost.replaceFirst(":\\d+$", ""));
        out.header("X-Forwarded-Port", String.valueOf(req.getLocalPort()));
        out.header("X-Forwarded-Path", req.getRequestURI());
        out.header("X-Real-IP", ex.clientIp);
        out.header("X-Kong-Request-Id", requestId);
        byte[] body = req.getInputStream().readAllBytes();
        RequestBody requestBody = null;
        boolean needsBody = Set.of("POST", "PUT", "PATCH").contains(ex.method);
        boolean mayHaveBody = !ex.method.equals("GET") && !ex.method.equals("HEAD");
        if (mayHaveBody && (body.length > 0 || needsBody)) {
            String ct = req.getContentType();
            requestBody = RequestBody.create(body, ct == null ? null : MediaType.parse(ct));
        }
        out.method(ex.method, requestBody);
        OkHttpClient client = http.newBuilder()
                .connectTimeout(s.path("connect_timeout").asLong(60000), TimeUnit.MILLISECONDS)
                .readTimeout(s.path("read_timeout").asLong(60000), TimeUnit.MILLISECONDS)
                .writeTimeout(s.path("write_timeout").asLong(60000), TimeUnit.MILLISECONDS).build();
        long upstreamStarted = System.nanoTime();
        try (Response upstream = client.newCall(out.build()).execute()) {
            resp.setStatus(upstream.code());
            for (var h : upstream.headers()) {
                if (!HOP_BY_HOP.contains(h.getFirst().toLowerCase())) {
                    resp.addHeader(h.getFirst(), h.getSecond());
                }
            }
            ex.responseHeaders.forEach(resp::setHeader);
            resp.setHeader("X-Kong-Upstream-Latency", String.valueOf((System.nanoTime() - upstreamStarted) / 1_000_000));
            resp.setHeader("X-Kong-Proxy-Latency", String.valueOf((upstreamStarted - started) / 1_000_000));
            resp.setHeader("Via", "1.1 kong/" + AdminInfo.VERSION);
            byte[] bytes = upstream.body().bytes();
            if (!req.getMethod().equals("HEAD")) {
                resp.setContentLength(bytes.length);
                resp.getOutputStream().write(bytes);
            }
        } catch (InterruptedIOException e) {
            reject(resp, 504, "The upstream server is timing out", requestId, Map.of(), started);
        } catch (IOException e) {
            reject(resp, 502, "An invalid response was received from the upstream server", requestId, Map.of(), started);
        }
    }

    private static void reject(HttpServletResponse resp, int status, String message, String requestId,
                               Map<String, String> headers, long started) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json; charset=utf-8");
        resp.setHeader("Server", "kong/" + AdminInfo.VERSION);
        resp.setHeader("X-Kong-Response-Latency", String.valueOf((System.nanoTime() - started) / 1_000_000));
        headers.forEach(resp::setHeader);
        JsonNode body = Json.object().put("message", message).put("request_id", requestId);
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    private static void parseQuery(String raw, ProxyExchange ex) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? null : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            ex.query.add(new String[] {k, v});
        }
    }
}
