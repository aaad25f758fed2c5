package dev.tether.sandbox.kong;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kong's {@code routes} entity (kong/db/schema/entities/routes.lua and routes_subschemas.lua,
 * traditional_compatible router flavor).
 */
final class Routes implements EntityType {

    static final Routes TYPE = new Routes();

    private final List<Field> fields = List.of(
            Field.id(),
            Field.timestamp("created_at"),
            Field.timestamp("updated_at"),
            Field.string("name").unique().utf8Name(),
            Field.set("protocols").required().defaults("http", "https").oneOf(Services.PROTOCOLS.toArray(String[]::new)),
            Field.set("methods").check(Routes::methodError),
            Field.array("hosts").check(Routes::hostError),
            Field.array("paths").check(Routes::pathError),
            Field.map("headers"),
            Field.integer("https_redirect_status_code").required().dflt(426).oneOf("426", "301", "302", "307", "308"),
            Field.integer("regex_priority").dflt(0),
            Field.bool("strip_path", true),
            Field.string("path_handling").dflt("v0").oneOf("v0", "v1"),
            Field.bool("preserve_host", false),
            Field.bool("request_buffering", true),
            Field.bool("response_buffering", true),
            Field.set("snis"),
            Field.set("sources"),
            Field.set("destinations"),
            Field.tags(),
            Field.foreign("service", "services"));

    private Routes() {
    }

    @Override
    public String table() {
        return "routes";
    }

    @Override
    public String adminPath() {
        return "routes";
    }

    @Override
    public String endpointKey() {
        return "name";
    }

    @Override
    public List<Field> fields() {
        return fields;
    }

    @Override
    public void checkEntity(ObjectNode entity, ObjectNode errors) {
        List<String> protocols = Json.stringList(entity.get("protocols"));
        boolean http = protocols.contains("http") || protocols.contains("https");
        if (http) {
            for (String f : List.of("sources", "destinations")) {
                if (SchemaValidator.present(entity, f)) {
                    errors.put(f, "cannot set '" + f + "' when 'protocols' is 'http' or 'https'");
                }
            }
            boolean https = protocols.contains("https");
            List<String> oneOf = https
                    ? List.of("methods", "hosts", "headers", "paths", "snis")
                    : List.of("methods", "hosts", "headers", "paths");
            if (oneOf.stream().noneMatch(f -> present(entity, f))) {
                SchemaValidator.entityError(errors, "must set one of "
                        + String.join(", ", oneOf.stream().map(f -> "'" + f + "'").toList())
                        + " when 'protocols' is '" + (https ? "https" : "http") + "'");
            }
        }
        if (entity.has("headers") && entity.get("headers").isObject()) {
            for (String h : entity.get("headers").propertyNames()) {
                if (h.equalsIgnoreCase("host")) {
                    errors.set("headers", Json.object().put(h, "cannot contain 'host' header, which must be specified in the 'hosts' attribute"));
                }
            }
        }
    }

    private static boolean present(JsonNode entity, String field) {
        JsonNode v = entity.get(field);
        return v != null && !v.isNull() && !v.isEmpty();
    }

    static String methodError(String method) {
        return method.matches("[A-Z]+") ? null
                : "invalid value '" + method + "': expected a valid HTTP method (uppercase letters only)";
    }

    static String hostError(String host) {
        String h = host.startsWith("*.") ? host.substring(2) : host.endsWith(".*") ? host.substring(0, host.length() - 2) : host;
        return h.matches("[A-Za-z0-9.\\-_]+(:[0-9]+)?") ? null : "invalid value: " + host;
    }

    static String pathError(String path) {
        if (path.startsWith("~")) {
            return path.startsWith("~/") ? null : "should start with: / (fixed path) or ~/ (regex path)";
        }
        if (!path.startsWith("/")) {
            return "should start with: / (fixed path) or ~/ (regex path)";
        }
        if (path.contains("//")) {
            return "must not have empty segments";
        }
        return null;
    }
}
