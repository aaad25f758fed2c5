package dev.tether.kong;

import java.util.List;
import java.util.Map;

/**
 * What Tether writes for a plugin instance: its name, scope (null ids mean "not scoped to
 * that"), config (only the keys Tether manages; Kong fills the rest) and tags.
 */
public record PluginSpec(String name, String serviceId, String routeId, String consumerId, boolean enabled,
                         Map<String, Object> config, List<String> tags) {

    @Override
    public String toString() {
        return "PluginSpec[name=" + name + ", serviceId=" + serviceId + ", routeId=" + routeId
                + ", consumerId=" + consumerId + ", enabled=" + enabled + ", tags=" + tags + "]";
    }
}
