package dev.tether.manifest;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON Schema of each kind: the single source of manifest validation, and exactly what
 * {@code GET /api/v1/schemas/{kind}} serves. Each kind's spec schema lives in
 * {@code classpath:schemas/<Kind>.json}; the envelope (apiVersion, kind, metadata) and the
 * fields every spec shares ({@code schemas/common.json}) are composed around it here.
 */
@Component
public class ManifestSchemas {

    public static final String API_VERSION = "tether.dev/v1";
    private static final int MAX_VALUE_CHARS = 80;

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final Map<Kind, ObjectNode> documents = new EnumMap<>(Kind.class);
    private final Map<Kind, Schema> validators = new EnumMap<>(Kind.class);

    public ManifestSchemas() {
        ObjectNode common = (ObjectNode) read("schemas/common.json");
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        for (Kind kind : Kind.values()) {
            ObjectNode schema = compose(kind, (ObjectNode) read("schemas/" + kind.manifestName() + ".json"), common);
            documents.put(kind, schema);
            validators.put(kind, registry.getSchema(schema));
        }
    }

    /** The whole-document schema for a kind, as served and as used. */
    public ObjectNode schema(Kind kind) {
        return documents.get(kind).deepCopy();
    }

    /**
     * Every problem the schema finds in one document, each with its path and bad value, in
     * document order. Empty when the document is valid.
     */
    public List<ManifestProblem> validate(Kind kind, JsonNode document, int index, String name) {
        List<Error> errors = validators.get(kind).validate(document);
        List<ManifestProblem> problems = new ArrayList<>();
        // "one of these fields is required" (anyOf of required) reads as one problem, not as
        // one "is required" per alternative.
        Map<String, java.util.TreeSet<String>> alternatives = new java.util.LinkedHashMap<>();
        for (Error e : errors) {
            if ("required".equals(e.getKeyword()) && e.getEvaluationPath().toString().contains("anyOf")) {
                String parent = path(e);
                parent = parent.contains(".") ? parent.substring(0, parent.lastIndexOf('.')) : "";
                alternatives.computeIfAbsent(parent, k -> new java.util.TreeSet<>()).add(e.getProperty());
            }
        }
        alternatives.forEach((parent, fields) -> problems.add(new ManifestProblem(index, kind.manifestName(), name, parent,
                (parent.isEmpty() ? "document" : parent) + ": needs at least one of " + String.join(", ", fields), null)));
        for (Error e : errors) {
            if ("required".equals(e.getKeyword()) && e.getEvaluationPath().toString().contains("anyOf")) {
                continue;
            }
            String path = path(e);
            if (kind == Kind.SECRET && path.startsWith("spec.data.")) {
                // a Secret's value is never echoed, not even in the error about it
                problems.add(new ManifestProblem(index, kind.manifestName(), name, path, path
                        + ": must be a string of at most 32768 characters (the value is not shown)", null));
                continue;
            }
            JsonNode value = shorten(e.getInstanceNode(), e);
            problems.add(new ManifestProblem(index, kind.manifestName(), name, path,
                    (path.isEmpty() ? "document" : path) + ": " + describe(e), value));
        }
        problems.sort(Comparator.comparing(ManifestProblem::path));
        return problems;
    }

    private ObjectNode compose(Kind kind, ObjectNode spec, ObjectNode common) {
        ObjectNode specProps = (ObjectNode) spec.get("properties");
        common.get("properties").properties().forEach(e -> {
            if (!specProps.has(e.getKey())) {
                specProps.set(e.getKey(), e.getValue().deepCopy());
            }
        });

        ObjectNode root = mapper.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", "https://tether.dev/schemas/v1/" + kind.manifestName() + ".json");
        root.put("title", kind.manifestName());
        root.put("description", spec.path("description").asString(""));
        root.put("type", "object");
        root.put("additionalProperties", false);
        ArrayNode required = root.putArray("required");
        required.add("apiVersion").add("kind").add("metadata").add("spec");
        ObjectNode props = root.putObject("properties");
        props.putObject("apiVersion").put("const", API_VERSION);
        props.putObject("kind").put("const", kind.manifestName());

        ObjectNode metadata = props.putObject("metadata");
        metadata.put("type", "object");
        metadata.put("additionalProperties", false);
        metadata.putArray("required").add("name");
        ObjectNode metaProps = metadata.putObject("properties");
        metaProps.putObject("name")
                .put("type", "string")
                .put("pattern", kind.namePattern().pattern());
        ObjectNode labels = metaProps.putObject("labels");
        labels.put("type", "object");
        labels.put("maxProperties", 64);
        labels.putObject("propertyNames")
                .put("pattern", "^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$");
        labels.putObject("additionalProperties")
                .put("type", "string")
                .put("pattern", "^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$");
        metaProps.putObject("resourceVersion")
                .put("description", "Optimistic concurrency: the write is refused with 409 unless it matches the stored one.")
                .put("pattern", "^[0-9]{1,18}$")
                .put("minimum", 0)
                .putArray("type").add("string").add("integer");

        props.set("spec", spec);
        return root;
    }

    private static String path(Error e) {
        StringBuilder sb = new StringBuilder();
        var loc = e.getInstanceLocation();
        for (int i = 0; i < loc.getNameCount(); i++) {
            Object element = loc.getElement(i);
            if (element instanceof Integer idx) {
                sb.append('[').append(idx).append(']');
            } else {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(element);
            }
        }
        // For a missing or unknown property, point at the property itself.
        String keyword = e.getKeyword();
        if (("required".equals(keyword) || "additionalProperties".equals(keyword)) && e.getProperty() != null) {
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append(e.getProperty());
        }
        return sb.toString();
    }

    private static String describe(Error e) {
        JsonNode schema = e.getSchemaNode();
        JsonNode value = e.getInstanceNode();
        String shown = value == null ? "" : show(value);
        return switch (e.getKeyword() == null ? "" : e.getKeyword()) {
            case "required" -> "is required";
            case "additionalProperties" -> "is not a known field";
            case "type" -> shown + " is " + typeName(value) + ", expected " + expectedType(schema);
            case "minimum" -> "must be at least " + schema.asString() + ", got " + shown;
            case "maximum" -> "must be at most " + schema.asString() + ", got " + shown;
            case "minLength" -> shown + " is shorter than " + schema.asString() + " characters";
            case "maxLength" -> "is longer than " + schema.asString() + " characters";
            case "pattern" -> shown + " does not match " + schema.asString();
            case "enum" -> shown + " is not one of " + join(schema);
            case "const" -> shown + " must be " + show(schema);
            case "minItems" -> "needs at least " + schema.asString() + " item(s)";
            case "maxItems" -> "has more than " + schema.asString() + " items";
            case "uniqueItems" -> "holds the same item twice";
            case "minProperties" -> "needs at least " + schema.asString() + " field(s)";
            case "maxProperties" -> "has more than " + schema.asString() + " field(s)"
                    + (value != null && value.isObject() && schema.asInt() == 1 ? " (give exactly one)" : "");
            case "propertyNames" -> "has a key that is not allowed: " + stripPath(e.getMessage());
            case "anyOf" -> "needs at least one of the alternatives: " + alternatives(schema);
            default -> stripPath(e.getMessage());
        };
    }

    private static String alternatives(JsonNode anyOf) {
        List<String> alts = new ArrayList<>();
        for (JsonNode alt : anyOf) {
            alts.add(alt.has("required") ? String.join("+", alt.get("required").valueStream().map(JsonNode::asString).toList()) : alt.toString());
        }
        return String.join(" or ", alts);
    }

    private static String typeName(JsonNode v) {
        if (v == null || v.isNull()) return "null";
        if (v.isObject()) return "an object";
        if (v.isArray()) return "an array";
        if (v.isString()) return "a string";
        if (v.isBoolean()) return "a boolean";
        if (v.isIntegralNumber()) return "an integer";
        if (v.isNumber()) return "a number";
        return v.getNodeType().toString().toLowerCase();
    }

    private static String expectedType(JsonNode schemaType) {
        if (schemaType == null) {
            return "another type";
        }
        if (schemaType.isArray()) {
            return join(schemaType);
        }
        return switch (schemaType.asString()) {
            case "object" -> "an object";
            case "array" -> "an array";
            case "integer" -> "an integer";
            default -> "a " + schemaType.asString();
        };
    }

    private static String join(JsonNode values) {
        List<String> parts = new ArrayList<>();
        values.forEach(v -> parts.add(v.isString() ? v.asString() : v.toString()));
        return String.join(", ", parts);
    }

    private static String show(JsonNode v) {
        String s = v.isString() ? "'" + v.asString() + "'" : v.toString();
        return s.length() > MAX_VALUE_CHARS ? s.substring(0, MAX_VALUE_CHARS) + "…" : s;
    }

    private static String stripPath(String message) {
        if (message == null) {
            return "is invalid";
        }
        // networknt prefixes "$.a.b: " or "/a/b: "; the path is already ours.
        int colon = message.indexOf(": ");
        return (message.startsWith("$") || message.startsWith("/")) && colon > 0 ? message.substring(colon + 2) : message;
    }

    private JsonNode shorten(JsonNode value, Error e) {
        if (value == null || "required".equals(e.getKeyword()) || "additionalProperties".equals(e.getKeyword())) {
            return null;
        }
        if (value.isContainer()) {
            return null; // the path says which object; echoing all of it helps no one
        }
        if (value.isString() && value.asString().length() > MAX_VALUE_CHARS) {
            return mapper.getNodeFactory().stringNode(value.asString().substring(0, MAX_VALUE_CHARS) + "…");
        }
        return value;
    }

    private JsonNode read(String resource) {
        try (InputStream in = ManifestSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource " + resource);
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
