package dev.tether.cli;

import dev.tether.manifest.ManifestYaml;
import dev.tether.manifest.SecretMask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a Terraform state (format version 4, as {@code terraform state pull} writes it) of
 * heroku and kong provider resources into manifests that adopt what exists
 * ({@code adoptExisting: true} on each), so that applying them changes nothing that runs.
 *
 * <p>References become Tether references: a formation, add-on, domain or config association's
 * {@code app_id} folds into its {@code HerokuApp}; a route's {@code service_id} and a plugin's
 * {@code service_id}/{@code route_id} fold into their {@code KongService}; a Kong service whose URL
 * is an imported app's {@code web_url} gets {@code upstream.app}; a {@code random_id} or
 * {@code random_password} whose value an app's config var or a request-transformer header holds
 * becomes an {@code ApiKey} adopting that value (its targets and the service's {@code apiKeyRef}),
 * never written into a manifest. Secret values ({@code sensitive_*}, secret-looking vars) are left
 * out with a comment unless {@code includeSecrets}; with it each is
 * {@code {valueFrom: {secret: <app>-secrets, key: VAR}}} and a {@code Secret} of that name holds it.
 * A {@code heroku_app_release}'s (else a {@code heroku_build}'s) slug is {@code release: {slug}};
 * a {@code heroku_addon_attachment} of another app's add-on is {@code {attach: {app, addon}, as}}.
 *
 * <p>What it cannot turn into a manifest is never dropped silently: resource types it does not
 * know are in {@link Result#unknown}, known ones it cannot carry over in {@link Result#notes}.
 */
final class TerraformImport {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String DEFAULT_HEADER = "X-Internal-API-Key";
    private static final String DEFAULT_CONFIG_VAR = "INTERNAL_API_KEY";

    /**
     * @param documents the manifests, in apply order
     * @param unknown   addresses of resources whose type is not known ({@code aws_s3_bucket.logs})
     * @param notes     what was known but not carried over, one line each, with the address
     */
    record Result(List<ManifestYaml.Document> documents, List<String> unknown, List<String> notes) {
    }

    /** One resource instance of the state. */
    private record Instance(String type, String address, JsonNode attrs) {
        String text(String field) {
            JsonNode n = attrs.path(field);
            return n.isNull() || n.isMissingNode() || n.asString().isEmpty() ? null : n.asString();
        }

        /** The app reference: {@code app_id} (provider 5.x) or {@code app} (older). */
        String app() {
            return text("app_id") != null ? text("app_id") : text("app");
        }
    }

    private final boolean includeSecrets;
    private final List<String> unknown = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private TerraformImport(boolean includeSecrets) {
        this.includeSecrets = includeSecrets;
    }

    static Result convert(JsonNode state, boolean includeSecrets) {
        if (state.path("version").asInt(0) != 4) {
            throw new TetherCli.CliException("not a Terraform state of format version 4 (found version "
                    + state.path("version").asString("none") + "); run `terraform state pull` with Terraform 0.12 or later");
        }
        return new TerraformImport(includeSecrets).run(state);
    }

    // ----- the conversion

    private final Map<String, App> apps = new LinkedHashMap<>();          // by Heroku id and by name
    private final Map<String, Key> keys = new LinkedHashMap<>();          // by value
    private final Map<String, Service> services = new LinkedHashMap<>();  // by Kong id
    private final Map<String, Route> routes = new LinkedHashMap<>();      // by Kong id
    private final Map<String, Consumer> consumers = new LinkedHashMap<>(); // by Kong id
    private final Map<String, String[]> addons = new LinkedHashMap<>();     // by Heroku id: {app name, as-name}

    private static final class App {
        final String name;
        final String webUrl;
        final ObjectNode spec = JSON.objectNode();
        final Map<String, String> vars = new LinkedHashMap<>();
        final Map<String, String> secretVars = new LinkedHashMap<>();
        final List<String> comments = new ArrayList<>();
        final ArrayNode attached = JSON.arrayNode();
        String slug;         // from heroku_app_release: what runs
        String builtSlug;    // from heroku_build: what runs unless a release says otherwise

        App(String name, String webUrl) {
            this.name = name;
            this.webUrl = webUrl;
        }
    }

    private static final class Key {
        final String name;
        final Integer bytes;
        final List<String[]> targets = new ArrayList<>();
        String header;

        Key(String name, Integer bytes) {
            this.name = name;
            this.bytes = bytes;
        }
    }

    private static final class Service {
        final String name;
        final ObjectNode spec = JSON.objectNode();
        final ArrayNode routes = JSON.arrayNode();
        final ArrayNode plugins = JSON.arrayNode();

        Service(String name) {
            this.name = name;
        }
    }

    private record Route(String name, Service service) {
    }

    private static final class Consumer {
        final String name;
        final ObjectNode spec = JSON.objectNode();
        final ArrayNode acls = JSON.arrayNode();

        Consumer(String name) {
            this.name = name;
        }
    }

    private Result run(JsonNode state) {
        List<Instance> all = new ArrayList<>();
        for (JsonNode r : state.path("resources")) {
            if (!"managed".equals(r.path("mode").asString("managed"))) {
                continue; // data sources describe what exists elsewhere; nothing to adopt
            }
            String type = r.path("type").asString();
            String base = (r.has("module") ? r.path("module").asString() + "." : "") + type + "." + r.path("name").asString();
            for (JsonNode i : r.path("instances")) {
                String address = base + (i.has("index_key") ? "[" + i.path("index_key").toString() + "]" : "");
                all.add(new Instance(type, address, i.path("attributes")));
            }
        }
        // keys first (their values are matched against config vars and headers), then apps,
        // then what refers to apps, then Kong services, routes, plugins, consumers and their ACLs
        all.stream().filter(i -> i.type().equals("random_id") || i.type().equals("random_password")
                || i.type().equals("random_string")).forEach(this::key);
        all.stream().filter(i -> i.type().equals("heroku_app")).forEach(this::heroku);
        for (Instance i : all) {
            switch (i.type()) {
                case "random_id", "random_password", "random_string", "heroku_app", "kong_service", "kong_route",
                     "kong_plugin", "kong_consumer", "kong_consumer_acl" -> {
                }
                case "heroku_config" -> {
                    // its values reach apps through heroku_app_config_association, which copies them
                }
                case "heroku_app_config_association" -> association(i);
                case "heroku_formation" -> formation(i);
                case "heroku_addon" -> addon(i);
                case "heroku_addon_attachment" -> {
                    // after every add-on is known: it names one by id
                }
                case "heroku_domain" -> domain(i);
                case "heroku_build", "heroku_slug", "heroku_app_release" -> release(i);
                default -> unknown.add(i.address());
            }
        }
        all.stream().filter(i -> i.type().equals("heroku_addon_attachment")).forEach(this::attachment);
        all.stream().filter(i -> i.type().equals("kong_service")).forEach(this::service);
        all.stream().filter(i -> i.type().equals("kong_route")).forEach(this::route);
        all.stream().filter(i -> i.type().equals("kong_plugin")).forEach(this::plugin);
        all.stream().filter(i -> i.type().equals("kong_consumer")).forEach(this::consumer);
        all.stream().filter(i -> i.type().equals("kong_consumer_acl")).forEach(this::acl);
        return new Result(documents(), List.copyOf(unknown), List.copyOf(notes));
    }

    private void key(Instance i) {
        String name = dnsLabel(i.address().substring(i.address().indexOf('.') + 1));
        Integer bytes = i.attrs().has("byte_length") ? i.attrs().path("byte_length").asInt() : null;
        Key key = new Key(name, bytes);
        for (String field : List.of("b64_url", "b64_std", "hex", "dec", "id", "result")) {
            String v = i.text(field);
            if (v != null) {
                keys.putIfAbsent(v, key);
            }
        }
    }

    private void heroku(Instance i) {
        String name = i.text("name");
        App app = new App(name, i.text("web_url"));
        apps.put(name, app);
        if (i.text("id") != null) {
            apps.put(i.text("id"), app);
        }
        if (i.text("uuid") != null) {
            apps.put(i.text("uuid"), app);
        }
        String team = i.attrs().path("organization").path(0).path("name").asString(null);
        putText(app.spec, "team", team != null ? team : i.text("team"));
        putText(app.spec, "region", i.text("region"));
        putText(app.spec, "space", i.text("space"));
        putText(app.spec, "stack", i.text("stack"));
        if (i.attrs().path("internal_routing").asBoolean(false)) {
            app.spec.put("internalRouting", true);
        }
        JsonNode buildpacks = i.attrs().path("buildpacks");
        if (buildpacks.isArray() && !buildpacks.isEmpty()) {
            app.spec.set("buildpacks", buildpacks.deepCopy());
        }
        vars(app, i.attrs().path("config_vars"), false, i.address());
        vars(app, i.attrs().path("sensitive_config_vars"), true, i.address());
    }

    private void association(Instance i) {
        appOf(i).ifPresent(app -> {
            vars(app, i.attrs().path("vars"), false, i.address());
            vars(app, i.attrs().path("sensitive_vars"), true, i.address());
        });
    }

    private void vars(App app, JsonNode vars, boolean sensitive, String address) {
        for (var e : vars.properties()) {
            String name = e.getKey();
            String value = e.getValue().asString();
            Key key = keys.get(value);
            if (key != null) {
                key.targets.add(new String[] {app.name, name});
                continue;
            }
            if (sensitive || SecretMask.looksSecret(name, value)) {
                app.secretVars.put(name, value);
                app.vars.remove(name);
            } else {
                app.secretVars.remove(name);
                app.vars.put(name, value);
            }
        }
    }

    private void formation(Instance i) {
        appOf(i).ifPresent(app -> {
            ObjectNode formation = app.spec.has("formation") ? (ObjectNode) app.spec.get("formation") : app.spec.putObject("formation");
            ObjectNode process = formation.putObject(i.text("type"));
            if (i.attrs().has("quantity")) {
                process.put("quantity", i.attrs().path("quantity").asInt());
            }
            putText(process, "size", i.text("size"));
        });
    }

    private void addon(Instance i) {
        appOf(i).ifPresent(app -> {
            ArrayNode addons = app.spec.has("addons") ? (ArrayNode) app.spec.get("addons") : app.spec.putArray("addons");
            ObjectNode addon = addons.addObject();
            addon.put("plan", i.text("plan"));
            JsonNode vars = i.attrs().path("config_vars");
            if (vars.isArray() && !vars.isEmpty()) {
                String first = vars.get(0).asString();
                String as = first.endsWith("_URL") ? first.substring(0, first.length() - 4)
                        : first.contains("_") ? first.substring(0, first.indexOf('_')) : first;
                addon.put("as", as);
                if (i.text("id") != null) {
                    this.addons.put(i.text("id"), new String[] {app.name, as});
                }
            }
            JsonNode config = i.attrs().path("config");
            if (config.isObject() && !config.isEmpty()) {
                addon.set("config", config.deepCopy());
            }
        });
    }

    private void domain(Instance i) {
        appOf(i).ifPresent(app -> {
            ArrayNode domains = app.spec.has("domains") ? (ArrayNode) app.spec.get("domains") : app.spec.putArray("domains");
            domains.add(i.text("hostname"));
        });
    }

    /**
     * {@code heroku_app_release}'s slug is what runs: {@code release: {slug}}; a {@code heroku_build}'s
     * slug runs unless a release says otherwise; a {@code heroku_slug} is code, not what runs.
     */
    private void release(Instance i) {
        if (i.type().equals("heroku_slug")) {
            return;
        }
        String slug = i.text("slug_id");
        if (slug == null) {
            notes.add(i.address() + ": has no slug_id (a build that did not succeed); the code that runs is left as it is");
            return;
        }
        appOf(i).ifPresent(app -> {
            if (i.type().equals("heroku_app_release")) {
                app.slug = slug;
            } else {
                app.builtSlug = slug;
            }
        });
    }

    /** Another app's add-on attached to this one: {@code {attach: {app, addon}, as}} (the owner's as-name). */
    private void attachment(Instance i) {
        String[] addon = addons.get(i.text("addon_id"));
        if (addon == null) {
            notes.add(i.address() + ": attaches add-on " + i.text("addon_id") + ", which is not a heroku_addon in this state; left as it is");
            return;
        }
        appOf(i).ifPresent(app -> {
            if (app.name.equals(addon[0])) {
                return; // the app's own add-on under a second name: Heroku keeps it with the add-on
            }
            String as = i.text("name") != null ? i.text("name") : addon[1];
            ObjectNode a = app.attached.addObject();
            a.putObject("attach").put("app", addon[0]).put("addon", addon[1]);
            a.put("as", as);
        });
    }

    private Optional<App> appOf(Instance i) {
        String ref = i.app();
        App app = ref == null ? null : apps.get(ref);
        if (app == null) {
            notes.add(i.address() + ": refers to app " + ref + ", which is not a heroku_app in this state; left out");
        }
        return Optional.ofNullable(app);
    }

    private void service(Instance i) {
        String kongName = i.text("name");
        String name = dnsLabel(kongName);
        if (!name.equals(kongName)) {
            notes.add(i.address() + ": Kong service " + kongName + " is not a DNS label; Tether names services by "
                    + "metadata.name, so it would make a new one: rename it in Kong first; left out");
            return;
        }
        Service svc = new Service(name);
        services.put(i.text("id"), svc);
        String protocol = Objects.requireNonNullElse(i.text("protocol"), "http");
        int port = i.attrs().path("port").asInt("https".equals(protocol) ? 443 : 80);
        boolean defaultPort = port == ("https".equals(protocol) ? 443 : 80);
        String url = protocol + "://" + i.text("host") + (defaultPort ? "" : ":" + port)
                + Objects.requireNonNullElse(i.text("path"), "");
        ObjectNode upstream = svc.spec.putObject("upstream");
        Optional<App> app = apps.values().stream().distinct().filter(a -> dev.tether.http.Urls.same(a.webUrl, url)).findFirst();
        if (app.isPresent()) {
            upstream.put("app", app.get().name);
        } else {
            upstream.put("url", url);
        }
    }

    private void route(Instance i) {
        Service svc = services.get(i.text("service_id"));
        if (svc == null) {
            notes.add(i.address() + ": its service " + i.text("service_id") + " is not a kong_service in this state; left out");
            return;
        }
        String name = i.text("name");
        if (name == null) {
            name = dnsLabel(i.address().substring(i.address().indexOf('.') + 1));
            notes.add(i.address() + ": the route has no name in Kong; Tether finds routes by name, so name it " + name
                    + " in Kong before applying, or Tether adds a route of that name beside it");
        }
        routes.put(i.text("id"), new Route(name, svc));
        ObjectNode r = svc.routes.addObject();
        r.put("name", name);
        for (String[] f : new String[][] {{"paths", "paths"}, {"hosts", "hosts"}, {"methods", "methods"}, {"protocols", "protocols"}}) {
            JsonNode list = i.attrs().path(f[0]);
            if (list.isArray() && !list.isEmpty()) {
                r.set(f[1], list.deepCopy());
            }
        }
        if (i.attrs().has("strip_path")) {
            r.put("stripPath", i.attrs().path("strip_path").asBoolean());
        }
        if (i.attrs().has("preserve_host")) {
            r.put("preserveHost", i.attrs().path("preserve_host").asBoolean());
        }
    }

    private void plugin(Instance i) {
        if (i.text("consumer_id") != null) {
            notes.add(i.address() + ": a plugin scoped to a consumer is not carried over (KongService plugins are per service "
                    + "or route); left as it is");
            return;
        }
        Route route = i.text("route_id") == null ? null : routes.get(i.text("route_id"));
        Service svc = route != null ? route.service() : services.get(i.text("service_id"));
        if (svc == null) {
            notes.add(i.address() + ": a plugin on no imported service or route (global, or its entity is not in this state); "
                    + "left as it is");
            return;
        }
        JsonNode config = config(i);
        Optional<Key> key = injectedKey(i.text("name"), config);
        if (key.isPresent() && route == null) {
            svc.spec.put("apiKeyRef", key.get().name);
            return;
        }
        ObjectNode p = svc.plugins.addObject();
        p.put("name", i.text("name"));
        if (route != null) {
            p.put("route", route.name());
        }
        if (i.attrs().has("enabled") && !i.attrs().path("enabled").asBoolean(true)) {
            p.put("enabled", false);
        }
        if (config.isObject() && !config.isEmpty()) {
            p.set("config", config.deepCopy());
        }
    }

    /** {@code config_json} (the kong provider's string), else a {@code config} object. */
    private static JsonNode config(Instance i) {
        String json = i.text("config_json");
        if (json != null) {
            return ApiClient.JSON.readTree(json);
        }
        return i.attrs().path("config");
    }

    /**
     * The key a request-transformer injects: its config only adds (and replaces) one header whose
     * value is an imported key. The header's name becomes the ApiKey's {@code header}.
     */
    private Optional<Key> injectedKey(String plugin, JsonNode config) {
        if (!"request-transformer".equals(plugin)) {
            return Optional.empty();
        }
        Set<String> headers = new LinkedHashSet<>();
        for (String part : List.of("add", "replace")) {
            config.path(part).path("headers").forEach(h -> headers.add(h.asString()));
            for (var e : config.path(part).properties()) {
                if (!e.getKey().equals("headers") && !e.getValue().isEmpty()) {
                    return Optional.empty();
                }
            }
        }
        for (var e : config.properties()) {
            if (!Set.of("add", "replace").contains(e.getKey()) && !e.getValue().isEmpty() && !e.getValue().isNull()) {
                boolean emptyParts = e.getValue().properties().stream().allMatch(p -> p.getValue().isEmpty());
                if (!emptyParts) {
                    return Optional.empty();
                }
            }
        }
        if (headers.size() != 1) {
            return Optional.empty();
        }
        String header = headers.iterator().next();
        int colon = header.indexOf(':');
        Key key = colon < 0 ? null : keys.get(header.substring(colon + 1));
        if (key == null) {
            return Optional.empty();
        }
        key.header = header.substring(0, colon);
        return Optional.of(key);
    }

    private void consumer(Instance i) {
        String username = i.text("username");
        String name = dnsLabel(username != null ? username : i.address().substring(i.address().indexOf('.') + 1));
        Consumer c = new Consumer(name);
        consumers.put(i.text("id"), c);
        putText(c.spec, "username", username);
        putText(c.spec, "customId", i.text("custom_id"));
    }

    private void acl(Instance i) {
        Consumer c = consumers.get(i.text("consumer_id"));
        if (c == null) {
            notes.add(i.address() + ": its consumer is not a kong_consumer in this state; left out");
            return;
        }
        c.acls.add(i.text("group"));
    }

    // ----- output

    private List<ManifestYaml.Document> documents() {
        List<ManifestYaml.Document> docs = new ArrayList<>();
        Set<Key> seenKeys = new LinkedHashSet<>(keys.values());
        for (Key key : seenKeys) {
            if (key.targets.isEmpty() && key.header == null) {
                notes.add("random value " + key.name + ": no app config var or gateway header holds it; not an ApiKey");
                continue;
            }
            ObjectNode spec = JSON.objectNode();
            if (key.bytes != null) {
                spec.put("length", key.bytes);
            }
            if (key.header != null && !key.header.equals(DEFAULT_HEADER)) {
                spec.put("header", key.header);
            }
            ArrayNode targets = spec.putArray("targets");
            for (String[] t : key.targets) {
                ObjectNode target = targets.addObject().put("app", t[0]);
                if (!t[1].equals(DEFAULT_CONFIG_VAR)) {
                    target.put("configVar", t[1]);
                }
            }
            spec.put("adoptExisting", true);
            docs.add(new ManifestYaml.Document(manifest("ApiKey", key.name, spec),
                    List.of("The value Terraform generated is adopted from the targets as key version 1 (stored encrypted);"
                            + " it is never written here.")));
        }
        for (App app : new LinkedHashSet<>(apps.values())) {
            String secretName = app.name + "-secrets";
            ObjectNode vars = JSON.objectNode();
            app.vars.forEach(vars::put);
            List<String> comments = new ArrayList<>(app.comments);
            if (includeSecrets && !app.secretVars.isEmpty()) {
                ObjectNode data = JSON.objectNode();
                app.secretVars.forEach((name, value) -> {
                    data.put(name, value);
                    vars.putObject(name).putObject("valueFrom").put("secret", secretName).put("key", name);
                });
                ObjectNode secretSpec = JSON.objectNode();
                secretSpec.set("data", data);
                docs.add(new ManifestYaml.Document(manifest("Secret", secretName, secretSpec),
                        List.of("Imported with --include-secrets: the sensitive values the state holds for " + app.name + ".")));
            } else {
                app.secretVars.keySet().forEach(secret -> comments.add("configVars." + secret + " holds a secret: its value is left out "
                        + "(Heroku keeps it; import with --include-secrets to get it as {valueFrom: {secret: " + secretName
                        + ", key: " + secret + "}} and a Secret holding it)."));
            }
            if (!vars.isEmpty()) {
                app.spec.set("configVars", vars);
            }
            if (!app.attached.isEmpty()) {
                ArrayNode list = app.spec.has("addons") ? (ArrayNode) app.spec.get("addons") : app.spec.putArray("addons");
                list.addAll(app.attached);
            }
            String slug = app.slug != null ? app.slug : app.builtSlug;
            if (slug != null) {
                app.spec.putObject("release").put("slug", slug);
            }
            app.spec.put("adoptExisting", true);
            docs.add(new ManifestYaml.Document(manifest("HerokuApp", app.name, app.spec), comments));
        }
        for (Service svc : new LinkedHashSet<>(services.values())) {
            if (!svc.routes.isEmpty()) {
                svc.spec.set("routes", svc.routes);
            }
            if (!svc.plugins.isEmpty()) {
                svc.spec.set("plugins", svc.plugins);
            }
            svc.spec.put("adoptExisting", true);
            docs.add(new ManifestYaml.Document(manifest("KongService", svc.name, svc.spec), List.of()));
        }
        for (Consumer c : consumers.values()) {
            if (!c.acls.isEmpty()) {
                c.spec.set("acls", c.acls);
            }
            c.spec.put("adoptExisting", true);
            docs.add(new ManifestYaml.Document(manifest("KongConsumer", c.name, c.spec), List.of()));
        }
        return docs;
    }

    private static ObjectNode manifest(String kind, String name, ObjectNode spec) {
        ObjectNode m = JSON.objectNode();
        m.put("apiVersion", "tether.dev/v1");
        m.put("kind", kind);
        m.putObject("metadata").put("name", name);
        m.set("spec", spec);
        return m;
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** {@code internal_key} to {@code internal-key}: a DNS label as metadata.name wants. */
    static String dnsLabel(String s) {
        String v = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        if (v.isEmpty() || !Character.isLetter(v.charAt(0))) {
            v = "r-" + v;
        }
        return v.length() > 63 ? v.substring(0, 63).replaceAll("-+$", "") : v;
    }
}
