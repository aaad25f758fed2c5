package dev.tether.sandbox.heroku;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Heroku's list ranges: {@code Range: <field> [[\]]start]..[end][; max=N][, order=asc|desc]}
 * (separators vary between clients: the CLI sends {@code version ..; order=desc,max=1}). A page
 * cut short answers 206 with {@code Next-Range: <field> ]<last>..; max=N[, order=desc]}, where
 * {@code ]} marks an exclusive start. Default page 200, largest 1000.
 */
final class Paging {

    static final int DEFAULT_MAX = 200;
    static final int LARGEST_MAX = 1000;

    private static final Pattern RANGE = Pattern.compile("^\\s*([a-z_]+)\\s*(\\]?)([^;]*?)\\.\\.([^;]*?)\\s*(?:;(.*))?$");

    record Spec(String field, String start, boolean startExclusive, String end, int max, boolean descending) {
    }

    /** A page of items and the {@code Next-Range} to ask for the rest, or null when none remain. */
    record Page(List<ObjectNode> items, String nextRange) {
    }

    private Paging() {
    }

    static Spec parse(String header, List<String> fields) {
        String defaultField = fields.isEmpty() ? "id" : fields.getFirst();
        if (header == null || header.isBlank()) {
            return new Spec(defaultField, "", false, "", DEFAULT_MAX, false);
        }
        Matcher m = RANGE.matcher(header);
        if (!m.matches()) {
            throw unsatisfiable(header);
        }
        String field = m.group(1);
        if (!fields.contains(field)) {
            throw unsatisfiable(header);
        }
        int max = DEFAULT_MAX;
        boolean desc = false;
        if (m.group(5) != null) {
            for (String part : m.group(5).split("[,;]")) {
                String p = part.strip();
                if (p.isEmpty()) {
                    continue;
                }
                String[] kv = p.split("=", 2);
                if (kv.length != 2) {
                    throw unsatisfiable(header);
                }
                switch (kv[0].strip()) {
                    case "max" -> {
                        try {
                            max = Math.min(LARGEST_MAX, Integer.parseInt(kv[1].strip()));
                        } catch (NumberFormatException e) {
                            throw unsatisfiable(header);
                        }
                        if (max < 1) {
                            throw unsatisfiable(header);
                        }
                    }
                    case "order" -> desc = "desc".equals(kv[1].strip());
                    default -> throw unsatisfiable(header);
                }
            }
        }
        return new Spec(field, m.group(3).strip(), !m.group(2).isEmpty(), m.group(4).strip(), max, desc);
    }

    static Page page(List<ObjectNode> all, Spec spec) {
        Comparator<ObjectNode> order = Comparator.comparing(n -> key(n, spec.field()), Paging::compareKeys);
        if (spec.descending()) {
            order = order.reversed();
        }
        List<ObjectNode> sorted = new ArrayList<>(all);
        sorted.sort(order);
        List<ObjectNode> selected = new ArrayList<>();
        for (ObjectNode item : sorted) {
            String k = key(item, spec.field());
            if (!spec.start().isEmpty()) {
                int c = compareKeys(k, spec.start()) * (spec.descending() ? -1 : 1);
                if (c < 0 || (c == 0 && spec.startExclusive())) {
                    continue;
                }
            }
            if (!spec.end().isEmpty()) {
                int c = compareKeys(k, spec.end()) * (spec.descending() ? -1 : 1);
                if (c > 0) {
                    continue;
                }
            }
            selected.add(item);
        }
        if (selected.size() <= spec.max()) {
            return new Page(selected, null);
        }
        List<ObjectNode> page = selected.subList(0, spec.max());
        String last = key(page.getLast(), spec.field());
        String next = spec.field() + " ]" + last + ".." + spec.end() + "; max=" + spec.max()
                + (spec.descending() ? ", order=desc" : "");
        return new Page(List.copyOf(page), next);
    }

    private static String key(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asString();
    }

    /** Numbers (release versions) compare as numbers; everything else as text. */
    private static int compareKeys(String a, String b) {
        if (!a.isEmpty() && !b.isEmpty() && a.chars().allMatch(Character::isDigit) && b.chars().allMatch(Character::isDigit)) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        return a.compareTo(b);
    }

    private static ApiError unsatisfiable(String header) {
        return new ApiError(416, "requested_range_not_satisfiable", "Invalid Range header: " + header, null);
    }
}
