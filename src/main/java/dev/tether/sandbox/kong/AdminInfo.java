package dev.tether.sandbox.kong;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /}, {@code GET /status}, {@code GET /schemas/…} and {@code GET /plugins/enabled}
 * with the fields clients read (kong/api/routes/kong.lua, health.lua): {@code version},
 * {@code edition}, {@code configuration.database = "postgres"}, {@code router_flavor},
 * {@code plugins.available_on_server}.
 */
final class AdminInfo {

    /** The Kong release emulated: the newest OSS line with a published Admin API spec. */
    static final String VERSION = "3.9.1";

    private final String nodeId = UUID.randomUUID().toString();
    private final KongStore store;
    private final int adminPort;
    private final int proxyPort;
    final AtomicLong proxiedRequests = new AtomicLong();

    AdminInfo(KongStore store, int adminPort, int proxyPort) {
        this.store = store;
        this.adminPort = adminPort;
        this.proxyPort = proxyPort;
    }

    ObjectNode root() {
        ObjectNode root = Json.object()
                .put("tagline", "Welcome to kong")
                .put("version", VERSION)
                .put("edition", "community")
                .put("hostname", "tether-sandbox")
                .put("node_id", nodeId)
                .put("lua_version", "LuaJIT 2.1.0-20231117");
        root.putObject("timers").put("running", 0).put("pending", 1);
        ObjectNode plugins = root.putObject("plugins");
        ObjectNode available = plugins.putObject("available_on_server");
        for (String name : PluginSchemas.names()) {
            available.putObject(name).put("version", VERSION).put("priority", PluginSchemas.get(name).priority());
        }
        var enabled = Json.array();
        store.all(Plugins.TYPE).stream().map(p -> Json.text(p, "name")).distinct().sorted().forEach(enabled::add);
        plugins.set("enabled_in_cluster", enabled);
        ObjectNode conf = root.putObject("configuration");
        conf.put("database", "postgres")
                .put("router_flavor", "traditional_compatible")
                .put("role", "traditional")
                .put("pg_password", "******")
                .put("admin_listen", "127.0.0.1:" + adminPort)
                .put("proxy_listen", "127.0.0.1:" + proxyPort)
                .put("prefix", "/usr/local/kong");
        conf.set("plugins", Json.strings("bundled"));
        conf.set("loaded_plugins", Json.object());
        PluginSchemas.names().forEach(n -> ((ObjectNode) conf.get("loaded_plugins")).put(n, true));
        root.putObject("pids").put("master", ProcessHandle.current().pid()).set("workers", Json.array().add(ProcessHandle.current().pid()));
        return root;
    }

    ObjectNode status() {
        ObjectNode s = Json.object();
        ObjectNode memory = s.putObject("memory");
        ObjectNode dicts = memory.putObject("lua_shared_dicts");
        dicts.putObject("kong").put("capacity", "5.00 MiB").put("allocated_slabs", "0.04 MiB");
        dicts.putObject("kong_db_cache").put("capacity", "128.00 MiB").put("allocated_slabs", "0.80 MiB");
        memory.set("workers_lua_vms", Json.array().add(Json.object()
                .put("pid", ProcessHandle.current().pid()).put("http_allocated_gc", "40.00 MiB")));
        long requests = proxiedRequests.get();
        s.putObject("server").put("connections_accepted", requests).put("connections_active", 1)
                .put("connections_handled", requests).put("connections_reading", 0)
                .put("connections_writing", 1).put("connections_waiting", 0).put("total_requests", requests);
        s.putObject("database").put("reachable", true);
        return s;
    }

    ObjectNode enabledPlugins() {
        ObjectNode o = Json.object();
        o.set("enabled_plugins", Json.strings(List.copyOf(PluginSchemas.names())));
        return o;
    }

    /** Kong's {@code GET /schemas/{entity}}: {@code {"fields":[{"name":{…}}, …]}}. */
    ObjectNode entitySchema(String name) {
        EntityType t = KongStore.TYPES.stream()
                .filter(x -> x.table().equals(name) || x.adminPath().equals(name))
                .findFirst().orElseThrow(() -> new KongError(404, Json.message("No entity named '" + name + "'")));
        return describe(t.fields());
    }

    /** Kong's {@code GET /schemas/plugins/{name}}: the plugin entity with its config record. */
    ObjectNode pluginSchema(String name) {
        PluginSchemas.PluginInfo info = PluginSchemas.get(name);
        if (info == null) {
            throw new KongError(404, Json.message("No plugin named '" + name + "'"));
        }
        return describe(Plugins.TYPE.fieldsFor(Json.object().put("name", name)));
    }

    private static ObjectNode describe(List<Field> fields) {
        var arr = Json.array();
        fields.forEach(f -> arr.add(Json.object().set(f.name, f.describe())));
        ObjectNode o = Json.object();
        o.set("fields", arr);
        return o;
    }
}
