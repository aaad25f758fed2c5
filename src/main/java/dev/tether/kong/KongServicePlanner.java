package dev.tether.kong;

import dev.tether.manifest.SecretMask;
import dev.tether.manifest.DriftPolicy;
import dev.tether.reconcile.DriftDecision;
import dev.tether.reconcile.DriftDecision.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what Kong needs for one {@code KongService}, as a pure function of the desired
 * service, what was last applied, the entities Tether owns in Kong (found by its tags), and the
 * drift policy.
 *
 * <p>Only the fields a manifest sets are compared: Kong's defaults never read as drift. Each
 * difference is decided by {@link DriftDecision#decide} with a per-path {@code specChanged}: the
 * desired value there differs from the one computed from the last applied spec (or nothing was
 * applied yet), or Tether itself moved it (a new key version, an upstream URL that followed its
 * app; see {@link Baseline}). Routes and plugins tagged as Tether's but no longer in the spec are
 * deleted; entities without Tether's tags are never seen here, so never touched.
 */
final class KongServicePlanner {

    private KongServicePlanner() {
    }

    /** Kong's view of the owned entities. */
    record Observed(Optional<ObservedService> service, List<ObservedRoute> routes, List<ObservedPlugin> plugins) {
    }

    /**
     * What the spec was when it was last applied.
     *
     * @param lastApplied    the desired service computed from the last applied spec with the same
     *                       resolved upstream URL and key as now; null when nothing was applied yet
     * @param movedByTether  paths Tether itself moved since: {@code upstream.url} when the app's URL
     *                       is not the one last written, the key plugin's paths when the key version
     *                       is not the one last injected. Never drift.
     */
    record Baseline(DesiredKongService lastApplied, Set<String> movedByTether) {

        static final Baseline NOTHING_APPLIED = new Baseline(null, Set.of());

        Baseline {
            movedByTether = Set.copyOf(movedByTether);
        }

        /** The same spec, nothing moved: every difference is drift. */
        static Baseline unchanged(DesiredKongService desired) {
            return new Baseline(desired, Set.of());
        }

        private boolean moved(String path) {
            return lastApplied == null || movedByTether.stream().anyMatch(m -> path.equals(m) || path.startsWith(m + "."));
        }
    }

    static ServicePlan plan(DesiredKongService desired, Baseline baseline, Observed observed, DriftPolicy policy,
                            boolean paused) {
        List<Item> items = new ArrayList<>();
        DesiredKongService last = baseline.lastApplied();
        Map<String, DesiredKongService.Route> lastRoutes = new HashMap<>();
        Map<String, DesiredKongService.Plugin> lastPlugins = new HashMap<>();
        if (last != null) {
            last.routes().forEach(r -> lastRoutes.put(r.name(), r));
            last.plugins().forEach(p -> lastPlugins.put(p.id(), p));
        }

        // service
        if (observed.service().isEmpty()) {
            items.add(new Item(new Difference("service", desired.name(), null),
                    new GatewayAction.UpsertService(desired.name(), desired.url()), false, baseline.moved("service")));
        } else if (!sameUrl(desired.url(), observed.service().get().url())) {
            items.add(new Item(new Difference("upstream.url", desired.url(), observed.service().get().url()),
                    new GatewayAction.UpsertService(desired.name(), desired.url()), false,
                    baseline.moved("upstream.url") || !sameUrl(desired.url(), last.url())));
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
            DesiredKongService.Route was = lastRoutes.get(want.name());
            if (have == null) {
                items.add(new Item(new Difference(base, "present", "missing"), new GatewayAction.UpsertRoute(want), false,
                        baseline.moved(base) || was == null));
                continue;
            }
            for (Difference d : routeDifferences(base, want, have)) {
                boolean changed = baseline.moved(d.path()) || was == null
                        || !Objects.equals(routeField(want, d.path()), routeField(was, d.path()));
                items.add(new Item(d, new GatewayAction.UpsertRoute(want), true, changed));
            }
            if (serviceId != null && !serviceId.equals(have.serviceId())) {
                items.add(new Item(new Difference(base + ".service", desired.name(), have.serviceId()),
                        new GatewayAction.UpsertRoute(want), false, baseline.moved(base + ".service") || was == null));
            }
        }
        for (ObservedRoute stray : observed.routes()) {
            if (stray.name() == null || !wanted.contains(stray.name())) {
                String label = stray.name() == null ? stray.id() : stray.name();
                // the spec dropped it (a spec change), or someone added a route carrying Tether's tags (drift)
                boolean dropped = last == null || (stray.name() != null && lastRoutes.containsKey(stray.name()));
                items.add(new Item(new Difference("routes." + label, "absent", "present"),
                        new GatewayAction.DeleteRoute(stray.id(), label), false, dropped));
            }
        }

        // plugins
        Map<String, ObservedPlugin> pluginsById = new LinkedHashMap<>();
        observed.plugins().forEach(p -> pluginsById.put(p.id(), p));
        Set<String> wantedPlugins = new HashSet<>();
        for (DesiredKongService.Plugin declared : desired.plugins()) {
            DesiredKongService.Plugin was = lastPlugins.get(declared.id());
            ObservedPlugin have = pluginsById.get(declared.id());
            if (have == null) {
                // adopted (adoptExisting): the plugin Kong already had in this scope keeps its own id
                have = sameScope(declared, observed.plugins(), routesByName, wantedPlugins).orElse(null);
            }
            DesiredKongService.Plugin want = have == null ? declared : declared.withId(have.id());
            wantedPlugins.add(want.id());
            String base = "plugins." + want.label();
            if (have == null) {
                items.add(new Item(new Difference(base, "present", "missing"), new GatewayAction.UpsertPlugin(want), false,
                        baseline.moved(base) || was == null));
                continue;
            }
            if (have.enabled() != want.enabled()) {
                items.add(new Item(new Difference(base + ".enabled", want.enabled(), have.enabled()),
                        new GatewayAction.UpsertPlugin(want), false,
                        baseline.moved(base + ".enabled") || was == null || was.enabled() != want.enabled()));
            }
            if (!have.configCovers(want.config())) {
                // only the keys the spec sets, as Kong fills in defaults; values under secret-looking names masked
                items.add(new Item(new Difference(base + ".config",
                        want.secret() ? "(managed, secret)" : SecretMask.maskPlain("spec." + base + ".config", want.config()),
                        want.secret() ? "(differs)" : SecretMask.maskPlain("spec." + base + ".config",
                                covered(have.config(), want.config()))),
                        new GatewayAction.UpsertPlugin(want), false,
                        baseline.moved(base + ".config") || was == null || !Objects.equals(was.config(), want.config())));
            }
        }
        for (ObservedPlugin stray : observed.plugins()) {
            if (!wantedPlugins.contains(stray.id())) {
                String label = stray.name() + "#" + stray.id();
                items.add(new Item(new Difference("plugins." + label, "absent", "present"),
                        new GatewayAction.DeletePlugin(stray.id(), label), false, last == null || lastPlugins.containsKey(stray.id())));
            }
        }

        // decide, each difference on its own, through the one drift decision
        List<ServicePlan.Difference> differences = new ArrayList<>();
        List<ServicePlan.Difference> adoptions = new ArrayList<>();
        Map<GatewayAction, List<String>> steps = new LinkedHashMap<>();
        for (Item item : items) {
            Verdict verdict = DriftDecision.decide(item.difference().path(), item.specChanged(), item.adoptable(), policy, paused);
            if (verdict == Verdict.IGNORE) {
                continue;
            }
            ServicePlan.Difference d = item.difference().with(verdict);
            differences.add(d);
            if (verdict == Verdict.ADOPT) {
                adoptions.add(d);
            }
            if (verdict.writes()) {
                steps.computeIfAbsent(item.action(), a -> new ArrayList<>()).add(d.path());
            }
        }
        // the service exists before its routes, routes before the plugins scoped to them
        List<ServicePlan.Step> ordered = new ArrayList<>();
        steps.forEach((a, paths) -> ordered.add(new ServicePlan.Step(a, List.copyOf(paths))));
        ordered.sort((a, b) -> Integer.compare(order(a.action()), order(b.action())));
        return new ServicePlan(List.copyOf(ordered), List.copyOf(differences), List.copyOf(adoptions));
    }

    /** A difference before its verdict. */
    private record Difference(String path, Object desired, Object observed) {
        ServicePlan.Difference with(Verdict verdict) {
            return new ServicePlan.Difference(path, desired, observed, verdict);
        }
    }

    private record Item(Difference difference, GatewayAction action, boolean adoptable, boolean specChanged) {
    }

    /** The value a route field path ({@code routes.N.paths}) names in a desired route, compared as sets. */
    private static Object routeField(DesiredKongService.Route r, String path) {
        String field = path.substring(path.lastIndexOf('.') + 1);
        return switch (field) {
            case "paths" -> r.paths() == null ? null : new HashSet<>(r.paths());
            case "hosts" -> r.hosts() == null ? null : new HashSet<>(r.hosts());
            case "methods" -> r.methods() == null ? null : new HashSet<>(r.methods());
            case "protocols" -> r.protocols() == null ? null : new HashSet<>(r.protocols());
            case "stripPath" -> r.stripPath();
            case "preserveHost" -> r.preserveHost();
            default -> null;
        };
    }

    /** An owned plugin of the same name and scope (service, or the named route) not matched yet. */
    private static Optional<ObservedPlugin> sameScope(DesiredKongService.Plugin want, List<ObservedPlugin> owned,
                                                      Map<String, ObservedRoute> routesByName, Set<String> taken) {
        String routeId = want.route() == null ? null
                : Optional.ofNullable(routesByName.get(want.route())).map(ObservedRoute::id).orElse(null);
        if (want.route() != null && routeId == null) {
            return Optional.empty();
        }
        return owned.stream().filter(p -> p.name().equals(want.name()) && Objects.equals(p.routeId(), routeId)
                && p.consumerId() == null && !taken.contains(p.id())).findFirst();
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

    private static List<Difference> routeDifferences(String base, DesiredKongService.Route want, ObservedRoute have) {
        List<Difference> out = new ArrayList<>();
        list(out, base + ".paths", want.paths(), have.paths());
        list(out, base + ".hosts", want.hosts(), have.hosts());
        list(out, base + ".methods", want.methods(), have.methods());
        list(out, base + ".protocols", want.protocols(), have.protocols());
        if (want.stripPath() != null && want.stripPath() != have.stripPath()) {
            out.add(new Difference(base + ".stripPath", want.stripPath(), have.stripPath()));
        }
        if (want.preserveHost() != null && want.preserveHost() != have.preserveHost()) {
            out.add(new Difference(base + ".preserveHost", want.preserveHost(), have.preserveHost()));
        }
        return out;
    }

    private static void list(List<Difference> out, String path, List<String> want, List<String> have) {
        if (want != null && !want.equals(have) && !Objects.equals(new HashSet<>(want), new HashSet<>(have))) {
            out.add(new Difference(path, want, have));
        }
    }

    /** Kong normalises a URL without a path to no path; a trailing slash alone is the same place. */
    /** The part of Kong's {@code config} the spec sets: its keys only, nested maps likewise. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> covered(Map<String, ?> actual, Map<String, ?> desired) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : desired.entrySet()) {
            Object have = actual.get(e.getKey());
            out.put(e.getKey(), e.getValue() instanceof Map<?, ?> w && have instanceof Map<?, ?> h
                    ? covered((Map<String, ?>) h, (Map<String, ?>) w) : have);
        }
        return out;
    }

    static boolean sameUrl(String a, String b) {
        return strip(a).equals(strip(b));
    }

    /** The URL without a trailing slash and without the scheme's default port (no regex: it runs once per service a pass). */
    private static String strip(String url) {
        if (url == null) {
            return "";
        }
        String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        if (u.startsWith("http://")) {
            return withoutPort(u, 7, ":80");
        }
        if (u.startsWith("https://")) {
            return withoutPort(u, 8, ":443");
        }
        return u;
    }

    private static String withoutPort(String u, int hostStart, String port) {
        int slash = u.indexOf('/', hostStart);
        int end = slash < 0 ? u.length() : slash;
        return end - hostStart > port.length() && u.startsWith(port, end - port.length())
                ? u.substring(0, end - port.length()) + u.substring(end) : u;
    }
}
