package dev.tether.sandbox.kong;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An Admin API error with the HTTP status and body Kong answers (kong/db/errors.lua and
 * kong/api/endpoints.lua {@code ERRORS_HTTP_CODES}).
 */
final class KongError extends RuntimeException {

    private final int status;
    private final transient ObjectNode body;

    KongError(int status, ObjectNode body) {
        super(body.toString(), null, false, false);
        this.status = status;
        this.body = body;
    }

    int status() {
        return status;
    }

    ObjectNode body() {
        return body;
    }

    static KongError notFound() {
        return new KongError(404, Json.message("Not found"));
    }

    static KongError methodNotAllowed() {
        return new KongError(405, Json.message("Method not allowed"));
    }

    static KongError badJson() {
        return new KongError(400, Json.message("Cannot parse JSON body"));
    }

    static KongError coded(int status, int code, String name, String message) {
        return new KongError(status, Json.object().put("code", code).put("name", name).put("message", message));
    }

    /** Code 2: {@code fields} holds per-field messages, entity-level ones under {@code @entity}. */
    static KongError schemaViolation(ObjectNode fields) {
        List<String> all = new ArrayList<>();
        flatten("", fields, all);
        String message = all.size() == 1
                ? "schema violation (" + all.get(0) + ")"
                : all.size() + " schema violations (" + String.join("; ", all) + ")";
        ObjectNode body = Json.object().put("code", 2).put("name", "schema violation").put("message", message);
        body.set("fields", fields);
        return new KongError(400, body);
    }

    /** Code 5, HTTP 409: {@code fields} is the violated unique key. */
    static KongError uniqueViolation(ObjectNode key) {
        ObjectNode body = Json.object().put("code", 5).put("name", "unique constraint violation")
                .put("message", "UNIQUE violation detected on '" + Json.lua(key) + "'");
        body.set("fields", key);
        return new KongError(409, body);
    }

    /** Code 3: a POST reusing an existing primary key (400; see the notes on the unreached specs). */
    static KongError primaryKeyViolation(String id) {
        ObjectNode fields = Json.object().put("id", id);
        ObjectNode body = Json.object().put("code", 3).put("name", "primary key violation")
                .put("message", "primary key violation on key '" + Json.lua(fields) + "'");
        body.set("fields", fields);
        return new KongError(400, body);
    }

    /** Code 4: a foreign key pointing at a row that does not exist. */
    static KongError foreignKeyViolation(String field, String id, String table) {
        ObjectNode ref = Json.object().put("id", id);
        ObjectNode fields = Json.object();
        fields.set(field, ref);
        ObjectNode body = Json.object().put("code", 4).put("name", "foreign key violation")
                .put("message", "the foreign key '" + Json.lua(ref) + "' does not reference an existing '" + table + "' entity.");
        body.set("fields", fields);
        return new KongError(400, body);
    }

    /** Code 4 with {@code @referenced_by}: deleting a parent that children still reference. */
    static KongError referencedBy(String childTable, String parentTable) {
        ObjectNode body = Json.object().put("code", 4).put("name", "foreign key violation")
                .put("message", "an existing '" + childTable + "' entity references this '" + parentTable + "' entity");
        body.set("fields", Json.object().put("@referenced_by", childTable));
        return new KongError(400, body);
    }

    /** Code 13: a foreign key given by endpoint key (e.g. {@code service.name}) that names nothing. */
    static KongError foreignKeyUnresolved(String field, String keyName, String keyValue, String table) {
        String detail = "the foreign key cannot be resolved with '{" + keyName + "=\"" + keyValue
                + "\"}' for an existing '" + table + "' entity";
        ObjectNode fields = Json.object();
        fields.set(field, Json.object().put(keyName, detail));
        ObjectNode body = Json.object().put("code", 13).put("name", "foreign keys unresolved")
                .put("message", "foreign key unresolved (" + field + "." + keyName + ": " + detail + ")");
        body.set("fields", fields);
        return new KongError(400, body);
    }

    /** Code 11: a bad query option such as {@code tags}; details go under {@code options}. */
    static KongError invalidOption(String option, String problem) {
        ObjectNode body = Json.object().put("code", 11).put("name", "invalid options")
                .put("message", "invalid option (" + option + ": " + problem + ")");
        body.set("options", Json.object().put(option, problem));
        return new KongError(400, body);
    }

    private static void flatten(String prefix, JsonNode node, List<String> out) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>((a, b) -> {
                boolean ea = a.startsWith("@"), eb = b.startsWith("@");
                return ea != eb ? (ea ? -1 : 1) : a.compareTo(b);
            });
            node.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
            sorted.forEach((k, v) -> {
                if (k.equals("@entity")) {
                    v.forEach(m -> out.add(m.asString()));
                } else {
                    flatten(prefix.isEmpty() ? k : prefix + "." + k, v, out);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (!node.get(i).isNull()) {
                    flatten(prefix + "." + (i + 1), node.get(i), out);
                }
            }
        } else if (!node.isNull()) {
            out.add(prefix + ": " + node.asString());
        }
    }
}
