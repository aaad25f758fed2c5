package dev.tether.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The witness that tells one masked drift from another (an ApiKey's target, a consumer's key):
 * the same values give the same witness, other values another, and the values are not in it.
 */
class ProposalWitnessTest {

    @Test
    void sameValuesSameWitnessOtherValuesAnother() {
        String first = Proposals.witness("key-v1", List.of("first-by-hand"));
        assertThat(Proposals.witness("key-v1", List.of("first-by-hand"))).isEqualTo(first);
        assertThat(Proposals.witness("key-v1", List.of("second-by-hand"))).isNotEqualTo(first);
        assertThat(first).doesNotContain("first-by-hand").doesNotContain("key-v1").hasSize(64);
    }

    @Test
    void dependsOnTheSecretAndOnWhereEachValueEnds() {
        String a = Proposals.witness("key-v1", List.of("ab", "c"));
        assertThat(Proposals.witness("key-v2", List.of("ab", "c"))).as("keyed: another secret, another witness").isNotEqualTo(a);
        assertThat(Proposals.witness("key-v1", List.of("a", "bc"))).as("values are not run together").isNotEqualTo(a);
        assertThat(Proposals.witness("key-v1", Arrays.asList("ab", null))).isNotEqualTo(Proposals.witness("key-v1", List.of("ab", "")));
    }

    @Test
    void noSecretNoWitness() {
        assertThat(Proposals.witness(null, List.of("x"))).isNull();
        assertThat(Proposals.witness("", List.of("x"))).isNull();
    }
}
