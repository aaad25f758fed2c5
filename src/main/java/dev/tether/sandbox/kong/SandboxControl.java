package dev.tether.sandbox.kong;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The emulator's control surface (DESIGN §6) behind {@code /__sandbox/} on the Admin port:
 * injected faults that every later Admin API call meets, and call counts per method and path
 * template.
 *
 * <pre>
 * PUT /__sandbox/faults {"latency_ms":50,"error_rate":0.2,"error_statuses":[500,503,429],
 *                        "reset_rate":0.1,"rate_limit_burst":3,"retry_after_seconds":1,
 *                        "timeout_rate":0.05,"timeout_ms":31000}
 * GET /__sandbox/calls  {"total":12,"not_modified":0,"rate_limited":3,
 *                        "calls":[{"method":"GET","path":"/services","count":4}, …]}
 * </pre>
 */
final class SandboxControl {

    /**
     * The faults in force; all zero means none. A 429 among {@code errorStatuses} carries
     * {@code Retry-After}; a timeout hangs {@code timeoutMs} (default 31 s, past a client's 30 s
     * read timeout) and closes the connection without an answer, the call not carried out.
     */
    record Faults(long latencyMs, double errorRate, List<Integer> errorStatuses, double resetRate,
                  int rateLimitBurst, int retryAfterSeconds, double timeoutRate, long timeoutMs) {

        static final long DEFAULT_TIMEOUT_MS = 31_000;

        /** The fields {@code PUT /__sandbox/faults} takes; any other is a 400. */
        static final List<String> FIELDS = List.of("latency_ms", "error_rate", "error_statuses", "reset_rate",
                "rate_limit_burst", "retry_after_seconds", "timeout_rate", "timeout_ms");

        static final Faults NONE = new Faults(0, 0, List.of(500), 0, 0, 1, 0, DEFAULT_TIMEOUT_MS);

        Faults(long latencyMs, double errorRate, List<Integer> errorStatuses, double resetRate,
               int rateLimitBurst, int retryAfterSeconds) {
            this(latencyMs, errorRate, errorStatuses, resetRate, rateLimitBurst, retryAfterSeconds, 0, DEFAULT_TIMEOUT_MS);
        }

        ObjectNode toJson(int burstLeft) {
            ObjectNode o = Json.object().put("latency_ms", latencyMs).put("error_rate", errorRate);
            var statuses = Json.array();
            errorStatuses.forEach(statuses::add);
            o.set("error_statuses", statuses);
            return o.put("reset_rate", resetRate).put("rate_limit_burst", burstLeft)
                    .put("retry_after_seconds", retryAfterSeconds).put("timeout_rate", timeoutRate)
                    .put("timeout_ms", timeoutMs);
        }

        static Faults fromJson(JsonNode j) {
            List<Integer> statuses = j.has("error_statuses")
                    ? j.get("error_statuses").valueStream().map(JsonNode::asInt).toList() : List.of(500);
            return new Faults(j.path("latency_ms").asLong(0), j.path("error_rate").asDouble(0),
                    statuses.isEmpty() ? List.of(500) : statuses, j.path("reset_rate").asDouble(0),
                    j.path("rate_limit_burst").asInt(0), j.path("retry_after_seconds").asInt(1),
                    j.path("timeout_rate").asDouble(0), j.path("timeout_ms").asLong(DEFAULT_TIMEOUT_MS));
        }
    }

    /** What the next Admin API call should meet. */
    enum Verdict { PASS, ERROR, RESET, RATE_LIMITED, TIMEOUT }

    private volatile Faults faults = Faults.NONE;
    private final AtomicInteger burstLeft = new AtomicInteger();
    private final Map<String, AtomicLong> calls = new TreeMap<>();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();

    Faults faults() {
        return faults;
    }

    /** How many of each fault were dealt since faults were last set, by name. */
    private final Map<String, AtomicLong> dealt = new java.util.concurrent.ConcurrentSkipListMap<>();

    void dealt(String name) {
        dealt.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
    }

    void setFaults(Faults f) {
        dealt.clear();
        faults = f;
        burstLeft.set(f.rateLimitBurst());
    }

    ObjectNode faultsJson() {
        ObjectNode o = faults.toJson(Math.max(0, burstLeft.get()));
        ObjectNode injected = Json.object();
        dealt.forEach((k, v) -> injected.put(k, v.get()));
        o.set("injected", injected);
        return o;
    }

    /** Decides the fate of one call after sleeping any injected latency. */
    Verdict decide() {
        Faults f = faults;
        if (f.latencyMs() > 0) {
            try {
                Thread.sleep(f.latencyMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (burstLeft.get() > 0 && burstLeft.getAndDecrement() > 0) {
            rateLimited.incrementAndGet();
            dealt("status_429");
            return Verdict.RATE_LIMITED;
        }
        double roll = ThreadLocalRandom.current().nextDouble();
        if (roll < f.resetRate()) {
            dealt("reset");
            return Verdict.RESET;
        }
        if (roll < f.resetRate() + f.errorRate()) {
            return Verdict.ERROR;
        }
        if (roll < f.resetRate() + f.errorRate() + f.timeoutRate()) {
            dealt("timeout");
            return Verdict.TIMEOUT;
        }
        return Verdict.PASS;
    }

    int errorStatus() {
        List<Integer> s = faults.errorStatuses();
        int status = s.get(ThreadLocalRandom.current().nextInt(s.size()));
        dealt("status_" + status);
        if (status == 429) {
            rateLimited.incrementAndGet();
        }
        return status;
    }

    void record(String method, String template) {
        total.incrementAndGet();
        synchronized (calls) {
            calls.computeIfAbsent(template + " " + method, k -> new AtomicLong()).incrementAndGet();
        }
    }

    ObjectNode callsJson() {
        ObjectNode o = Json.object().put("total", total.get()).put("not_modified", 0).put("rate_limited", rateLimited.get());
        var arr = Json.array();
        synchronized (calls) {
            calls.forEach((k, v) -> {
                int sp = k.lastIndexOf(' ');
                arr.add(Json.object().put("method", k.substring(sp + 1)).put("path", k.substring(0, sp)).put("count", v.get()));
            });
        }
        o.set("calls", arr);
        return o;
    }

    /** Count per "METHOD /template", for tests. */
    Map<String, Long> callCounts() {
        Map<String, Long> m = new TreeMap<>();
        synchronized (calls) {
            calls.forEach((k, v) -> {
                int sp = k.lastIndexOf(' ');
                m.put(k.substring(sp + 1) + " " + k.substring(0, sp), v.get());
            });
        }
        return m;
    }

    void resetCalls() {
        synchronized (calls) {
            calls.clear();
        }
        total.set(0);
        rateLimited.set(0);
    }
}
