package dev.tether.sandbox.kong;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * acl's access phase (kong/plugins/acl/handler.lua, 3.x): needs an authenticated consumer
 * (401 otherwise); 403 "You cannot consume this service" when the consumer's groups miss every
 * {@code allow} group or hit a {@code deny} group; X-Consumer-Groups for the upstream.
 */
final class AclPlugin implements GatewayPlugin {

    private final KongStore store;

    AclPlugin(KongStore store) {
        this.store = store;
    }

    @Override
    public void access(ProxyExchange ex, JsonNode config, String pluginId) {
        if (ex.consumer == null) {
            throw new ProxyExchange.Rejection(401, "Unauthorized");
        }
        String consumerId = ex.consumerId();
        List<String> groups = store.all(Acls.TYPE).stream()
                .filter(a -> consumerId.equals(Json.foreignId(a, "consumer")))
                .map(a -> Json.text(a, "group")).toList();
        List<String> allow = Json.stringList(config.get("allow"));
        List<String> deny = Json.stringList(config.get("deny"));
        boolean blocked = !allow.isEmpty()
                ? groups.stream().noneMatch(allow::contains)
                : groups.stream().anyMatch(deny::contains);
        if (blocked) {
            throw new ProxyExchange.Rejection(403, "You cannot consume this service");
        }
        if (!config.path("hide_groups_header").asBoolean(false) && !groups.isEmpty()) {
            ex.setHeader("X-Consumer-Groups", String.join(", ", groups));
        }
    }
}
