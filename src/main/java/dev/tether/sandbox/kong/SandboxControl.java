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
 * PUT /__sandbox/faults {"latency_ms":50,"error_rate":0.2,"error_statuses":[500,503],
 *                        "reset_rate":0.1,"rate_limit_burst":3,"retry_after_seconds":1}
 * GET /__sandbox/calls  {"total":12,"not_modified":0,"rate_limited":3,
 *                        "calls":[{"method":"GET","path":"/services","count":4}, …]}
 * </pre>
 */
final class SandboxControl {

    /** The faults in force; all zero means none. */
    record Faults(long latencyMs, double errorRate, List<Integer> errorStatuses, double resetRate,
                  int rateLimitBurst, int retryAfterSeconds) {

        static final Faults NONE = new Faults(0, 0, List.of(500), 0, 0, 1);

        ObjectNode toJson(int burstLeft) {
            ObjectNode o = Json.object().put("latency_ms", latencyMs).put("error_rate", errorRate);
            var statuses = Json.array();
            errorStatuses.forEach(statuses::add);
            o.set("error_statuses", statuses);
            return o.put("reset_rate", resetRate).put("rate_limit_burst", burstLeft)
                    .put("retry_after_seconds", retryAfterSeconds);
        }

        static Faults fromJson(JsonNode j) {
            List<Integer> statuses = j.has("error_statuses")
                    ? j.get("error_statuses").valueStream().map(JsonNode::asInt).toList() : List.of(500);
            return new Faults(j.path("latency_ms").asLong(0), j.path("error_rate").asDouble(0),
                    statuses.isEmpty() ? List.of(500) : statuses, j.path("reset_rate").asDouble(0),
                    j.path("rate_limit_burst").asInt(0), j.path("retry_after_seconds").asInt(1));
        }
    }

    /** What the next Admin API call should meet. */
    enum Verdict { PASS, ERROR, RESET, RATE_LIMITED }

    private volatile Faults faults = Faults.NONE;
    private final AtomicInteger burstLeft = new AtomicInteger();
    private final Map<String, AtomicLong> calls = new TreeMap<>();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();

    Faults faults() {
        return faults;
    }

    void setFaults(Faults f) {
        faults = f;
        burstLeft.set(f.rateLimitBurst());
    }

    ObjectNode faultsJson() {
        return faults.toJson(Math.max(0, burstLeft.get()));
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
            return Verdict.RATE_LIMITED;
        }
        double roll = ThreadLocalRandom.current().nextDouble();
        if (roll < f.resetRate()) {
            return Verdict.RESET;
        }
        if (roll < f.resetRate() + f.errorRate()) {
            return Verdict.ERROR;
        }
        return Verdict.PASS;
    }

    int errorStatus() {
        List<Integer> s = faults.errorStatuses();
        return s.get(ThreadLocalRandom.current().nextInt(s.size()));
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
