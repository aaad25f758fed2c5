package dev.tether.kong;

import java.util.List;

/**
 * A Kong route as Tether sees it. Lists Kong leaves unset come back as empty lists, never null.
 */
public record ObservedRoute(String id, String name, String serviceId, List<String> paths, List<String> hosts,
                            List<String> methods, List<String> protocols, boolean stripPath, boolean preserveHost,
                            List<String> tags) {

    public ObservedRoute {
        paths = copy(paths);
        hosts = copy(hosts);
        methods = copy(methods);
        protocols = copy(protocols);
        tags = copy(tags);
    }

    static List<String> copy(List<String> l) {
        return l == null ? List.of() : List.copyOf(l);
    }
}
