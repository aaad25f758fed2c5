package dev.tether.kong;

import dev.tether.manifest.DriftPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Plan speed for 10,000 Kong entities: 2,000 services, each with 2 routes and 2 plugins
 * (2,000 + 4,000 + 4,000 entities observed), planned against the same desired state with one
 * drifted route in ten, so the planner walks every entity and finds differences.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class KongPlanBenchmark {

    static final int SERVICES = 2_000;

    List<DesiredKongService> desired;
    List<KongServicePlanner.Observed> observed;

    @Setup
    public void setup() {
        desired = new ArrayList<>(SERVICES);
        observed = new ArrayList<>(SERVICES);
        List<String> tags = List.of("managed-by-tether");
        for (int i = 0; i < SERVICES; i++) {
            String name = "svc-" + i;
            List<DesiredKongService.Route> routes = List.of(
                    new DesiredKongService.Route(name + "-public", List.of("/" + name), null, List.of("GET"), List.of("https"), true, false),
                    new DesiredKongService.Route(name + "-admin", List.of("/" + name + "/admin"), List.of(name + ".example.com"), null, null, null, null));
            List<DesiredKongService.Plugin> plugins = List.of(
                    new DesiredKongService.Plugin("p-" + i + "-a", "rate-limiting", null, true, Map.of("minute", 60, "policy", "local"), false),
                    new DesiredKongService.Plugin("p-" + i + "-b", "key-auth", name + "-admin", true, Map.of("key_names", List.of("apikey")), false));
            desired.add(new DesiredKongService(name, "http://" + name + ".internal:8080/", tags, routes, plugins));

            String sid = "sid-" + i;
            ObservedService service = new ObservedService(sid, name, "http", name + ".internal", 8080, "/", tags);
            List<String> drifted = i % 10 == 0 ? List.of("/" + name + "-moved") : List.of("/" + name);
            List<ObservedRoute> oroutes = List.of(
                    new ObservedRoute("rid-" + i + "-1", name + "-public", sid, drifted, null, List.of("GET"), List.of("https"), true, false, tags),
                    new ObservedRoute("rid-" + i + "-2", name + "-admin", sid, List.of("/" + name + "/admin"), List.of(name + ".example.com"),
                            null, List.of("http", "https"), true, false, tags));
            List<ObservedPlugin> oplugins = List.of(
                    new ObservedPlugin("p-" + i + "-a", "rate-limiting", sid, null, null, true,
                            Map.of("minute", 60, "policy", "local", "hour", "null"), tags),
                    new ObservedPlugin("p-" + i + "-b", "key-auth", null, "rid-" + i + "-2", null, true,
                            Map.of("key_names", List.of("apikey"), "hide_credentials", false), tags));
            observed.add(new KongServicePlanner.Observed(Optional.of(service), oroutes, oplugins));
        }
    }

    /** One plan per service over all 2,000 services: 10,000 observed entities per invocation. */
    @Benchmark
    public void plan10kEntities(Blackhole bh) {
        for (int i = 0; i < SERVICES; i++) {
            bh.consume(KongServicePlanner.plan(desired.get(i), KongServicePlanner.Baseline.unchanged(desired.get(i)), observed.get(i), DriftPolicy.DEFAULT, false));
        }
    }
}
