package dev.tether.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.manifest.DriftPolicy;
import dev.tether.manifest.DriftPolicy.Mode;
import dev.tether.reconcile.DriftDecision.Verdict;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DriftDecisionTest {

    @ParameterizedTest(name = "{0} specChanged={1} adoptable={2} mode={3} ignored={4} paused={5} -> {6}")
    @CsvSource({
            // a spec change is applied whatever the mode or ignore says
            "formation.web.quantity, true,  true,  REVERT, false, false, APPLY",
            "formation.web.quantity, true,  true,  REPORT, false, false, APPLY",
            "formation.web.quantity, true,  true,  ADOPT,  false, false, APPLY",
            "formation.web.quantity, true,  true,  REVERT, true,  false, APPLY",
            "configVars.NEW_RELIC_X, true,  true,  REPORT, true,  false, APPLY",
            // drift follows the mode
            "configVars.LOG_LEVEL,   false, true,  REVERT, false, false, REVERT",
            "configVars.LOG_LEVEL,   false, true,  ADOPT,  false, false, ADOPT",
            "configVars.LOG_LEVEL,   false, true,  REPORT, false, false, REPORT",
            "configVars.LOG_LEVEL,   false, true,  APPROVE, false, false, APPROVE",
            "routes.api,             false, false, APPROVE, false, false, APPROVE",
            "configVars.LOG_LEVEL,   true,  true,  APPROVE, false, false, APPLY",
            "configVars.NEW_RELIC_X, false, true,  APPROVE, true,  false, IGNORE",
            // what cannot be written back into the spec is reported under adopt, never undone
            "addons.db,              false, false, ADOPT,  false, false, REPORT",
            "routes.api,             false, false, ADOPT,  false, false, REPORT",
            "routes.api,             false, false, REVERT, false, false, REVERT",
            // ignore suppresses drift only
            "formation.web.quantity, false, true,  REVERT, true,  false, IGNORE",
            "formation.web.quantity, false, true,  ADOPT,  true,  false, IGNORE",
            "configVars.NEW_RELIC_X, false, true,  REPORT, true,  false, IGNORE",
            // paused: shown, never acted on, spec changes included
            "configVars.LOG_LEVEL,   true,  true,  REVERT, false, true,  PAUSED",
            "configVars.LOG_LEVEL,   false, true,  REVERT, false, true,  PAUSED",
            "configVars.LOG_LEVEL,   false, true,  REVERT, true,  true,  PAUSED",
    })
    void decidesEveryDifferenceByOneRule(String path, boolean specChanged, boolean adoptable, Mode mode, boolean ignored,
                                         boolean paused, Verdict expected) {
        DriftPolicy policy = new DriftPolicy(mode, ignored ? List.of(path.replaceAll("\\.[^.]*$", ".*")) : List.of());
        assertThat(DriftDecision.decide(path, specChanged, adoptable, policy, paused)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"APPLY, true, false", "REVERT, true, true", "ADOPT, false, true", "REPORT, false, true",
            "APPROVE, false, true", "IGNORE, false, false", "PAUSED, false, true"})
    void saysWhetherAVerdictWritesAndWhetherItIsShown(Verdict verdict, boolean writes, boolean shown) {
        assertThat(verdict.writes()).isEqualTo(writes);
        assertThat(verdict.shown()).isEqualTo(shown);
    }
}
