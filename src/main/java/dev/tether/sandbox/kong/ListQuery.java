package dev.tether.sandbox.kong;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The paging and tag options of a list call (kong/api/endpoints.lua {@code extract_options},
 * postgres strategy {@code page}): {@code size} 1..1000 (default 100), {@code offset} the
 * unpadded base64 of the JSON array of the last primary key, {@code tags} ANDed with {@code ,}
 * or ORed with {@code /}, at most five.
 */
record ListQuery(int size, boolean sizeGiven, String afterId, List<String> tags, boolean anyTag, String rawTags) {

    static final int DEFAULT_SIZE = 100;
    static final int MAX_SIZE = 1000;

    static ListQuery parse(String size, String offset, String tags, boolean nested) {
        int n = DEFAULT_SIZE;
        if (size != null) {
            try {
                n = Integer.parseInt(size.trim());
            } catch (NumberFormatException e) {
                throw KongError.coded(400, 9, "invalid size", "size must be a number");
            }
            if (n < 1 || n > MAX_SIZE) {
                throw KongError.coded(400, 9, "invalid size", "size must be an integer between 1 and " + MAX_SIZE);
            }
        }
        String after = offset == null ? null : decodeOffset(offset);
        if (nested || tags == null) {
            return new ListQuery(n, size != null, after, List.of(), false, null);
        }
        if (tags.isEmpty()) {
            throw KongError.invalidOption("tags", "cannot be null");
        }
        boolean and = tags.contains(",");
        boolean or = tags.contains("/");
        if ((and && or) || tags.contains("\uFFFD")) {
            throw KongError.invalidOption("tags", "invalid filter syntax");
        }
        List<String> list = List.of(tags.split(or ? "/" : ",", -1));
        if (list.size() > 5) {
            throw KongError.invalidOption("tags", "cannot query more than 5 tags");
        }
        return new ListQuery(n, size != null, after, list, or, tags);
    }

    Predicate<ObjectNode> tagFilter() {
        if (tags.isEmpty()) {
            return r -> true;
        }
        return r -> {
            List<String> have = Json.stringList(r.get("tags"));
            return anyTag ? tags.stream().anyMatch(have::contains) : have.containsAll(tags);
        };
    }

    static String encodeOffset(String id) {
        JsonNode key = Json.strings(id);
        return Base64.getEncoder().withoutPadding().encodeToString(key.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeOffset(String token) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(pad(token));
        } catch (IllegalArgumentException e) {
            throw invalidOffset(token, "bad base64 encoding");
        }
        try {
            JsonNode key = Json.MAPPER.readTree(raw);
            if (!key.isArray() || key.isEmpty() || !key.get(0).isString()) {
                throw invalidOffset(token, "bad json encoding");
            }
            return key.get(0).asString().toLowerCase();
        } catch (tools.jackson.core.JacksonException e) {
            throw invalidOffset(token, "bad json encoding");
        }
    }

    private static String pad(String s) {
        // a '+' sent unescaped in a query string arrives as a space
        String t = s.replace(' ', '+').replace('-', '+').replace('_', '/');
        return t + "=".repeat((4 - t.length() % 4) % 4);
    }

    private static KongError invalidOffset(String token, String why) {
        return KongError.coded(400, 7, "invalid offset", "'" + token + "' is not a valid offset: " + why);
    }

    /** Kong's {@code next}: offset, then tags and size only when the request had them. */
    String next(String basePath, String lastId, boolean nested) {
        String offset = encodeOffset(lastId);
        StringBuilder b = new StringBuilder(basePath).append("?offset=").append(escape(offset));
        if (!nested) {
            if (rawTags != null) {
                b.append("&tags=").append(escape(rawTags));
            }
            if (sizeGiven) {
                b.append("&size=").append(size);
            }
        }
        return b.toString();
    }

    /** ngx.escape_uri: everything but unreserved characters percent-encoded, space as %20. */
    static String escape(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }
}
