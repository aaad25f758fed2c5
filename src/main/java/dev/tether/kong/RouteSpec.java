package dev.tether.kong;

import java.util.List;

/**
 * What Tether writes for a route. Null lists and flags are left out of the request, so Kong
 * applies its own defaults (protocols http+https, strip_path true, preserve_host false).
 */
public record RouteSpec(String name, String serviceId, List<String> paths, List<String> hosts, List<String> methods,
                        List<String> protocols, Boolean stripPath, Boolean preserveHost, List<String> tags) {
}
