package dev.tether.manifest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One declared config var (DESIGN §2b): a literal {@code value}, or a value taken at reconcile
 * from a {@code Secret}'s key or from another app ({@code valueFrom}). Exactly one is set. A
 * manifest writes a literal as a plain string and a reference as {@code {valueFrom: {...}}}.
 */
public record ConfigVar(String value, ValueFrom valueFrom) {

    /** The fields of an app a config var may follow. */
    public static final java.util.List<String> APP_FIELDS = java.util.List.of("webUrl", "webHost", "name", "id");

    /** Where a value comes from: {@code secret} + {@code key}, or {@code app} + {@code field}. */
    public record ValueFrom(String secret, String key, String app, String field) {

        public boolean fromSecret() {
            return secret != null;
        }

        /** {@code Secret/stripe#STRIPE_KEY} or {@code HerokuApp/api.webUrl}, for status messages. */
        public String describe() {
            return fromSecret() ? "Secret/" + secret + " key " + key : "HerokuApp/" + app + " " + field;
        }

        /** The resource the value is read from. */
        public ResourceKey source() {
            return fromSecret() ? new ResourceKey(Kind.SECRET, secret) : new ResourceKey(Kind.HEROKU_APP, app);
        }
    }

    public static ConfigVar literal(String value) {
        return new ConfigVar(value, null);
    }

    public boolean isLiteral() {
        return valueFrom == null;
    }

    /** Reads the manifest form (the schema has checked it). */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ConfigVar fromJson(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            return literal(node.asString());
        }
        JsonNode from = node.path("valueFrom");
        return new ConfigVar(null, new ValueFrom(text(from, "secret"), text(from, "key"), text(from, "app"), text(from, "field")));
    }

    /** The manifest form again. */
    @JsonValue
    JsonNode toJson() {
        if (valueFrom == null) {
            return JsonNodeFactory.instance.stringNode(value);
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        ObjectNode from = node.putObject("valueFrom");
        if (valueFrom.fromSecret()) {
            from.put("secret", valueFrom.secret()).put("key", valueFrom.key());
        } else {
            from.put("app", valueFrom.app()).put("field", valueFrom.field());
        }
        return node;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}
