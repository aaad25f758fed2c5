package dev.tether.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.reconcile.DriftDecision.Verdict;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each difference of a plan becomes one step with from (the world) and to (the spec), held where the pass holds it. */
class PlanStepTest {

    @ParameterizedTest(name = "{0} covered={1} -> {2} held={3}")
    @CsvSource({
            "APPLY,   true,  update,  false",
            "REVERT,  true,  revert,  false",
            "REPORT,  false, report,  true",
            "APPROVE, false, approve, true",
            "PAUSED,  false, paused,  true",
            // a write no action covers was held as destructive
            "REVERT,  false, held,    true",
            "APPLY,   false, held,    true",
    })
    void stepSaysWhatThePassDoesAndWhatItHoldsBack(Verdict verdict, boolean covered, String action, boolean held) {
        PassReport.Finding f = new PassReport.Finding("formation.web.quantity", 2, 5, "dashboard@example.com", verdict);
        PlanStep step = PlanStep.of("HerokuApp", "orders", f, covered ? Map.of("formation.web.quantity", "scale web=2") : Map.of());
        assertThat(step.action()).isEqualTo(action);
        assertThat(step.held() != null && step.held()).isEqualTo(held);
        assertThat(step.from()).as("from is the world's value").isEqualTo(5);
        assertThat(step.to()).as("to is the spec's value").isEqualTo(2);
        assertThat(step.actor()).isEqualTo("dashboard@example.com");
        assertThat(step.path()).isEqualTo("formation.web.quantity");
        if (!held) {
            assertThat(step.description()).as("what the pass does, in the action's words").isEqualTo("scale web=2");
        }
    }

    @ParameterizedTest
    @CsvSource({"ADOPT"})
    void adoptChangesTheSpecToTheWorldsValue(Verdict verdict) {
        PlanStep step = PlanStep.of("HerokuApp", "orders", new PassReport.Finding("maintenance", false, true, null, verdict), Map.of());
        assertThat(step.action()).isEqualTo("adopt");
        assertThat(step.from()).isEqualTo(false);
        assertThat(step.to()).isEqualTo(true);
        assertThat(step.held()).isNull();
    }
}
