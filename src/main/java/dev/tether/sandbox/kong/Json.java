package dev.tether.sandbox.kong;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** JSON helpers shared by the emulator: one mapper, node factories, Kong's Lua-style rendering. */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder().build();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    static ArrayNode strings(String... values) {
        ArrayNode a = array();
        for (String v : values) {
            a.add(v);
        }
        return a;
    }

    static ArrayNode strings(List<String> values) {
        return strings(values.toArray(String[]::new));
    }

    static ObjectNode message(String message) {
        return object().put("message", message);
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    static List<String> stringList(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            for (JsonNode v : node) {
                out.add(v.asString());
            }
        }
        return out;
    }

    /** The id held by a foreign-key field such as {@code "service":{"id":"…"}}, or null. */
    static String foreignId(JsonNode entity, String field) {
        JsonNode fk = entity.get(field);
        return fk == null || fk.isNull() ? null : text(fk, "id");
    }

    /**
     * Renders a value the way Kong's error messages print Lua tables: keys sorted, strings
     * quoted, {@code {name="x"}}.
     */
    static String lua(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        if (node.isString()) {
            return "\"" + node.asString() + "\"";
        }
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
            StringBuilder b = new StringBuilder("{");
            sorted.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(k).append('=').append(lua(v)));
            return b.append('}').toString();
        }
        if (node.isArray()) {
            StringBuilder b = new StringBuilder("{");
            for (JsonNode v : node) {
                b.append(b.length() > 1 ? "," : "").append(lua(v));
            }
            return b.append('}').toString();
        }
        return node.toString();
    }
}
