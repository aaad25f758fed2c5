package dev.tether.kong;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Kong plugin instance as Tether sees it. {@code config} is Kong's full config, defaults
 * included; compare with {@link #configCovers} so only the keys a manifest sets count.
 */
public record ObservedPlugin(String id, String name, String serviceId, String routeId, String consumerId,
                             boolean enabled, Map<String, Object> config, List<String> tags) {

    public ObservedPlugin {
        config = config == null ? Map.of() : config;
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /**
     * True when every key of {@code desired} has the same value here; nested maps are compared
     * the same way, lists and scalars by equality (numbers by value).
     */
    public boolean configCovers(Map<String, ?> desired) {
        return covers(config, desired);
    }

    @SuppressWarnings("unchecked")
    private static boolean covers(Map<String, ?> actual, Map<String, ?> desired) {
        for (var e : desired.entrySet()) {
            Object have = actual.get(e.getKey());
            Object want = e.getValue();
            if (want instanceof Map<?, ?> w && have instanceof Map<?, ?> h) {
                if (!covers((Map<String, ?>) h, (Map<String, ?>) w)) {
                    return false;
                }
            } else if (want instanceof Number w && have instanceof Number h) {
                if (w.doubleValue() != h.doubleValue()) {
                    return false;
                }
            } else if (!Objects.equals(want, have)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        // config may hold secrets (e.g. a request-transformer header value): never print it
        return "ObservedPlugin[id=" + id + ", name=" + name + ", serviceId=" + serviceId + ", routeId=" + routeId
                + ", consumerId=" + consumerId + ", enabled=" + enabled + ", tags=" + tags + "]";
    }
}
