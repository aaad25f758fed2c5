package dev.tether.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.manifest.DriftPolicy;
import dev.tether.reconcile.DriftDecision.Verdict;
import dev.tether.reconcile.PassReport;
import dev.tether.reconcile.StatusDerivation;
import dev.tether.status.Condition;
import dev.tether.status.ConditionStatus;
import dev.tether.status.ResourceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How the ApiKey planner tells Tether's own writes (a rotation step, a recreated app, a new
 * target) from drift, and what each drift policy then does, in every rotation phase; and the
 * back-off when two owners fight over one var.
 */
class ApiKeyDriftTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant NOW = T0.plusSeconds(60);
    static final String PATH = "targets.api.INTERNAL_API_KEY";

    /** Phase facts: version 1, key "old", rotating to "new"; GRACE_OVER is the grace period's end. */
    enum Moment {
        STEADY(RotationPhase.STEADY, null, null, null),
        ACCEPT_BOTH(RotationPhase.ACCEPT_BOTH, "new", null, KeyAction.Value.CURRENT),
        SEND_NEW(RotationPhase.SEND_NEW, "new", null, null),
        GRACE(RotationPhase.GRACE, "new", NOW.plusSeconds(30), null),
        GRACE_OVER(RotationPhase.GRACE, "new", NOW, KeyAction.Value.CURRENT_AND_NEXT);

        final RotationPhase phase;
        final String next;
        final Instant graceUntil;
        /** What the previous phase had Tether set (null: the phase expects what the last one did; Tether moves the target by recreating its app). */
        final KeyAction.Value before;

        Moment(RotationPhase phase, String next, Instant graceUntil, KeyAction.Value before) {
            this.phase = phase;
            this.next = next;
            this.graceUntil = graceUntil;
            this.before = before;
        }

        ApiKeyPlanner.Facts facts(DriftPolicy policy, boolean paused) {
            return new ApiKeyPlanner.Facts("old", next, phase, T0, null, graceUntil, true, NOW, null, 1, policy, paused);
        }
    }

    static ApiKeyPlanner.Target target(String appId, String recorded, String observed, String actor, boolean tether,
                                       ApiKeyPlanner.Streak streak) {
        return new ApiKeyPlanner.Target("api", appId, "INTERNAL_API_KEY", null, observed, null, recorded, true, actor, tether, streak);
    }

    /** A target Tether had set to exactly what the moment expects, holding a value typed by hand. */
    static ApiKeyPlanner.Target drifted(Moment m, DriftPolicy policy) {
        ApiKeyPlanner.Facts f = m.facts(policy, false);
        String label = ApiKeyPlanner.label(target("app-1", null, null, null, false, null), ApiKeyPlanner.expected(f), f);
        return target("app-1", label, "typed-by-hand", "dashboard@example.com", false, null);
    }

    /** A target that holds what Tether last set, which the moment has moved on from. */
    static ApiKeyPlanner.Target moved(Moment m, DriftPolicy policy) {
        ApiKeyPlanner.Facts f = m.facts(policy, false);
        if (m.before == null) {
            // the app was recreated: same var, a new app id that holds nothing yet
            String old = ApiKeyPlanner.label(target("app-1", null, null, null, false, null), KeyAction.Value.CURRENT, f);
            return target("app-2", old, null, null, false, null);
        }
        String old = ApiKeyPlanner.label(target("app-1", null, null, null, false, null), m.before, f);
        return target("app-1", old, ApiKeyPlanner.valueFor(m.before, "old", "new"), null, false, null);
    }

    static DriftPolicy policy(String mode, boolean ignored) {
        return new DriftPolicy(DriftPolicy.Mode.valueOf(mode), ignored ? List.of("targets.api.*") : List.of());
    }

    static Stream<Arguments> table() {
        List<Arguments> rows = new ArrayList<>();
        for (Moment m : Moment.values()) {
            for (String mode : List.of("REVERT", "ADOPT", "REPORT")) {
                for (boolean ignored : List.of(false, true)) {
                    // drift: the policy decides (a generated key cannot be adopted into the spec: reported)
                    Verdict drift = ignored ? null : mode.equals("REVERT") ? Verdict.REVERT : Verdict.REPORT;
                    rows.add(Arguments.of(m, mode, ignored, false, true, drift, drift == Verdict.REVERT));
                    // Tether's own move: applied whatever the mode or ignore says, never drift
                    rows.add(Arguments.of(m, mode, ignored, false, false, Verdict.APPLY, true));
                    // paused: shown, nothing written
                    rows.add(Arguments.of(m, mode, ignored, true, true, Verdict.PAUSED, false));
                    rows.add(Arguments.of(m, mode, ignored, true, false, Verdict.PAUSED, false));
                }
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} mode={1} ignored={2} paused={3} drift={4} -> {5}, writes={6}")
    @MethodSource("table")
    void eachDifferenceIsDecidedByTheSharedDriftDecision(Moment m, String mode, boolean ignored, boolean paused,
                                                          boolean isDrift, Verdict verdict, boolean writes) {
        DriftPolicy policy = policy(mode, ignored);
        ApiKeyPlanner.Target t = isDrift ? drifted(m, policy) : moved(m, policy);
        ApiKeyPlanner.Plan plan = ApiKeyPlanner.planPass(List.of(t), m.facts(policy, paused));

        assertThat(plan.findings()).as("findings").hasSizeLessThanOrEqualTo(1);
        Verdict found = plan.findings().isEmpty() ? null : plan.findings().getFirst().verdict();
        assertThat(found).isEqualTo(verdict);
        assertThat(plan.actions().stream().anyMatch(a -> a instanceof KeyAction.SetTarget)).as("writes the target").isEqualTo(writes);
        if (found != null) {
            PassReport.Finding f = plan.findings().getFirst();
            assertThat(f.path()).isEqualTo(PATH);
            assertThat(f.actor()).isEqualTo(isDrift ? "dashboard@example.com" : null);
            assertThat(f.desired() + " " + f.observed()).doesNotContain("old").doesNotContain("new").doesNotContain("typed-by-hand");
        }
        if (m == Moment.GRACE_OVER && !paused) {
            // the rotation finishes only once every target holds the new key (or is being set to it)
            assertThat(plan.actions().stream().anyMatch(a -> a instanceof KeyAction.FinishRotation)).isEqualTo(writes);
        }
    }

    @Test
    void aTargetHoldingWhatTheRotationExpectsIsConfirmedNotChanged() {
        ApiKeyPlanner.Facts f = Moment.SEND_NEW.facts(DriftPolicy.DEFAULT, false);
        String label = ApiKeyPlanner.label(target("app-1", null, null, null, false, null), KeyAction.Value.CURRENT_AND_NEXT, f);
        ApiKeyPlanner.Plan plan = ApiKeyPlanner.planPass(List.of(target("app-1", "app-1/list/v1", "old,new", null, false,
                new ApiKeyPlanner.Streak(1, null))), f);
        assertThat(plan.findings()).isEmpty();
        assertThat(plan.actions()).containsExactly(new KeyAction.StartGrace());
        assertThat(plan.confirmed()).containsExactly(Map.entry("api/INTERNAL_API_KEY", label));
        assertThat(plan.streaks()).as("a var that holds the key ends a fight").isEmpty();
    }

    // ----- two owners of one var (issue 13 item 2): the safety net for claims stored before validation refused them

    static ApiKeyPlanner.Plan steady(ApiKeyPlanner.Target t, Instant now) {
        return ApiKeyPlanner.planPass(List.of(t), new ApiKeyPlanner.Facts("old", null, RotationPhase.STEADY, T0, null, null,
                true, now, null, 1, DriftPolicy.DEFAULT, false));
    }

    static ApiKeyPlanner.Target changedByTether(ApiKeyPlanner.Streak streak) {
        return target("app-1", "app-1/list/v1", "the-other-owners-key", "tether@sandbox.local", true, streak);
    }

    @Test
    void revertsTheFirstChangeByTethersOwnAccountAndRemembersIt() {
        ApiKeyPlanner.Plan plan = steady(changedByTether(null), NOW);
        assertThat(plan.actions()).hasSize(1).first().isInstanceOf(KeyAction.SetTarget.class);
        assertThat(plan.findings().getFirst().verdict()).isEqualTo(Verdict.REVERT);
        assertThat(plan.streaks()).containsExactly(Map.entry("api/INTERNAL_API_KEY", new ApiKeyPlanner.Streak(1, null)));
        assertThat(plan.conflicts()).isEmpty();
    }

    @Test
    void undoingItsOwnRevertAgainBacksOffAndSaysSo() {
        ApiKeyPlanner.Plan plan = steady(changedByTether(new ApiKeyPlanner.Streak(1, null)), NOW);
        assertThat(plan.actions()).as("no flip this pass").isEmpty();
        assertThat(plan.findings().getFirst().verdict()).isEqualTo(Verdict.REPORT);
        assertThat(plan.conflicts()).containsExactly(new ApiKeyPlanner.Conflict("api", "INTERNAL_API_KEY", "tether@sandbox.local",
                NOW.plus(ApiKeyPlanner.CONFLICT_BASE)));

        // in the derivation's terms: Ready=False, reason OwnershipConflict, naming the var and the app
        PassReport report = new PassReport(3, plan.findings(), List.of(), List.of(), ApiKeyPlanner.ownershipBlocker(plan.conflicts()),
                false, Map.of(), List.of(), "Key version 1 is set on 1 target(s)");
        StatusDerivation.Derived d = StatusDerivation.derive(ResourceStatus.pending(T0), report, NOW);
        Condition ready = d.status().condition(Condition.READY).orElseThrow();
        assertThat(ready.status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(ready.reason()).isEqualTo("OwnershipConflict");
        assertThat(ready.message()).contains("INTERNAL_API_KEY on api").contains("another owner");
        assertThat(d.status().condition(Condition.DRIFTED).orElseThrow().status()).isEqualTo(ConditionStatus.TRUE);
        assertThat(d.events()).extracting(e -> e.reason()).containsExactly("DriftDetected");
        assertThat(d.events().getFirst().message()).doesNotContain("the-other-owners-key");
    }

    @Test
    void staysHeldUntilTheHoldEndsThenTriesOnceAndHoldsTwiceAsLong() {
        Instant until = NOW.plus(ApiKeyPlanner.CONFLICT_BASE);
        ApiKeyPlanner.Plan held = steady(changedByTether(new ApiKeyPlanner.Streak(1, until)), until.minusSeconds(1));
        assertThat(held.actions()).isEmpty();
        assertThat(held.streaks().get("api/INTERNAL_API_KEY")).isEqualTo(new ApiKeyPlanner.Streak(1, until));

        ApiKeyPlanner.Plan retried = steady(changedByTether(new ApiKeyPlanner.Streak(1, until)), until);
        assertThat(retried.actions()).as("one more revert once the hold is over").hasSize(1);
        assertThat(retried.streaks().get("api/INTERNAL_API_KEY")).isEqualTo(new ApiKeyPlanner.Streak(2, null));

        ApiKeyPlanner.Plan again = steady(changedByTether(new ApiKeyPlanner.Streak(2, null)), until.plusSeconds(1));
        assertThat(again.actions()).isEmpty();
        assertThat(again.conflicts().getFirst().holdUntil()).isEqualTo(until.plusSeconds(1).plus(ApiKeyPlanner.CONFLICT_BASE.multipliedBy(2)));
        assertThat(ApiKeyPlanner.hold(40)).isEqualTo(ApiKeyPlanner.CONFLICT_CAP);
    }

    @Test
    void aPersonsChangeIsRevertedAtOnceEvenDuringAFight() {
        ApiKeyPlanner.Target person = target("app-1", "app-1/list/v1", "typed", "dashboard@example.com", false,
                new ApiKeyPlanner.Streak(3, NOW.plus(Duration.ofMinutes(5))));
        ApiKeyPlanner.Plan plan = steady(person, NOW);
        assertThat(plan.actions()).hasSize(1);
        assertThat(plan.findings().getFirst().verdict()).isEqualTo(Verdict.REVERT);
        assertThat(plan.streaks()).isEmpty();
    }
}
