package dev.tether.manifest;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** resourceVersion as HTTP carries it: an ETag {@code "7"}, or a bare {@code 7} in If-Match. */
final class ResourceVersions {

    private ResourceVersions() {
    }

    static String etag(long resourceVersion) {
        return "\"" + resourceVersion + "\"";
    }

    static Long parseIfMatch(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String v = header.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "If-Match: '" + header + "' is not a resourceVersion (expected e.g. \"7\")");
        }
    }
}
