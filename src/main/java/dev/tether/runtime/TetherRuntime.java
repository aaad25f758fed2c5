package dev.tether.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The settled facts of this process: its mode and the API token callers must present.
 * Built once at start; a live process missing a credential never gets this far.
 */
public record TetherRuntime(TetherMode mode, String apiToken, Path dataDir) {

    /** File under the data directory holding the sandbox's generated API token. */
    public static final String TOKEN_FILE = "api-token";

    public static TetherRuntime from(TetherProperties props) {
        TetherMode mode = TetherMode.resolve(props);
        if (mode == TetherMode.LIVE) {
            if (props.herokuApiKey() == null) {
                throw new MissingSettingException("HEROKU_API_KEY", "is required in live mode (the Heroku API token Tether acts with)");
            }
            if (props.apiToken() == null) {
                throw new MissingSettingException("TETHER_API_TOKEN", "is required in live mode (the token callers of Tether's API present)");
            }
            return new TetherRuntime(mode, props.apiToken(), props.dataDir());
        }
        String token = props.apiToken() != null ? props.apiToken() : sandboxToken(props.dataDir());
        return new TetherRuntime(mode, token, props.dataDir());
    }

    /** The generated sandbox token, kept beside the embedded data so a restart keeps it. */
    private static String sandboxToken(Path dataDir) {
        Path file = dataDir.resolve(TOKEN_FILE);
        try {
            if (Files.exists(file)) {
                String existing = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!existing.isEmpty()) {
                    return existing;
                }
            }
            Files.createDirectories(dataDir);
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            String token = "tether_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the file keeps the default permissions
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the sandbox API token in " + file, e);
        }
    }

    @Override
    public String toString() {
        return "TetherRuntime[mode=" + mode + ", dataDir=" + dataDir + "]";
    }
}
