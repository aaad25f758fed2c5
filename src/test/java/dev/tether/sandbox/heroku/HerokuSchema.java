package dev.tether.sandbox.heroku;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Heroku's own JSON hyper-schema (a verbatim dump of {@code GET https://api.heroku.com/schema},
 * kept in {@code src/test/resources/heroku/}) used as the judge of emulator responses: each
 * response body is checked against the {@code targetSchema} of the schema link whose method
 * and href match the request. A request no link describes is itself a violation, so the
 * emulator cannot drift into endpoints Heroku does not have.
 */
public final class HerokuSchema {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final Pattern HREF_VARIABLE = Pattern.compile("\\{\\([^)]*\\)}");
    private static final HerokuSchema INSTANCE = load();

    private record Link(String method, Pattern href, String title, JsonNode targetSchema) {
    }

    private final JsonNode definitions;
    private final List<Link> links;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
    private final Map<Link, Schema> compiled = new ConcurrentHashMap<>();
    private final Schema errorSchema;

    private HerokuSchema(JsonNode root) {
        this.definitions = root.get("definitions");
        enforceStrictProperties(definitions);
        allowSandboxDeviations((ObjectNode) definitions);
        List<Link> all = new ArrayList<>();
        for (var def : definitions.properties()) {
            JsonNode defLinks = def.getValue().get("links");
            if (defLinks == null) {
                continue;
            }
            for (JsonNode link : defLinks) {
                String href = link.get("href").asString();
                String regex = "^" + HREF_VARIABLE.matcher(href.replace(".", "\\.")).replaceAll("[^/]+") + "$";
                all.add(new Link(link.get("method").asString(), Pattern.compile(regex),
                        def.getKey() + " " + link.path("title").asString(), link.get("targetSchema")));
            }
        }
        this.links = List.copyOf(all);
        this.errorSchema = registry.getSchema("""
                {"type":"object","required":["id","message"],
                 "properties":{"id":{"type":"string"},"message":{"type":"string"},"resource":{"type":"string"}}}""");
    }

    /**
     * Heroku's schema marks most resources {@code strictProperties: true}, the interagent/prmd
     * convention for "exactly these properties": every one present, no others. Standard JSON
     * Schema ignores the keyword, so it is translated into {@code required} plus
     * {@code additionalProperties: false}; a missing or invented field then fails the test.
     */
    private static void enforceStrictProperties(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            JsonNode properties = object.get("properties");
            if (object.path("strictProperties").asBoolean(false) && properties != null && properties.isObject()) {
                var required = object.putArray("required");
                properties.propertyNames().forEach(required::add);
                object.put("additionalProperties", false);
            }
        }
        if (node.isContainer()) {
            for (JsonNode child : node) {
                enforceStrictProperties(child);
            }
        }
    }

    /**
     * The only places the emulator may differ from the schema, both on purpose:
     * <ul>
     *   <li>A scaled-up sandbox app's {@code web_url} is its loopback backend,
     *       {@code http://127.0.0.1:<port>/} (DESIGN §6), not a herokuapp.com URL.</li>
     *   <li>Heroku's schema declares a domain's {@code hostname} with {@code format: uri}, yet
     *       the API returns bare hostnames ({@code www.example.com}, its own example), which
     *       are not RFC 3986 URIs; the format is dropped, the type kept.</li>
     *   <li>The validator checks {@code format: email} domains against the IANA list of
     *       top-level domains, and Tether's sandbox account is {@code tether@sandbox.local}
     *       (DESIGN §6, a reserved TLD); account emails are checked by a plain pattern instead.</li>
     * </ul>
     */
    private static void allowSandboxDeviations(ObjectNode definitions) {
        ObjectNode webUrl = (ObjectNode) definitions.at("/app/definitions/web_url");
        webUrl.put("pattern", "^(https?://[a-z][a-z0-9-]{3,43}\\.herokuapp\\.com/|http://127\\.0\\.0\\.1:[0-9]{1,5}/)$");
        ((ObjectNode) definitions.at("/domain/definitions/hostname")).remove("format");
        ObjectNode email = (ObjectNode) definitions.at("/account/definitions/email");
        email.remove("format");
        email.put("pattern", "^[^@\\s]+@[a-z0-9.-]+\\.[a-z]{2,}$");
    }

    public static HerokuSchema get() {
        return INSTANCE;
    }

    private static HerokuSchema load() {
        try (InputStream in = HerokuSchema.class.getResourceAsStream("/heroku/heroku-platform-api-schema.json")) {
            if (in == null) {
                throw new IllegalStateException("heroku/heroku-platform-api-schema.json is missing from the test classpath");
            }
            return new HerokuSchema(MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Problems with one answer; empty when it conforms. */
    public List<String> violations(RecordedExchange exchange) {
        String where = exchange.method() + " " + exchange.path() + " -> " + exchange.status();
        if (exchange.status() == 304) {
            return exchange.body().isEmpty() ? List.of() : List.of(where + ": a 304 must have no body");
        }
        JsonNode body;
        try {
            body = MAPPER.readTree(exchange.body());
        } catch (RuntimeException e) {
            return List.of(where + ": body is not JSON: " + e.getMessage());
        }
        if (!"application/json".equals(exchange.contentType())) {
            return List.of(where + ": Content-Type is " + exchange.contentType());
        }
        if (exchange.status() >= 400) {
            return messages(where, errorSchema.validate(body));
        }
        String path = exchange.path().contains("?") ? exchange.path().substring(0, exchange.path().indexOf('?')) : exchange.path();
        // heroku.jar renames with PUT, which the v3 schema only knows as PATCH.
        String method = "PUT".equals(exchange.method()) && path.matches("^/apps/[^/]+$") ? "PATCH" : exchange.method();
        Link link = links.stream().filter(l -> l.method().equals(method) && l.href().matcher(path).matches())
                .findFirst().orElse(null);
        if (link == null) {
            return List.of(where + ": no link in Heroku's schema describes this request");
        }
        if (link.targetSchema() == null) {
            return List.of();
        }
        Schema schema = compiled.computeIfAbsent(link, this::compile);
        return messages(where + " (" + link.title() + ")",
                schema.validate(body, ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true))));
    }

    private Schema compile(Link link) {
        ObjectNode wrapper = ((ObjectNode) link.targetSchema()).deepCopy();
        wrapper.set("definitions", definitions);
        return registry.getSchema(wrapper.toString());
    }

    private static List<String> messages(String where, List<Error> errors) {
        return errors.stream().map(e -> where + ": " + e.getInstanceLocation() + " " + e.getMessage()).toList();
    }
}
