package dev.tether.kong;

import dev.tether.http.PermanentException;
import dev.tether.reconcile.ActionResult;
import java.util.ArrayList;
import java.util.List;
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

    private KongServiceApplier() {
    }

    /** One result per step, in the plan's order; the service id known or written is handed to {@code serviceIds}. */
    static List<ActionResult> apply(KongAdminClient admin, String name, String serviceId, List<String> tags, ServicePlan plan,
                              boolean adoptExisting, Consumer<String> serviceIds) {
        List<ActionResult> results = new ArrayList<>();
        String[] service = {serviceId};
        if (serviceId != null) {
            serviceIds.accept(serviceId);
        }
        for (ServicePlan.Step step : plan.steps()) {
            GatewayAction action = step.action();
            if (action instanceof GatewayAction.UpsertRoute r && !adoptExisting) {
                Optional<ObservedRoute> existing = admin.findRoute(r.route().name());
                if (existing.isPresent() && !existing.get().tags().containsAll(tags)) {
                    results.add(new ActionResult.Refused(step.paths(), action.describe(), "AlreadyExists", "A Kong route named "
                            + r.route().name() + " exists and is not managed by Tether; rename the route or set spec.adoptExisting: true"));
                    continue;
                }
            }
            if (service[0] == null && !(action instanceof GatewayAction.UpsertService)) {
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
                service[0] = write(admin, service[0], tags, action, adoptExisting, adoptPlugin);
                if (service[0] != null) {
                    serviceIds.accept(service[0]);
                }
            });
            if (result instanceof ActionResult.Applied) {
                log.info("resource=KongService/{} action=\"{}\"", name, action.describe());
            }
            results.add(result);
        }
        return results;
    }

    private static String write(KongAdminClient admin, String serviceId, List<String> tags, GatewayAction action,
                                boolean adopting, boolean adoptPlugin) {
        switch (action) {
            case GatewayAction.UpsertService s -> {
                String url = s.url();
                if (adopting && serviceId == null) {
                    // adopting: the URL as Kong holds it when it is the same place (http://h:1 and http://h:1/ are one upstream)
                    url = admin.findService(s.name()).map(ObservedService::url)
                            .filter(existing -> KongServicePlanner.sameUrl(existing, s.url())).orElse(s.url());
                }
                ObservedService svc = admin.upsertService(serviceId != null ? serviceId : s.name(), new ServiceSpec(s.name(), url, tags));
                return svc.id();
            }
            case GatewayAction.UpsertRoute r -> {
                DesiredKongService.Route d = r.route();
                Optional<ObservedRoute> existing = admin.findRoute(d.name());
                admin.upsertRoute(existing.map(ObservedRoute::id).orElse(d.name()), new RouteSpec(d.name(), serviceId, d.paths(),
                        d.hosts(), d.methods(), d.protocols(), d.stripPath(), d.preserveHost(), tags));
            }
            case GatewayAction.DeleteRoute r -> admin.deleteRoute(r.id());
            case GatewayAction.UpsertPlugin p -> {
                DesiredKongService.Plugin d = p.plugin();
                String routeId = null;
                if (d.route() != null) {
                    routeId = admin.findRoute(d.route()).map(ObservedRoute::id).orElseThrow(() ->
                            new PermanentException("plugin " + d.label() + ": route " + d.route()
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
            case GatewayAction.DeletePlugin p -> admin.deletePlugin(p.id());
        }
        return serviceId;
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
