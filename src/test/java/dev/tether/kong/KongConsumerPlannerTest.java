package dev.tether.kong;

import static org.assertj.core.api.Assertions.assertThat;

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
}
