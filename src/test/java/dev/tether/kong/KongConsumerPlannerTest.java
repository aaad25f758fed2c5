package dev.tether.kong;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.manifest.DriftPolicy;
import dev.tether.reconcile.DriftDecision.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The KongConsumer planner: consumer, owned keys and groups; others' credentials and groups left alone. */
class KongConsumerPlannerTest {

    static final KongConsumerPlanner.Desired DESIRED = new KongConsumerPlanner.Desired("mobile", null,
            List.of(new KongConsumerPlanner.DesiredKey("primary", "cred-1", "k1")), Set.of("partners"));
    static final Optional<ObservedConsumer> CONSUMER = Optional.of(new ObservedConsumer("c-1", "mobile", null, List.of()));

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("nothing in Kong yet", new KongConsumerPlanner.Observed(Optional.empty(), Map.of(), Set.of(), Set.of()),
                        List.of("set consumer mobile", "set key-auth key primary", "add to ACL group partners")),
                Arguments.of("in sync", new KongConsumerPlanner.Observed(CONSUMER, Map.of("cred-1", "k1"), Set.of("partners"), Set.of("partners")),
                        List.of()),
                Arguments.of("key changed by hand", new KongConsumerPlanner.Observed(CONSUMER, Map.of("cred-1", "typed"), Set.of("partners"), Set.of("partners")),
                        List.of("set key-auth key primary")),
                Arguments.of("an owned credential no longer declared", new KongConsumerPlanner.Observed(CONSUMER,
                        Map.of("cred-1", "k1", "cred-old", "x"), Set.of("partners"), Set.of("partners")),
                        List.of("delete key-auth credential cred-old")),
                Arguments.of("someone else's group is kept", new KongConsumerPlanner.Observed(CONSUMER, Map.of("cred-1", "k1"),
                        Set.of("partners"), Set.of("partners", "ops")), List.of()),
                Arguments.of("an owned group no longer declared", new KongConsumerPlanner.Observed(CONSUMER, Map.of("cred-1", "k1"),
                        Set.of("partners", "beta"), Set.of("partners", "beta")), List.of("remove from ACL group beta")),
                Arguments.of("group removed by hand", new KongConsumerPlanner.Observed(CONSUMER, Map.of("cred-1", "k1"), Set.of(), Set.of()),
                        List.of("add to ACL group partners")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plansOnlyWhatDiffers(String what, KongConsumerPlanner.Observed observed, List<String> expected) {
        List<ConsumerAction> actions = KongConsumerPlanner.plan(DESIRED, observed);
        assertThat(actions).extracting(ConsumerAction::describe).containsExactlyElementsOf(expected);
        assertThat(actions.toString() + observed + DESIRED).doesNotContain("k1");
    }

    // ---- the per-path decision: the same world and spec; only what was last applied differs

    static final KongConsumerPlanner.Observed CONVERGED = new KongConsumerPlanner.Observed(CONSUMER, Map.of("cred-1", "k1"),
            Set.of("partners"), Set.of("partners"));

    /** One field kind: the spec before and after a change at {@code path}; Kong holds the spec before. */
    record FieldKind(String path, KongConsumerPlanner.Desired before, KongConsumerPlanner.Desired after,
                     KongConsumerPlanner.Observed world, boolean adoptable) {
        @Override
        public String toString() {
            return path;
        }
    }

    static final KongConsumerPlanner.Desired BARE = new KongConsumerPlanner.Desired("mobile", null, List.of(), Set.of());

    static List<FieldKind> fieldKinds() {
        KongConsumerPlanner.DesiredKey second = new KongConsumerPlanner.DesiredKey("second", "cred-2", "k2");
        return List.of(
                new FieldKind("customId", DESIRED, new KongConsumerPlanner.Desired("mobile", "app-7", DESIRED.keys(), DESIRED.groups()),
                        CONVERGED, true),
                new FieldKind("acls.beta", DESIRED, new KongConsumerPlanner.Desired("mobile", null, DESIRED.keys(), Set.of("partners", "beta")),
                        CONVERGED, true),
                new FieldKind("acls.partners", DESIRED, new KongConsumerPlanner.Desired("mobile", null, DESIRED.keys(), Set.of()),
                        CONVERGED, true),
                new FieldKind("keyAuth.second", DESIRED, new KongConsumerPlanner.Desired("mobile", null,
                        List.of(DESIRED.keys().getFirst(), second), DESIRED.groups()), CONVERGED, false),
                new FieldKind("keyAuth.cred-1", DESIRED, new KongConsumerPlanner.Desired("mobile", null, List.of(), DESIRED.groups()),
                        CONVERGED, false),
                new FieldKind("consumer", BARE, BARE,
                        new KongConsumerPlanner.Observed(Optional.empty(), Map.of(), Set.of(), Set.of()), false));
    }

    enum Mode { REVERT, ADOPT, REPORT, IGNORE, PAUSED }

    static DriftPolicy policy(Mode m, String path) {
        return switch (m) {
            case REVERT, PAUSED -> DriftPolicy.DEFAULT;
            case ADOPT -> new DriftPolicy(DriftPolicy.Mode.ADOPT, List.of());
            case REPORT -> new DriftPolicy(DriftPolicy.Mode.REPORT, List.of());
            case IGNORE -> new DriftPolicy(DriftPolicy.Mode.REVERT, List.of(path));
        };
    }

    static Stream<Arguments> decisions() {
        List<Arguments> out = new java.util.ArrayList<>();
        for (FieldKind f : fieldKinds()) {
            for (Mode m : Mode.values()) {
                Verdict drift = switch (m) {
                    case REVERT -> Verdict.REVERT;
                    case ADOPT -> f.adoptable() ? Verdict.ADOPT : Verdict.REPORT;
                    case REPORT -> Verdict.REPORT;
                    case IGNORE -> Verdict.IGNORE;
                    case PAUSED -> Verdict.PAUSED;
                };
                if (!f.path().equals("consumer")) {
                    // a consumer missing in Kong is always drift once something was applied
                    out.add(Arguments.of(f, m, true, m == Mode.PAUSED ? Verdict.PAUSED : Verdict.APPLY));
                }
                out.add(Arguments.of(f, m, false, drift));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} specChanged={2} -> {3}")
    @MethodSource("decisions")
    void decidesEachPathAsSpecChangeOrDrift(FieldKind f, Mode mode, boolean specChanged, Verdict expected) {
        KongConsumerPlanner.ConsumerPlan plan = KongConsumerPlanner.plan(f.after(), specChanged ? f.before() : f.after(), f.world(),
                policy(mode, f.path()), mode == Mode.PAUSED);
        assertThat(plan.differences()).allMatch(d -> d.path().equals(f.path()));
        if (expected == Verdict.IGNORE) {
            assertThat(plan.differences()).isEmpty();
        } else {
            assertThat(plan.differences()).extracting(ServicePlan.Difference::verdict).containsExactly(expected);
        }
        assertThat(plan.steps()).hasSize(expected.writes() ? 1 : 0).allMatch(s -> s.paths().equals(List.of(f.path())));
        assertThat(plan.adoptions()).hasSize(expected == Verdict.ADOPT ? 1 : 0);
        assertThat(plan.toString()).doesNotContain("k1").doesNotContain("k2");
    }

    @org.junit.jupiter.api.Test
    void aKeyChangedInKongIsDriftAndNeverAdoptable() {
        KongConsumerPlanner.Observed typed = new KongConsumerPlanner.Observed(CONSUMER, Map.of("cred-1", "typed"), Set.of("partners"),
                Set.of("partners"));
        KongConsumerPlanner.ConsumerPlan adopt = KongConsumerPlanner.plan(DESIRED, DESIRED, typed,
                new DriftPolicy(DriftPolicy.Mode.ADOPT, List.of()), false);
        assertThat(adopt.differences()).extracting(ServicePlan.Difference::verdict).containsExactly(Verdict.REPORT);
        assertThat(adopt.steps()).isEmpty();
        assertThat(KongConsumerPlanner.plan(DESIRED, DESIRED, typed, DriftPolicy.DEFAULT, false).actions())
                .extracting(ConsumerAction::describe).containsExactly("set key-auth key primary");
        assertThat(adopt.toString()).doesNotContain("typed").doesNotContain("k1");
    }
}
