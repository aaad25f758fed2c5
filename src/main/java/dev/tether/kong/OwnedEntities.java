package dev.tether.kong;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything Tether owns on one gateway, read as one paged list per entity type
 * ({@code GET /services?tags=managed-by-tether}, {@code /routes?…}, {@code /plugins?…}) at
 * {@code takenAt}; each KongService picks its own by its owner tag. {@code writes} is the client's
 * write count when the reading began, so a snapshot older than a write Tether sent is never used.
 */
record OwnedEntities(Instant takenAt, long writes, List<ObservedService> services, List<ObservedRoute> routes,
                     List<ObservedPlugin> plugins) {

    OwnedEntities {
        services = List.copyOf(services);
        routes = List.copyOf(routes);
        plugins = List.copyOf(plugins);
    }

    /** The service of that name carrying {@code ownerTag}, if Kong has it. */
    Optional<ObservedService> service(String name, String ownerTag) {
        return services.stream().filter(s -> name.equals(s.name()) && s.tags().contains(ownerTag)).findFirst();
    }

    /** The routes carrying {@code ownerTag}: what {@code GET /routes?tags=managed-by-tether,<owner>} answers. */
    List<ObservedRoute> routes(String ownerTag) {
        return routes.stream().filter(r -> r.tags().contains(ownerTag)).toList();
    }

    List<ObservedPlugin> plugins(String ownerTag) {
        return plugins.stream().filter(p -> p.tags().contains(ownerTag)).toList();
    }
}
