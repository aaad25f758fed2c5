package dev.tether.keys;

import dev.tether.secrets.SecretBox;
import dev.tether.runtime.MissingSettingException;
import dev.tether.runtime.TetherMode;
import dev.tether.runtime.TetherRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The encryption key for generated secrets: {@code TETHER_ENCRYPTION_KEY}, required in live
 * mode; in sandbox mode generated once and kept in {@code $TETHER_DATA_DIR/encryption-key}.
 */
@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

    static final String KEY_FILE = "encryption-key";

    @Bean
    SecretBox secretBox(KeysProperties props, TetherRuntime runtime) {
        if (props.encryptionKey() != null) {
            return SecretBox.fromSetting(props.encryptionKey());
        }
        if (runtime.mode() == TetherMode.LIVE) {
            throw new MissingSettingException("TETHER_ENCRYPTION_KEY",
                    "is required in live mode (it encrypts the API keys and webhook secrets Tether generates)");
        }
        return SecretBox.fromSetting(sandboxKey(runtime.dataDir()));
    }

    private static String sandboxKey(Path dataDir) {
        Path file = dataDir.resolve(KEY_FILE);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.createDirectories(dataDir);
            String key = SecretBox.generateSetting();
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the sandbox encryption key in " + file, e);
        }
    }
}
