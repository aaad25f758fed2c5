package dev.tether.sandbox.kong;

import tools.jackson.databind.JsonNode;

/**
 * The access phase of one bundled plugin as the proxy runs it. Implementations either rewrite
 * the {@link ProxyExchange} or throw {@link ProxyExchange.Rejection} with Kong's status and body.
 */
interface GatewayPlugin {

    void access(ProxyExchange exchange, JsonNode config, String pluginId);
}
