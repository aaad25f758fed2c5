package dev.tether.sandbox.kong;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Validates Admin API responses against the OpenAPI subset of Kong 3.x
 * ({@code src/test/resources/kong/kong-admin-api-core-3.x.yaml}, a copy of the shared
 * reference). OpenAPI 3.0's {@code nullable} becomes a JSON Schema null type; one known spec
 * error is corrected: {@code next} is null on the last page (the notes, §1).
 */
final class KongOpenApi {

    private static final KongOpenApi INSTANCE = load();

    private final JsonNode spec;
    private final ObjectNode components;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Schema> cache = new ConcurrentHashMap<>();

    private KongOpenApi(JsonNode spec) {
        this.spec = spec;
        this.components = (ObjectNode) convert(spec.get("components"));
        ((ObjectNode) components.get("schemas").get("PaginationNextResponse"))
                .set("type", JsonNodeFactory.instance.arrayNode().add("string").add("null"));
    }

    static KongOpenApi get() {
        return INSTANCE;
    }

    private static KongOpenApi load() {
        try (InputStream in = KongOpenApi.class.getResourceAsStream("/kong/kong-admin-api-core-3.x.yaml")) {
            return new KongOpenApi(YAMLMapper.builder().build().readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when the subset documents this method and path (a template such as /services/{id} matches). */
    boolean documents(String method, String path) {
        return operation(method, path) != null;
    }

    /**
     * Errors of {@code body} against the documented response for ({@code method}, {@code path},
     * {@code status}); empty when it conforms or the spec gives no JSON schema for that status.
     */
    List<String> validate(String method, String path, int status, JsonNode body) {
        JsonNode op = operation(method, path);
        if (op == null) {
            return List.of();
        }
        if (status == 401) {
            // the subset's 401 bodies are EE's ({message, status}); OSS key-auth answers {message, request_id}
            return List.of();
        }
        JsonNode response = op.path("responses").path(String.valueOf(status));
        if (response.has("$ref")) {
            response = resolve(response.get("$ref").asString());
        }
        JsonNode schema = response.path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            return List.of();
        }
        String key = method + " " + path + " " + status;
        Schema compiled = cache.computeIfAbsent(key, k -> {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.set("components", components);
            root.set("allOf", JsonNodeFactory.instance.arrayNode().add(convert(schema)));
            return registry.getSchema(root);
        });
        List<String> out = new ArrayList<>();
        for (Error e : compiled.validate(body)) {
            out.add(e.toString());
        }
        return out;
    }

    private JsonNode resolve(String ref) {
        JsonNode n = spec;
        for (String part : ref.substring(2).split("/")) {
            n = n.path(part);
        }
        return n;
    }

    private JsonNode operation(String method, String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (bare.equals("/plugins/enabled")) {
            return null; // not in the subset; a template match would mistake "enabled" for a plugin id
        }
        JsonNode best = null;
        int bestLiterals = -1;
        for (Iterator<String> it = spec.get("paths").propertyNames().iterator(); it.hasNext(); ) {
            String template = it.next();
            String regex = "^" + Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "/?$";
            if (Pattern.compile(regex).matcher(bare).matches()) {
                int literals = template.replaceAll("\\{[^}]+}", "").length();
                JsonNode op = spec.get("paths").get(template).get(method.toLowerCase());
                if (op != null && literals > bestLiterals) {
                    best = op;
                    bestLiterals = literals;
                }
            }
        }
        return best;
    }

    /** OpenAPI 3.0 → JSON Schema 2020-12: {@code nullable} folded into the type, examples dropped. */
    private static JsonNode convert(JsonNode node) {
        if (node instanceof ArrayNode a) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            a.forEach(e -> out.add(convert(e)));
            return out;
        }
        if (!(node instanceof ObjectNode o)) {
            return node;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (var e : o.properties()) {
            String k = e.getKey();
            if (k.equals("example") || k.equals("examples") || k.equals("nullable") || k.startsWith("x-")) {
                continue;
            }
            out.set(k, k.equals("properties") || k.equals("patternProperties")
                    ? convertEach(e.getValue()) : convert(e.getValue()));
        }
        if (o.path("nullable").asBoolean(false)) {
            if (out.has("type") && out.get("type").isString()) {
                out.set("type", JsonNodeFactory.instance.arrayNode().add(out.get("type").asString()).add("null"));
                if (out.has("enum")) {
                    ((ArrayNode) out.get("enum")).addNull();
                }
            } else {
                ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
                wrapped.set("anyOf", JsonNodeFactory.instance.arrayNode().add(out)
                        .add(JsonNodeFactory.instance.objectNode().put("type", "null")));
                return wrapped;
            }
        }
        return out;
    }

    private static JsonNode convertEach(JsonNode props) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        props.properties().forEach(e -> out.set(e.getKey(), convert(e.getValue())));
        return out;
    }
}
