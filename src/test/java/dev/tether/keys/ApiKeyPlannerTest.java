package dev.tether.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ApiKey planner: each phase's step, and as a property that no request ever fails during a rotation. */
class ApiKeyPlannerTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration GRACE = Duration.ofSeconds(30);

    static ApiKeyPlanner.Facts facts(RotationPhase phase, String next, boolean gatewaySendsNext, Instant graceUntil,
                                     Instant requested, Instant now) {
        return new ApiKeyPlanner.Facts("old", next, phase, T0, requested, graceUntil, gatewaySendsNext, now, Duration.ofDays(30));
    }

    static List<ApiKeyPlanner.Target> holding(String... values) {
        List<ApiKeyPlanner.Target> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(ApiKeyPlanner.Target.of("app" + i, "INTERNAL_API_KEY", values[i]));
        }
        return out;
    }

    static Stream<Arguments> steps() {
        Instant later = T0.plusSeconds(60);
        return Stream.of(
                Arguments.of("steady, targets hold the key", holding("old", "old"), facts(RotationPhase.STEADY, null, false, null, null, later), List.of()),
                Arguments.of("steady, a target lost the key", holding("old", null), facts(RotationPhase.STEADY, null, false, null, null, later),
                        List.of("SetTarget:app1:CURRENT")),
                Arguments.of("steady, a target's key changed by hand", holding("typed", "old"), facts(RotationPhase.STEADY, null, false, null, null, later),
                        List.of("SetTarget:app0:CURRENT")),
                Arguments.of("steady, rotation requested", holding("old"), facts(RotationPhase.STEADY, null, false, null, later, later),
                        List.of("StartRotation")),
                Arguments.of("steady, request older than the last rotation", holding("old"),
                        facts(RotationPhase.STEADY, null, false, null, T0.minusSeconds(5), later), List.of()),
                Arguments.of("steady, rotateEvery elapsed", holding("old"),
                        facts(RotationPhase.STEADY, null, false, null, null, T0.plus(Duration.ofDays(31))), List.of("StartRotation")),
                Arguments.of("accept-both, targets not yet", holding("old", "old,new"), facts(RotationPhase.ACCEPT_BOTH, "new", false, null, null, later),
                        List.of("SetTarget:app0:CURRENT_AND_NEXT")),
                Arguments.of("accept-both, all targets accept both", holding("old,new"), facts(RotationPhase.ACCEPT_BOTH, "new", false, null, null, later),
                        List.of("SwitchGateway")),
                Arguments.of("send-new, gateway not confirmed", holding("old,new"), facts(RotationPhase.SEND_NEW, "new", false, null, null, later),
                        List.of()),
                Arguments.of("send-new, gateway confirmed", holding("old,new"), facts(RotationPhase.SEND_NEW, "new", true, null, null, later),
                        List.of("StartGrace")),
                Arguments.of("grace, not over", holding("old,new"), facts(RotationPhase.GRACE, "new", true, later.plusSeconds(1), null, later),
                        List.of()),
                Arguments.of("grace over", holding("old,new", "old,new"), facts(RotationPhase.GRACE, "new", true, later, null, later),
                        List.of("SetTarget:app0:NEXT", "SetTarget:app1:NEXT", "FinishRotation")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("steps")
    void eachPhaseTakesItsStep(String what, List<ApiKeyPlanner.Target> targets, ApiKeyPlanner.Facts facts, List<String> expected) {
        assertThat(ApiKeyPlanner.plan(targets, facts).stream().map(ApiKeyPlannerTest::label).toList()).isEqualTo(expected);
    }

    @Test
    void generatesTheFirstKeyBeforeAnythingElse() {
        ApiKeyPlanner.Facts none = new ApiKeyPlanner.Facts(null, null, RotationPhase.STEADY, null, null, null, false, T0, null);
        assertThat(ApiKeyPlanner.plan(holding((String) null), none)).containsExactly(new KeyAction.GenerateKey());
    }

    @Test
    void adoptsTheValueATargetHoldsInsteadOfGeneratingOne() {
        ApiKeyPlanner.Facts none = new ApiKeyPlanner.Facts(null, null, RotationPhase.STEADY, null, null, null, false, T0, null);
        List<KeyAction> actions = ApiKeyPlanner.planPass(holding(null, "terraform-made-key"), none, true, true).actions();
        assertThat(actions).containsExactly(new KeyAction.AdoptKey("app1", "INTERNAL_API_KEY"));
        assertThat(actions.toString()).doesNotContain("terraform-made-key");
    }

    @Test
    void adoptingWaitsForAnUnreadTargetRatherThanGenerating() {
        ApiKeyPlanner.Facts none = new ApiKeyPlanner.Facts(null, null, RotationPhase.STEADY, null, null, null, false, T0, null);
        assertThat(ApiKeyPlanner.planPass(holding((String) null), none, true, false).actions()).isEmpty();
        assertThat(ApiKeyPlanner.planPass(holding((String) null), none, true, true).actions())
                .as("every target read and none holds a key: one is generated").containsExactly(new KeyAction.GenerateKey());
    }

    @Test
    void noActionOrFactsTextCarriesAKey() {
        ApiKeyPlanner.Facts f = facts(RotationPhase.GRACE, "new-secret", true, T0, null, T0.plusSeconds(60));
        List<KeyAction> actions = ApiKeyPlanner.plan(holding("old,new-secret"), f);
        assertThat(actions.toString() + f + holding("old,new-secret")).doesNotContain("new-secret").doesNotContain("old,");
    }

    /**
     * A whole rotation, driven pass by pass with the gateway switching some passes after it was
     * asked to and the process "crashing" after a random prefix of a pass's actions: at every
     * moment each target accepts the key the gateway sends, and the rotation ends with every
     * target holding only the new key.
     */
    @Property(tries = 500)
    void noRequestFailsAtAnyMomentOfARotation(@ForAll @IntRange(min = 1, max = 4) int targetCount,
                                              @ForAll @IntRange(min = 0, max = 3) int gatewayLag,
                                              @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 3) Integer> crashes,
                                              @ForAll boolean separateVar) {
        // what each app's config holds: INTERNAL_API_KEY and (separateVar) INTERNAL_API_KEY_PREVIOUS
        Map<String, Map<String, String>> held = new LinkedHashMap<>();
        for (int i = 0; i < targetCount; i++) {
            Map<String, String> config = new HashMap<>();
            config.put("INTERNAL_API_KEY", "old");
            held.put("app" + i, config);
        }
        String previousVar = separateVar ? "INTERNAL_API_KEY_PREVIOUS" : null;
        String current = "old";
        String next = null;
        RotationPhase phase = RotationPhase.STEADY;
        String gatewaySends = "old";
        Instant now = T0.plusSeconds(10);
        Instant rotatedAt = T0;
        Instant graceUntil = null;
        int switchAskedAt = -1;
        Instant requested = now;
        for (int pass = 0; pass < 60; pass++) {
            boolean confirmed = phase.gatewaySendsNext() && gatewaySends.equals(next);
            List<ApiKeyPlanner.Target> targets = held.entrySet().stream()
                    .map(e -> new ApiKeyPlanner.Target(e.getKey(), "id-" + e.getKey(), "INTERNAL_API_KEY", previousVar,
                            e.getValue().get("INTERNAL_API_KEY"), previousVar == null ? null : e.getValue().get(previousVar),
                            null, false, null, false, null)).toList();
            List<KeyAction> actions = ApiKeyPlanner.plan(targets, new ApiKeyPlanner.Facts(current, next, phase, rotatedAt, requested,
                    graceUntil, confirmed, now, null));
            int limit = pass < crashes.size() ? Math.min(actions.size(), actions.size() - crashes.get(pass) % (actions.size() + 1)) : actions.size();
            for (KeyAction a : actions.subList(0, Math.max(0, limit))) {
                switch (a) {
                    case KeyAction.GenerateKey g -> throw new AssertionError("the key exists");
                    case KeyAction.AdoptKey adopt -> throw new AssertionError("the key exists");
                    case KeyAction.SetTarget s -> {
                        Map<String, String> config = held.get(s.app());
                        ApiKeyPlanner.values(s, current, next).forEach((k, v) -> {
                            if (v == null) {
                                config.remove(k);
                            } else {
                                config.put(k, v);
                            }
                        });
                    }
                    case KeyAction.StartRotation r -> {
                        next = next == null ? "new" : next;
                        phase = RotationPhase.ACCEPT_BOTH;
                    }
                    case KeyAction.SwitchGateway sw -> {
                        phase = RotationPhase.SEND_NEW;
                        switchAskedAt = pass;
                    }
                    case KeyAction.StartGrace gr -> {
                        phase = RotationPhase.GRACE;
                        graceUntil = now.plus(GRACE);
                    }
                    case KeyAction.FinishRotation f -> {
                        current = next;
                        phase = RotationPhase.STEADY;
                        rotatedAt = now;
                        next = null;
                        graceUntil = null;
                    }
                }
                assertAccepted(held, gatewaySends, separateVar);
            }
            // the gateway follows the phase some passes later (as the KongService reconciler does)
            if (phase.gatewaySendsNext() && switchAskedAt >= 0 && pass - switchAskedAt >= gatewayLag) {
                gatewaySends = next;
            }
            assertAccepted(held, gatewaySends, separateVar);
            now = now.plusSeconds(10);
        }
        assertThat(current).isEqualTo("new");
        assertThat(phase).isEqualTo(RotationPhase.STEADY);
        assertThat(gatewaySends).isEqualTo("new");
        for (Map<String, String> config : held.values()) {
            assertThat(config).as("after the rotation only the new key is held, in one var").containsExactly(Map.entry("INTERNAL_API_KEY", "new"));
        }
    }

    /**
     * What a backend checks: the list form splits the var on commas; the separateVar form
     * compares for plain equality with each of the two vars, no parsing. With separateVar the
     * main var never holds more than one key.
     */
    private static void assertAccepted(Map<String, Map<String, String>> held, String sent, boolean separateVar) {
        held.forEach((app, config) -> {
            String value = config.get("INTERNAL_API_KEY");
            if (separateVar) {
                assertThat(value).as(app + " holds one key in its var").doesNotContain(",");
                assertThat(sent.equals(value) || sent.equals(config.get("INTERNAL_API_KEY_PREVIOUS")))
                        .as(app + " accepts what the gateway sends by equality: " + config).isTrue();
            } else {
                assertThat(value == null ? List.of() : Arrays.asList(value.split(",")))
                        .as(app + " accepts what the gateway sends").contains(sent);
            }
        });
    }

    private static String label(KeyAction a) {
        return a instanceof KeyAction.SetTarget s ? "SetTarget:" + s.app() + ":" + s.value() : a.getClass().getSimpleName();
    }
}
