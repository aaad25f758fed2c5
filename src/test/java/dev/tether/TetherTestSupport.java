package dev.tether;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shared set-up for tests that boot Tether: a fresh data directory per test JVM. */
public final class TetherTestSupport {

    public static final String API_TOKEN = "test-token-0123456789";

    /** The sample app's source tarball (its Procfile defines {@code web} and {@code worker}). */
    public static final Path SAMPLE_APP = Path.of("manifests", "sample-app.tgz").toAbsolutePath();

    /**
     * A {@code spec.release} that builds the sample app, as a JSON object (so also a YAML flow
     * mapping): a manifest in a test writes {@code "release: " + SAMPLE_RELEASE}. A new app has
     * no formation until a release defines process types, as on Heroku, so every test app that
     * declares a formation (or needs a running web dyno) declares this.
     */
    public static final String SAMPLE_RELEASE = "{\"build\": {\"sourceUrl\": \"" + SAMPLE_APP.toUri()
            + "\", \"checksum\": \"" + sampleChecksum() + "\", \"version\": \"sample-1\"}}";

    private TetherTestSupport() {
    }

    /** The marker a manifest text in a test writes for {@link #SAMPLE_RELEASE}: {@code release: ${SAMPLE_RELEASE}}. */
    public static final String SAMPLE_RELEASE_MARKER = "${SAMPLE_RELEASE}";

    /** {@code manifest} with each {@link #SAMPLE_RELEASE_MARKER} replaced by {@link #SAMPLE_RELEASE}. */
    public static String withSampleRelease(String manifest) {
        return manifest.replace(SAMPLE_RELEASE_MARKER, SAMPLE_RELEASE);
    }

    /** {@code SHA256:<hex>} of the sample app's tarball. */
    public static String sampleChecksum() {
        try {
            return "SHA256:" + java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(SAMPLE_APP)));
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path freshDataDir() {
        try {
            return Files.createTempDirectory("tether-test-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The properties every sandbox test context starts from: its own data directory, the test API
     * token, sandbox mode, the given resync and safety-poll interval, and a short backoff (100 ms
     * to 2 s) so retries finish within a test. A context adds what it needs on top.
     */
    public static void sandboxContext(org.springframework.test.context.DynamicPropertyRegistry r, Path dataDir,
                                      String resyncInterval) {
        sandboxContext(r, dataDir, resyncInterval, resyncInterval);
    }

    /** As {@link #sandboxContext(org.springframework.test.context.DynamicPropertyRegistry, Path, String)}, the apps' safety poll apart. */
    public static void sandboxContext(org.springframework.test.context.DynamicPropertyRegistry r, Path dataDir,
                                      String resyncInterval, String safetyResync) {
        r.add("tether.data-dir", dataDir::toString);
        r.add("tether.api-token", () -> API_TOKEN);
        r.add("tether.mode", () -> "sandbox");
        r.add("tether.loop.resync-interval", () -> resyncInterval);
        r.add("tether.webhooks.safety-resync", () -> safetyResync);
        r.add("tether.loop.backoff-base", () -> "100ms");
        r.add("tether.loop.backoff-cap", () -> "2s");
    }
}
