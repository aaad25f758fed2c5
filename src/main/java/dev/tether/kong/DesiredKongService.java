package dev.tether.kong;

import java.util.List;
import java.util.Map;

/**
 * What a {@code KongService} resource asks of Kong once its references are resolved: the
 * upstream URL (from {@code upstream.url} or the app's web URL), its routes and plugins
 * (including the request-transformer that injects the internal API key). Null fields of a
 * route were not set by the manifest and are never compared.
 */
record DesiredKongService(String name, String url, List<String> tags, List<Route> routes, List<Plugin> plugins) {

    record Route(String name, List<String> paths, List<String> hosts, List<String> methods, List<String> protocols,
                 Boolean stripPath, Boolean preserveHost) {
    }

    /**
     * @param id     deterministic (derived from the owner, name and scope), so a PUT is idempotent
     * @param route  the route name it is scoped to, or null for the whole service
     * @param secret true when {@code config} carries a secret: never shown in drift or events
     */
    record Plugin(String id, String name, String route, boolean enabled, Map<String, Object> config, boolean secret) {

        /** The same plugin kept under the id Kong already gave it (an adopted plugin). */
        Plugin withId(String existingId) {
            return new Plugin(existingId, name, route, enabled, config, secret);
        }

        String label() {
            return route == null ? name : name + "@" + route;
        }

        @Override
        public String toString() {
            return "Plugin[id=" + id + ", name=" + name + ", route=" + route + ", enabled=" + enabled
                    + (secret ? ", config=<redacted>" : ", config=" + config) + "]";
        }
    }
}
