package dev.tether.sandbox.heroku;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Platform API's wire rules around the handlers: the v3 {@code Accept} header or 406,
 * Bearer or Basic token auth or 401, injected faults, the per-account rate budget with
 * {@code RateLimit-Remaining} and 429, {@code Range} paging with 206 and {@code Next-Range},
 * {@code ETag} on every GET with 304 on {@code If-None-Match}, and a {@code Request-Id} on
 * every answer. Requests arriving on a sandbox backend's port go to {@link BackendResponder};
 * {@code /__sandbox/} goes to the {@link ControlSurface}.
 */
final class EmulatorServlet extends HttpServlet {

    private static final Logger log = LoggerFactory.getLogger(EmulatorServlet.class);
    private static final Pattern ACCEPT = Pattern.compile("application/vnd\\.heroku\\+json;\\s*version=3(\\.[a-z0-9-]+)?\\s*(;.*)?");
    private static final String JSON = "application/json";
    private static final Pattern ARTIFACT = Pattern.compile("^/__sandbox/(?:builds|slugs)/([0-9a-f-]{36})/(output|blob)$");

    private final HerokuState state;
    private final Router router;
    private final RateLimiter limiter;
    private final Faults faults;
    private final CallLog calls;
    private final ControlSurface control;
    private final BackendResponder backend;
    private final BuildRoutes builds;
    private final NotificationInbox inbox = new NotificationInbox();
    private final List<Consumer<RecordedExchange>> listeners = new CopyOnWriteArrayList<>();
    volatile boolean notModifiedCostsToken = true;

    EmulatorServlet(HerokuState state, Router router, RateLimiter limiter, Faults faults, CallLog calls, ControlSurface control,
                    BuildRoutes builds) {
        this.builds = builds;
        this.state = state;
        this.router = router;
        this.limiter = limiter;
        this.faults = faults;
        this.calls = calls;
        this.control = control;
        this.backend = new BackendResponder(state);
    }

    void addListener(Consumer<RecordedExchange> listener) {
        listeners.add(listener);
    }

    void removeListener(Consumer<RecordedExchange> listener) {
        listeners.remove(listener);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        UUID backendApp = state.backends.appFor(req.getLocalPort());
        if (backendApp != null) {
            BackendResponder.Answer answer = backend.answer(backendApp, req);
            write(resp, answer.status(), JSON, bytes(answer.body()));
            return;
        }
        String path = req.getRequestURI();
        java.util.regex.Matcher artifact = ARTIFACT.matcher(path);
        if (artifact.matches()) {
            artifact(req, resp, artifact.group(1), artifact.group(2));
            return;
        }
        if (path.equals(NotificationInbox.PATH)) {
            ControlSurface.Answer answer = inbox.handle(req, readBody(req));
            if (answer.body() == null) {
                resp.setStatus(answer.status());
            } else {
                write(resp, answer.status(), JSON, bytes(answer.body()));
            }
            return;
        }
        if (path.startsWith("/__sandbox/")) {
            ControlSurface.Answer answer = control.handle(req.getMethod(), path, readBody(req));
            if (!"GET".equals(req.getMethod())) {
                synchronized (state) {
                    state.changed();
                }
            }
            write(resp, answer.status(), JSON, bytes(answer.body()));
            return;
        }
        api(req, resp, path);
    }

    /**
     * The URLs the API hands out, unauthenticated as Heroku's pre-signed ones are: a build's
     * {@code output_stream_url} (plain text) and a slug's blob (PUT the archive there).
     */
    private void artifact(HttpServletRequest req, HttpServletResponse resp, String id, String what) throws IOException {
        if (what.equals("output") && "GET".equals(req.getMethod())) {
            var output = builds.output(id);
            if (output.isPresent()) {
                write(resp, 200, "text/plain; charset=utf-8", output.get().getBytes(StandardCharsets.UTF_8));
                return;
            }
        } else if (what.equals("blob") && "PUT".equals(req.getMethod())) {
            if (builds.upload(id, readBody(req).length)) {
                write(resp, 200, null, new byte[0]);
                return;
            }
        }
        write(resp, 404, "text/plain; charset=utf-8", "Not found.".getBytes(StandardCharsets.UTF_8));
    }

    private void api(HttpServletRequest req, HttpServletResponse resp, String path) throws IOException {
        String method = req.getMethod();
        String requestId = UUID.randomUUID().toString();
        resp.setHeader("Request-Id", requestId);
        String template = null;
        Router.Match match = null;
        try {
            match = router.match(method, path);
            template = match.route().template();
        } catch (ApiError unrouted) {
            // answered below, after auth, as Heroku does
        }
        String countedAs = template != null ? template : path;

        long latency = faults.delay();
        if (latency > 0) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Faults.Decision decision = faults.decide(method + " " + countedAs);
        if (decision instanceof Faults.Reset) {
            calls.record(method, countedAs, 0);
            reset(resp);
            return;
        }
        if (decision instanceof Faults.Timeout timeout) {
            calls.record(method, countedAs, 0);
            try {
                Thread.sleep(timeout.millis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reset(resp); // a client still waiting hears nothing usable either
        }

        int status;
        byte[] body;
        Map<String, String> headers = new LinkedHashMap<>();
        User user = null;
        try {
            if (decision instanceof Faults.Fail fail) {
                throw new ApiError(fail.status(), fail.status() >= 500 ? "internal_server_error" : "bad_request",
                        fail.status() >= 500 ? "Internal server error." : "Injected failure.", null);
            }
            if (decision instanceof Faults.RateLimited limited) {
                headers.put("Retry-After", String.valueOf(limited.retryAfterSeconds()));
                throw rateLimited();
            }
            if (!acceptable(req.getHeader("Accept"))) {
                throw new ApiError(406, "not_acceptable",
                        "Please specify a version along with Heroku's API MIME type. For example, `Accept: application/vnd.heroku+json; version=3`.", null);
            }
            user = authenticate(req.getHeader("Authorization"));
            boolean free = "/account/rate-limits".equals(path);
            if (!free && !limiter.take(user.email(), 1)) {
                headers.put("Retry-After", String.valueOf(Math.max(1, limiter.untilNextToken(user.email()).toSeconds())));
                throw rateLimited();
            }
            if (match == null) {
                router.match(method, path); // rethrows the 404/405
            }
            JsonNode requestBody = parse(readBody(req));
            ApiCall call = new ApiCall(method, match.params(), requestBody, user, req::getHeader);
            Reply reply;
            synchronized (state) {
                try {
                    reply = match.route().handler().handle(call);
                } finally {
                    if (!"GET".equals(method) && !"HEAD".equals(method)) {
                        state.changed();
                    }
                }
            }
            headers.putAll(reply.headers);
            status = reply.status;
            JsonNode out = reply.body;
            if (reply.list != null) {
                Paging.Spec spec = Paging.parse(req.getHeader("Range"), match.route().rangeFields());
                Paging.Page page = Paging.page(reply.list, spec);
                ArrayNode array = Json.MAPPER.createArrayNode();
                page.items().forEach(array::add);
                out = array;
                headers.put("Accept-Ranges", String.join(", ", match.route().rangeFields()));
                if (page.nextRange() != null) {
                    status = 206;
                    headers.put("Next-Range", page.nextRange());
                }
            }
            body = bytes(out);
            if ("GET".equals(method) && (status == 200 || status == 206)) {
                String etag = etag(body);
                headers.put("ETag", etag);
                if (matches(req.getHeader("If-None-Match"), etag)) {
                    status = 304;
                    body = new byte[0];
                    if (!notModifiedCostsToken && !free) {
                        limiter.refund(user.email(), 1);
                    }
                }
            }
        } catch (ApiError e) {
            status = e.status;
            body = bytes(e.body());
        } catch (RuntimeException e) {
            log.warn("Heroku emulator failed on {} {}", method, countedAs, e);
            status = 500;
            body = bytes(new ApiError(500, "internal_server_error", "Internal server error.", null).body());
        }
        if (user != null) {
            resp.setHeader("RateLimit-Remaining", String.valueOf(limiter.remaining(user.email())));
        }
        headers.forEach(resp::setHeader);
        calls.record(method, countedAs, status);
        // Listeners (the tests' schema judge) see the answer before the client does, so a
        // violation is recorded before the test that caused it can finish.
        RecordedExchange exchange = new RecordedExchange(method, path, template, status,
                body.length == 0 ? null : JSON, new String(body, StandardCharsets.UTF_8));
        listeners.forEach(l -> l.accept(exchange));
        if (decision instanceof Faults.LostResponse) {
            reset(resp); // done, but the client never hears so: it must not do it twice
            return;
        }
        write(resp, status, body.length == 0 ? null : JSON, body);
    }

    private static ApiError rateLimited() {
        return new ApiError(429, "rate_limit", "Your account reached the API rate limit\nPlease wait a few minutes before making new requests", null);
    }

    private static boolean acceptable(String accept) {
        if (accept == null) {
            return false;
        }
        for (String part : accept.split(",")) {
            if (ACCEPT.matcher(part.strip()).matches()) {
                return true;
            }
        }
        return false;
    }

    /** {@code Bearer <token>}, or Basic with the token as password (user empty or an email). */
    private User authenticate(String authorization) {
        String token = null;
        if (authorization != null) {
            if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                token = authorization.substring(7).strip();
            } else if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                try {
                    String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
                    int colon = decoded.indexOf(':');
                    token = colon >= 0 ? decoded.substring(colon + 1) : decoded;
                } catch (IllegalArgumentException e) {
                    token = null;
                }
            }
        }
        User user = token == null ? null : state.usersByToken.get(token);
        if (user == null) {
            throw new ApiError(401, "unauthorized", "Invalid credentials provided.", null);
        }
        return user;
    }

    private static JsonNode parse(byte[] raw) {
        if (raw.length == 0) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(raw);
        } catch (JacksonException e) {
            throw new ApiError(400, "bad_request", "Invalid JSON in request body.", null);
        }
    }

    private static byte[] readBody(HttpServletRequest req) throws IOException {
        return req.getInputStream().readAllBytes();
    }

    private static byte[] bytes(JsonNode node) {
        return node == null ? new byte[0] : Json.MAPPER.writeValueAsBytes(node);
    }

    static String etag(byte[] body) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        List<String> tags = new ArrayList<>();
        for (String t : ifNoneMatch.split(",")) {
            String tag = t.strip();
            tags.add(tag.startsWith("W/") ? tag.substring(2) : tag);
        }
        return tags.contains("*") || tags.contains(etag);
    }

    private static void write(HttpServletResponse resp, int status, String contentType, byte[] body) throws IOException {
        resp.setStatus(status);
        if (contentType != null) {
            resp.setContentType(contentType);
        }
        if (status != 304) {
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }

    /**
     * Drops the connection mid-answer: the status line and part of a body promised longer go
     * out, then the socket closes, so the client sees an I/O error rather than a response.
     */
    private static void reset(HttpServletResponse resp) throws IOException {
        resp.setStatus(200);
        resp.setContentType(JSON);
        resp.setContentLength(4096);
        resp.getOutputStream().write("{\"id\":".getBytes(StandardCharsets.UTF_8));
        resp.flushBuffer();
        throw new IOException("sandbox fault: connection reset");
    }
}
