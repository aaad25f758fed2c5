package dev.tether.sandbox.heroku;

import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.node.ObjectNode;

/** Call counts per method and path template, with 304s and 429s counted apart. */
final class CallLog {

    private static final class Count {
        long total;
        long notModified;
        long rateLimited;
    }

    private final Map<String, Count> counts = new TreeMap<>();

    synchronized void record(String method, String template, int status) {
        Count c = counts.computeIfAbsent(method + " " + template, k -> new Count());
        c.total++;
        if (status == 304) {
            c.notModified++;
        } else if (status == 429) {
            c.rateLimited++;
        }
    }

    synchronized long count(String method, String template) {
        Count c = counts.get(method + " " + template);
        return c == null ? 0 : c.total;
    }

    synchronized void clear() {
        counts.clear();
    }

    synchronized ObjectNode toJson() {
        ObjectNode node = Json.object();
        var calls = node.putArray("calls");
        long total = 0;
        long notModified = 0;
        long rateLimited = 0;
        for (Map.Entry<String, Count> e : counts.entrySet()) {
            String[] parts = e.getKey().split(" ", 2);
            ObjectNode row = calls.addObject();
            row.put("method", parts[0]);
            row.put("path", parts[1]);
            row.put("count", e.getValue().total);
            row.put("not_modified", e.getValue().notModified);
            row.put("rate_limited", e.getValue().rateLimited);
            total += e.getValue().total;
            notModified += e.getValue().notModified;
            rateLimited += e.getValue().rateLimited;
        }
        node.put("total", total);
        node.put("not_modified", notModified);
        node.put("rate_limited", rateLimited);
        return node;
    }
}
