package dev.tether.sandbox.kong;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * Picks the route for a proxied request as Kong's traditional router does: a route matches when
 * every attribute it sets matches (protocols, methods, hosts with wildcards, headers, path
 * prefixes or {@code ~} regexes); among matches the one setting more attributes wins, then the
 * longer path, then {@code regex_priority}, then the older route.
 */
final class RouteMatcher {

    /** The chosen route and the part of the path its {@code paths} entry matched. */
    record Match(ObjectNode route, String matchedPath) {
    }

    private RouteMatcher() {
    }

    static Optional<Match> match(List<ObjectNode> routes, String protocol, String method, String host,
                                 String path, java.util.function.Function<String, String> header) {
        List<Candidate> candidates = new ArrayList<>();
        for (ObjectNode r : routes) {
            if (!Json.stringList(r.get("protocols")).contains(protocol)) {
                continue;
            }
            List<String> methods = Json.stringList(r.get("methods"));
            if (!methods.isEmpty() && !methods.contains(method)) {
                continue;
            }
            List<String> hosts = Json.stringList(r.get("hosts"));
            if (!hosts.isEmpty() && hosts.stream().noneMatch(h -> hostMatches(h, host))) {
                continue;
            }
            if (!headersMatch(r, header)) {
                continue;
            }
            List<String> paths = Json.stringList(r.get("paths"));
            String matched = null;
            if (!paths.isEmpty()) {
                for (String p : paths) {
                    String m = pathMatch(p, path);
                    if (m != null && (matched == null || m.length() > matched.length())) {
                        matched = m;
                    }
                }
                if (matched == null) {
                    continue;
                }
            }
            int attributes = (methods.isEmpty() ? 0 : 1) + (hosts.isEmpty() ? 0 : 1) + (paths.isEmpty() ? 0 : 1)
                    + (r.path("headers").isObject() && !r.get("headers").isEmpty() ? 1 : 0);
            candidates.add(new Candidate(r, matched, attributes));
        }
        return candidates.stream().min(Comparator
                        .comparingInt((Candidate c) -> -c.attributes)
                        .thenComparingInt(c -> c.matched == null ? 0 : -c.matched.length())
                        .thenComparingInt(c -> -c.route.path("regex_priority").asInt(0))
                        .thenComparingLong(c -> c.route.path("created_at").asLong(0)))
                .map(c -> new Match(c.route, c.matched));
    }

    private record Candidate(ObjectNode route, String matched, int attributes) {
    }

    static boolean hostMatches(String pattern, String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase();
        String p = pattern.toLowerCase();
        if (!p.contains(":")) {
            int colon = h.lastIndexOf(':');
            if (colon > 0 && !h.endsWith("]")) {
                h = h.substring(0, colon);
            }
        }
        if (p.startsWith("*.")) {
            return h.endsWith(p.substring(1)) && h.length() > p.length() - 1;
        }
        if (p.endsWith(".*")) {
            return h.startsWith(p.substring(0, p.length() - 1));
        }
        return h.equals(p);
    }

    /** The matched prefix of {@code path}, or null when {@code pattern} does not match. */
    static String pathMatch(String pattern, String path) {
        if (pattern.startsWith("~")) {
            Matcher m = Pattern.compile(pattern.substring(1)).matcher(path);
            return m.lookingAt() ? path.substring(0, m.end()) : null;
        }
        return path.startsWith(pattern) ? pattern : null;
    }

    private static boolean headersMatch(ObjectNode route, java.util.function.Function<String, String> header) {
        var headers = route.get("headers");
        if (headers == null || !headers.isObject()) {
            return true;
        }
        for (var e : headers.properties()) {
            String value = header.apply(e.getKey());
            if (value == null || Json.stringList(e.getValue()).stream().noneMatch(v -> v.equalsIgnoreCase(value))) {
                return false;
            }
        }
        return true;
    }
}
