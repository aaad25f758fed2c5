package dev.tether.sandbox.heroku;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A build's source as the sandbox reads it: a gzipped tarball fetched from a loopback
 * ({@code http://127.0.0.1}, {@code http://localhost}) or {@code file:} URL (absolute, or
 * relative to the sandbox's working directory: {@code file:manifests/sample-app.tgz}), whose
 * {@code Procfile} (at the top, or inside the one top-level folder a GitHub archive has)
 * gives the slug its process types.
 */
final class SourceArchive {

    /** Why a build failed, in words for its output stream. */
    static final class BuildFailure extends Exception {
        BuildFailure(String message) {
            super(message);
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SourceArchive() {
    }

    static byte[] fetch(String url) throws BuildFailure {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new BuildFailure("Invalid source URL " + url + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        try {
            if (scheme.equals("file")) {
                // file:manifests/sample-app.tgz is relative to the sandbox's working directory
                return Files.readAllBytes(uri.isOpaque() ? Path.of(uri.getSchemeSpecificPart()) : Path.of(uri));
            }
            String host = uri.getHost() == null ? "" : uri.getHost();
            if ((scheme.equals("http") || scheme.equals("https"))
                    && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"))) {
                HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw new BuildFailure("Fetching the source from " + url + " answered " + response.statusCode() + ".");
                }
                return response.body();
            }
        } catch (IOException e) {
            throw new BuildFailure("Could not fetch the source from " + url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildFailure("Interrupted while fetching the source.");
        } catch (IllegalArgumentException e) {
            throw new BuildFailure("Invalid source URL " + url + ".");
        }
        throw new BuildFailure("The sandbox fetches sources only from loopback (http://127.0.0.1) or file: URLs, not " + url + ".");
    }

    /** {@code SHA256:<hex>} of the archive, the form Heroku's {@code checksum} fields take. */
    static String checksum(byte[] archive) {
        try {
            return "SHA256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The process types the archive's Procfile declares, in its order. */
    static Map<String, String> processTypes(byte[] archive) throws BuildFailure {
        String procfile = procfile(archive);
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : procfile.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            String type = colon < 0 ? "" : trimmed.substring(0, colon).strip();
            if (!type.matches("[-\\w]{1,128}")) {
                throw new BuildFailure("Procfile line is not `type: command`: " + trimmed);
            }
            types.put(type, trimmed.substring(colon + 1).strip());
        }
        if (types.isEmpty()) {
            throw new BuildFailure("The Procfile declares no process types.");
        }
        return types;
    }

    private static String procfile(byte[] archive) throws BuildFailure {
        try (InputStream tar = new GZIPInputStream(new ByteArrayInputStream(archive))) {
            byte[] header = new byte[512];
            while (tar.readNBytes(header, 0, 512) == 512) {
                String name = field(header, 0, 100);
                if (name.isEmpty()) {
                    break;
                }
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = Long.parseLong(field(header, 124, 12).strip().isEmpty() ? "0" : field(header, 124, 12).strip(), 8);
                byte type = header[156];
                byte[] content = tar.readNBytes((int) size);
                tar.skipNBytes((512 - size % 512) % 512);
                String path = name.startsWith("./") ? name.substring(2) : name;
                boolean regular = type == '0' || type == 0;
                if (regular && (path.equals("Procfile") || path.matches("[^/]+/Procfile"))) {
                    return new String(content, StandardCharsets.UTF_8);
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new BuildFailure("The source is not a gzipped tarball (" + e.getMessage() + ").");
        }
        throw new BuildFailure("No Procfile found in the source: the sandbox has no buildpack to detect a default process type.");
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
