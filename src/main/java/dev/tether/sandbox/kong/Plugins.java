package dev.tether.sandbox.kong;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kong's {@code plugins} entity (kong/db/schema/entities/plugins.lua): the {@code config}
 * record is the named plugin's schema ({@link PluginSchemas}); one instance per
 * (name, route, service, consumer); deleted with the service, route or consumer it is scoped to.
 */
final class Plugins implements EntityType {

    static final Plugins TYPE = new Plugins();

    private final List<Field> fields = List.of(
            Field.id(),
            Field.string("name").required(),
            Field.string("instance_name").unique().utf8Name(),
            Field.timestamp("created_at"),
            Field.timestamp("updated_at"),
            Field.foreign("route", "routes"),
            Field.foreign("service", "services"),
            Field.foreign("consumer", "consumers"),
            Field.record("config"),
            Field.set("protocols").required().defaults("grpc", "grpcs", "http", "https")
                    .oneOf(Services.PROTOCOLS.toArray(String[]::new)),
            Field.bool("enabled", true),
            Field.tags());

    private Plugins() {
    }

    @Override
    public String table() {
        return "plugins";
    }

    @Override
    public String adminPath() {
        return "plugins";
    }

    @Override
    public String endpointKey() {
        return "instance_name";
    }

    @Override
    public List<Field> fields() {
        return fields;
    }

    @Override
    public List<Field> fieldsFor(JsonNode input) {
        PluginSchemas.PluginInfo info = PluginSchemas.get(Json.text(input, "name"));
        List<Field> out = new ArrayList<>(fields);
        out.set(8, Field.record("config", info == null ? new Field[0] : info.config().toArray(Field[]::new)));
        return out;
    }

    /** rate-limiting's deprecated {@code config.redis_*} shorthands (3.x), written into {@code config.redis}. */
    private static final List<String> REDIS_SHORTHANDS = List.of(
            "host", "port", "password", "username", "ssl", "ssl_verify", "server_name", "timeout", "database");

    @Override
    public ObjectNode expandShorthands(ObjectNode input, ObjectNode errors) {
        if (!"rate-limiting".equals(Json.text(input, "name")) || !(input.get("config") instanceof ObjectNode config)) {
            return input;
        }
        ObjectNode out = input.deepCopy();
        ObjectNode cfg = (ObjectNode) out.get("config");
        for (String k : REDIS_SHORTHANDS) {
            JsonNode v = cfg.remove("redis_" + k);
            if (v != null && !v.isNull()) {
                JsonNode redis = cfg.get("redis");
                ObjectNode r = redis instanceof ObjectNode o ? o : cfg.putObject("redis");
                r.set(k, v);
            }
        }
        return out;
    }

    /**
     * What a read returns: Kong 3.x echoes the deprecated {@code redis_*} shorthands of
     * rate-limiting next to {@code config.redis} (schema/init.lua, {@code should_be_in_output}).
     */
    static ObjectNode withDeprecatedEcho(ObjectNode plugin) {
        if (!"rate-limiting".equals(Json.text(plugin, "name")) || !(plugin.get("config") instanceof ObjectNode cfg)
                || !(cfg.get("redis") instanceof ObjectNode redis)) {
            return plugin;
        }
        for (String k : REDIS_SHORTHANDS) {
            cfg.set("redis_" + k, redis.path(k).isMissingNode() ? Json.NODES.nullNode() : redis.get(k).deepCopy());
        }
        return plugin;
    }

    @Override
    public void checkEntity(ObjectNode entity, ObjectNode errors) {
        String name = Json.text(entity, "name");
        PluginSchemas.PluginInfo info = PluginSchemas.get(name);
        if (name != null && info == null) {
            errors.remove("config"); // Kong stops at the name: there is no schema to check config against
            errors.put("name", "plugin '" + name + "' not enabled; add it to the 'plugins' configuration property");
            return;
        }
        if (info == null) {
            return;
        }
        if (info.noConsumer() && !entity.path("consumer").isNull()) {
            errors.put("consumer", "value must be null");
        }
        info.checks().accept(entity, errors);
    }

    @Override
    public List<String> cacheKey() {
        return List.of("consumer", "name", "route", "service");
    }
}
