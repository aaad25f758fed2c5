package dev.tether.sandbox.heroku;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The emulator's one JSON mapper and the small helpers its handlers share. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Heroku's timestamps: ISO-8601 in UTC, whole seconds. */
    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A field as text, accepting the numbers and booleans real clients send as strings and vice versa. */
    static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isObject()) {
            return null;
        }
        return value.asString();
    }

    static boolean has(JsonNode node, String field) {
        return node != null && node.has(field);
    }

    /** An identity given either bare ({@code "eu"}) or as an object ({@code {"name":"eu"}} / {@code {"id":…}}). */
    static String identity(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isObject()) {
            String name = text(value, "name");
            return name != null ? name : text(value, "id");
        }
        return value.asString();
    }

    /** Booleans as {@code true} or as the string {@code "true"} (heroku.jar sends the latter). */
    static Boolean bool(JsonNode node, String field) {
        String t = text(node, field);
        if (t == null) {
            return null;
        }
        if (t.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (t.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw ApiError.invalidParams("Invalid " + field + ": " + t + " is not a boolean.");
    }
}
