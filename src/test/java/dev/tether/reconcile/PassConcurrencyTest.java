package dev.tether.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PassConcurrencyTest {

    @ParameterizedTest(name = "TETHER_WORKERS={0}, pool {1}: up to {2} passes")
    @CsvSource({
            "0, 20, 16",   // not set: 16 while the pool serves them
            "0, 10, 9",    // the default pool: one connection is the queue's LISTEN
            "0, 5, 4",     // app.json's pool of 5 keeps the 4 passes it had
            "0, 0, 16",    // pool size unknown
            "4, 20, 4",    // TETHER_WORKERS caps
            "32, 10, 9",   // ... but never beyond the pool
            "0, 1, 1",     // a pool of one still runs one pass
    })
    void capFollowsTetherWorkersAndThePool(int workers, int pool, int cap) {
        assertThat(PassConcurrency.of(workers, pool).cap()).isEqualTo(cap);
    }

    @ParameterizedTest(name = "cap {0}, {1} calls left: {2} passes")
    @CsvSource({
            "16, -1, 16",    // no answer yet: Heroku's budget starts full
            "16, 4500, 16",
            "16, 1500, 16",
            "16, 1499, 4",   // running low: a quarter
            "16, 500, 4",
            "16, 499, 1",    // little left: one pass at a time, its calls kept for reverts
            "16, 0, 1",
            "2, 1000, 1",    // a quarter of a small cap is still one
            "1, 4500, 1",
    })
    void passesAtOnceFallWithTheRateBudget(int cap, int remaining, int allowed) {
        assertThat(new PassConcurrency(cap).allowed(remaining)).isEqualTo(allowed);
    }

    @Test
    void neverFewerThanOnePassNorMoreThanTheCap() {
        PassConcurrency c = PassConcurrency.of(0, 0);
        for (int remaining = -1; remaining <= 5000; remaining += 7) {
            assertThat(c.allowed(remaining)).isBetween(1, c.cap());
        }
        assertThatThrownBy(() -> new PassConcurrency(0)).hasMessageContaining("cap: 0 is below 1");
    }
}
