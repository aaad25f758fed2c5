package dev.tether.manifest;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Reads a manifest body with the limits DESIGN §5 sets: YAML or JSON only (415 otherwise), at
 * most 1 MiB (413 beyond, checked before and while reading, so a huge body is never buffered).
 */
final class RequestBodies {

    static final int MAX_BYTES = 1024 * 1024;

    private RequestBodies() {
    }

    static ManifestParser.Format format(HttpServletRequest request) {
        String contentType = request.getContentType();
        if (contentType == null || contentType.isBlank()) {
            throw new ResponseStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type is missing: send application/yaml or application/json");
        }
        return formatOf(contentType).orElseThrow(() -> new ResponseStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type " + contentType + " is not supported: send application/yaml or application/json"));
    }

    static Optional<ManifestParser.Format> formatOf(String contentType) {
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "application/json" -> Optional.of(ManifestParser.Format.JSON);
            case "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml" -> Optional.of(ManifestParser.Format.YAML);
            default -> Optional.empty();
        };
    }

    static byte[] read(HttpServletRequest request) {
        long declared = request.getContentLengthLong();
        if (declared > MAX_BYTES) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BYTES + 1);
            if (body.length > MAX_BYTES) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the request body", e);
        }
    }

    private static ResponseStatusException tooLarge() {
        return new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE,
                "the body is larger than 1 MiB: split the manifests over several requests");
    }
}
