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
}
