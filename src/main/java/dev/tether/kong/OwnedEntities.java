package dev.tether.kong;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything Tether owns on one gateway, read as one paged list per entity type
 * ({@code GET /services?tags=managed-by-tether}, {@code /routes?…}, {@code /plugins?…}) at
 * {@code takenAt}, and kept true since by the answers of Tether's own writes ({@link #with},
 * {@link #without}); each KongService picks its own by its owner tag.
 */
record OwnedEntities(Instant takenAt, List<ObservedService> services, List<ObservedRoute> routes,
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

    /** As after a write Kong answered with {@code s}: it replaces the entity of its id, or leaves the read when not owned. */
    OwnedEntities with(ObservedService s) {
        return new OwnedEntities(takenAt, put(services, s, ObservedService::id, owned(s.tags())), routes, plugins);
    }

    OwnedEntities with(ObservedRoute r) {
        return new OwnedEntities(takenAt, services, put(routes, r, ObservedRoute::id, owned(r.tags())), plugins);
    }

    OwnedEntities with(ObservedPlugin p) {
        return new OwnedEntities(takenAt, services, routes, put(plugins, p, ObservedPlugin::id, owned(p.tags())));
    }

    /** As after a DELETE of the entity of {@code collection} with that id (or, for a service or route, name). */
    OwnedEntities without(String collection, String idOrName) {
        return switch (collection) {
            case "services" -> new OwnedEntities(takenAt, services.stream()
                    .filter(s -> !idOrName.equals(s.id()) && !idOrName.equals(s.name())).toList(), routes, plugins);
            case "routes" -> new OwnedEntities(takenAt, services, routes.stream()
                    .filter(r -> !idOrName.equals(r.id()) && !idOrName.equals(r.name())).toList(), plugins);
            case "plugins" -> new OwnedEntities(takenAt, services, routes,
                    plugins.stream().filter(p -> !idOrName.equals(p.id())).toList());
            default -> this;
        };
    }

    private static boolean owned(List<String> tags) {
        return tags.contains(KongServiceReconciler.MANAGED);
    }

    private static <T> List<T> put(List<T> list, T entity, Function<T, String> id, boolean keep) {
        String key = id.apply(entity);
        List<T> out = new ArrayList<>(list.size() + 1);
        list.stream().filter(e -> !key.equals(id.apply(e))).forEach(out::add);
        if (keep) {
            out.add(entity);
        }
        return out;
    }
}
