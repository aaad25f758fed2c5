package dev.tether.sandbox.kong;

import tools.jackson.databind.JsonNode;

/**
 * request-transformer's access phase for headers and query strings
 * (kong/plugins/request-transformer/access.lua): remove, rename, replace, add, append in that
 * order. {@code replace} only touches what the client sent and {@code add} only sets what the
 * client did not send, so forcing a header needs {@code replace} (or {@code remove} + {@code add}).
 * Also {@code replace.uri} and {@code http_method}. Body transforms and {@code $(…)} templates
 * are not emulated.
 */
final class RequestTransformerPlugin implements GatewayPlugin {

    @Override
    public void access(ProxyExchange ex, JsonNode config, String pluginId) {
        for (JsonNode n : config.path("remove").path("headers")) {
            ex.removeHeader(n.asString());
        }
        for (JsonNode n : config.path("remove").path("querystring")) {
            ex.removeQueryParam(n.asString());
        }
        for (JsonNode n : config.path("rename").path("headers")) {
            String[] p = pair(n);
            if (ex.hasHeader(p[0])) {
                String v = ex.header(p[0]);
                ex.removeHeader(p[0]);
                ex.setHeader(p[1], v);
            }
        }
        for (JsonNode n : config.path("rename").path("querystring")) {
            String[] p = pair(n);
            String v = ex.queryParam(p[0]);
            if (v != null) {
                ex.removeQueryParam(p[0]);
                ex.setQueryParam(p[1], v);
            }
        }
        for (JsonNode n : config.path("replace").path("headers")) {
            String[] p = pair(n);
            if (p[0].equalsIgnoreCase("host")) {
                ex.upstreamHost = p[1]; // Kong replaces host even when the client sent none
            } else if (ex.hasHeader(p[0])) {
                ex.setHeader(p[0], p[1]);
            }
        }
        for (JsonNode n : config.path("replace").path("querystring")) {
            String[] p = pair(n);
            if (ex.queryParam(p[0]) != null) {
                ex.setQueryParam(p[0], p[1]);
            }
        }
        for (JsonNode n : config.path("add").path("headers")) {
            String[] p = pair(n);
            if (!ex.hasHeader(p[0]) && !p[0].equalsIgnoreCase("host")) {
                ex.setHeader(p[0], p[1]);
            }
        }
        for (JsonNode n : config.path("add").path("querystring")) {
            String[] p = pair(n);
            if (ex.queryParam(p[0]) == null) {
                ex.setQueryParam(p[0], p[1]);
            }
        }
        for (JsonNode n : config.path("append").path("headers")) {
            String[] p = pair(n);
            ex.addHeader(p[0], p[1]);
        }
        for (JsonNode n : config.path("append").path("querystring")) {
            String[] p = pair(n);
            ex.query.add(new String[] {p[0], p[1]});
        }
        String uri = Json.text(config.path("replace"), "uri");
        if (uri != null) {
            ex.upstreamPath = uri;
        }
        String method = Json.text(config, "http_method");
        if (method != null) {
            ex.method = method;
        }
    }

    private static String[] pair(JsonNode entry) {
        String s = entry.asString();
        int colon = s.indexOf(':');
        return colon < 0 ? new String[] {s, ""} : new String[] {s.substring(0, colon), s.substring(colon + 1)};
    }
}
