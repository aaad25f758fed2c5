package dev.tether.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.reconcile.DriftDecision.Verdict;
import dev.tether.reconcile.PassReport.Finding;
import dev.tether.status.Condition;
import dev.tether.status.ConditionStatus;
import dev.tether.status.NewEvent;
import dev.tether.status.ResourceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatusDerivationTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant NOW = T0.plusSeconds(60);

    private static ResourceStatus readyAt(long generation) {
        return ResourceStatus.pending(T0).withConditions(List.of(
                new Condition(Condition.READY, ConditionStatus.TRUE, "InSync", "ok", T0),
                new Condition(Condition.SYNCED, ConditionStatus.TRUE, "InSync", "ok", T0)))
                .withExternal(Map.of("id", "a1")).reconciled(generation, T0).withAppliedGeneration(generation);
    }

    private static PassReport report(List<Finding> findings, List<ActionResult> results, List<String> held,
                                     PassReport.Blocker blocker, boolean paused) {
        return new PassReport(2, findings, results, held, blocker, paused, Map.of("id", "a1"), List.of(), "It matches");
    }

    private static Finding drift(String path, Verdict v) {
        return new Finding(path, "info", "debug", "dashboard@example.com", v);
    }

    private static ActionResult applied(String path) {
        return new ActionResult.Applied(List.of(path), "set " + path, "ConfigVarsSet");
    }

    private static ActionResult refused(String path) {
        return new ActionResult.Refused(List.of(path), "scale worker", "ProcessTypeMissing", "Couldn't find that process type (worker).");
    }

    private static ActionResult retryable(String path) {
        return new ActionResult.Retryable(List.of(path), "set " + path, "503 Service Unavailable", Optional.of(Duration.ofSeconds(7)), false);
    }

    static Stream<Arguments> passes() {
        return Stream.of(
                Arguments.of("nothing differs", report(List.of(), List.of(), List.of(), null, false),
                        "True/InSync", "True", "False", 2L),
                Arguments.of("a spec change just applied", report(List.of(drift("configVars.A", Verdict.APPLY)),
                        List.of(applied("configVars.A")), List.of(), null, false), "False/Progressing", "False", "False", 1L),
                Arguments.of("drift reverted", report(List.of(drift("configVars.A", Verdict.REVERT)),
                        List.of(applied("configVars.A")), List.of(), null, false), "False/Progressing", "False", "False", 2L),
                Arguments.of("drift reported", report(List.of(drift("configVars.A", Verdict.REPORT)), List.of(), List.of(), null, false),
                        "True/DriftReported", "False", "True", 2L),
                Arguments.of("one action refused, another applied", report(List.of(drift("formation.worker.quantity", Verdict.APPLY),
                        drift("configVars.A", Verdict.REVERT)), List.of(refused("formation.worker.quantity"), applied("configVars.A")),
                        List.of(), null, false), "False/ProcessTypeMissing", "False", "False", 1L),
                Arguments.of("a transient failure keeps Ready", report(List.of(drift("configVars.A", Verdict.REVERT)),
                        List.of(retryable("configVars.A")), List.of(), null, false), "True/InSync", "False", "True", 2L),
                Arguments.of("a destructive action held", report(List.of(drift("addons.db", Verdict.APPLY)), List.of(),
                        List.of("destroy add-on db"), null, false), "False/DestructiveActionHeld", "False", "False", 1L),
                Arguments.of("blocked", report(List.of(), List.of(), List.of(), new PassReport.Blocker("RequiresReplacement", "region"), false),
                        "False/RequiresReplacement", "False", "False", 1L),
                Arguments.of("paused with a difference", report(List.of(drift("configVars.A", Verdict.PAUSED)), List.of(), List.of(), null, true),
                        "False/Paused", "False", "True", 1L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passes")
    void derivesConditionsAndTheAppliedGeneration(String name, PassReport report, String ready, String synced, String drifted,
                                                  long appliedGeneration) {
        ResourceStatus s = StatusDerivation.derive(readyAt(1), report, NOW).status();
        Condition r = s.condition(Condition.READY).orElseThrow();
        assertThat(r.status() + "/" + r.reason()).isEqualTo(ready);
        assertThat(s.condition(Condition.SYNCED).orElseThrow().status()).isEqualTo(ConditionStatus.fromLabel(synced));
        assertThat(s.condition(Condition.DRIFTED).orElseThrow().status()).isEqualTo(ConditionStatus.fromLabel(drifted));
        assertThat(s.observedGeneration()).as("every pass observes the generation it acted on").isEqualTo(2);
        assertThat(s.lastAppliedGeneration()).isEqualTo(appliedGeneration);
        assertThat(s.lastReconciledAt()).isEqualTo(NOW);
    }

    @Test
    void revertedDriftIsRecordedOnceWithItsActorAndLeavesNoDrift() {
        StatusDerivation.Derived d = StatusDerivation.derive(readyAt(1), report(List.of(drift("configVars.A", Verdict.REVERT)),
                List.of(applied("configVars.A")), List.of(), null, false), NOW);
        assertThat(d.events()).extracting(NewEvent::reason).containsExactly("DriftDetected", "ConfigVarsSet", "DriftReverted");
        assertThat(d.events().getFirst().actor()).isEqualTo("dashboard@example.com");
        assertThat(d.events().get(1).actor()).isEqualTo("tether");
        assertThat(d.status().drift()).isEmpty();
        assertThat(d.retry()).isEmpty();
    }

    @Test
    void aRefusalIsRecordedOnceAcrossPasses() {
        PassReport pass = report(List.of(drift("formation.worker.quantity", Verdict.APPLY)),
                List.of(refused("formation.worker.quantity")), List.of(), null, false);
        StatusDerivation.Derived first = StatusDerivation.derive(readyAt(1), pass, NOW);
        StatusDerivation.Derived second = StatusDerivation.derive(first.status(), pass, NOW.plusSeconds(30));
        assertThat(first.events()).extracting(NewEvent::reason).containsExactly("ReconcileFailed");
        assertThat(second.events()).isEmpty();
        assertThat(second.status().condition(Condition.READY).orElseThrow().lastTransitionTime())
                .as("Ready=False since the first refusal").isEqualTo(NOW);
    }

    @Test
    void reportedDriftKeepsWhenItWasFirstSeen() {
        PassReport pass = report(List.of(drift("configVars.A", Verdict.REPORT)), List.of(), List.of(), null, false);
        StatusDerivation.Derived first = StatusDerivation.derive(readyAt(1), pass, NOW);
        StatusDerivation.Derived second = StatusDerivation.derive(first.status(), pass, NOW.plusSeconds(30));
        assertThat(first.events()).extracting(NewEvent::reason).containsExactly("DriftDetected");
        assertThat(second.events()).isEmpty();
        assertThat(second.status().drift().getFirst().firstSeen()).isEqualTo(NOW);
    }

    @Test
    void aTransientFailureAsksForARetryHonouringRetryAfter() {
        StatusDerivation.Derived d = StatusDerivation.derive(readyAt(1), report(List.of(drift("configVars.A", Verdict.REVERT)),
                List.of(retryable("configVars.A")), List.of(), null, false), NOW);
        assertThat(d.retry()).hasValueSatisfying(r -> assertThat(r.retryAfter()).contains(Duration.ofSeconds(7)));
        assertThat(d.status().condition(Condition.SYNCED).orElseThrow().reason()).isEqualTo("ApiError");
    }

    @Test
    void adoptedDriftIsNotShownAsDrift() {
        StatusDerivation.Derived d = StatusDerivation.derive(readyAt(1), report(List.of(drift("formation.web.quantity", Verdict.ADOPT)),
                List.of(), List.of(), null, false), NOW);
        assertThat(d.status().drift()).isEmpty();
        assertThat(d.events()).isEmpty();
    }

    @Test
    void aHeldDestructiveActionIsAWarningEventOnceWhenFirstHeld() {
        PassReport held = report(List.of(drift("addons.db", Verdict.APPLY)), List.of(), List.of("destroy add-on db (heroku-postgresql:standard-2)"),
                null, false);

        StatusDerivation.Derived first = StatusDerivation.derive(readyAt(1), held, NOW);
        StatusDerivation.Derived again = StatusDerivation.derive(first.status(), held, NOW.plusSeconds(30));

        assertThat(first.events()).filteredOn(e -> e.reason().equals("DestructiveActionHeld")).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(dev.tether.status.EventType.Warning);
            assertThat(e.message()).contains("destroy add-on db (heroku-postgresql:standard-2)");
        });
        assertThat(again.events()).noneMatch(e -> e.reason().equals("DestructiveActionHeld"));
    }
}
