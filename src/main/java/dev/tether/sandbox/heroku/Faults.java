package dev.tether.sandbox.heroku;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Injected trouble, set through {@code PUT /__sandbox/faults}: added latency, a random error
 * rate over given statuses, random connection resets, random timeouts ({@code timeout_rate}: the
 * request hangs {@code timeout_ms}, default 31 s, past a client's read timeout, and is never
 * carried out), a burst of 429s, and deterministic queues ({@code next_statuses},
 * {@code next_resets}, {@code lose_next}: the next call to one route, e.g.
 * {@code "POST /teams/apps"}, is carried out and its answer lost) for tests that need exact sequences. {@code GET /__sandbox/faults} counts
 * what was dealt under {@code injected}, delayed calls included.
 */
final class Faults {

    /** What to do to one request. */
    sealed interface Decision permits Pass, Reset, Fail, RateLimited, LostResponse, Timeout {
    }

    /** The request is carried out, then the connection drops before the answer: a lost response. */
    record LostResponse() implements Decision {
    }

    /** The request hangs this long, then the connection closes without an answer; nothing is done. */
    record Timeout(long millis) implements Decision {
    }

    record Pass() implements Decision {
    }

    record Reset() implements Decision {
    }

    record Fail(int status) implements Decision {
    }

    record RateLimited(int retryAfterSeconds) implements Decision {
    }

    private long latencyMs;
    private double errorRate;
    private List<Integer> errorStatuses = List.of(500);
    private double resetRate;
    private double lostResponseRate;
    private int rateLimitBurst;
    private int retryAfterSeconds = 1;
    private final Deque<Integer> nextStatuses = new ArrayDeque<>();
    private int nextResets;
    /** The route ({@code METHOD /template}) whose next call is carried out and its answer lost; null for none. */
    private String loseNext;
    private double timeoutRate;
    private long timeoutMs = DEFAULT_TIMEOUT_MS;

    /** Longer than Tether's default 30 s read timeout. */
    static final long DEFAULT_TIMEOUT_MS = 31_000;

    /** The latency to add to one call, counted as dealt ({@code injected.latency}) when there is any. */
    synchronized long delay() {
        if (latencyMs > 0) {
            dealt.merge("latency", 1L, Long::sum);
        }
        return latencyMs;
    }

    /** How many of each fault were dealt since the last clear, by decision name. */
    private final java.util.Map<String, Long> dealt = new java.util.TreeMap<>();

    synchronized Decision decide(String route) {
        Decision d;
        if (route.equals(loseNext)) {
            loseNext = null;
            d = new LostResponse();
        } else {
            d = choose();
        }
        if (!(d instanceof Pass)) {
            String name = d instanceof Fail f ? "status_" + f.status() : d instanceof RateLimited ? "status_429"
                    : d.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase();
            dealt.merge(name, 1L, Long::sum);
        }
        return d;
    }

    private Decision choose() {
        if (nextResets > 0) {
            nextResets--;
            return new Reset();
        }
        if (!nextStatuses.isEmpty()) {
            int status = nextStatuses.poll();
            return status == 429 ? new RateLimited(retryAfterSeconds) : new Fail(status);
        }
        if (rateLimitBurst > 0) {
            rateLimitBurst--;
            return new RateLimited(retryAfterSeconds);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (resetRate > 0 && random.nextDouble() < resetRate) {
            return new Reset();
        }
        if (timeoutRate > 0 && random.nextDouble() < timeoutRate) {
            return new Timeout(timeoutMs);
        }
        if (errorRate > 0 && random.nextDouble() < errorRate) {
            int status = errorStatuses.get(random.nextInt(errorStatuses.size()));
            return status == 429 ? new RateLimited(retryAfterSeconds) : new Fail(status);
        }
        if (lostResponseRate > 0 && random.nextDouble() < lostResponseRate) {
            return new LostResponse();
        }
        return new Pass();
    }

    /** The fields {@code PUT /__sandbox/faults} takes. */
    static final List<String> FIELDS = List.of("latency_ms", "error_rate", "error_statuses", "lost_response_rate", "reset_rate",
            "rate_limit_burst", "retry_after_seconds", "timeout_rate", "timeout_ms", "next_statuses", "next_resets", "lose_next");

    /** Applies the fields present in the body; absent fields keep their values. */
    synchronized void update(JsonNode body) {
        if (body.has("latency_ms")) {
            latencyMs = Math.max(0, body.get("latency_ms").asLong());
        }
        if (body.has("error_rate")) {
            errorRate = clamp(body.get("error_rate").asDouble());
        }
        if (body.has("error_statuses")) {
            List<Integer> statuses = new ArrayList<>();
            body.get("error_statuses").forEach(n -> statuses.add(status(n.asInt())));
            errorStatuses = statuses.isEmpty() ? List.of(500) : List.copyOf(statuses);
        }
        if (body.has("lost_response_rate")) {
            lostResponseRate = clamp(body.get("lost_response_rate").asDouble());
        }
        if (body.has("reset_rate")) {
            resetRate = clamp(body.get("reset_rate").asDouble());
        }
        if (body.has("rate_limit_burst")) {
            rateLimitBurst = Math.max(0, body.get("rate_limit_burst").asInt());
        }
        if (body.has("retry_after_seconds")) {
            retryAfterSeconds = Math.max(0, body.get("retry_after_seconds").asInt());
        }
        if (body.has("timeout_rate")) {
            timeoutRate = clamp(body.get("timeout_rate").asDouble());
        }
        if (body.has("timeout_ms")) {
            timeoutMs = Math.max(0, body.get("timeout_ms").asLong());
        }
        if (body.has("next_statuses")) {
            nextStatuses.clear();
            body.get("next_statuses").forEach(n -> nextStatuses.add(status(n.asInt())));
        }
        if (body.has("next_resets")) {
            nextResets = Math.max(0, body.get("next_resets").asInt());
        }
        if (body.has("lose_next")) {
            loseNext = body.get("lose_next").isNull() ? null : body.get("lose_next").asString();
        }
    }

    synchronized void clear() {
        latencyMs = 0;
        errorRate = 0;
        errorStatuses = List.of(500);
        resetRate = 0;
        lostResponseRate = 0;
        rateLimitBurst = 0;
        retryAfterSeconds = 1;
        nextStatuses.clear();
        nextResets = 0;
        loseNext = null;
        timeoutRate = 0;
        timeoutMs = DEFAULT_TIMEOUT_MS;
        dealt.clear();
    }

    synchronized ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("latency_ms", latencyMs);
        node.put("error_rate", errorRate);
        var statuses = node.putArray("error_statuses");
        errorStatuses.forEach(statuses::add);
        node.put("reset_rate", resetRate);
        node.put("lost_response_rate", lostResponseRate);
        node.put("rate_limit_burst", rateLimitBurst);
        node.put("retry_after_seconds", retryAfterSeconds);
        var next = node.putArray("next_statuses");
        nextStatuses.forEach(next::add);
        node.put("next_resets", nextResets);
        if (loseNext == null) {
            node.putNull("lose_next");
        } else {
            node.put("lose_next", loseNext);
        }
        node.put("timeout_rate", timeoutRate);
        node.put("timeout_ms", timeoutMs);
        ObjectNode injected = node.putObject("injected");
        dealt.forEach(injected::put);
        return node;
    }

    private static double clamp(double rate) {
        return Math.max(0, Math.min(1, rate));
    }

    private static int status(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("fault status " + status + " is not a 4xx or 5xx");
        }
        return status;
    }
}
