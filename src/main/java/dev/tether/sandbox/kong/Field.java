package dev.tether.sandbox.kong;

import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One field of a Kong entity or plugin config schema, with the type, default and constraints
 * Kong's Lua schema declares. Built fluently while the schemas are defined, read-only after.
 */
final class Field {

    enum Kind { STRING, INTEGER, NUMBER, BOOLEAN, SET, ARRAY, FOREIGN, RECORD, MAP, AUTO_ID, AUTO_TIMESTAMP }

    final String name;
    final Kind kind;
    JsonNode defaultValue;
    boolean required;
    boolean unique;
    List<String> oneOf;
    Long min;
    Long max;
    String reference;
    List<Field> fields = List.of();
    /** Extra check per scalar value (or per element of an array/set): an error message or null. */
    Function<String, String> check;

    private Field(String name, Kind kind) {
        this.name = name;
        this.kind = kind;
    }

    static Field id() {
        return new Field("id", Kind.AUTO_ID);
    }

    static Field timestamp(String name) {
        return new Field(name, Kind.AUTO_TIMESTAMP);
    }

    static Field string(String name) {
        return new Field(name, Kind.STRING);
    }

    static Field integer(String name) {
        return new Field(name, Kind.INTEGER);
    }

    static Field number(String name) {
        return new Field(name, Kind.NUMBER);
    }

    static Field bool(String name, boolean dflt) {
        Field f = new Field(name, Kind.BOOLEAN);
        f.defaultValue = Json.NODES.booleanNode(dflt);
        f.required = true;
        return f;
    }

    /** A boolean without a default: null until set (e.g. a service's {@code tls_verify}). */
    static Field optionalBool(String name) {
        return new Field(name, Kind.BOOLEAN);
    }

    static Field set(String name) {
        return new Field(name, Kind.SET);
    }

    static Field array(String name) {
        return new Field(name, Kind.ARRAY);
    }

    static Field map(String name) {
        return new Field(name, Kind.MAP);
    }

    static Field foreign(String name, String table) {
        Field f = new Field(name, Kind.FOREIGN);
        f.reference = table;
        return f;
    }

    static Field record(String name, Field... fields) {
        Field f = new Field(name, Kind.RECORD);
        f.fields = List.of(fields);
        f.required = true;
        return f;
    }

    static Field tags() {
        return set("tags").check(Field::tagError);
    }

    Field required() {
        required = true;
        return this;
    }

    Field unique() {
        unique = true;
        return this;
    }

    Field dflt(String v) {
        defaultValue = Json.NODES.stringNode(v);
        return this;
    }

    Field dflt(long v) {
        defaultValue = Json.NODES.numberNode(v);
        return this;
    }

    Field defaults(String... values) {
        defaultValue = Json.strings(values);
        return this;
    }

    Field emptyArrayDefault() {
        defaultValue = Json.array();
        return this;
    }

    Field oneOf(String... values) {
        oneOf = List.of(values);
        return this;
    }

    Field between(long lo, long hi) {
        min = lo;
        max = hi;
        return this;
    }

    Field check(Function<String, String> check) {
        this.check = check;
        return this;
    }

    /** Kong's {@code typedefs.utf8_name}: unique names made of [A-Za-z0-9._~-] or UTF-8. */
    Field utf8Name() {
        return check(Field::nameError);
    }

    boolean isRecord() {
        return kind == Kind.RECORD;
    }

    static String nameError(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean ok = c > 127 || Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == '~';
            if (!ok) {
                return "invalid value '" + v + "': it must only contain alphanumeric and '., -, _, ~' characters";
            }
        }
        return null;
    }

    static String tagError(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ',' || c == '/' || c < 32 || c == 127) {
                return "invalid tag '" + v + "': expected printable ascii (except `,` and `/`) or valid utf-8 sequences";
            }
        }
        return null;
    }

    /** The field as Kong's {@code GET /schemas/{entity}} describes it. */
    ObjectNode describe() {
        ObjectNode d = Json.object();
        switch (kind) {
            case AUTO_ID -> d.put("type", "string").put("uuid", true).put("auto", true);
            case AUTO_TIMESTAMP -> d.put("type", "integer").put("timestamp", true).put("auto", true);
            case FOREIGN -> d.put("type", "foreign").put("reference", reference);
            case RECORD -> {
                d.put("type", "record");
                var arr = Json.array();
                fields.forEach(f -> arr.add(Json.object().set(f.name, f.describe())));
                d.set("fields", arr);
            }
            case SET, ARRAY -> d.put("type", kind == Kind.SET ? "set" : "array")
                    .set("elements", Json.object().put("type", "string"));
            default -> d.put("type", kind.name().toLowerCase());
        }
        if (required) {
            d.put("required", true);
        }
        if (unique) {
            d.put("unique", true);
        }
        if (defaultValue != null) {
            d.set("default", defaultValue);
        }
        if (oneOf != null) {
            d.set("one_of", Json.strings(oneOf));
        }
        if (min != null) {
            d.set("between", Json.array().add(min).add(max));
        }
        return d;
    }
}
