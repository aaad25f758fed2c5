package dev.tether.kong;

import dev.tether.manifest.DriftPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what Kong needs for one {@code KongService}, as a pure function of the desired
 * service, the entities Tether owns in Kong (found by its tags), and the drift policy.
 *
 * <p>Only the fields a manifest sets are compared: Kong's defaults never read as drift. A
 * difference is a spec change when the spec moved since it last converged (always applied),
 * and drift otherwise: reverted, reported, adopted (route fields) or ignored per policy.
 * Routes and plugins tagged as Tether's but no longer in the spec are deleted; entities
 * without Tether's tags are never seen here, so never touched.
 */
final class KongServicePlanner {

    private KongServicePlanner() {
    }

    /** Kong's view of the owned entities. */
    record Observed(Optional<ObservedService> service, List<ObservedRoute> routes, List<ObservedPlugin> plugins) {
    }

    /**
     * @param specChanged true when the spec changed since the last converged pass (or never converged)
     * @param paused      true: report, never act
     */
    static ServicePlan plan(DesiredKongService desired, Observed observed, DriftPolicy policy, boolean specChanged,
                            boolean paused) {
        List<Item> items = new ArrayList<>();

        // service
        if (observed.service().isEmpty()) {
            items.add(new Item(new ServicePlan.Difference("service", desired.name(), null),
                    new GatewayAction.UpsertService(desired.name(), desired.url()), false));
        } else if (!sameUrl(desired.url(), observed.service().get().url())) {
            items.add(new Item(new ServicePlan.Difference("upstream.url", desired.url(), observed.service().get().url()),
                    new GatewayAction.UpsertService(desired.name(), desired.url()), false));
        }
        String serviceId = observed.service().map(ObservedService::id).orElse(null);

        // routes
        Map<String, ObservedRoute> routesByName = new LinkedHashMap<>();
        observed.routes().forEach(r -> routesByName.put(r.name(), r));
        Set<String> wanted = new HashSet<>();
        for (DesiredKongService.Route want : desired.routes()) {
            wanted.add(want.name());
            ObservedRoute have = routesByName.get(want.name());
            String base = "routes." + want.name();
            if (have == null) {
                items.add(new Item(new ServicePlan.Difference(base, "present", "missing"), new GatewayAction.UpsertRoute(want), false));
                continue;
            }
            List<ServicePlan.Difference> fields = routeDifferences(base, want, have);
            if (serviceId != null && !serviceId.equals(have.serviceId())) {
                fields.add(new ServicePlan.Difference(base + ".service", desired.name(), have.serviceId()));
            }
            for (ServicePlan.Difference d : fields) {
                items.add(new Item(d, new GatewayAction.UpsertRoute(want), !d.path().endsWith(".service")));
            }
        }
        for (ObservedRoute stray : observed.routes()) {
            if (stray.name() == null || !wanted.contains(stray.name())) {
                String label = stray.name() == null ? stray.id() : stray.name();
                items.add(new Item(new ServicePlan.Difference("routes." + label, "absent", "present"),
                        new GatewayAction.DeleteRoute(stray.id(), label), false));
            }
        }

        // plugins
        Map<String, ObservedPlugin> pluginsById = new LinkedHashMap<>();
        observed.plugins().forEach(p -> pluginsById.put(p.id(), p));
        Set<String> wantedPlugins = new HashSet<>();
        for (DesiredKongService.Plugin want : desired.plugins()) {
            wantedPlugins.add(want.id());
            ObservedPlugin have = pluginsById.get(want.id());
            String base = "plugins." + want.label();
            if (have == null) {
                items.add(new Item(new ServicePlan.Difference(base, "present", "missing"), new GatewayAction.UpsertPlugin(want), false));
                continue;
            }
            if (have.enabled() != want.enabled()) {
                items.add(new Item(new ServicePlan.Difference(base + ".enabled", want.enabled(), have.enabled()),
                        new GatewayAction.UpsertPlugin(want), false));
            }
            if (!have.configCovers(want.config())) {
                items.add(new Item(new ServicePlan.Difference(base + ".config",
                        want.secret() ? "(managed, secret)" : want.config(), want.secret() ? "(differs)" : "(differs)"),
                        new GatewayAction.UpsertPlugin(want), false));
            }
        }
        for (ObservedPlugin stray : observed.plugins()) {
            if (!wantedPlugins.contains(stray.id())) {
                String label = stray.name() + "#" + stray.id();
                items.add(new Item(new ServicePlan.Difference("plugins." + label, "absent", "present"),
                        new GatewayAction.DeletePlugin(stray.id(), label), false));
            }
        }

        // decide
        List<ServicePlan.Difference> differences = items.stream().map(Item::difference).toList();
        List<ServicePlan.Difference> drift = new ArrayList<>();
        List<ServicePlan.Difference> adoptions = new ArrayList<>();
        List<GatewayAction> actions = new ArrayList<>();
        for (Item item : items) {
            boolean isDrift = !specChanged && !policy.ignores(item.difference().path());
            if (!specChanged && policy.ignores(item.difference().path())) {
                continue;
            }
            if (isDrift) {
                drift.add(item.difference());
            }
            boolean act = !paused && (specChanged || policy.mode() == DriftPolicy.Mode.REVERT
                    || (policy.mode() == DriftPolicy.Mode.ADOPT && !item.adoptable()));
            if (policy.mode() == DriftPolicy.Mode.ADOPT && isDrift && item.adoptable() && !paused) {
                adoptions.add(item.difference());
            }
            if (policy.mode() == DriftPolicy.Mode.ADOPT && isDrift && !item.adoptable()) {
                act = false; // deletions and additions are reported under adopt, never silently undone
            }
            if (act && !actions.contains(item.action())) {
                actions.add(item.action());
            }
        }
        // the service exists before its routes, routes before the plugins scoped to them
        actions.sort((a, b) -> Integer.compare(order(a), order(b)));
        return new ServicePlan(List.copyOf(actions), differences, List.copyOf(drift), List.copyOf(adoptions));
    }

    private record Item(ServicePlan.Difference difference, GatewayAction action, boolean adoptable) {
    }

    private static int order(GatewayAction a) {
        return switch (a) {
            case GatewayAction.UpsertService s -> 0;
            case GatewayAction.DeletePlugin p -> 1;
            case GatewayAction.UpsertRoute r -> 2;
            case GatewayAction.DeleteRoute r -> 3;
            case GatewayAction.UpsertPlugin p -> 4;
        };
    }

    static List<ServicePlan.Difference> routeDifferences(String base, DesiredKongService.Route want, ObservedRoute have) {
        List<ServicePlan.Difference> out = new ArrayList<>();
        list(out, base + ".paths", want.paths(), have.paths());
        list(out, base + ".hosts", want.hosts(), have.hosts());
        list(out, base + ".methods", want.methods(), have.methods());
        list(out, base + ".protocols", want.protocols(), have.protocols());
        if (want.stripPath() != null && want.stripPath() != have.stripPath()) {
            out.add(new ServicePlan.Difference(base + ".stripPath", want.stripPath(), have.stripPath()));
        }
        if (want.preserveHost() != null && want.preserveHost() != have.preserveHost()) {
            out.add(new ServicePlan.Difference(base + ".preserveHost", want.preserveHost(), have.preserveHost()));
        }
        return out;
    }

    private static void list(List<ServicePlan.Difference> out, String path, List<String> want, List<String> have) {
        if (want != null && !Objects.equals(new HashSet<>(want), new HashSet<>(have))) {
            out.add(new ServicePlan.Difference(path, want, have));
        }
    }

    /** Kong normalises a URL without a path to no path; a trailing slash alone is the same place. */
    static boolean sameUrl(String a, String b) {
        return strip(a).equals(strip(b));
    }

    private static String strip(String url) {
        if (url == null) {
            return "";
        }
        String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        if (u.startsWith("http://") && u.matches("http://[^/]+:80(/.*)?")) {
            u = u.replaceFirst(":80", "");
        }
        if (u.startsWith("https://") && u.matches("https://[^/]+:443(/.*)?")) {
            u = u.replaceFirst(":443", "");
        }
        return u;
    }
}
