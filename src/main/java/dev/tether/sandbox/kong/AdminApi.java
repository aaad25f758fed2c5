package dev.tether.sandbox.kong;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Admin API: routes a request to the generic endpoints Kong generates for every DAO
 * (kong/api/endpoints.lua) — collections, entities, nested collections under a parent,
 * foreign-entity endpoints — plus {@code /}, {@code /status}, {@code /tags}, {@code /schemas}
 * and the sandbox control surface.
 */
final class AdminApi extends HttpServlet {

    /** Children listable under a parent: parent path → nested segment → child type. */
    private static final Map<String, Map<String, EntityType>> NESTED = Map.of(
            "services", Map.of("routes", Routes.TYPE, "plugins", Plugins.TYPE),
            "routes", Map.of("plugins", Plugins.TYPE),
            "consumers", Map.of("plugins", Plugins.TYPE, "key-auth", KeyAuthCredentials.TYPE, "acls", Acls.TYPE));

    private final KongStore store;
    private final SandboxControl control;
    private final AdminInfo info;
    private final String adminToken;

    AdminApi(KongStore store, SandboxControl control, AdminInfo info, String adminToken) {
        this.store = store;
        this.control = control;
        this.info = info;
        this.adminToken = adminToken;
    }

    /** A parsed request: decoded path segments, query parameters and the raw body. */
    private record Call(String method, List<String> segments, Map<String, String> query, byte[] body, String contentType) {

        String param(String name) {
            return query.get(name);
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long started = System.nanoTime();
        List<String> segments = segments(req.getRequestURI());
        Call call = new Call(req.getMethod(), segments, query(req.getQueryString()),
                req.getInputStream().readAllBytes(), req.getContentType());
        resp.setHeader("Server", "kong/" + AdminInfo.VERSION);
        resp.setHeader("Access-Control-Allow-Origin", "*");
        resp.setHeader("Access-Control-Allow-Credentials", "true");
        if (!segments.isEmpty() && segments.get(0).equals("__sandbox")) {
            sandbox(call, resp);
            return;
        }
        control.record(call.method(), template(segments));
        switch (control.decide()) {
            case RATE_LIMITED -> {
                resp.setHeader("Retry-After", String.valueOf(control.faults().retryAfterSeconds()));
                write(resp, 429, Json.message("API rate limit exceeded"), started);
                return;
            }
            case ERROR -> {
                int status = control.errorStatus();
                if (status == 429) {
                    resp.setHeader("Retry-After", String.valueOf(control.faults().retryAfterSeconds()));
                    write(resp, 429, Json.message("API rate limit exceeded"), started);
                } else {
                    write(resp, status, Json.message("An unexpected error occurred"), started);
                }
                return;
            }
            case TIMEOUT -> {
                // no answer in time: the client's read timeout fires; the call is never carried out
                try {
                    Thread.sleep(control.faults().timeoutMs());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                resp.setStatus(200);
                resp.setContentType("application/json; charset=utf-8");
                resp.setContentLength(64);
                resp.getOutputStream().write('{');
                resp.flushBuffer();
                throw new org.apache.coyote.CloseNowException("injected timeout");
            }
            case RESET -> {
                // a response cut short: the client sees the connection end mid-body
                resp.setStatus(200);
                resp.setContentType("application/json; charset=utf-8");
                resp.setContentLength(64);
                resp.getOutputStream().write('{');
                resp.flushBuffer();
                throw new org.apache.coyote.CloseNowException("injected connection reset");
            }
            case PASS -> {
            }
        }
        try {
            checkAdminToken(req, call);
            Response r = route(call);
            if (r.status() == 204 || call.method().equals("HEAD")) {
                resp.setStatus(r.status());
                resp.setHeader("X-Kong-Admin-Latency", String.valueOf((System.nanoTime() - started) / 1_000_000));
                if (r.allow() != null) {
                    resp.setHeader("Allow", r.allow());
                }
                return;
            }
            write(resp, r.status(), r.body(), started);
        } catch (KongError e) {
            if (e.status() == 401) {
                resp.setHeader("WWW-Authenticate", "Key realm=\"kong\"");
            }
            write(resp, e.status(), e.body(), started);
        }
    }

    private record Response(int status, JsonNode body, String allow) {
        static Response ok(JsonNode body) {
            return new Response(200, body, null);
        }
    }

    private void checkAdminToken(HttpServletRequest req, Call call) {
        if (adminToken == null) {
            return;
        }
        String presented = req.getHeader("apikey");
        if (presented == null) {
            presented = req.getHeader("Kong-Admin-Token");
        }
        if (presented == null) {
            presented = call.param("apikey");
        }
        // the loopback pattern answers from Kong's proxy: key-auth's bodies carry a request_id (3.3+)
        String requestId = java.util.UUID.randomUUID().toString().replace("-", "");
        if (presented == null) {
            throw new KongError(401, Json.message("No API key found in request").put("request_id", requestId));
        }
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), adminToken.getBytes(StandardCharsets.UTF_8))) {
            throw new KongError(401, Json.message("Unauthorized").put("request_id", requestId));
        }
    }

    private Response route(Call c) {
        List<String> s = c.segments();
        if (s.isEmpty()) {
            return switch (c.method()) {
                case "GET", "HEAD" -> Response.ok(info.root());
                case "OPTIONS" -> new Response(204, null, "GET, HEAD, OPTIONS");
                default -> throw KongError.methodNotAllowed();
            };
        }
        String head = s.get(0);
        switch (head) {
            case "status" -> {
                requireGet(c, s.size() == 1);
                return Response.ok(info.status());
            }
            case "tags" -> {
                requireGet(c, s.size() <= 2);
                return tags(c, s.size() == 2 ? s.get(1) : null);
            }
            case "config" -> {
                // kong/api/routes/config.lua: declarative config exists only without a database
                if (s.size() == 1) {
                    throw new KongError(400, Json.message("this endpoint is only available when Kong is configured to not use a database"));
                }
                throw KongError.notFound();
            }
            case "schemas" -> {
                requireGet(c, s.size() == 2 || s.size() == 3 && s.get(1).equals("plugins"));
                return Response.ok(s.size() == 2 ? info.entitySchema(s.get(1)) : info.pluginSchema(s.get(2)));
            }
            default -> {
            }
        }
        if (head.equals("plugins") && s.size() == 2 && s.get(1).equals("enabled")) {
            requireGet(c, true);
            return Response.ok(info.enabledPlugins());
        }
        EntityType type = KongStore.byAdminPath(head).orElseThrow(KongError::notFound);
        return switch (s.size()) {
            case 1 -> collection(c, type, null, null);
            case 2 -> entity(c, type, s.get(1), null, null);
            case 3 -> nestedOrForeign(c, type, s.get(1), s.get(2));
            case 4 -> {
                EntityType child = nestedType(type, s.get(2));
                ObjectNode parent = store.find(type, s.get(1)).orElseThrow(KongError::notFound);
                yield entity(c, child, s.get(3), parent, type);
            }
            default -> throw KongError.notFound();
        };
    }

    private static void requireGet(Call c, boolean known) {
        if (!known) {
            throw KongError.notFound();
        }
        if (!c.method().equals("GET") && !c.method().equals("HEAD")) {
            throw KongError.methodNotAllowed();
        }
    }

    private static EntityType nestedType(EntityType parent, String segment) {
        EntityType child = NESTED.getOrDefault(parent.adminPath(), Map.of()).get(segment);
        if (child == null) {
            throw KongError.notFound();
        }
        return child;
    }

    private static String foreignField(EntityType child, EntityType parent) {
        return child.foreignKeys().stream().filter(f -> f.reference.equals(parent.table()))
                .map(f -> f.name).findFirst().orElseThrow();
    }

    private Response nestedOrForeign(Call c, EntityType type, String key, String segment) {
        Optional<Field> fk = type.foreignKeys().stream().filter(f -> f.name.equals(segment)).findFirst();
        if (fk.isPresent()) {
            return foreignEntity(c, type, key, fk.get());
        }
        EntityType child = nestedType(type, segment);
        ObjectNode parent = store.find(type, key).orElseThrow(KongError::notFound);
        return collection(c, child, parent, type);
    }

    /** {@code GET /routes/{r}/service}: the entity a foreign key points at; 404 when null. */
    private Response foreignEntity(Call c, EntityType type, String key, Field fk) {
        ObjectNode row = store.find(type, key).orElseThrow(KongError::notFound);
        EntityType parentType = KongStore.byTable(fk.reference);
        String parentId = Json.foreignId(row, fk.name);
        switch (c.method()) {
            case "GET", "HEAD" -> {
                return Response.ok(store.find(parentType, parentId).orElseThrow(KongError::notFound));
            }
            case "PATCH" -> {
                ObjectNode parent = store.find(parentType, parentId).orElseThrow(KongError::notFound);
                return Response.ok(store.update(parentType, parent, body(c, parentType)));
            }
            default -> throw KongError.methodNotAllowed();
        }
    }

    private Response collection(Call c, EntityType type, ObjectNode parent, EntityType parentType) {
        switch (c.method()) {
            case "OPTIONS" -> {
                return new Response(204, null, "GET, HEAD, OPTIONS, POST");
            }
            case "GET", "HEAD" -> {
                return list(c, type, parent, parentType);
            }
            case "POST" -> {
                ObjectNode body = body(c, type);
                if (parent != null) {
                    body.set(foreignField(type, parentType), Json.object().put("id", Json.text(parent, "id")));
                }
                return new Response(201, store.insert(type, body), null);
            }
            default -> throw KongError.methodNotAllowed();
        }
    }

    private Response list(Call c, EntityType type, ObjectNode parent, EntityType parentType) {
        boolean nested = parent != null;
        if (!nested && type == Consumers.TYPE && c.query().containsKey("custom_id")) {
            String customId = c.param("custom_id");
            if (customId.isEmpty()) {
                throw new KongError(400, Json.message("custom_id must be an unempty string"));
            }
            var data = Json.array();
            store.all(type).stream().filter(r -> customId.equals(Json.text(r, "custom_id"))).forEach(data::add);
            ObjectNode out = Json.object();
            out.set("data", data);
            return Response.ok(out.putNull("next"));
        }
        ListQuery q = ListQuery.parse(c.param("size"), c.param("offset"), c.param("tags"), nested);
        var filter = q.tagFilter();
        String basePath = "/" + type.adminPath();
        if (nested) {
            String fk = foreignField(type, parentType);
            String parentId = Json.text(parent, "id");
            filter = r -> parentId.equals(Json.foreignId(r, fk));
            basePath = "/" + parentType.adminPath() + "/" + c.segments().get(1) + "/" + type.nestedPath();
        }
        KongStore.Page page = store.page(type, filter, q.size(), q.afterId());
        ObjectNode out = Json.object();
        var data = Json.array();
        page.rows().forEach(data::add);
        out.set("data", data);
        if (page.lastId() == null) {
            out.putNull("next");
        } else {
            out.put("offset", ListQuery.encodeOffset(page.lastId()));
            out.put("next", q.next(basePath, page.lastId(), nested));
        }
        return Response.ok(out);
    }

    private Response entity(Call c, EntityType type, String key, ObjectNode parent, EntityType parentType) {
        Optional<ObjectNode> found = lookup(type, key, parent, parentType);
        switch (c.method()) {
            case "OPTIONS" -> {
                return new Response(204, null, "DELETE, GET, HEAD, OPTIONS, PATCH, PUT");
            }
            case "GET", "HEAD" -> {
                return Response.ok(found.orElseThrow(KongError::notFound));
            }
            case "PATCH" -> {
                ObjectNode existing = found.orElseThrow(KongError::notFound);
                ObjectNode body = body(c, type);
                if (parent != null) {
                    body.set(foreignField(type, parentType), Json.object().put("id", Json.text(parent, "id")));
                }
                return Response.ok(store.update(type, existing, body));
            }
            case "PUT" -> {
                if (parent != null && found.isEmpty() && store.find(type, key).isPresent()) {
                    throw KongError.notFound(); // the entity exists, under another parent
                }
                ObjectNode body = body(c, type);
                if (SchemaValidator.isUuid(key)) {
                    body.put("id", key.toLowerCase());
                } else if (type.endpointKey() != null) {
                    body.put(type.endpointKey(), key);
                }
                if (parent != null) {
                    body.set(foreignField(type, parentType), Json.object().put("id", Json.text(parent, "id")));
                }
                return Response.ok(store.upsert(type, found.orElse(null), body));
            }
            case "DELETE" -> {
                if (parent != null && found.isEmpty()) {
                    throw KongError.notFound(); // nested deletes check the child belongs to the parent
                }
                found.ifPresent(row -> store.delete(type, Json.text(row, "id")));
                return new Response(204, null, null);
            }
            default -> throw KongError.methodNotAllowed();
        }
    }

    private Optional<ObjectNode> lookup(EntityType type, String key, ObjectNode parent, EntityType parentType) {
        if (parent == null) {
            return store.find(type, key);
        }
        String fk = foreignField(type, parentType);
        String parentId = Json.text(parent, "id");
        if (type == Acls.TYPE && !SchemaValidator.isUuid(key)) {
            return store.all(type).stream()
                    .filter(r -> parentId.equals(Json.foreignId(r, fk)) && key.equals(Json.text(r, "group")))
                    .findFirst();
        }
        return store.find(type, key).filter(r -> parentId.equals(Json.foreignId(r, fk)));
    }

    private Response tags(Call c, String tag) {
        ListQuery q = ListQuery.parse(c.param("size"), null, null, true);
        List<ObjectNode> rows = store.tagRows(tag);
        int start = 0;
        String offset = c.param("offset");
        if (offset != null) {
            try {
                start = Integer.parseInt(new String(java.util.Base64.getDecoder().decode(offset), StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                throw KongError.coded(400, 7, "invalid offset", "'" + offset + "' is not a valid offset: bad base64 encoding");
            }
        }
        int end = Math.min(rows.size(), start + q.size());
        ObjectNode out = Json.object();
        var data = Json.array();
        rows.subList(Math.min(start, end), end).forEach(data::add);
        out.set("data", data);
        if (end < rows.size()) {
            String token = java.util.Base64.getEncoder().encodeToString(String.valueOf(end).getBytes(StandardCharsets.UTF_8));
            out.put("offset", token);
            out.put("next", (tag == null ? "/tags" : "/tags/" + ListQuery.escape(tag)) + "?offset=" + ListQuery.escape(token));
        } else {
            out.putNull("next");
        }
        return Response.ok(out);
    }

    private static ObjectNode body(Call c, EntityType type) {
        String text = new String(c.body(), StandardCharsets.UTF_8);
        String ct = c.contentType() == null ? "" : c.contentType().toLowerCase();
        if (ct.startsWith("application/x-www-form-urlencoded")) {
            return FormBody.parse(text, type);
        }
        if (text.isBlank()) {
            return Json.object();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node instanceof ObjectNode o) {
                return o;
            }
        } catch (tools.jackson.core.JacksonException e) {
            // fall through
        }
        throw KongError.badJson();
    }

    private void sandbox(Call c, HttpServletResponse resp) throws IOException {
        String what = c.segments().size() == 2 ? c.segments().get(1) : "";
        long t = System.nanoTime();
        switch (what + " " + c.method()) {
            case "faults GET" -> write(resp, 200, control.faultsJson(), t);
            case "faults PUT", "faults POST" -> {
                JsonNode j;
                try {
                    j = c.body().length == 0 ? Json.object() : Json.MAPPER.readTree(c.body());
                } catch (tools.jackson.core.JacksonException e) {
                    write(resp, 400, Json.message("Cannot parse JSON body"), t);
                    return;
                }
                java.util.List<String> unknown = j.isObject() ? j.propertyNames().stream()
                        .filter(f -> !SandboxControl.Faults.FIELDS.contains(f)).sorted().toList() : java.util.List.of("(not an object)");
                if (!unknown.isEmpty()) {
                    write(resp, 400, Json.message("Unknown field" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown)
                            + "; /__sandbox/faults takes " + String.join(", ", SandboxControl.Faults.FIELDS)), t);
                    return;
                }
                control.setFaults(SandboxControl.Faults.fromJson(j));
                write(resp, 200, control.faultsJson(), t);
            }
            case "faults DELETE" -> {
                control.setFaults(SandboxControl.Faults.NONE);
                resp.setStatus(204);
            }
            case "calls GET" -> write(resp, 200, control.callsJson(), t);
            case "calls DELETE" -> {
                control.resetCalls();
                resp.setStatus(204);
            }
            default -> write(resp, 404, Json.message("Not found"), t);
        }
    }

    private static void write(HttpServletResponse resp, int status, JsonNode body, long started) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json; charset=utf-8");
        resp.setHeader("X-Kong-Admin-Latency", String.valueOf((System.nanoTime() - started) / 1_000_000));
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.putIfAbsent(k, v);
        }
        return q;
    }

    /** The path with keys replaced, e.g. {@code /services/{key}/routes}, for call counts. */
    static String template(List<String> s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.size(); i++) {
            boolean key = (i % 2 == 1) && !s.get(0).equals("schemas") && !(s.get(0).equals("plugins") && s.get(i).equals("enabled"));
            b.append('/').append(key ? "{key}" : s.get(i));
        }
        return b.isEmpty() ? "/" : b.toString();
    }
}
