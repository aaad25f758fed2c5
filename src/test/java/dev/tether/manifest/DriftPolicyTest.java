package dev.tether.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DriftPolicyTest {

    @ParameterizedTest(name = "ignore {0}: {1} -> {2}")
    @CsvSource({
            "formation.web.quantity, formation.web.quantity, true",
            "formation.web.quantity, formation.web.size,     false",
            "formation.web.quantity, formation.worker.quantity, false",
            "configVars.NEW_RELIC_*, configVars.NEW_RELIC_LICENSE_KEY, true",
            "configVars.NEW_RELIC_*, configVars.LOG_LEVEL, false",
            "formation.*.quantity,   formation.worker.quantity, true",
            "formation.*.quantity,   formation.web.size, false",
            "configVars,             configVars.ANYTHING, true",
            "addons,                 addons[0].plan, true",
    })
    void ignoresPathsByGlob(String pattern, String path, boolean ignored) {
        assertThat(new DriftPolicy(DriftPolicy.Mode.REVERT, List.of(pattern)).ignores(path)).isEqualTo(ignored);
    }
}
