package dev.tether.sandbox.kong;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * The config schemas of the bundled plugins the emulator enables, with their 3.x defaults
 * (kong/plugins/&lt;name&gt;/schema.lua). Any other plugin name is "not enabled", as on a Kong
 * whose {@code plugins} setting lists only these.
 */
final class PluginSchemas {

    /** Name, version and priority as {@code GET /} reports them under {@code available_on_server}. */
    record PluginInfo(String name, int priority, boolean noConsumer, List<Field> config,
                      BiConsumer<ObjectNode, ObjectNode> checks) {
    }

    private static final Map<String, PluginInfo> PLUGINS = new LinkedHashMap<>();

    static {
        add(new PluginInfo("key-auth", 1250, true, List.of(
                Field.array("key_names").required().defaults("apikey").check(PluginSchemas::headerNameError),
                Field.bool("hide_credentials", false),
                Field.string("anonymous"),
                Field.bool("key_in_header", true),
                Field.bool("key_in_query", true),
                Field.bool("key_in_body", false),
                Field.bool("run_on_preflight", true),
                Field.string("realm")), (e, err) -> {
        }));
        add(new PluginInfo("acl", 950, true, List.of(
                Field.set("allow"),
                Field.set("deny"),
                Field.bool("hide_groups_header", false),
                Field.bool("always_use_authenticated_groups", false)), (e, err) -> {
            SchemaValidator.onlyOneOf(e, err, "config.allow", "config.deny");
            SchemaValidator.atLeastOneOf(e, err, "config.allow", "config.deny");
        }));
        add(new PluginInfo("rate-limiting", 910, false, List.of(
                Field.number("second"),
                Field.number("minute"),
                Field.number("hour"),
                Field.number("day"),
                Field.number("month"),
                Field.number("year"),
                Field.string("limit_by").dflt("consumer").oneOf("consumer", "credential", "ip", "service", "header", "path"),
                Field.string("header_name"),
                Field.string("path"),
                Field.string("policy").dflt("local").oneOf("local", "cluster", "redis"),
                Field.bool("fault_tolerant", true),
                Field.record("redis",
                        Field.string("host"),
                        Field.integer("port").dflt(6379).between(0, 65535),
                        Field.integer("timeout").dflt(2000),
                        Field.string("username"),
                        Field.string("password"),
                        Field.integer("database").dflt(0),
                        Field.bool("ssl", false),
                        Field.bool("ssl_verify", false),
                        Field.string("server_name")),
                Field.bool("hide_client_headers", false),
                Field.integer("error_code").dflt(429),
                Field.string("error_message").dflt("API rate limit exceeded"),
                Field.number("sync_rate").dflt(-1)), (e, err) -> {
            SchemaValidator.atLeastOneOf(e, err, "config.second", "config.minute", "config.hour",
                    "config.day", "config.month", "config.year");
            String[] periods = {"second", "minute", "hour", "day", "month", "year"};
            Double smaller = null;
            String smallerName = null;
            for (String p : periods) {
                var v = e.path("config").path(p);
                if (v.isNumber()) {
                    if (v.asDouble() <= 0) {
                        ObjectNode cfg = (ObjectNode) err.get("config");
                        (cfg == null ? err.putObject("config") : cfg).put(p, "value must be greater than 0");
                    } else if (smaller != null && v.asDouble() < smaller) {
                        SchemaValidator.entityError(err, "The limit for " + p + "(" + fmt(v.asDouble())
                                + ") cannot be lower than the limit for " + smallerName + "(" + fmt(smaller) + ")");
                    }
                    smaller = v.asDouble();
                    smallerName = p;
                }
            }
        }));
        add(new PluginInfo("request-transformer", 801, false, List.of(
                Field.string("http_method").check(m -> m.matches("[A-Z]+") ? null : "invalid value: " + m),
                transformRecord("remove", false, false),
                transformRecord("rename", true, false),
                transformRecord("replace", true, true),
                transformRecord("add", true, false),
                transformRecord("append", true, false)), (e, err) -> {
        }));
        add(new PluginInfo("cors", 2000, true, List.of(
                Field.array("origins"),
                Field.array("headers"),
                Field.array("exposed_headers"),
                Field.array("methods").defaults("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS", "TRACE", "CONNECT"),
                Field.number("max_age"),
                Field.bool("credentials", false),
                Field.bool("private_network", false),
                Field.bool("preflight_continue", false),
                Field.bool("allow_origin_absent", true)), (e, err) -> {
        }));
        add(new PluginInfo("request-size-limiting", 951, false, List.of(
                Field.integer("allowed_payload_size").dflt(128),
                Field.string("size_unit").dflt("megabytes").oneOf("megabytes", "kilobytes", "bytes"),
                Field.bool("require_content_length", false)), (e, err) -> {
        }));
    }

    private PluginSchemas() {
    }

    private static void add(PluginInfo p) {
        PLUGINS.put(p.name(), p);
    }

    static PluginInfo get(String name) {
        return PLUGINS.get(name);
    }

    static Set<String> names() {
        return PLUGINS.keySet();
    }

    private static Field transformRecord(String name, boolean pairs, boolean withUri) {
        var check = pairs ? (java.util.function.Function<String, String>) PluginSchemas::pairError : null;
        Field body = Field.array("body").emptyArrayDefault();
        Field headers = Field.array("headers").emptyArrayDefault();
        Field query = Field.array("querystring").emptyArrayDefault();
        if (check != null) {
            body.check(check);
            headers.check(check);
            query.check(check);
        }
        return withUri
                ? Field.record(name, body, headers, query, Field.string("uri"))
                : Field.record(name, body, headers, query);
    }

    private static String pairError(String entry) {
        int colon = entry.indexOf(':');
        if (colon <= 0) {
            return "invalid value: " + entry;
        }
        if (colon == entry.length() - 1) {
            return "key '" + entry.substring(0, colon) + "' has no value";
        }
        return null;
    }

    private static String headerNameError(String name) {
        return name.matches("[A-Za-z0-9_-]+") ? null
                : "bad header name '" + name + "', allowed characters are A-Z, a-z, 0-9, '_', and '-'";
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
