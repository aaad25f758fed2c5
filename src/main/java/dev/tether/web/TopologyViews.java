package dev.tether.web;

import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.Kind;
import dev.tether.manifest.StoredResource;
import dev.tether.status.Lock;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Reads the KongServices (those with the given {@code topology} label, or all) and the apps
 * behind them into a {@link TopologyGraph}. A chain's state is the worst of its service and its
 * app: failing (the lock broken, or either Failed), drifted, unproven (the lock not proven, or no
 * key to prove), else secured.
 */
@Component
class TopologyViews {

    /** The page: the filter, the topologies one can pick, the SVG, and each edge in words. */
    record Page(String topology, List<String> topologies, String svg, List<TopologyGraph.Edge> edges, int services) {
    }

    private final DesiredStateStore store;
    private final StatusStore statuses;

    TopologyViews(DesiredStateStore store, StatusStore statuses) {
        this.store = store;
        this.statuses = statuses;
    }

    Page page(String topology) {
        String filter = topology == null || topology.isBlank() ? null : topology.strip();
        List<StoredResource> all = new ArrayList<>(store.list(Optional.of(Kind.KONG_SERVICE), Map.of()));
        TreeSet<String> topologies = new TreeSet<>();
        all.forEach(r -> Optional.ofNullable(r.labels().get(PageViews.TOPOLOGY_LABEL)).ifPresent(topologies::add));
        List<StoredResource> shown = all.stream()
                .filter(r -> filter == null || filter.equals(r.labels().get(PageViews.TOPOLOGY_LABEL)))
                .sorted(java.util.Comparator.comparing(StoredResource::name)).toList();
        List<TopologyGraph.Service> services = new ArrayList<>();
        for (StoredResource r : shown) {
            JsonNode spec = r.spec();
            List<String> routes = new ArrayList<>();
            spec.path("routes").forEach(x -> routes.add(x.path("name").asString("")));
            String app = spec.at("/upstream/app").isString() ? spec.at("/upstream/app").asString() : null;
            String key = spec.path("apiKeyRef").isString() ? spec.get("apiKeyRef").asString() : null;
            String gateway = spec.path("gateway").asString("default");
            ResourceStatus s = statuses.get(r.id());
            Health h = Health.of(r.deleting(), r.paused(), r.generation(), s);
            Health appHealth = app == null ? null : store.find(Kind.HEROKU_APP, app)
                    .map(a -> Health.of(a.deleting(), a.paused(), a.generation(), statuses.get(a.id()))).orElse(null);
            services.add(new TopologyGraph.Service(r.name(), gateway, routes, app, key, state(h, Lock.of(s), appHealth),
                    PageViews.reasonLine(h, r, s)));
        }
        TopologyGraph graph = new TopologyGraph(services);
        return new Page(filter == null ? "" : filter, List.copyOf(topologies), graph.svg(), graph.edges(), services.size());
    }

    static String state(Health service, Lock lock, Health app) {
        if (lock == Lock.UNSECURED || service == Health.FAILED || service == Health.UNSECURED || app == Health.FAILED) {
            return "failing";
        }
        if (service == Health.DRIFTED || app == Health.DRIFTED) {
            return "drifted";
        }
        return lock == Lock.SECURED ? "secured" : "unproven";
    }
}
