package dev.tether.export;

import dev.tether.heroku.HerokuClient;
import dev.tether.heroku.ObservedAddon;
import dev.tether.heroku.ObservedApp;
import dev.tether.heroku.ObservedAppState;
import dev.tether.heroku.ObservedAttachment;
import dev.tether.heroku.ObservedBuildpack;
import dev.tether.heroku.ObservedDomain;
import dev.tether.heroku.ObservedFormation;
import dev.tether.heroku.ObservedRelease;
import dev.tether.kong.KongAdminClient;
import dev.tether.kong.KongGateways;
import dev.tether.kong.ObservedConsumer;
import dev.tether.kong.ObservedPlugin;
import dev.tether.kong.ObservedRoute;
import dev.tether.kong.ObservedService;
import dev.tether.manifest.Kind;
import dev.tether.manifest.ManifestYaml;
import dev.tether.manifest.SecretMask;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What exists in Heroku and the default Kong gateway, read through Tether's own clients, as
 * manifests a user can POST back: each with {@code adoptExisting: true}, holding exactly what is
 * observed at the fields a manifest owns, so that applying them to the same world plans no change
 * (DESIGN §5, {@code GET /api/v1/export}).
 *
 * <p>Never in an export unless {@code includeSecrets}: config var values that look secret (by name
 * or value, {@link SecretMask#looksSecret}) and plugins whose config holds one; each is left out
 * with a comment saying so (left out of a spec, Tether leaves it as it is). Add-on-owned vars
 * ({@code DATABASE_URL}) are never exported: Heroku owns them. Key-auth keys are never read.
 */
@Component
public class LiveExport {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /**
     * @param team           only apps of this team; null for all
     * @param appGlob        only apps whose name matches ({@code shop-*}); null for all
     * @param kongTag        only Kong entities with this tag; null for all
     * @param includeSecrets write secret values instead of leaving them out
     */
    public record Filter(String team, String appGlob, String kongTag, boolean includeSecrets) {
    }

    private final HerokuClient heroku;
    private final KongGateways gateways;

    LiveExport(HerokuClient heroku, KongGateways gateways) {
        this.heroku = heroku;
        this.gateways = gateways;
    }

    public List<ManifestYaml.Document> export(Filter filter) {
        List<ManifestYaml.Document> docs = new ArrayList<>();
        PathMatcher glob = filter.appGlob() == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + filter.appGlob());
        List<ObservedApp> everyApp = heroku.listApps();
        List<ObservedApp> apps = everyApp.stream()
                .filter(a -> filter.team() == null || filter.team().equals(a.team()))
                .filter(a -> glob == null || glob.matches(Path.of(a.name())))
                .sorted(Comparator.comparing(ObservedApp::name)).toList();
        for (ObservedApp app : apps) {
            ObservedAppState state = ObservedAppState.observe(heroku, app, true);
            docs.addAll(app(state, attachments(state, everyApp), filter.includeSecrets()));
        }
        KongAdminClient kong = gateways.defaultGateway();
        List<String> tags = filter.kongTag() == null ? List.of() : List.of(filter.kongTag());
        List<ObservedRoute> routes = kong.listRoutes(tags);
        List<ObservedPlugin> plugins = kong.listPlugins(tags);
        for (ObservedService svc : kong.listServices(tags).stream().sorted(Comparator.comparing(ObservedService::name,
                Comparator.nullsLast(Comparator.naturalOrder()))).toList()) {
            service(svc, apps, routes, plugins, filter.includeSecrets()).ifPresent(docs::add);
        }
        for (ObservedConsumer c : kong.listConsumers(tags)) {
            docs.add(consumer(kong, c));
        }
        return docs;
    }

    // ----- Heroku

    /** Another app's add-on attached to this one, as {@code attach} names it: the owner app and its as-name. */
    record Attached(String as, String ownerApp, String ownerAs) {
    }

    /** The attachments of other apps' add-ons to this app, each found under its owner's as-name. */
    private List<Attached> attachments(ObservedAppState s, List<ObservedApp> everyApp) {
        String id = s.app().id();
        if (s.addons().stream().allMatch(a -> a.ownedBy(id))) {
            return List.of();
        }
        List<Attached> out = new ArrayList<>();
        for (ObservedAttachment a : heroku.listAttachments(id).orElse(List.of())) {
            if (a.billingApp() == null || a.billingApp().equals(id)) {
                continue;
            }
            Optional<ObservedApp> owner = everyApp.stream().filter(o -> a.billingApp().equals(o.id())).findFirst();
            Optional<String> ownerAs = owner.flatMap(o -> heroku.listAttachments(o.id()).orElse(List.of()).stream()
                    .filter(x -> a.addonId().equals(x.addonId()) && o.id().equals(x.billingApp())).map(ObservedAttachment::name).findFirst());
            if (owner.isPresent() && ownerAs.isPresent()) {
                out.add(new Attached(a.name(), owner.get().name(), ownerAs.get()));
            }
        }
        return out.stream().sorted(Comparator.comparing(Attached::as)).toList();
    }

    /** The app's manifest, preceded with includeSecrets by the {@code <app>-secrets} Secret its secret-looking vars refer to. */
    private static List<ManifestYaml.Document> app(ObservedAppState s, List<Attached> attached, boolean includeSecrets) {
        ObservedApp app = s.app();
        List<String> comments = new ArrayList<>();
        ObjectNode spec = JSON.objectNode();
        putText(spec, "team", app.team());
        if (app.space() == null) {
            putText(spec, "region", app.region());
        }
        putText(spec, "space", app.space());
        putText(spec, "stack", app.buildStack() != null ? app.buildStack() : app.stack());
        if (app.internalRouting()) {
            spec.put("internalRouting", true);
        }
        List<ObservedBuildpack> buildpacks = s.buildpacks().stream().sorted(Comparator.comparingInt(ObservedBuildpack::ordinal)).toList();
        if (!buildpacks.isEmpty()) {
            ArrayNode bp = spec.putArray("buildpacks");
            buildpacks.forEach(b -> bp.add(b.name() != null ? b.name() : b.url()));
        }
        Set<String> addonOwned = new java.util.TreeSet<>(s.addonConfigVars());
        attached.forEach(a -> addonOwned.add(a.as() + "_URL"));
        ObjectNode vars = JSON.objectNode();
        ObjectNode secretData = JSON.objectNode();
        String secretName = app.name() + "-secrets";
        s.configVars().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (addonOwned.contains(e.getKey())) {
                return;
            }
            if (SecretMask.looksSecret(e.getKey(), e.getValue())) {
                if (includeSecrets) {
                    secretData.put(e.getKey(), e.getValue());
                    vars.putObject(e.getKey()).putObject("valueFrom").put("secret", secretName).put("key", e.getKey());
                } else {
                    comments.add("configVars." + e.getKey() + " looks secret: its value is left out (Tether leaves it as it is; "
                            + "export with includeSecrets to get it as {valueFrom: {secret: " + secretName + ", key: "
                            + e.getKey() + "}} and a Secret holding it).");
                }
                return;
            }
            vars.put(e.getKey(), e.getValue());
        });
        if (!vars.isEmpty()) {
            spec.set("configVars", vars);
        }
        if (!s.formation().isEmpty()) {
            ObjectNode formation = spec.putObject("formation");
            for (ObservedFormation f : s.formation().stream().sorted(Comparator.comparing(ObservedFormation::type)).toList()) {
                ObjectNode p = formation.putObject(f.type()).put("quantity", f.quantity());
                putText(p, "size", f.size());
            }
        }
        List<ObservedAddon> own = s.addons().stream().filter(a -> a.ownedBy(app.id())).toList();
        if (!own.isEmpty() || !attached.isEmpty()) {
            ArrayNode addons = spec.putArray("addons");
            for (ObservedAddon a : own) {
                ObjectNode addon = addons.addObject().put("plan", a.plan());
                attachmentName(a.configVars()).ifPresent(as -> addon.put("as", as));
            }
            for (Attached a : attached) {
                ObjectNode addon = addons.addObject();
                addon.putObject("attach").put("app", a.ownerApp()).put("addon", a.ownerAs());
                addon.put("as", a.as());
            }
        }
        ObservedRelease release = s.latestRelease();
        if (release != null && release.slugId() != null) {
            spec.putObject("release").put("slug", release.slugId());
        }
        List<String> domains = s.domains().stream().filter(ObservedDomain::custom).map(ObservedDomain::hostname).sorted().toList();
        if (!domains.isEmpty()) {
            ArrayNode d = spec.putArray("domains");
            domains.forEach(d::add);
        }
        spec.put("adoptExisting", true);
        ManifestYaml.Document appDoc = new ManifestYaml.Document(manifest(Kind.HEROKU_APP, app.name(), spec), comments);
        if (secretData.isEmpty()) {
            return List.of(appDoc);
        }
        ObjectNode secretSpec = JSON.objectNode();
        secretSpec.set("data", secretData);
        return List.of(new ManifestYaml.Document(manifest(Kind.SECRET, secretName, secretSpec),
                List.of("Exported with includeSecrets: these are the values HerokuApp/" + app.name() + " holds now.")), appDoc);
    }

    /** {@code DATABASE} for an add-on that set {@code DATABASE_URL}: the name the planner matches it by. */
    static Optional<String> attachmentName(List<String> configVars) {
        if (configVars.isEmpty()) {
            return Optional.empty();
        }
        String first = configVars.getFirst();
        return Optional.of(first.endsWith("_URL") ? first.substring(0, first.length() - 4)
                : first.contains("_") ? first.substring(0, first.indexOf('_')) : first);
    }

    // ----- Kong

    private static Optional<ManifestYaml.Document> service(ObservedService svc, List<ObservedApp> apps, List<ObservedRoute> allRoutes,
                                                  List<ObservedPlugin> allPlugins, boolean includeSecrets) {
        if (svc.name() == null || !Kind.KONG_SERVICE.namePattern().matcher(svc.name()).matches()) {
            return Optional.empty();
        }
        List<String> comments = new ArrayList<>();
        ObjectNode spec = JSON.objectNode();
        ObjectNode upstream = spec.putObject("upstream");
        Optional<ObservedApp> app = apps.stream().filter(a -> dev.tether.http.Urls.same(a.webUrl(), svc.url())).findFirst();
        if (app.isPresent()) {
            upstream.put("app", app.get().name());
        } else {
            upstream.put("url", svc.url());
        }
        List<ObservedRoute> routes = allRoutes.stream().filter(r -> svc.id().equals(r.serviceId())).toList();
        Map<String, String> routeNames = routes.stream().filter(r -> r.name() != null)
                .collect(Collectors.toMap(ObservedRoute::id, ObservedRoute::name));
        ArrayNode routeList = JSON.arrayNode();
        for (ObservedRoute r : routes) {
            if (r.name() == null) {
                comments.add("route " + r.id() + " has no name: Tether finds routes by name, so it is left out (name it in Kong to manage it).");
                continue;
            }
            ObjectNode route = routeList.addObject().put("name", r.name());
            list(route, "paths", r.paths());
            list(route, "hosts", r.hosts());
            list(route, "methods", r.methods());
            list(route, "protocols", r.protocols());
            route.put("stripPath", r.stripPath());
            route.put("preserveHost", r.preserveHost());
        }
        if (!routeList.isEmpty()) {
            spec.set("routes", routeList);
        }
        ArrayNode pluginList = JSON.arrayNode();
        for (ObservedPlugin p : allPlugins) {
            boolean onService = svc.id().equals(p.serviceId()) && p.routeId() == null;
            boolean onRoute = p.routeId() != null && routeNames.containsKey(p.routeId());
            if (p.consumerId() != null || !(onService || onRoute)) {
                continue;
            }
            String label = p.name() + (onRoute ? "@" + routeNames.get(p.routeId()) : "");
            JsonNode config = withoutNulls(MAPPER.valueToTree(p.config()));
            if (!includeSecrets && holdsSecret("", config)) {
                comments.add("plugin " + label + " holds a secret in its config: left out (Tether leaves it as it is;"
                        + " an internal key header is an ApiKey with apiKeyRef).");
                continue;
            }
            ObjectNode plugin = pluginList.addObject().put("name", p.name());
            if (onRoute) {
                plugin.put("route", routeNames.get(p.routeId()));
            }
            if (!p.enabled()) {
                plugin.put("enabled", false);
            }
            if (!config.isEmpty()) {
                plugin.set("config", config);
            }
        }
        if (!pluginList.isEmpty()) {
            spec.set("plugins", pluginList);
        }
        spec.put("adoptExisting", true);
        return Optional.of(new ManifestYaml.Document(manifest(Kind.KONG_SERVICE, svc.name(), spec), comments));
    }

    private static ManifestYaml.Document consumer(KongAdminClient kong, ObservedConsumer c) {
        ObjectNode spec = JSON.objectNode();
        putText(spec, "username", c.username());
        putText(spec, "customId", c.customId());
        List<String> groups = kong.listAcls(c.id()).stream().map(a -> a.group()).sorted().toList();
        if (!groups.isEmpty()) {
            ArrayNode acls = spec.putArray("acls");
            groups.forEach(acls::add);
        }
        spec.put("adoptExisting", true);
        String base = c.username() != null ? c.username() : c.customId() != null ? c.customId() : c.id();
        return new ManifestYaml.Document(manifest(Kind.KONG_CONSUMER, dnsLabel(base), spec),
                List.of("Key-auth keys are not exported: Tether generates the keys a keyAuth entry declares."));
    }

    /** A string under a secret-looking key, or a {@code Name:value} header whose value looks secret. */
    private static boolean holdsSecret(String key, JsonNode n) {
        if (n.isObject()) {
            return n.properties().stream().anyMatch(e -> holdsSecret(e.getKey(), e.getValue()));
        }
        if (n.isArray()) {
            for (JsonNode item : n) {
                if (holdsSecret(key, item)) {
                    return true;
                }
            }
            return false;
        }
        if (!n.isString()) {
            return false;
        }
        String v = n.asString();
        int colon = v.indexOf(':');
        if (colon > 0 && !v.contains("://") && SecretMask.looksSecret(v.substring(0, colon), v.substring(colon + 1))) {
            return true;
        }
        return SecretMask.looksSecret(key, v);
    }

    private static JsonNode withoutNulls(JsonNode n) {
        if (n.isObject()) {
            ObjectNode out = JSON.objectNode();
            n.properties().forEach(e -> {
                if (!e.getValue().isNull()) {
                    out.set(e.getKey(), withoutNulls(e.getValue()));
                }
            });
            return out;
        }
        return n;
    }

    // ----- shared

    private static ObjectNode manifest(Kind kind, String name, ObjectNode spec) {
        ObjectNode m = JSON.objectNode();
        m.put("apiVersion", "tether.dev/v1");
        m.put("kind", kind.manifestName());
        m.putObject("metadata").put("name", name);
        m.set("spec", spec);
        return m;
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static void list(ObjectNode node, String field, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode a = node.putArray(field);
            values.forEach(a::add);
        }
    }

    private static String dnsLabel(String s) {
        String v = s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        return v.isEmpty() || !Character.isLetter(v.charAt(0)) ? "c-" + v : v;
    }
}
