package dev.tether.sandbox.kong;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * rate-limiting's access phase with the {@code local} policy (kong/plugins/rate-limiting):
 * fixed windows per period and identifier, {@code X-RateLimit-Limit-<Period>} /
 * {@code X-RateLimit-Remaining-<Period>} and {@code RateLimit-*} headers, and
 * {@code error_code}/{@code error_message} (429 "API rate limit exceeded") once over.
 */
final class RateLimitingPlugin implements GatewayPlugin {

    private static final String[] PERIODS = {"second", "minute", "hour", "day", "month", "year"};
    private static final long[] SECONDS = {1, 60, 3600, 86400, 2592000, 31536000};

    private final Clock clock;
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

    RateLimitingPlugin(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void access(ProxyExchange ex, JsonNode config, String pluginId) {
        String identifier = identifier(ex, config);
        long now = clock.millis() / 1000;
        if (counters.size() > 10_000) {
            prune(now);
        }
        long minRemaining = Long.MAX_VALUE;
        long limitOfMin = 0;
        long resetOfMin = 0;
        boolean exceeded = false;
        for (int i = 0; i < PERIODS.length; i++) {
            JsonNode limitNode = config.get(PERIODS[i]);
            if (limitNode == null || !limitNode.isNumber()) {
                continue;
            }
            long limit = (long) limitNode.asDouble();
            long window = now / SECONDS[i];
            String key = pluginId + "|" + identifier + "|" + PERIODS[i] + "|" + window;
            long used = counters.computeIfAbsent(key, k -> new AtomicLong()).get();
            long remaining = Math.max(0, limit - used - 1);
            if (used + 1 > limit) {
                exceeded = true;
                remaining = 0;
            }
            String title = Character.toUpperCase(PERIODS[i].charAt(0)) + PERIODS[i].substring(1);
            if (!config.path("hide_client_headers").asBoolean(false)) {
                ex.responseHeaders.put("X-RateLimit-Limit-" + title, String.valueOf(limit));
                ex.responseHeaders.put("X-RateLimit-Remaining-" + title, String.valueOf(remaining));
            }
            if (remaining < minRemaining) {
                minRemaining = remaining;
                limitOfMin = limit;
                resetOfMin = (window + 1) * SECONDS[i] - now;
            }
        }
        if (!config.path("hide_client_headers").asBoolean(false) && minRemaining != Long.MAX_VALUE) {
            ex.responseHeaders.put("RateLimit-Limit", String.valueOf(limitOfMin));
            ex.responseHeaders.put("RateLimit-Remaining", String.valueOf(minRemaining));
            ex.responseHeaders.put("RateLimit-Reset", String.valueOf(resetOfMin));
        }
        if (exceeded) {
            ProxyExchange.Rejection r = new ProxyExchange.Rejection(config.path("error_code").asInt(429),
                    config.path("error_message").asString("API rate limit exceeded"));
            r.header("Retry-After", String.valueOf(resetOfMin));
            ex.responseHeaders.forEach(r::header);
            throw r;
        }
        for (int i = 0; i < PERIODS.length; i++) {
            if (config.path(PERIODS[i]).isNumber()) {
                counters.computeIfAbsent(pluginId + "|" + identifier + "|" + PERIODS[i] + "|" + now / SECONDS[i],
                        k -> new AtomicLong()).incrementAndGet();
            }
        }
    }

    /** Forgets counters of windows that have closed, so a long sandbox run does not grow without bound. */
    private void prune(long now) {
        counters.keySet().removeIf(k -> {
            String[] parts = k.split("\\|");
            int period = java.util.Arrays.asList(PERIODS).indexOf(parts[parts.length - 2]);
            return period < 0 || Long.parseLong(parts[parts.length - 1]) < now / SECONDS[period];
        });
    }

    private static String identifier(ProxyExchange ex, JsonNode config) {
        String by = config.path("limit_by").asString("consumer");
        String id = switch (by) {
            case "consumer" -> ex.consumerId();
            case "credential" -> ex.credential == null ? null : Json.text(ex.credential, "id");
            case "service" -> Json.text(ex.service, "id");
            case "header" -> ex.header(config.path("header_name").asString(""));
            case "path" -> ex.upstreamPath;
            default -> null;
        };
        return id == null ? ex.clientIp : id;
    }
}
