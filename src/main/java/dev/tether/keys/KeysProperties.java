package dev.tether.keys;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param encryptionKey {@code TETHER_ENCRYPTION_KEY}: encrypts generated secrets at rest. Any
 *                      string works (it is stretched with SHA-256); a base64 32-byte value is
 *                      used as it is. Sandbox mode generates one beside the embedded data.
 */
@ConfigurationProperties("tether.keys")
public record KeysProperties(String encryptionKey) {

    public KeysProperties {
        encryptionKey = encryptionKey == null || encryptionKey.isBlank() ? null : encryptionKey.strip();
    }
}
