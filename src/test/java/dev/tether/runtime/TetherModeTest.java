package dev.tether.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TetherModeTest {

    @ParameterizedTest(name = "TETHER_MODE={0} HEROKU_API_KEY={1} DATABASE_URL={2} -> {3}")
    @CsvSource(nullValues = "-", value = {
            "-,       -,  -,                       SANDBOX",
            "-,       hk, -,                       LIVE",
            "-,       -,  postgres://u:p@h:5432/d, LIVE",
            "sandbox, hk, postgres://u:p@h:5432/d, SANDBOX",
            "LIVE,    -,  -,                       LIVE",
    })
    void choosesTheModeAsDesignSaysWhenUnset(String mode, String herokuKey, String dbUrl, TetherMode expected) {
        assertThat(TetherMode.resolve(new TetherProperties(mode, Path.of("x"), null, dbUrl, herokuKey))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"staging", "prod"})
    void namesTheVariableWhenTheModeIsUnknown(String mode) {
        assertThatThrownBy(() -> TetherMode.resolve(new TetherProperties(mode, null, null, null, null)))
                .isInstanceOf(MissingSettingException.class)
                .hasMessageContaining("TETHER_MODE").hasMessageContaining(mode);
    }
}
