package dev.tether.sandbox.kong;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code application/x-www-form-urlencoded} bodies as Kong reads them (the style of Kong's docs
 * and heroku-kong: {@code name=x&url=http://…&paths[]=/a&service.id=…&config.key_names[1]=apikey}),
 * turned into the JSON the schema expects: dotted keys nest, {@code []}/{@code [n]} and repeated
 * keys make arrays, and strings are coerced to the field's type.
 */
final class FormBody {

    private FormBody() {
    }

    static ObjectNode parse(String body, EntityType type) {
        ObjectNode tree = Json.object();
        if (body != null && !body.isBlank()) {
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                put(tree, key, value);
            }
        }
        return (ObjectNode) coerce(tree, type.fieldsFor(tree));
    }

    private static void put(ObjectNode tree, String key, String value) {
        String[] parts = key.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = node.get(parts[i]);
            if (!(next instanceof ObjectNode)) {
                next = Json.object();
                node.set(parts[i], next);
            }
            node = (ObjectNode) next;
        }
        String last = parts[parts.length - 1];
        boolean array = last.endsWith("]") && last.contains("[");
        if (array) {
            last = last.substring(0, last.indexOf('['));
        }
        JsonNode existing = node.get(last);
        if (existing instanceof ArrayNode a) {
            a.add(value);
        } else if (existing != null || array) {
            ArrayNode a = Json.array();
            if (existing != null) {
                a.add(existing);
            }
            a.add(value);
            node.set(last, a);
        } else {
            node.put(last, value);
        }
    }

    private static JsonNode coerce(JsonNode value, List<Field> fields) {
        if (!(value instanceof ObjectNode obj)) {
            return value;
        }
        ObjectNode out = Json.object();
        for (var e : obj.properties()) {
            Field f = fields.stream().filter(x -> x.name.equals(e.getKey())).findFirst().orElse(null);
            out.set(e.getKey(), f == null ? e.getValue() : coerce(e.getValue(), f));
        }
        return out;
    }

    private static JsonNode coerce(JsonNode v, Field f) {
        switch (f.kind) {
            case INTEGER, NUMBER, AUTO_TIMESTAMP -> {
                if (v.isString()) {
                    try {
                        return f.kind == Field.Kind.NUMBER
                                ? Json.NODES.numberNode(Double.parseDouble(v.asString()))
                                : Json.NODES.numberNode(Long.parseLong(v.asString()));
                    } catch (NumberFormatException e) {
                        return v;
                    }
                }
                return v;
            }
            case BOOLEAN -> {
                if (v.isString() && (v.asString().equals("true") || v.asString().equals("false"))) {
                    return Json.NODES.booleanNode(Boolean.parseBoolean(v.asString()));
                }
                return v;
            }
            case SET, ARRAY -> {
                if (v.isString()) {
                    return v.asString().isEmpty() ? Json.array() : Json.strings(v.asString());
                }
                return v;
            }
            case RECORD -> {
                return coerce(v, f.fields);
            }
            default -> {
                return v;
            }
        }
    }
}
