package dev.tether.kong;

import dev.tether.http.PermanentException;
import dev.tether.reconcile.ActionResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link ServicePlan} in Kong, each step on its own through
 * {@link ActionResult#attempt}: one step refused (a route name someone else owns, a 400) is a
 * result with its paths and Kong's message, and every other step still runs.
 */
final class KongServiceApplier {

    private static final Logger log = LoggerFactory.getLogger(KongServiceApplier.class);
    private static final String ALREADY_EXISTS = "AlreadyExists";

    private KongServiceApplier() {
    }

    /**
     * One result per step, in the plan's order; the service id known or written is handed to
     * {@code serviceIds}. {@code routeIds} are the ids of the routes Tether owns, by name (from the
     * observation); a route or service not among them is created by POST, and the create's answer
     * tells whether its name is free (Kong's 409), so nothing is read before a create.
     */
    static List<ActionResult> apply(KongAdminClient admin, String name, String serviceId, Map<String, String> routeIds,
                                    List<String> tags, ServicePlan plan, boolean adoptExisting, Consumer<String> serviceIds) {
        List<ActionResult> results = new ArrayList<>();
        Writer writer = new Writer(admin, tags, adoptExisting, new HashMap<>(routeIds), serviceId);
        if (serviceId != null) {
            serviceIds.accept(serviceId);
        }
        for (ServicePlan.Step step : plan.steps()) {
            GatewayAction action = step.action();
            if (writer.serviceId == null && !(action instanceof GatewayAction.UpsertService)) {
                // the service's write did not go through this pass: a route needs its service, and a
                // plugin written without one would be global in Kong, applying to every request
                results.add(new ActionResult.Retryable(step.paths(), action.describe(),
                        "waits for the Kong service " + name + ", which is not written yet", Optional.empty(), false));
                continue;
            }
            // a plugin the spec declares and Tether does not own yet: with adoptExisting, the one Kong has in that scope
            boolean adoptPlugin = adoptExisting && action instanceof GatewayAction.UpsertPlugin p
                    && step.paths().contains("plugins." + p.plugin().label());
            ActionResult result = ActionResult.attempt(step.paths(), action.describe(), reasonOf(action), () -> {
                writer.write(action, adoptPlugin);
                if (writer.serviceId != null) {
                    serviceIds.accept(writer.serviceId);
                }
            }, e -> ALREADY_EXISTS.equals(e.errorId()) ? ALREADY_EXISTS : "ApiRefused");
            if (result instanceof ActionResult.Applied) {
                log.info("resource=KongService/{} action=\"{}\"", name, action.describe());
            }
            results.add(result);
        }
        return results;
    }

    /** The service's create found its name taken by a service Tether does not own (the pass is then blocked, not written). */
    static Optional<ActionResult.Refused> nameTaken(List<ActionResult> results) {
        return results.stream().filter(r -> r instanceof ActionResult.Refused f && f.reason().equals(ALREADY_EXISTS)
                && f.paths().contains("service")).map(ActionResult.Refused.class::cast).findFirst();
    }

    /** Writes one pass's steps, remembering the ids it learns (the service's, each route's) for the steps after. */
    private static final class Writer {

        private final KongAdminClient admin;
        private final List<String> tags;
        private final boolean adopting;
        private final Map<String, String> routeIds;
        private String serviceId;

        Writer(KongAdminClient admin, List<String> tags, boolean adopting, Map<String, String> routeIds, String serviceId) {
            this.admin = admin;
            this.tags = tags;
            this.adopting = adopting;
            this.routeIds = routeIds;
            this.serviceId = serviceId;
        }

        void write(GatewayAction action, boolean adoptPlugin) {
            switch (action) {
                case GatewayAction.UpsertService s -> serviceId = service(s);
                case GatewayAction.UpsertRoute r -> routeIds.put(r.route().name(), route(r.route()));
                case GatewayAction.DeleteRoute r -> admin.deleteRoute(r.id());
                case GatewayAction.UpsertPlugin p -> plugin(p.plugin(), adoptPlugin);
                case GatewayAction.DeletePlugin p -> admin.deletePlugin(p.id());
            }
        }

        private String service(GatewayAction.UpsertService s) {
            if (serviceId != null) {
                return admin.upsertService(serviceId, new ServiceSpec(s.name(), s.url(), tags)).id();
            }
            if (adopting) {
                // adopting: the URL as Kong holds it when it is the same place (http://h:1 and http://h:1/ are one upstream)
                String url = admin.findService(s.name()).map(ObservedService::url)
                        .filter(existing -> KongServicePlanner.sameUrl(existing, s.url())).orElse(s.url());
                return admin.upsertService(s.name(), new ServiceSpec(s.name(), url, tags)).id();
            }
            Optional<ObservedService> made = admin.createService(new ServiceSpec(s.name(), s.url(), tags));
            if (made.isPresent()) {
                return made.get().id();
            }
            // the name is taken: by Tether's own service (written where this pass's read did not see it), or by another's
            ObservedService existing = admin.findService(s.name()).filter(x -> x.tags().containsAll(tags))
                    .orElseThrow(() -> alreadyExists("A Kong service named " + s.name()
                            + " exists and is not managed by Tether; set spec.adoptExisting: true to manage it"));
            return admin.upsertService(existing.id(), new ServiceSpec(s.name(), s.url(), tags)).id();
        }

        private String route(DesiredKongService.Route d) {
            String known = routeIds.get(d.name());
            if (known != null) {
                return admin.upsertRoute(known, spec(d)).id();
            }
            Optional<ObservedRoute> made = admin.createRoute(spec(d));
            if (made.isPresent()) {
                return made.get().id();
            }
            ObservedRoute existing = admin.findRoute(d.name()).filter(x -> adopting || x.tags().containsAll(tags))
                    .orElseThrow(() -> alreadyExists("A Kong route named " + d.name()
                            + " exists and is not managed by Tether; rename the route or set spec.adoptExisting: true"));
            return admin.upsertRoute(existing.id(), spec(d)).id();
        }

        private RouteSpec spec(DesiredKongService.Route d) {
            return new RouteSpec(d.name(), serviceId, d.paths(), d.hosts(), d.methods(), d.protocols(), d.stripPath(),
                    d.preserveHost(), tags);
        }

        private void plugin(DesiredKongService.Plugin d, boolean adoptPlugin) {
            String routeId = null;
            if (d.route() != null) {
                routeId = Optional.ofNullable(routeIds.get(d.route())).or(() -> admin.findRoute(d.route()).map(ObservedRoute::id))
                        .orElseThrow(() -> new PermanentException("plugin " + d.label() + ": route " + d.route()
                                + " is not one of this service's routes", 400, null, null));
            }
            String id = d.id();
            if (adoptPlugin && (routeId != null || serviceId != null)) {
                String scopedRoute = routeId;
                id = admin.listPluginsOn(serviceId, routeId).stream()
                        .filter(e -> e.name().equals(d.name()) && e.consumerId() == null
                                && java.util.Objects.equals(e.routeId(), scopedRoute))
                        .map(ObservedPlugin::id).findFirst().orElse(d.id());
            }
            admin.upsertPlugin(id, new PluginSpec(d.name(), routeId == null ? serviceId : null, routeId, null,
                    d.enabled(), d.config(), tags));
        }
    }

    private static PermanentException alreadyExists(String message) {
        return new PermanentException(message, 409, ALREADY_EXISTS, null);
    }

    /** Every entity carrying {@code tags}, as a person reads it ({@code route r1}), plugins, routes, then the service. */
    static List<String> owned(KongAdminClient admin, List<String> tags) {
        List<String> owned = new ArrayList<>();
        admin.listPlugins(tags).forEach(p -> owned.add("plugin " + p.name()));
        admin.listRoutes(tags).forEach(r -> owned.add("route " + r.name()));
        admin.listServices(tags).forEach(s -> owned.add("service " + s.name()));
        return owned;
    }

    static void deleteOwned(KongAdminClient admin, List<String> tags, String name) {
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

    private static String reasonOf(GatewayAction action) {
        return switch (action) {
            case GatewayAction.UpsertService s -> "ServiceSet";
            case GatewayAction.UpsertRoute r -> "RouteSet";
            case GatewayAction.DeleteRoute r -> "RouteDeleted";
            case GatewayAction.UpsertPlugin p -> "PluginSet";
            case GatewayAction.DeletePlugin p -> "PluginDeleted";
        };
    }
}
