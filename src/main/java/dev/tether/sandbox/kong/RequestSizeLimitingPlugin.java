package dev.tether.sandbox.kong;

import tools.jackson.databind.JsonNode;

/**
 * request-size-limiting's access phase (kong/plugins/request-size-limiting/handler.lua) for
 * requests that declare a {@code Content-Length}: 413 "Request size limit exceeded" above
 * {@code allowed_payload_size} (in {@code size_unit}), 411 when {@code require_content_length}
 * and none was sent. Chunked bodies without a length are not measured.
 */
final class RequestSizeLimitingPlugin implements GatewayPlugin {

    @Override
    public void access(ProxyExchange ex, JsonNode config, String pluginId) {
        String declared = ex.header("Content-Length");
        if (declared == null) {
            if (config.path("require_content_length").asBoolean(false)) {
                throw new ProxyExchange.Rejection(411, "A valid Content-Length header is required");
            }
            return;
        }
        long unit = switch (config.path("size_unit").asString("megabytes")) {
            case "bytes" -> 1;
            case "kilobytes" -> 1024;
            default -> 1024 * 1024;
        };
        long allowed = config.path("allowed_payload_size").asLong(128) * unit;
        try {
            if (Long.parseLong(declared.trim()) > allowed) {
                throw new ProxyExchange.Rejection(413, "Request size limit exceeded");
            }
        } catch (NumberFormatException e) {
            throw new ProxyExchange.Rejection(411, "A valid Content-Length header is required");
        }
    }
}
