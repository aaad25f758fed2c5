package dev.tether;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shared set-up for tests that boot Tether: a fresh data directory per test JVM. */
public final class TetherTestSupport {

    public static final String API_TOKEN = "test-token-0123456789";

    private TetherTestSupport() {
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
        r.add("tether.data-dir", dataDir::toString);
        r.add("tether.api-token", () -> API_TOKEN);
        r.add("tether.mode", () -> "sandbox");
        r.add("tether.loop.resync-interval", () -> resyncInterval);
        r.add("tether.webhooks.safety-resync", () -> resyncInterval);
        r.add("tether.loop.backoff-base", () -> "100ms");
        r.add("tether.loop.backoff-cap", () -> "2s");
    }
}
