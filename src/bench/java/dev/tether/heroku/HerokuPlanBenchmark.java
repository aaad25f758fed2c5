package dev.tether.heroku;

import dev.tether.manifest.HerokuAppSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Plan speed for 1,000 Heroku apps (6 config vars, web + worker formation, an add-on, a
 * domain each) against observed state; one app in ten has a drifted config var.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class HerokuPlanBenchmark {

    static final int APPS = 1_000;

    List<HerokuAppSpec> desired;
    List<ObservedAppState> observed;

    @Setup
    public void setup() {
        desired = new ArrayList<>(APPS);
        observed = new ArrayList<>(APPS);
        for (int i = 0; i < APPS; i++) {
            String name = "app-" + i;
            Map<String, String> vars = new LinkedHashMap<>();
            for (int v = 0; v < 6; v++) {
                vars.put("VAR_" + v, "value-" + v + "-" + i);
            }
            Map<String, dev.tether.manifest.ConfigVar> literal = new LinkedHashMap<>();
            vars.forEach((k, v) -> literal.put(k, dev.tether.manifest.ConfigVar.literal(v)));
            HerokuAppSpec spec = new HerokuAppSpec(null, null, "eu", null, null, null, null, literal, null,
                    Map.of("web", new HerokuAppSpec.Process(2, "Standard-1X"), "worker", new HerokuAppSpec.Process(1, "Standard-1X")),
                    List.of(new HerokuAppSpec.Addon("heroku-postgresql:essential-0", "DATABASE", null)),
                    List.of(name + ".example.com"), false, null, null, null, null, null, null, null, null, null);
            desired.add(spec);

            Map<String, String> seen = new LinkedHashMap<>(vars);
            seen.put("DATABASE_URL", "postgres://u:p@db/" + name);
            if (i % 10 == 0) {
                seen.put("VAR_0", "drifted");
            }
            observed.add(new ObservedAppState(
                    new ObservedApp("id-" + i, name, "eu", "heroku-24", "heroku-24", null, null, false,
                            "https://" + name + ".herokuapp.com/", false),
                    seen,
                    List.of(new ObservedFormation("web", 2, "Standard-1X"), new ObservedFormation("worker", 1, "Standard-1X")),
                    List.of(new ObservedAddon("ad-" + i, "postgresql-" + i, "heroku-postgresql", "heroku-postgresql:essential-0",
                            List.of("DATABASE_URL"), "provisioned")),
                    List.of(new ObservedDomain("d-" + i, name + ".example.com", "custom", name + ".herokudns.com", "succeeded")),
                    List.of(),
                    null));
        }
    }

    /** One plan per app over all 1,000 apps, the spec unchanged since it last converged. */
    @Benchmark
    public void plan1000Apps(Blackhole bh) {
        for (int i = 0; i < APPS; i++) {
            bh.consume(HerokuAppPlanner.plan("app-" + i, desired.get(i), desired.get(i), observed.get(i), Set.of()));
        }
    }
}
