package dev.tether.heroku;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.manifest.HerokuAppSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.AlphaChars;

/** Invariants of the planner: carrying out its plan yields a world it finds nothing to do in. */
class HerokuAppPlannerPropertyTest {

    private static ObservedAppState world(Map<String, String> config, int web, boolean maintenance) {
        return new ObservedAppState(new ObservedApp("id", "app", "us", "heroku-24", "heroku-24", null, null, false, "u", maintenance),
                config, List.of(new ObservedFormation("web", web, "Basic")), List.of(), List.of(), List.of(), null);
    }

    private static HerokuAppSpec spec(Map<String, String> config, int web, boolean maintenance, boolean exact) {
        Map<String, dev.tether.manifest.ConfigVar> vars = new java.util.LinkedHashMap<>();
        config.forEach((k, v) -> vars.put(k, dev.tether.manifest.ConfigVar.literal(v)));
        return new HerokuAppSpec(null, null, null, null, null, null, null, vars, exact ? "exact" : null,
                Map.of("web", new HerokuAppSpec.Process(web, null)), null, null, maintenance, null,
                null, null, null, null, null, null, null, null);
    }

    /** What Heroku looks like after the actions run. */
    private static ObservedAppState apply(ObservedAppState w, List<AppAction> actions) {
        Map<String, String> config = new HashMap<>(w.configVars());
        int web = w.formation().getFirst().quantity();
        boolean maintenance = w.app().maintenance();
        for (AppAction a : actions) {
            switch (a) {
                case AppAction.SetConfigVars c -> c.changes().forEach((k, v) -> {
                    if (v == null) {
                        config.remove(k);
                    } else {
                        config.put(k, v);
                    }
                });
                case AppAction.Scale s -> web = s.changes().getFirst().quantity();
                case AppAction.SetMaintenance m -> maintenance = m.on();
                default -> throw new AssertionError("unexpected " + a);
            }
        }
        return world(config, web, maintenance);
    }

    @Property(tries = 300)
    void applyingThePlanConverges(@ForAll @Size(max = 6) Map<@AlphaChars @StringLength(min = 1, max = 3) String, @StringLength(max = 4) String> want,
                                  @ForAll @Size(max = 6) Map<@AlphaChars @StringLength(min = 1, max = 3) String, @StringLength(max = 4) String> have,
                                  @ForAll @IntRange(max = 100) int wantWeb, @ForAll @IntRange(max = 100) int haveWeb,
                                  @ForAll boolean wantMaint, @ForAll boolean haveMaint, @ForAll boolean exact) {
        HerokuAppSpec desired = spec(Map.copyOf(want), wantWeb, wantMaint, exact);
        ObservedAppState before = world(Map.copyOf(have), haveWeb, haveMaint);

        AppPlan plan = HerokuAppPlanner.plan("app", desired, null, before, Set.of());
        ObservedAppState after = apply(before, plan.actions());
        AppPlan again = HerokuAppPlanner.plan("app", desired, desired, after, Set.of());

        assertThat(again.inSync()).as(again.toString()).isTrue();
        assertThat(after.configVars()).containsAllEntriesOf(want);
        if (exact) {
            assertThat(after.configVars()).isEqualTo(want);
        }
    }
}
