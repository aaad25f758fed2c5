package dev.tether.heroku;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ReplacementTest {

    private static final ObservedApp OLD = new ObservedApp("old-id", "shop-api", "us", "heroku-24", "heroku-24", null, "acme",
            false, "https://shop-api-1.herokuapp.com/", false);

    @Test
    void everyPhaseIsReadBackAsItWasRecorded() {
        Replacement r = Replacement.begin(OLD, "shop-api", 1).created("new-id").switched(Instant.parse("2026-01-02T03:04:05Z"));
        Map<String, Object> external = r.into(Map.of("id", "new-id"));
        assertThat(Replacement.of(external)).contains(r);
        assertThat(r.phase()).isEqualTo(ReplacementPhase.PROVE);
        assertThat(Replacement.of(Map.of("id", "x"))).isEmpty();
    }

    @Test
    void aFinishedReplacementListsTheRetiredAppAndTheNextOneCountsOn() {
        Replacement first = Replacement.begin(OLD, "shop-api", 1).created("new-id");
        Map<String, Object> done = first.finished(first.into(Map.of()));
        assertThat(done).doesNotContainKey("replacement");
        assertThat(Replacement.retiredIds(done)).containsExactly("old-id");
        Replacement second = AppReplacer.next(OLD, "shop-api", done);
        assertThat(second.newName()).isEqualTo("shop-api-r2");
        assertThat(second.retiredName()).isEqualTo("shop-api-old-2");
    }

    @Test
    void theOldAppsAddOnsCountAsTheAppsOwnOnlyOnceSwitched() {
        Replacement r = Replacement.begin(OLD, "shop-api", 1).created("new-id");
        assertThat(Replacement.retiredIds(r.into(Map.of()))).as("before the switch the old app is still the app").isEmpty();
        List<String> retired = Replacement.retiredIds(r.switched(Instant.EPOCH).into(Map.of()));
        assertThat(retired).containsExactly("old-id");
        ObservedApp fresh = new ObservedApp("new-id", "shop-api-r1", "virginia", "heroku-24", "heroku-24", "acme-prod", "acme", true,
                "https://shop-api-r1-2.herokuapp.com/", false);
        ObservedAddon db = new ObservedAddon("db", "postgresql-1", "heroku-postgresql", "heroku-postgresql:essential-0",
                List.of("DATABASE_URL"), "provisioned", "old-id");
        ObservedAddon strangers = new ObservedAddon("kv", "redis-1", "heroku-redis", "heroku-redis:mini", List.of("REDIS_URL"),
                "provisioned", "someone-else");
        ObservedAppState carried = Replacement.carried(new ObservedAppState(fresh, Map.of(), List.of(), List.of(db, strangers),
                List.of(), List.of(), null), retired);
        assertThat(carried.addons().get(0).ownedBy("new-id")).isTrue();
        assertThat(carried.addons().get(1).ownedBy("new-id")).as("another app's attachment stays another app's").isFalse();
    }

    @ParameterizedTest
    @CsvSource({"shop-api,-r1,shop-api-r1", "a-very-long-application-name-x,-old-12,a-very-long-application-old-12",
            "twenty-nine-characters-long-x,-r1,twenty-nine-characters-long-r1",
            "abcdefghijklmnopqrstuvwxyz-abc,-r1,abcdefghijklmnopqrstuvwxyz-r1"})
    void namesStayWithinHerokusThirtyCharacters(String base, String suffix, String expected) {
        assertThat(Replacement.suffixed(base, suffix)).isEqualTo(expected).hasSizeLessThanOrEqualTo(30);
    }

    @Test
    void theStepsAreListedInTheOrderTheyRun() {
        List<String> steps = Replacement.begin(OLD, "shop-api", 1).steps("space acme-prod, internal routing", List.of("postgresql-1"),
                List.of("KongService/shop"));
        assertThat(steps).containsExactly(
                "create app shop-api-r1 (space acme-prod, internal routing)",
                "set the config vars of shop-api on shop-api-r1",
                "attach add-on postgresql-1 of shop-api to shop-api-r1 (never copied or destroyed)",
                "release the slug shop-api runs on shop-api-r1",
                "scale shop-api-r1 as shop-api is scaled, and wait until its web dynos are up",
                "switch KongService/shop to shop-api-r1",
                "wait until each KongService proves shop-api-r1 through the gateway",
                "scale shop-api to zero and rename it shop-api-old-1 (kept until deleted explicitly)",
                "rename shop-api-r1 to shop-api");
        assertThat(Replacement.begin(OLD, "shop-api", 1).steps("as declared", List.of(), List.of()))
                .doesNotContain("wait until each KongService proves shop-api-r1 through the gateway");
    }
}
