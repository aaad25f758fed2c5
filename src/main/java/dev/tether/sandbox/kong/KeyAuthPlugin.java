package dev.tether.sandbox.kong;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * key-auth's access phase (kong/plugins/key-auth/handler.lua, 3.x): the key from a header or
 * query parameter named in {@code key_names}; 401 "No API key found in request" or
 * "Unauthorized"; the {@code anonymous} consumer as fallback; {@code hide_credentials} strips
 * the key before the upstream sees it; X-Consumer-* headers for the upstream.
 */
final class KeyAuthPlugin implements GatewayPlugin {

    private final KongStore store;

    KeyAuthPlugin(KongStore store) {
        this.store = store;
    }

    @Override
    public void access(ProxyExchange ex, JsonNode config, String pluginId) {
        if (ex.method.equals("OPTIONS") && !config.path("run_on_preflight").asBoolean(true)) {
            return;
        }
        String key = null;
        for (JsonNode n : config.path("key_names")) {
            String name = n.asString();
            if (config.path("key_in_header").asBoolean(true) && ex.hasHeader(name)) {
                key = ex.header(name);
                if (config.path("hide_credentials").asBoolean(false)) {
                    ex.removeHeader(name);
                }
                break;
            }
            if (config.path("key_in_query").asBoolean(true) && ex.queryParam(name) != null) {
                key = ex.queryParam(name);
                if (config.path("hide_credentials").asBoolean(false)) {
                    ex.removeQueryParam(name);
                }
                break;
            }
        }
        String anonymous = Json.text(config, "anonymous");
        if (key == null || key.isEmpty()) {
            anonymousOr(ex, anonymous, config, "No API key found in request");
            return;
        }
        String presented = key;
        Optional<tools.jackson.databind.node.ObjectNode> credential = store.all(KeyAuthCredentials.TYPE).stream()
                .filter(c -> presented.equals(Json.text(c, "key"))).findFirst();
        if (credential.isEmpty()) {
            anonymousOr(ex, anonymous, config, "Unauthorized");
            return;
        }
        var consumer = store.find(Consumers.TYPE, Json.foreignId(credential.get(), "consumer"));
        if (consumer.isEmpty()) {
            throw new ProxyExchange.Rejection(500, "An unexpected error occurred");
        }
        ex.consumer = consumer.get();
        ex.credential = credential.get();
        setConsumerHeaders(ex);
        ex.setHeader("X-Credential-Identifier", Json.text(credential.get(), "id"));
        ex.removeHeader("X-Anonymous-Consumer");
    }

    private void anonymousOr(ProxyExchange ex, String anonymous, JsonNode config, String message) {
        if (anonymous == null) {
            String realm = Json.text(config, "realm");
            throw new ProxyExchange.Rejection(401, message)
                    .header("WWW-Authenticate", "Key realm=\"" + (realm == null ? "kong" : realm) + "\"");
        }
        ex.consumer = store.find(Consumers.TYPE, anonymous)
                .orElseThrow(() -> new ProxyExchange.Rejection(500, "An unexpected error occurred"));
        setConsumerHeaders(ex);
        ex.setHeader("X-Anonymous-Consumer", "true");
    }

    private static void setConsumerHeaders(ProxyExchange ex) {
        ex.setHeader("X-Consumer-ID", Json.text(ex.consumer, "id"));
        setOrRemove(ex, "X-Consumer-Username", Json.text(ex.consumer, "username"));
        setOrRemove(ex, "X-Consumer-Custom-ID", Json.text(ex.consumer, "custom_id"));
    }

    private static void setOrRemove(ProxyExchange ex, String name, String value) {
        if (value == null) {
            ex.removeHeader(name);
        } else {
            ex.setHeader(name, value);
        }
    }
}
