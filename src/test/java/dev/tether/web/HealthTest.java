package dev.tether.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.status.Condition;
import dev.tether.status.ConditionStatus;
import dev.tether.status.ResourceStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @ParameterizedTest(name = "deleting={0} paused={1} Ready={2}/{3} drift={4} observed={5} -> {6}")
    @CsvSource({
            "false, false, True, InSync, false, 3, READY",
            "false, false, True, InSync, false, 2, PROGRESSING",
            "false, false, True, DriftReported, true, 3, DRIFTED",
            "false, false, False, Progressing, true, 3, DRIFTED",
            "false, false, False, Progressing, false, 3, PROGRESSING",
            "false, false, False, WaitingForDependency, false, 3, PROGRESSING",
            "false, false, Unknown, Pending, false, , PROGRESSING",
            "false, false, False, ApiError, true, 3, FAILED",
            "false, false, False, RequiresReplacement, false, 3, FAILED",
            "false, true, False, ApiError, false, 3, PAUSED",
            "true, true, True, InSync, false, 3, DELETING",
            "false, false, False, Paused, false, 3, PROGRESSING",
    })
    void worstNewsFirst(boolean deleting, boolean paused, String ready, String reason, boolean drift, Long observed, Health expected) {
        List<ResourceStatus.Drift> d = drift ? List.of(new ResourceStatus.Drift("configVars.X", "a", "b", NOW, null)) : List.of();
        ResourceStatus s = ResourceStatus.pending(NOW)
                .withConditions(List.of(new Condition(Condition.READY, ConditionStatus.fromLabel(ready), reason, "m", NOW)))
                .withDrift(d).reconciled(observed, NOW).withAppliedGeneration(observed);
        assertThat(Health.of(deleting, paused, 3, s)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "Ready={0}/{1} Secured={2} drift={3} -> {4}")
    @CsvSource({
            "True, InSync, True, false, READY",
            "True, InSync, False, false, UNSECURED",
            "True, InSync, Unknown, false, UNPROVEN",
            "True, DriftReported, False, true, UNSECURED",
            "True, DriftReported, Unknown, true, DRIFTED",
            "False, ApiError, False, false, UNSECURED",
            "False, ApiError, Unknown, false, FAILED",
            "False, WaitingForDependency, Unknown, false, PROGRESSING",
    })
    void aBrokenLockIsAFailureAndAnUnprovenOneNeverReady(String ready, String reason, String secured, boolean drift, Health expected) {
        List<ResourceStatus.Drift> d = drift ? List.of(new ResourceStatus.Drift("routes[0].paths", "a", "b", NOW, null)) : List.of();
        ResourceStatus s = ResourceStatus.pending(NOW).withConditions(List.of(
                new Condition(Condition.READY, ConditionStatus.fromLabel(ready), reason, "m", NOW),
                new Condition("Secured", ConditionStatus.fromLabel(secured), "Probe", "m", NOW))).reconciled(3L, NOW).withDrift(d);
        assertThat(Health.of(false, false, 3, s)).isEqualTo(expected);
    }
}
