package dev.tether.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DeletionSafetyTest {

    private static List<String> steps(int deletions, int others) {
        return java.util.stream.Stream.concat(IntStream.rangeClosed(1, deletions).mapToObj(i -> "delete route r" + i),
                IntStream.rangeClosed(1, others).mapToObj(i -> "set route s" + i)).toList();
    }

    @ParameterizedTest(name = "{0} deletions, cap {1}, allowed {2}: {3} steps run, held {4}")
    @CsvSource({
            "0,  10, false, 2,  false",
            "10, 10, false, 12, false",
            "11, 10, false, 2,  true",
            "11, 10, true,  13, false",
            "24, 10, false, 2,  true",
            "1,  0,  false, 2,  true",
            "24, 30, false, 26, false"})
    void holdsEveryDeletionOfAPassAboveTheCapUnlessAllowed(int deletions, int cap, boolean allowed, int running, boolean held) {
        DeletionSafety safety = new DeletionSafety(cap);

        DeletionSafety.Capped<String> capped = safety.cap(steps(deletions, 2), s -> s.startsWith("delete"), Function.identity(), allowed);

        assertThat(capped.steps()).hasSize(running);
        assertThat(capped.held()).hasSize(held ? 1 : 0);
        if (held) {
            assertThat(capped.steps()).noneMatch(s -> s.startsWith("delete")).contains("set route s1", "set route s2");
            assertThat(capped.held().getFirst()).startsWith(deletions + " deletions in one pass (delete route r1")
                    .contains("tether.max-deletes-per-pass (" + cap + ")", "allowMassDelete: true", "TETHER_MAX_DELETES_PER_PASS");
        }
    }

    @Test
    void defaultsToTenAndRefusesANegativeCap() {
        assertThat(new DeletionSafety(null).maxDeletesPerPass()).isEqualTo(10);
        assertThatThrownBy(() -> new DeletionSafety(-1)).hasMessageContaining("tether.max-deletes-per-pass: -1");
    }
}
