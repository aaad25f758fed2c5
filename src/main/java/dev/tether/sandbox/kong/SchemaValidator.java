package dev.tether.sandbox.kong;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates a body against a list of {@link Field}s the way Kong's schema library does: unknown
 * fields rejected, defaults filled, every field present in the output (null when unset), sets
 * de-duplicated keeping first-seen order. Errors are collected into Kong's {@code fields} shape.
 */
final class SchemaValidator {

    static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private SchemaValidator() {
    }

    static boolean isUuid(String s) {
        return s != null && UUID.matcher(s).matches();
    }

    /** Normalizes {@code input} (a JSON object or null) into a record with every field present. */
    static ObjectNode record(List<Field> fields, JsonNode input, ObjectNode errors) {
        ObjectNode out = Json.object();
        Set<String> known = new HashSet<>();
        fields.forEach(f -> known.add(f.name));
        if (input != null && input.isObject()) {
            for (String k : input.propertyNames()) {
                if (!known.contains(k)) {
                    errors.put(k, "unknown field");
                }
            }
        }
        for (Field f : fields) {
            JsonNode v = input == null || !input.isObject() ? null : input.get(f.name);
            out.set(f.name, value(f, v, errors));
        }
        return out;
    }

    private static JsonNode value(Field f, JsonNode v, ObjectNode errors) {
        if (f.kind == Field.Kind.AUTO_ID) {
            if (v == null || v.isNull()) {
                return Json.NODES.nullNode();
            }
            if (!v.isString() || !isUuid(v.asString())) {
                errors.put(f.name, "expected a valid UUID");
            }
            return v;
        }
        if (f.kind == Field.Kind.AUTO_TIMESTAMP) {
            if (v != null && !v.isNull() && !v.isIntegralNumber()) {
                errors.put(f.name, "expected an integer");
            }
            return v == null ? Json.NODES.nullNode() : v;
        }
        if (v == null || v.isNull()) {
            if (f.isRecord()) {
                ObjectNode nested = Json.object();
                ObjectNode rec = record(f.fields, null, nested);
                if (!nested.isEmpty()) {
                    errors.set(f.name, nested);
                }
                return rec;
            }
            if (f.defaultValue != null) {
                return f.defaultValue.deepCopy();
            }
            if (f.required) {
                errors.put(f.name, "required field missing");
            }
            return Json.NODES.nullNode();
        }
        switch (f.kind) {
            case STRING -> {
                if (!v.isString()) {
                    errors.put(f.name, "expected a string");
                } else {
                    String err = scalarError(f, v.asString());
                    if (err != null) {
                        errors.put(f.name, err);
                    } else if (v.asString().isEmpty()) {
                        errors.put(f.name, "length must be at least 1");
                    }
                }
                return v;
            }
            case INTEGER, NUMBER -> {
                if (f.kind == Field.Kind.INTEGER ? !v.isIntegralNumber() : !v.isNumber()) {
                    errors.put(f.name, f.kind == Field.Kind.INTEGER ? "expected an integer" : "expected a number");
                } else if (f.min != null && (v.asLong() < f.min || v.asLong() > f.max)) {
                    errors.put(f.name, "value should be between " + f.min + " and " + f.max);
                } else {
                    String err = scalarError(f, v.asString());
                    if (err != null) {
                        errors.put(f.name, err);
                    }
                }
                return v;
            }
            case BOOLEAN -> {
                if (!v.isBoolean()) {
                    errors.put(f.name, "expected a boolean");
                }
                return v;
            }
            case SET, ARRAY -> {
                return elements(f, v, errors);
            }
            case FOREIGN -> {
                foreign(f, v, errors);
                return v;
            }
            case RECORD -> {
                if (!v.isObject()) {
                    errors.put(f.name, "expected a record");
                    return v;
                }
                ObjectNode nested = Json.object();
                ObjectNode rec = record(f.fields, v, nested);
                if (!nested.isEmpty()) {
                    errors.set(f.name, nested);
                }
                return rec;
            }
            case MAP -> {
                if (!v.isObject()) {
                    errors.put(f.name, "expected a map");
                }
                return v;
            }
            default -> {
                return v;
            }
        }
    }

    /**
     * A foreign key is a record of the referenced entity: its {@code id}, or its endpoint key
     * (resolved later), or else fields checked against the referenced schema and, when those are
     * fine, "missing primary key".
     */
    private static void foreign(Field f, JsonNode v, ObjectNode errors) {
        if (!v.isObject()) {
            errors.put(f.name, "expected a record");
            return;
        }
        JsonNode id = v.get("id");
        if (id != null && !id.isNull()) {
            if (!id.isString() || !isUuid(id.asString())) {
                errors.set(f.name, Json.object().put("id", "expected a valid UUID"));
            }
            return;
        }
        EntityType ref = KongStore.TYPES.stream().filter(t -> t.table().equals(f.reference)).findFirst().orElse(null);
        if (ref != null && ref.endpointKey() != null && v.path(ref.endpointKey()).isString()
                && !v.path(ref.endpointKey()).asString().isEmpty()) {
            return;
        }
        ObjectNode nested = Json.object();
        if (ref != null) {
            for (Field rf : ref.fields()) {
                JsonNode given = v.get(rf.name);
                if (given != null && !given.isNull() && rf.kind != Field.Kind.FOREIGN) {
                    value(rf, given, nested);
                }
            }
        }
        if (nested.isEmpty()) {
            nested.put("id", "missing primary key");
        }
        errors.set(f.name, nested);
    }

    private static JsonNode elements(Field f, JsonNode v, ObjectNode errors) {
        if (v.isObject() && v.isEmpty()) {
            return Json.array(); // an empty Lua table arrives as {} from some clients
        }
        if (!v.isArray()) {
            errors.put(f.name, f.kind == Field.Kind.SET ? "expected a set" : "expected an array");
            return v;
        }
        ArrayNode elementErrors = Json.array();
        boolean failed = false;
        Set<String> seen = new LinkedHashSet<>();
        ArrayNode out = Json.array();
        for (JsonNode e : v) {
            String err = e.isString() ? scalarError(f, e.asString()) : "expected a string";
            elementErrors.add(err == null ? Json.NODES.nullNode() : Json.NODES.stringNode(err));
            failed |= err != null;
            if (f.kind == Field.Kind.ARRAY || seen.add(e.asString())) {
                out.add(e);
            }
        }
        if (failed) {
            // Kong reports element errors as a Lua array; trailing valid elements are dropped
            while (!elementErrors.isEmpty() && elementErrors.get(elementErrors.size() - 1).isNull()) {
                elementErrors.remove(elementErrors.size() - 1);
            }
            errors.set(f.name, elementErrors);
        }
        return out;
    }

    private static String scalarError(Field f, String value) {
        if (f.oneOf != null && !f.oneOf.contains(value)) {
            return "expected one of: " + String.join(", ", f.oneOf);
        }
        return f.check == null ? null : f.check.apply(value);
    }

    /**
     * PATCH semantics (kong/db/schema/init.lua {@code merge_values}): records are merged deeply,
     * arrays, sets, maps and foreign keys are replaced whole, JSON null clears a field.
     */
    static ObjectNode merge(List<Field> fields, ObjectNode stored, JsonNode patch) {
        ObjectNode out = stored.deepCopy();
        Set<String> replaceWhole = fields.stream()
                .filter(f -> f.kind == Field.Kind.FOREIGN || f.kind == Field.Kind.MAP)
                .map(f -> f.name).collect(Collectors.toSet());
        for (var e : patch.properties()) {
            JsonNode old = out.get(e.getKey());
            if (!replaceWhole.contains(e.getKey()) && old != null && old.isObject() && e.getValue().isObject()) {
                out.set(e.getKey(), deepMerge((ObjectNode) old, e.getValue()));
            } else {
                out.set(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private static ObjectNode deepMerge(ObjectNode bottom, JsonNode top) {
        ObjectNode out = bottom.deepCopy();
        for (var e : top.properties()) {
            JsonNode old = out.get(e.getKey());
            if (old != null && old.isObject() && e.getValue().isObject()) {
                out.set(e.getKey(), deepMerge((ObjectNode) old, e.getValue()));
            } else {
                out.set(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** Kong's {@code at_least_one_of} entity check. */
    static void atLeastOneOf(ObjectNode entity, ObjectNode errors, String... paths) {
        for (String p : paths) {
            if (present(entity, p)) {
                return;
            }
        }
        entityError(errors, "at least one of these fields must be non-empty: "
                + String.join(", ", java.util.Arrays.stream(paths).map(p -> "'" + p + "'").toList()));
    }

    /** Kong's {@code only_one_of} entity check. */
    static void onlyOneOf(ObjectNode entity, ObjectNode errors, String... paths) {
        long set = java.util.Arrays.stream(paths).filter(p -> present(entity, p)).count();
        if (set > 1) {
            entityError(errors, "only one of these fields must be non-empty: "
                    + String.join(", ", java.util.Arrays.stream(paths).map(p -> "'" + p + "'").toList()));
        }
    }

    static boolean present(JsonNode entity, String dottedPath) {
        JsonNode n = entity;
        for (String part : dottedPath.split("\\.")) {
            n = n == null ? null : n.get(part);
        }
        return n != null && !n.isNull() && !(n.isArray() && n.isEmpty());
    }

    static void entityError(ObjectNode errors, String message) {
        JsonNode existing = errors.get("@entity");
        ArrayNode arr = existing instanceof ArrayNode a ? a : Json.array();
        arr.add(message);
        errors.set("@entity", arr);
    }
}
