package dev.tether.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private final SecretBox box = SecretBox.fromSetting(SecretBox.generateSetting());

    @Test
    void roundTripsAndNeverStoresThePlaintext() {
        byte[] sealed = box.seal("s3cr3t-value", "ApiKey/orders#value");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("s3cr3t-value");
        assertThat(box.open(sealed, "ApiKey/orders#value")).isEqualTo("s3cr3t-value");
    }

    @Test
    void sameValueEncryptsDifferentlyEachTime() {
        assertThat(box.seal("x", "o")).isNotEqualTo(box.seal("x", "o"));
    }

    @Test
    void refusesACiphertextMovedToAnotherOwner() {
        byte[] sealed = box.seal("value", "ApiKey/a#value");
        assertThatThrownBy(() -> box.open(sealed, "ApiKey/b#value")).hasMessageContaining("TETHER_ENCRYPTION_KEY");
    }

    @Test
    void refusesAnotherKey() {
        byte[] sealed = box.seal("value", "o");
        assertThatThrownBy(() -> SecretBox.fromSetting("another passphrase").open(sealed, "o"))
                .isInstanceOf(IllegalStateException.class);
    }
}
