package dev.tether.sandbox.kong;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * One request on its way through the proxy: the upstream request as plugins rewrite it (headers
 * keep the client's spelling and are matched case-insensitively), the matched route and service,
 * and the consumer an authentication plugin identified.
 */
final class ProxyExchange {

    /** A plugin stopping the request with Kong's status and JSON message. */
    static final class Rejection extends RuntimeException {
        final int status;
        final String message;
        final Map<String, String> headers = new LinkedHashMap<>();

        Rejection(int status, String message) {
            super(message, null, false, false);
            this.status = status;
            this.message = message;
        }

        Rejection header(String name, String value) {
            headers.put(name, value);
            return this;
        }
    }

    final ObjectNode route;
    final ObjectNode service;
    final String clientIp;
    String method;
    String upstreamPath;
    /** Upstream query parameters in order, as name/value pairs (value null for a bare name). */
    final List<String[]> query = new ArrayList<>();
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final Map<String, String> headerNames = new LinkedHashMap<>();
    /** Response headers plugins add (rate-limit counters). */
    final Map<String, String> responseHeaders = new LinkedHashMap<>();
    ObjectNode consumer;
    ObjectNode credential;
    /** The upstream Host a plugin forced (request-transformer {@code replace.headers: ["host:…"]}), or null. */
    String upstreamHost;

    ProxyExchange(ObjectNode route, ObjectNode service, String clientIp, String method) {
        this.route = route;
        this.service = service;
        this.clientIp = clientIp;
        this.method = method;
    }

    String header(String name) {
        List<String> v = headers.get(name.toLowerCase());
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    boolean hasHeader(String name) {
        return headers.containsKey(name.toLowerCase());
    }

    void addHeader(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(), k -> new ArrayList<>()).add(value);
        headerNames.putIfAbsent(name.toLowerCase(), name);
    }

    void setHeader(String name, String value) {
        removeHeader(name);
        addHeader(name, value);
    }

    void removeHeader(String name) {
        headers.remove(name.toLowerCase());
        headerNames.remove(name.toLowerCase());
    }

    /** Headers in the client's spelling, each with all its values. */
    Map<String, List<String>> headers() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(headerNames.get(k), v));
        return out;
    }

    String queryParam(String name) {
        return query.stream().filter(p -> p[0].equals(name)).map(p -> p[1] == null ? "" : p[1]).findFirst().orElse(null);
    }

    void removeQueryParam(String name) {
        query.removeIf(p -> p[0].equals(name));
    }

    void setQueryParam(String name, String value) {
        removeQueryParam(name);
        query.add(new String[] {name, value});
    }

    String consumerId() {
        return consumer == null ? null : Json.text(consumer, "id");
    }
}
