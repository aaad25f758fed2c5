package dev.tether.manifest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The leaf-level differences between two JSON documents, as dotted paths
 * ({@code configVars.LOG_LEVEL}, {@code routes[0].paths}). Arrays of scalars are compared whole;
 * arrays of objects element by element. Pure: no I/O, no clock.
 */
public final class SpecDiff {

    /**
     * One difference. A null {@code from} means the field was added, a null {@code to} that it
     * was removed.
     */
    public record Change(String path, JsonNode from, JsonNode to) {
    }

    private SpecDiff() {
    }

    public static List<Change> diff(JsonNode from, JsonNode to, String prefix) {
        List<Change> changes = new ArrayList<>();
        walk(prefix, normalize(from), normalize(to), changes);
        return changes;
    }

    private static JsonNode normalize(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() ? null : n;
    }

    private static void walk(String path, JsonNode a, JsonNode b, List<Change> out) {
        if (a == null && b == null) {
            return;
        }
        if (a != null && b != null && a.isObject() && b.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            a.propertyNames().forEach(keys::add);
            b.propertyNames().forEach(keys::add);
            for (String key : keys) {
                walk(join(path, key), normalize(a.get(key)), normalize(b.get(key)), out);
            }
            return;
        }
        if (a != null && b != null && a.isArray() && b.isArray() && a.size() == b.size()
                && containsObjects(a) && containsObjects(b)) {
            for (int i = 0; i < a.size(); i++) {
                walk(path + "[" + i + "]", a.get(i), b.get(i), out);
            }
            return;
        }
        if (a == null || !a.equals(b)) {
            out.add(new Change(path, a, b));
        }
    }

    private static boolean containsObjects(JsonNode array) {
        for (JsonNode n : array) {
            if (n.isObject()) {
                return true;
            }
        }
        return false;
    }

    private static String join(String prefix, String key) {
        return prefix == null || prefix.isEmpty() ? key : prefix + "." + key;
    }
}
