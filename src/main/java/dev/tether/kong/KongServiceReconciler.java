package dev.tether.kong;

import dev.tether.http.PermanentException;
import dev.tether.keys.ApiKeys;
import dev.tether.secrets.SecretStore;
import dev.tether.manifest.DeletionPolicy;
import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.DriftPolicy;
import dev.tether.manifest.Kind;
import dev.tether.manifest.KongConsumerSpec;
import dev.tether.manifest.KongServiceSpec;
import dev.tether.manifest.StoredResource;
import dev.tether.reconcile.Outcome;
import dev.tether.reconcile.ReconcileRequest;
import dev.tether.reconcile.Reconciler;
import dev.tether.status.Condition;
import dev.tether.status.Conditions;
import dev.tether.status.EventType;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps each {@code KongService} true in its gateway: the service (upstream from
 * {@code upstream.url} or the named HerokuApp's web URL), its routes and plugins, and, with an
 * {@code apiKeyRef}, a request-transformer that forces the internal API key upstream
 * ({@code replace} and {@code add}, so a client-sent header is always overwritten). Everything
 * it creates carries {@value #MANAGED} and an owner tag; only those entities are ever changed
 * or deleted. Kong has no webhooks, so the resync is the poll interval. With an apiKeyRef it
 * also runs the {@link LockProbe} every probe interval and reports the {@code Secured} condition.
 */
@Component
class KongServiceReconciler implements Reconciler {

    private static final Logger log = LoggerFactory.getLogger(KongServiceReconciler.class);
    static final String MANAGED = "managed-by-tether";
    static final String SECURED = "Secured";
    private static final Duration DEPENDENCY_RECHECK = Duration.ofSeconds(2);
    private static final Duration CONFIRM_AFTER = Duration.ofMillis(300);

    private final GatewayResolver gateways;
    private final DesiredStateStore store;
    private final StatusStore statuses;
    private final ApiKeys apiKeys;
    private final SecretStore secrets;
    private final LockProbe probe;
    private final KongProperties kong;
    private final ProbeProperties probeProps;
    private final Clock clock;

    KongServiceReconciler(GatewayResolver gateways, DesiredStateStore store, StatusStore statuses, ApiKeys apiKeys,
                          SecretStore secrets, LockProbe probe, KongProperties kong, ProbeProperties probeProps, Clock clock) {
        this.gateways = gateways;
        this.store = store;
        this.statuses = statuses;
        this.apiKeys = apiKeys;
        this.secrets = secrets;
        this.probe = probe;
        this.kong = kong;
        this.probeProps = probeProps;
        this.clock = clock;
    }

    @Override
    public Kind kind() {
        return Kind.KONG_SERVICE;
    }

    static String ownerTag(Kind kind, String name) {
        // Kong tags may not hold '/', so the owner is kind:name
        return "tether:" + kind.manifestName() + ":" + name;
    }

    static List<String> tags(Kind kind, String name) {
        return List.of(MANAGED, ownerTag(kind, name));
    }

    /** A plugin id derived from its owner and scope, so every PUT of it lands on the same entity. */
    static String pluginId(String service, String plugin, String route, String purpose) {
        String seed = "tether:KongService:" + service + ":plugin:" + plugin + "@" + (route == null ? "" : route)
                + (purpose == null ? "" : "#" + purpose);
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public Outcome reconcile(StoredResource resource, ReconcileRequest request) {
        KongServiceSpec spec = (KongServiceSpec) resource.typedSpec();
        ResourceStatus status = statuses.get(resource.id());
        String name = resource.name();
        List<String> tags = tags(Kind.KONG_SERVICE, name);

        Optional<Gateway> gw = gateways.resolve(spec.gatewayOrDefault());
        if (resource.deleting()) {
            if (gw.isPresent() && spec.deletion() == DeletionPolicy.DELETE) {
                deleteOwned(gw.get().admin(), tags, name);
            }
            return new Outcome.Deleted();
        }
        if (gw.isEmpty()) {
            return waiting(resource, status, "KongGateway/" + spec.gatewayOrDefault());
        }
        KongAdminClient admin = gw.get().admin();

        // resolve references
        String url;
        String webUrl = null;
        if (spec.upstream().url() != null) {
            url = spec.upstream().url();
        } else {
            Optional<String> appUrl = readyWebUrl(spec.upstream().app());
            if (appUrl.isEmpty()) {
                return waiting(resource, status, "HerokuApp/" + spec.upstream().app());
            }
            webUrl = appUrl.get();
            url = webUrl;
        }
        ApiKeys.GatewayKey key = null;
        if (spec.apiKeyRef() != null) {
            Optional<ApiKeys.GatewayKey> k = apiKeys.gatewayKey(spec.apiKeyRef());
            if (k.isEmpty()) {
                return waiting(resource, status, "ApiKey/" + spec.apiKeyRef());
            }
            key = k.get();
        }
        DesiredKongService desired = desired(name, spec, url, tags, key);

        // observe what Tether owns (paging through every page), and guard the name
        Optional<ObservedService> byName = admin.findService(name);
        if (byName.isPresent() && !byName.get().tags().contains(ownerTag(Kind.KONG_SERVICE, name)) && !spec.adoptsExisting()) {
            return failed(resource, status, "AlreadyExists", "A Kong service named " + name
                    + " exists and is not managed by Tether; set spec.adoptExisting: true to manage it");
        }
        KongServicePlanner.Observed observed = new KongServicePlanner.Observed(
                byName.filter(s -> s.tags().contains(ownerTag(Kind.KONG_SERVICE, name))),
                admin.listRoutes(tags), admin.listPlugins(tags));
        boolean specChanged = status.observedGeneration() == null || status.observedGeneration() != resource.generation();
        ServicePlan plan = KongServicePlanner.plan(desired, observed, spec.drift(), specChanged, spec.isPaused());

        long generation = resource.generation();
        if (!plan.adoptions().isEmpty()) {
            Optional<Long> adopted = adopt(resource, plan, observed);
            if (adopted.isPresent()) {
                generation = adopted.get();
            }
        }
        List<ResourceStatus.Drift> drift = driftRecords(plan, status);
        recordNewDrift(resource, status, drift);

        String serviceId = observed.service().map(ObservedService::id).orElse(null);
        try {
            for (GatewayAction action : plan.actions()) {
                serviceId = apply(admin, name, serviceId, tags, action, spec.adoptsExisting());
                event(resource, EventType.Normal, reasonOf(action), capitalize(action.describe()));
                log.info("resource=KongService/{} action=\"{}\"", name, action.describe());
            }
        } catch (OwnershipConflict e) {
            return failed(resource, status, "AlreadyExists", e.getMessage());
        }
        if (!plan.actions().isEmpty() && !plan.drift().isEmpty()) {
            event(resource, EventType.Normal, "DriftReverted", "Reverted drift at "
                    + String.join(", ", plan.drift().stream().map(ServicePlan.Difference::path).toList()));
        }

        boolean converged = plan.actions().isEmpty() && (plan.drift().isEmpty() || spec.drift().mode() != DriftPolicy.Mode.REVERT);
        List<ResourceStatus.Drift> remaining = plan.actions().isEmpty() ? drift : List.of();
        Map<String, Object> external = new LinkedHashMap<>(status.external());
        external.put("gateway", gw.get().name());
        external.put("url", url);
        if (serviceId != null) {
            external.put("serviceId", serviceId);
        }
        boolean keyPluginWritten = plan.actions().stream()
                .anyMatch(a -> a instanceof GatewayAction.UpsertPlugin p && p.plugin().secret());
        boolean keyPluginDiffers = plan.differences().stream().anyMatch(d -> d.path().equals("plugins.request-transformer")
                || d.path().startsWith("plugins.request-transformer."));
        if (key != null && (keyPluginWritten || !keyPluginDiffers)) {
            // the gateway now sends this key version (just written, or already in Kong): what a rotation waits for
            external.put(ApiKeys.INJECTED_KEY_VERSION, key.version());
        } else if (key == null) {
            external.remove(ApiKeys.INJECTED_KEY_VERSION);
        }

        Instant now = clock.instant();
        List<Condition> c = status.conditions();
        String ready;
        String reason;
        String message;
        if (spec.isPaused()) {
            ready = remaining.isEmpty() ? "True" : "False";
            reason = "Paused";
            message = "Paused; " + plan.differences().size() + " difference(s) not acted on";
        } else if (!plan.actions().isEmpty()) {
            ready = "False";
            reason = "Progressing";
            message = "Applied: " + String.join("; ", plan.actions().stream().map(GatewayAction::describe).toList());
        } else {
            ready = "True";
            reason = remaining.isEmpty() ? "InSync" : "DriftReported";
            message = remaining.isEmpty() ? "Kong matches the spec" : remaining.size() + " difference(s) reported, not reverted (drift policy)";
        }
        c = Conditions.set(c, Condition.READY, ready, reason, message, now);
        c = Conditions.set(c, Condition.SYNCED, plan.inSync() ? "True" : "False", plan.inSync() ? "InSync" : reason,
                plan.inSync() ? "Every managed field matches" : message, now);
        c = Conditions.set(c, Condition.DRIFTED, remaining.isEmpty() ? "False" : "True", remaining.isEmpty() ? "NoDrift" : "DriftDetected",
                remaining.isEmpty() ? "No drift" : String.join(", ", remaining.stream().map(ResourceStatus.Drift::path).toList()), now);

        // the lock probe, when due (never while Kong is still being changed)
        Duration nextProbe = null;
        if (spec.apiKeyRef() == null) {
            c = c.stream().filter(x -> !x.type().equals(SECURED)).toList();
            external.remove("probedAt");
        } else if (plan.actions().isEmpty() && webUrl != null) {
            Instant probedAt = external.get("probedAt") instanceof String s ? Instant.parse(s) : null;
            boolean due = probedAt == null || !now.isBefore(probedAt.plus(probeProps.interval()))
                    || c.stream().noneMatch(x -> x.type().equals(SECURED));
            if (due) {
                c = probe(resource, spec, gw.get(), webUrl, c, now);
                external.put("probedAt", now.toString());
                nextProbe = probeProps.interval();
            } else {
                nextProbe = Duration.between(now, probedAt.plus(probeProps.interval()));
            }
        } else if (webUrl == null) {
            c = Conditions.set(c, SECURED, "Unknown", "NoAppUpstream",
                    "The upstream is a URL, not a HerokuApp; there is no backend web URL to probe", now);
        }

        statuses.put(resource.id(), new ResourceStatus(converged ? Long.valueOf(generation) : status.observedGeneration(), c, now, external,
                remaining));
        if (!plan.actions().isEmpty()) {
            return new Outcome.Progressing(CONFIRM_AFTER);
        }
        Duration again = kong.pollInterval();
        if (nextProbe != null && nextProbe.compareTo(again) < 0) {
            again = nextProbe.isNegative() ? Duration.ZERO : nextProbe;
        }
        return new Outcome.InSync(again);
    }

    // ----- desired

    static DesiredKongService desired(String name, KongServiceSpec spec, String url, List<String> tags, ApiKeys.GatewayKey key) {
        List<DesiredKongService.Route> routes = new ArrayList<>();
        for (KongServiceSpec.Route r : spec.routes() == null ? List.<KongServiceSpec.Route>of() : spec.routes()) {
            routes.add(new DesiredKongService.Route(r.name(), r.paths(), r.hosts(), r.methods(), r.protocols(), r.stripPath(),
                    r.preserveHost()));
        }
        List<DesiredKongService.Plugin> plugins = new ArrayList<>();
        for (KongServiceSpec.Plugin p : spec.plugins() == null ? List.<KongServiceSpec.Plugin>of() : spec.plugins()) {
            plugins.add(new DesiredKongService.Plugin(pluginId(name, p.name(), p.route(), null), p.name(), p.route(),
                    p.enabled() == null || p.enabled(), p.config() == null ? Map.of() : p.config(), false));
        }
        if (key != null) {
            String header = key.header() + ":" + key.value();
            Map<String, Object> config = Map.of(
                    "replace", Map.of("headers", List.of(header)),
                    "add", Map.of("headers", List.of(header)));
            plugins.add(new DesiredKongService.Plugin(pluginId(name, "request-transformer", null, "apiKey"),
                    "request-transformer", null, true, config, true));
        }
        return new DesiredKongService(name, url, tags, routes, plugins);
    }

    private Optional<String> readyWebUrl(String app) {
        return store.find(Kind.HEROKU_APP, app).filter(r -> !r.deleting()).flatMap(r -> {
            ResourceStatus s = statuses.get(r.id());
            boolean ready = s.condition(Condition.READY).map(Condition::isTrue).orElse(false);
            return ready && s.external().get("webUrl") instanceof String u ? Optional.of(u) : Optional.empty();
        });
    }

    // ----- act

    /** Thrown when a name Tether would write already belongs to an entity Tether does not own. */
    static final class OwnershipConflict extends RuntimeException {
        OwnershipConflict(String message) {
            super(message);
        }
    }

    private String apply(KongAdminClient admin, String name, String serviceId, List<String> tags, GatewayAction action,
                         boolean adoptExisting) {
        switch (action) {
            case GatewayAction.UpsertService s -> {
                ObservedService svc = admin.upsertService(serviceId != null ? serviceId : s.name(), new ServiceSpec(s.name(), s.url(), tags));
                return svc.id();
            }
            case GatewayAction.UpsertRoute r -> {
                Optional<ObservedRoute> existing = admin.findRoute(r.route().name());
                if (existing.isPresent() && !existing.get().tags().containsAll(tags) && !adoptExisting) {
                    throw new OwnershipConflict("A Kong route named " + r.route().name()
                            + " exists and is not managed by Tether; rename the route or set spec.adoptExisting: true");
                }
                DesiredKongService.Route d = r.route();
                admin.upsertRoute(existing.map(ObservedRoute::id).orElse(d.name()), new RouteSpec(d.name(), serviceId, d.paths(),
                        d.hosts(), d.methods(), d.protocols(), d.stripPath(), d.preserveHost(), tags));
            }
            case GatewayAction.DeleteRoute r -> {
                // plugins scoped to the route go first (Kong cascades, but say so in events)
                admin.deleteRoute(r.id());
            }
            case GatewayAction.UpsertPlugin p -> {
                DesiredKongService.Plugin d = p.plugin();
                String routeId = null;
                if (d.route() != null) {
                    routeId = admin.findRoute(d.route()).map(ObservedRoute::id).orElseThrow(() ->
                            new PermanentException("plugin " + d.label() + ": route " + d.route()
                                    + " is not one of this service's routes", 400, null, null));
                }
                admin.upsertPlugin(d.id(), new PluginSpec(d.name(), routeId == null ? serviceId : null, routeId, null,
                        d.enabled(), d.config(), tags));
            }
            case GatewayAction.DeletePlugin p -> admin.deletePlugin(p.id());
        }
        return serviceId;
    }

    private void deleteOwned(KongAdminClient admin, List<String> tags, String name) {
        for (ObservedPlugin p : admin.listPlugins(tags)) {
            admin.deletePlugin(p.id());
        }
        for (ObservedRoute r : admin.listRoutes(tags)) {
            admin.deleteRoute(r.id());
        }
        for (ObservedService s : admin.listServices(tags)) {
            admin.deleteService(s.id());
        }
        log.info("resource=KongService/{} action=delete-owned-entities", name);
    }

    private Optional<Long> adopt(StoredResource resource, ServicePlan plan, KongServicePlanner.Observed observed) {
        ObjectNode spec = resource.spec().deepCopy();
        List<String> paths = new ArrayList<>();
        Map<String, ObservedRoute> routes = new HashMap<>();
        observed.routes().forEach(r -> routes.put(r.name(), r));
        for (ServicePlan.Difference d : plan.adoptions()) {
            String[] parts = d.path().split("\\.");
            if (parts.length != 3 || !parts[0].equals("routes")) {
                continue;
            }
            ObservedRoute have = routes.get(parts[1]);
            if (have == null || !(spec.get("routes") instanceof ArrayNode list)) {
                continue;
            }
            for (JsonNode n : list) {
                if (n instanceof ObjectNode route && parts[1].equals(route.path("name").asString())) {
                    JsonNodeFactory f = JsonNodeFactory.instance;
                    switch (parts[2]) {
                        case "paths" -> route.set("paths", strings(f, have.paths()));
                        case "hosts" -> route.set("hosts", strings(f, have.hosts()));
                        case "methods" -> route.set("methods", strings(f, have.methods()));
                        case "protocols" -> route.set("protocols", strings(f, have.protocols()));
                        case "stripPath" -> route.put("stripPath", have.stripPath());
                        case "preserveHost" -> route.put("preserveHost", have.preserveHost());
                        default -> {
                            continue;
                        }
                    }
                    paths.add(d.path());
                }
            }
        }
        if (paths.isEmpty()) {
            return Optional.empty();
        }
        return store.adopt(Kind.KONG_SERVICE, resource.name(), resource.generation(), spec, null, String.join(", ", paths));
    }

    private static ArrayNode strings(JsonNodeFactory f, List<String> values) {
        ArrayNode a = f.arrayNode();
        values.forEach(a::add);
        return a;
    }

    // ----- probe

    private List<Condition> probe(StoredResource resource, KongServiceSpec spec, Gateway gw, String webUrl, List<Condition> c,
                                  Instant now) {
        KongServiceSpec.Route route = spec.routes() == null || spec.routes().isEmpty() ? null : spec.routes().getFirst();
        String path = "/";
        String host = null;
        String method = "GET";
        if (route != null) {
            if (route.paths() != null) {
                path = route.paths().stream().filter(p -> p.startsWith("/")).findFirst().orElse("/");
            }
            if (route.hosts() != null) {
                host = route.hosts().stream().filter(h -> !h.startsWith("*")).findFirst().orElse(null);
            }
            if (route.methods() != null && !route.methods().contains("GET")) {
                method = route.methods().contains("HEAD") ? "HEAD" : route.methods().getFirst();
            }
        }
        String credentialHeader = null;
        String credential = null;
        Optional<KongServiceSpec.Plugin> keyAuth = spec.plugins() == null ? Optional.empty() : spec.plugins().stream()
                .filter(p -> p.name().equals("key-auth") && (p.enabled() == null || p.enabled())
                        && (p.route() == null || route == null || p.route().equals(route.name())))
                .findFirst();
        if (keyAuth.isPresent()) {
            credentialHeader = keyAuth.get().config() != null && keyAuth.get().config().get("key_names") instanceof List<?> l
                    && !l.isEmpty() ? String.valueOf(l.getFirst()) : "apikey";
            credential = consumerKey(spec).orElse(null);
            if (credential == null) {
                return Conditions.set(c, SECURED, "Unknown", "NoConsumerCredentials", "The route needs key-auth and no "
                        + "KongConsumer on gateway " + spec.gatewayOrDefault() + " has a key Tether generated to probe with", now);
            }
        }
        LockProbe.Result r = probe.probe(new LockProbe.Target(resource.name(), webUrl, gw.proxyUrl(), path, host, method,
                credentialHeader, credential));
        String statusValue = r.secured() == null ? "Unknown" : r.secured() ? "True" : "False";
        boolean wasFalse = c.stream().anyMatch(x -> x.type().equals(SECURED) && "False".equals(x.status()));
        if (Boolean.FALSE.equals(r.secured()) && !wasFalse) {
            store.recordEvent(resource.id(), EventType.Warning, "LockBroken", r.message(), "tether");
            log.warn("resource=KongService/{} secured=false reason={} message=\"{}\"", resource.name(), r.reason(), r.message());
        } else if (Boolean.TRUE.equals(r.secured()) && wasFalse) {
            store.recordEvent(resource.id(), EventType.Normal, "LockRestored", r.message(), "tether");
        }
        return Conditions.set(c, SECURED, statusValue, r.reason(), r.message(), now);
    }

    /** A key-auth key of a Tether-managed consumer on the same gateway (in the ACL groups the spec allows, if any). */
    private Optional<String> consumerKey(KongServiceSpec spec) {
        Set<String> allowed = new HashSet<>();
        if (spec.plugins() != null) {
            spec.plugins().stream().filter(p -> p.name().equals("acl") && p.config() != null && p.config().get("allow") instanceof List<?>)
                    .forEach(p -> ((List<?>) p.config().get("allow")).forEach(g -> allowed.add(String.valueOf(g))));
        }
        for (StoredResource r : store.list(Optional.of(Kind.KONG_CONSUMER), Map.of())) {
            KongConsumerSpec cs = (KongConsumerSpec) r.typedSpec();
            if (r.deleting() || !spec.gatewayOrDefault().equals(cs.gateway() == null ? "default" : cs.gateway())
                    || cs.keyAuth() == null || cs.keyAuth().isEmpty()) {
                continue;
            }
            if (!allowed.isEmpty() && (cs.acls() == null || cs.acls().stream().noneMatch(allowed::contains))) {
                continue;
            }
            for (KongConsumerSpec.KeyAuth k : cs.keyAuth()) {
                Optional<String> v = secrets.get(Kind.KONG_CONSUMER.manifestName(), r.name(), KongConsumerReconciler.keyPurpose(k.name()));
                if (v.isPresent()) {
                    return v;
                }
            }
        }
        return Optional.empty();
    }

    // ----- status and events

    private Outcome waiting(StoredResource resource, ResourceStatus status, String dependency) {
        Instant now = clock.instant();
        List<Condition> c = Conditions.set(status.conditions(), Condition.READY, "False", "WaitingForDependency",
                "Waiting for " + dependency + " to exist and be Ready", now);
        c = Conditions.set(c, Condition.SYNCED, "False", "WaitingForDependency", "Waiting for " + dependency, now);
        statuses.put(resource.id(), new ResourceStatus(status.observedGeneration(), c, now, status.external(), status.drift()));
        return new Outcome.Waiting(dependency, DEPENDENCY_RECHECK);
    }

    private Outcome failed(StoredResource resource, ResourceStatus status, String reason, String message) {
        Instant now = clock.instant();
        List<Condition> c = Conditions.set(status.conditions(), Condition.READY, "False", reason, message, now);
        c = Conditions.set(c, Condition.SYNCED, "False", reason, message, now);
        statuses.put(resource.id(), new ResourceStatus(status.observedGeneration(), c, now, status.external(), status.drift()));
        return new Outcome.Failed();
    }

    private List<ResourceStatus.Drift> driftRecords(ServicePlan plan, ResourceStatus previous) {
        Map<String, ResourceStatus.Drift> before = new HashMap<>();
        previous.drift().forEach(d -> before.put(d.path(), d));
        List<ResourceStatus.Drift> out = new ArrayList<>();
        for (ServicePlan.Difference d : plan.drift()) {
            ResourceStatus.Drift old = before.get(d.path());
            out.add(new ResourceStatus.Drift(d.path(), d.desired(), d.observed(), old != null ? old.firstSeen() : clock.instant(), null));
        }
        return out;
    }

    private void recordNewDrift(StoredResource resource, ResourceStatus previous, List<ResourceStatus.Drift> drift) {
        Set<String> known = new HashSet<>();
        previous.drift().forEach(d -> known.add(d.path()));
        List<ResourceStatus.Drift> fresh = drift.stream().filter(d -> !known.contains(d.path())).toList();
        if (!fresh.isEmpty()) {
            store.recordEvent(resource.id(), EventType.Warning, "DriftDetected", "Changed in Kong outside Tether: "
                    + String.join(", ", fresh.stream().map(d -> d.path() + " (" + d.desired() + " → " + d.observed() + ")").toList()), null);
        }
    }

    private void event(StoredResource resource, EventType type, String reason, String message) {
        store.recordEvent(resource.id(), type, reason, message, "tether");
    }

    private static String reasonOf(GatewayAction action) {
        return switch (action) {
            case GatewayAction.UpsertService s -> "ServiceSet";
            case GatewayAction.UpsertRoute r -> "RouteSet";
            case GatewayAction.DeleteRoute r -> "RouteDeleted";
            case GatewayAction.UpsertPlugin p -> "PluginSet";
            case GatewayAction.DeletePlugin p -> "PluginDeleted";
        };
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
