package dev.tether.kong;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.manifest.DriftPolicy;
import dev.tether.reconcile.DriftDecision.Verdict;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The KongService planner over every kind of difference, each drift policy, and as a property. */
class KongServicePlannerTest {

    static final List<String> TAGS = List.of("managed-by-tether", "tether:KongService:orders");
    static final DriftPolicy REVERT = DriftPolicy.DEFAULT;
    static final DriftPolicy REPORT = new DriftPolicy(DriftPolicy.Mode.REPORT, List.of());
    static final DriftPolicy ADOPT = new DriftPolicy(DriftPolicy.Mode.ADOPT, List.of());
    static final DriftPolicy IGNORE_PATHS = new DriftPolicy(DriftPolicy.Mode.REVERT, List.of("routes.orders-public.paths"));

    /** The plan with every difference a spec change ({@code specChanged}: nothing applied yet) or every one drift. */
    static ServicePlan plan(DesiredKongService d, KongServicePlanner.Observed o, DriftPolicy policy, boolean specChanged, boolean paused) {
        return KongServicePlanner.plan(d, specChanged ? KongServicePlanner.Baseline.NOTHING_APPLIED : KongServicePlanner.Baseline.unchanged(d),
                o, policy, paused);
    }

    static DesiredKongService desired() {
        return new DesiredKongService("orders", "http://127.0.0.1:4000/", TAGS,
                List.of(new DesiredKongService.Route("orders-public", List.of("/orders"), null, null, null, true, null)),
                List.of(new DesiredKongService.Plugin("p-rt", "request-transformer", null, true,
                                Map.of("replace", Map.of("headers", List.of("X-Internal-API-Key:s3cret"))), true),
                        new DesiredKongService.Plugin("p-rl", "rate-limiting", "orders-public", true, Map.of("minute", 60), false)));
    }

    /** What Kong holds once the desired service was applied: Kong's defaults filled in. */
    static KongServicePlanner.Observed converged() {
        return converged(desired());
    }

    static KongServicePlanner.Observed converged(DesiredKongService d) {
        return simulate(new KongServicePlanner.Observed(Optional.empty(), List.of(), List.of()),
                plan(d, new KongServicePlanner.Observed(Optional.empty(), List.of(), List.of()), REVERT, true, false).actions(), d);
    }

    static Stream<Arguments> differences() {
        return Stream.of(
                Arguments.of("nothing changed", (UnaryOperator<KongServicePlanner.Observed>) o -> o, List.of(), List.of()),
                Arguments.of("upstream changed", (UnaryOperator<KongServicePlanner.Observed>) o -> new KongServicePlanner.Observed(
                        o.service().map(s -> new ObservedService(s.id(), s.name(), "http", "evil.example.com", 80, null, s.tags())),
                        o.routes(), o.plugins()), List.of("UpsertService"), List.of("upstream.url")),
                Arguments.of("route paths changed", (UnaryOperator<KongServicePlanner.Observed>) o -> withRoutes(o,
                        o.routes().stream().map(r -> new ObservedRoute(r.id(), r.name(), r.serviceId(), List.of("/x"), r.hosts(),
                                r.methods(), r.protocols(), r.stripPath(), r.preserveHost(), r.tags())).toList()),
                        List.of("UpsertRoute"), List.of("routes.orders-public.paths")),
                Arguments.of("route deleted", (UnaryOperator<KongServicePlanner.Observed>) o -> withRoutes(o, List.of()),
                        List.of("UpsertRoute"), List.of("routes.orders-public")),
                Arguments.of("stray route with Tether's tags", (UnaryOperator<KongServicePlanner.Observed>) o -> {
                    List<ObservedRoute> routes = new ArrayList<>(o.routes());
                    routes.add(new ObservedRoute("r-x", "extra", o.service().get().id(), List.of("/extra"), null, null, null, true, false, TAGS));
                    return withRoutes(o, routes);
                }, List.of("DeleteRoute"), List.of("routes.extra")),
                Arguments.of("plugin removed", (UnaryOperator<KongServicePlanner.Observed>) o -> withPlugins(o,
                        o.plugins().stream().filter(p -> !p.id().equals("p-rt")).toList()),
                        List.of("UpsertPlugin"), List.of("plugins.request-transformer")),
                Arguments.of("plugin disabled", (UnaryOperator<KongServicePlanner.Observed>) o -> withPlugins(o,
                        o.plugins().stream().map(p -> p.id().equals("p-rl") ? new ObservedPlugin(p.id(), p.name(), p.serviceId(),
                                p.routeId(), null, false, p.config(), p.tags()) : p).toList()),
                        List.of("UpsertPlugin"), List.of("plugins.rate-limiting@orders-public.enabled")),
                Arguments.of("plugin config changed", (UnaryOperator<KongServicePlanner.Observed>) o -> withPlugins(o,
                        o.plugins().stream().map(p -> p.id().equals("p-rl") ? new ObservedPlugin(p.id(), p.name(), p.serviceId(),
                                p.routeId(), null, true, Map.of("minute", 6000, "policy", "local"), p.tags()) : p).toList()),
                        List.of("UpsertPlugin"), List.of("plugins.rate-limiting@orders-public.config")),
                Arguments.of("Kong defaults only (protocols, preserve_host, extra config keys)", (UnaryOperator<KongServicePlanner.Observed>) o -> o,
                        List.of(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("differences")
    void revertsEachKindOfDrift(String what, UnaryOperator<KongServicePlanner.Observed> drift, List<String> actions, List<String> paths) {
        ServicePlan plan = plan(desired(), drift.apply(converged()), REVERT, false, false);
        assertThat(plan.actions()).extracting(a -> a.getClass().getSimpleName()).containsExactlyElementsOf(actions);
        assertThat(plan.drift()).extracting(ServicePlan.Difference::path).containsExactlyElementsOf(paths);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("differences")
    void reportPolicyRecordsDriftButNeverActs(String what, UnaryOperator<KongServicePlanner.Observed> drift, List<String> actions,
                                              List<String> paths) {
        ServicePlan plan = plan(desired(), drift.apply(converged()), REPORT, false, false);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.drift()).extracting(ServicePlan.Difference::path).containsExactlyElementsOf(paths);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("differences")
    void pausedNeverActs(String what, UnaryOperator<KongServicePlanner.Observed> drift, List<String> actions, List<String> paths) {
        assertThat(plan(desired(), drift.apply(converged()), REVERT, false, true).actions()).isEmpty();
    }

    @Test
    void aSpecChangeIsAppliedWhateverThePolicy() {
        KongServicePlanner.Observed o = converged();
        DesiredKongService moved = new DesiredKongService("orders", "http://127.0.0.1:4000/", TAGS,
                List.of(new DesiredKongService.Route("orders-public", List.of("/v2/orders"), null, null, null, true, null)),
                desired().plugins());
        ServicePlan plan = KongServicePlanner.plan(moved, KongServicePlanner.Baseline.unchanged(desired()), o, REPORT, false);
        assertThat(plan.actions()).extracting(a -> a.getClass().getSimpleName()).containsExactly("UpsertRoute");
        assertThat(plan.drift()).isEmpty();
    }

    @Test
    void adoptWritesRouteFieldsBackAndOnlyReportsDeletions() {
        KongServicePlanner.Observed changed = withRoutes(converged(), converged().routes().stream().map(r -> new ObservedRoute(r.id(),
                r.name(), r.serviceId(), List.of("/x"), r.hosts(), r.methods(), r.protocols(), r.stripPath(), r.preserveHost(), r.tags())).toList());
        ServicePlan plan = plan(desired(), changed, ADOPT, false, false);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.adoptions()).extracting(ServicePlan.Difference::path).containsExactly("routes.orders-public.paths");

        ServicePlan deleted = plan(desired(), withRoutes(converged(), List.of()), ADOPT, false, false);
        assertThat(deleted.actions()).isEmpty();
        assertThat(deleted.adoptions()).isEmpty();
        assertThat(deleted.drift()).extracting(ServicePlan.Difference::path).containsExactly("routes.orders-public");
    }

    @Test
    void ignoredPathsAreNeitherRevertedNorReported() {
        KongServicePlanner.Observed changed = withRoutes(converged(), converged().routes().stream().map(r -> new ObservedRoute(r.id(),
                r.name(), r.serviceId(), List.of("/x"), r.hosts(), r.methods(), r.protocols(), r.stripPath(), r.preserveHost(), r.tags())).toList());
        ServicePlan plan = plan(desired(), changed, IGNORE_PATHS, false, false);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.drift()).isEmpty();
    }

    @Test
    void secretPluginConfigNeverAppearsInDifferences() {
        KongServicePlanner.Observed o = withPlugins(converged(), converged().plugins().stream().map(p -> p.id().equals("p-rt")
                ? new ObservedPlugin(p.id(), p.name(), p.serviceId(), null, null, true, Map.of("replace", Map.of("headers", List.of("X-Internal-API-Key:old"))), p.tags())
                : p).toList());
        ServicePlan plan = plan(desired(), o, REVERT, false, false);
        assertThat(plan.drift()).extracting(ServicePlan.Difference::path).containsExactly("plugins.request-transformer.config");
        assertThat(plan.toString()).doesNotContain("s3cret").doesNotContain(":old");
    }

    @Test
    void createsServiceBeforeRoutesBeforePlugins() {
        ServicePlan plan = plan(desired(), new KongServicePlanner.Observed(Optional.empty(), List.of(), List.of()),
                REVERT, true, false);
        assertThat(plan.actions()).extracting(a -> a.getClass().getSimpleName())
                .containsExactly("UpsertService", "UpsertRoute", "UpsertPlugin", "UpsertPlugin");
    }

    // ---- the per-path decision: the same world, the same spec; only what was last applied differs

    static DesiredKongService with(UnaryOperator<List<DesiredKongService.Route>> routes, UnaryOperator<List<DesiredKongService.Plugin>> plugins,
                                   String url) {
        DesiredKongService d = desired();
        return new DesiredKongService(d.name(), url == null ? d.url() : url, d.tags(), routes.apply(new ArrayList<>(d.routes())),
                plugins.apply(new ArrayList<>(d.plugins())));
    }

    static DesiredKongService.Route publicRoute(List<String> paths, Boolean strip) {
        return new DesiredKongService.Route("orders-public", paths, null, null, null, strip, null);
    }

    static DesiredKongService.Plugin rateLimit(boolean enabled, int minute) {
        return new DesiredKongService.Plugin("p-rl", "rate-limiting", "orders-public", enabled, Map.of("minute", minute), false);
    }

    static <T> List<T> plus(List<T> list, T item) {
        List<T> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }

    /** One field kind: the spec before and after a change at {@code path}, and whether Kong's value can go back into the spec. */
    record FieldKind(String path, DesiredKongService before, DesiredKongService after, boolean adoptable) {
        @Override
        public String toString() {
            return path;
        }
    }

    static List<FieldKind> fieldKinds() {
        DesiredKongService.Route old = new DesiredKongService.Route("orders-old", List.of("/old"), null, null, null, null, null);
        DesiredKongService.Route admin = new DesiredKongService.Route("orders-admin", List.of("/admin"), null, null, null, null, null);
        DesiredKongService.Plugin cors = new DesiredKongService.Plugin("p-cors", "cors", null, true, Map.of("origins", List.of("*")), false);
        return List.of(
                new FieldKind("routes.orders-public.paths", desired(),
                        with(r -> List.of(publicRoute(List.of("/v2/orders"), true)), p -> p, null), true),
                new FieldKind("routes.orders-public.stripPath", desired(),
                        with(r -> List.of(publicRoute(List.of("/orders"), false)), p -> p, null), true),
                new FieldKind("upstream.url", desired(), with(r -> r, p -> p, "http://127.0.0.1:4001/"), false),
                new FieldKind("plugins.rate-limiting@orders-public.config", desired(),
                        with(r -> r, p -> List.of(p.get(0), rateLimit(true, 120)), null), false),
                new FieldKind("plugins.rate-limiting@orders-public.enabled", desired(),
                        with(r -> r, p -> List.of(p.get(0), rateLimit(false, 60)), null), false),
                new FieldKind("routes.orders-admin", desired(), with(r -> plus(r, admin), p -> p, null), false),
                new FieldKind("routes.orders-old", with(r -> plus(r, old), p -> p, null), desired(), false),
                new FieldKind("plugins.cors", desired(), with(r -> r, p -> plus(p, cors), null), false));
    }

    enum Mode {
        REVERT(KongServicePlannerTest.REVERT, false), ADOPT(KongServicePlannerTest.ADOPT, false),
        REPORT(KongServicePlannerTest.REPORT, false), IGNORE(null, false), PAUSED(KongServicePlannerTest.REVERT, true);

        final DriftPolicy policy;
        final boolean paused;

        Mode(DriftPolicy policy, boolean paused) {
            this.policy = policy;
            this.paused = paused;
        }

        DriftPolicy policy(String path) {
            return policy != null ? policy : new DriftPolicy(DriftPolicy.Mode.REVERT, List.of(path));
        }
    }

    static Stream<Arguments> decisions() {
        List<Arguments> out = new ArrayList<>();
        for (FieldKind f : fieldKinds()) {
            for (Mode m : Mode.values()) {
                Verdict spec = m == Mode.PAUSED ? Verdict.PAUSED : Verdict.APPLY;
                Verdict drift = switch (m) {
                    case REVERT -> Verdict.REVERT;
                    case ADOPT -> f.adoptable() ? Verdict.ADOPT : Verdict.REPORT;
                    case REPORT -> Verdict.REPORT;
                    case IGNORE -> Verdict.IGNORE;
                    case PAUSED -> Verdict.PAUSED;
                };
                out.add(Arguments.of(f, m, true, spec));
                out.add(Arguments.of(f, m, false, drift));
            }
        }
        return out.stream();
    }

    /**
     * Kong holds the spec before the change; the spec says after. When the last applied spec is the
     * one before, the difference is the user's spec change (applied whatever the policy, paused
     * aside); when it is already the one after, Kong moved: drift, decided by the mode.
     */
    @ParameterizedTest(name = "{0} {1} specChanged={2} -> {3}")
    @MethodSource("decisions")
    void decidesEachPathAsSpecChangeOrDrift(FieldKind f, Mode mode, boolean specChanged, Verdict expected) {
        KongServicePlanner.Observed world = converged(f.before());
        KongServicePlanner.Baseline baseline = new KongServicePlanner.Baseline(specChanged ? f.before() : f.after(), Set.of());
        ServicePlan plan = KongServicePlanner.plan(f.after(), baseline, world, mode.policy(f.path()), mode.paused);

        List<ServicePlan.Difference> at = plan.differences().stream().filter(d -> d.path().equals(f.path())).toList();
        assertThat(plan.differences()).as("only the changed path differs").allMatch(d -> d.path().equals(f.path()));
        if (expected == Verdict.IGNORE) {
            assertThat(at).isEmpty();
        } else {
            assertThat(at).extracting(ServicePlan.Difference::verdict).containsExactly(expected);
        }
        assertThat(plan.steps()).as("a write is planned exactly when the verdict writes")
                .hasSize(expected.writes() ? 1 : 0)
                .allMatch(s -> s.paths().equals(List.of(f.path())));
        assertThat(plan.adoptions()).extracting(ServicePlan.Difference::path)
                .isEqualTo(expected == Verdict.ADOPT ? List.of(f.path()) : List.of());
        assertThat(plan.drift().isEmpty()).as("a spec change or ignored drift is never shown as drift")
                .isEqualTo(expected == Verdict.APPLY || expected == Verdict.IGNORE);
    }

    /** A rotated key reaches the planner as the same spec with a new value: Tether moved it, so it is applied, never drift. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void aNewKeyVersionIsASpecChangeNeverDrift(Mode mode) {
        DesiredKongService rotated = with(r -> r, p -> List.of(new DesiredKongService.Plugin("p-rt", "request-transformer", null, true,
                Map.of("replace", Map.of("headers", List.of("X-Internal-API-Key:n3w"))), true), p.get(1)), null);
        KongServicePlanner.Baseline keyMoved = new KongServicePlanner.Baseline(rotated, Set.of("plugins.request-transformer"));
        ServicePlan plan = KongServicePlanner.plan(rotated, keyMoved, converged(), mode.policy("plugins.request-transformer"), mode.paused);
        assertThat(plan.differences()).extracting(ServicePlan.Difference::path).containsExactly("plugins.request-transformer.config");
        assertThat(plan.differences()).extracting(ServicePlan.Difference::verdict)
                .containsExactly(mode == Mode.PAUSED ? Verdict.PAUSED : Verdict.APPLY);
        assertThat(plan.actions()).hasSize(mode == Mode.PAUSED ? 0 : 1);

        // the same difference without a new version is someone else's edit: drift
        ServicePlan edited = KongServicePlanner.plan(rotated, KongServicePlanner.Baseline.unchanged(rotated), converged(),
                REVERT, false);
        assertThat(edited.drift()).extracting(ServicePlan.Difference::verdict).containsExactly(Verdict.REVERT);
        assertThat(plan.toString() + edited).doesNotContain("n3w").doesNotContain("s3cret");
    }

    static Stream<Mode> modes() {
        return Stream.of(Mode.values());
    }

    // ---- property: the plan applied to what Kong holds yields the spec; planning again yields nothing

    @Property(tries = 300)
    void planAppliedConvergesAndPlanningTwiceYieldsNothing(@ForAll("desiredServices") DesiredKongService d,
                                                           @ForAll("worlds") KongServicePlanner.Observed start) {
        ServicePlan first = plan(d, start, REVERT, false, false);
        KongServicePlanner.Observed after = simulate(start, first.actions(), d);
        ServicePlan second = plan(d, after, REVERT, false, false);
        assertThat(second.actions()).isEmpty();
        assertThat(second.differences()).isEmpty();
    }

    @Provide
    Arbitrary<DesiredKongService> desiredServices() {
        Arbitrary<DesiredKongService.Route> route = Combinators.combine(
                Arbitraries.of("a", "b", "c"),
                Arbitraries.of("/a", "/b", "/c", "/d").list().ofMinSize(1).ofMaxSize(2).uniqueElements().injectNull(0.2),
                Arbitraries.of("GET", "POST").list().ofMinSize(1).ofMaxSize(2).uniqueElements().injectNull(0.5),
                Arbitraries.of(true, false).injectNull(0.4),
                Arbitraries.of(true, false).injectNull(0.6))
                .as((n, paths, methods, strip, preserve) -> new DesiredKongService.Route(n, paths == null && methods == null ? List.of("/z") : paths,
                        null, methods, null, strip, preserve));
        Arbitrary<DesiredKongService.Plugin> plugin = Combinators.combine(
                Arbitraries.of("rate-limiting", "cors", "key-auth"), Arbitraries.of(true, false), Arbitraries.integers().between(1, 100))
                .as((name, enabled, n) -> new DesiredKongService.Plugin("id-" + name, name, null, enabled, Map.of("n", n), false));
        return Combinators.combine(Arbitraries.of("http://127.0.0.1:4000", "http://127.0.0.1:4001/api", "https://b.example.com/"),
                        route.list().ofMaxSize(3).uniqueElements(DesiredKongService.Route::name),
                        plugin.list().ofMaxSize(3).uniqueElements(DesiredKongService.Plugin::name))
                .as((url, routes, plugins) -> new DesiredKongService("orders", url, TAGS, routes, plugins));
    }

    @Provide
    Arbitrary<KongServicePlanner.Observed> worlds() {
        Arbitrary<ObservedRoute> route = Combinators.combine(Arbitraries.of("a", "b", "d", "e"),
                        Arbitraries.of("/a", "/x").list().ofMaxSize(2).uniqueElements(), Arbitraries.of(true, false))
                .as((n, paths, strip) -> new ObservedRoute("r-" + n, n, "svc", paths, List.of(), List.of(), List.of("http", "https"), strip, false, TAGS));
        Arbitrary<ObservedPlugin> plugin = Combinators.combine(Arbitraries.of("rate-limiting", "cors", "acl"), Arbitraries.of(true, false))
                .as((name, enabled) -> new ObservedPlugin("id-" + name, name, "svc", null, null, enabled, Map.of("n", 7, "default", 1), TAGS));
        return Combinators.combine(Arbitraries.of(true, false),
                        route.list().ofMaxSize(3).uniqueElements(ObservedRoute::name),
                        plugin.list().ofMaxSize(3).uniqueElements(ObservedPlugin::name))
                .as((hasService, routes, plugins) -> new KongServicePlanner.Observed(
                        hasService ? Optional.of(new ObservedService("svc", "orders", "http", "old.example.com", 80, null, TAGS)) : Optional.empty(),
                        routes, plugins));
    }

    // ---- a small model of Kong: what each action leaves behind, defaults filled in

    static KongServicePlanner.Observed simulate(KongServicePlanner.Observed o, List<GatewayAction> actions, DesiredKongService d) {
        Optional<ObservedService> service = o.service();
        Map<String, ObservedRoute> routes = new LinkedHashMap<>();
        o.routes().forEach(r -> routes.put(r.name(), r));
        Map<String, ObservedPlugin> plugins = new LinkedHashMap<>();
        o.plugins().forEach(p -> plugins.put(p.id(), p));
        for (GatewayAction a : actions) {
            switch (a) {
                case GatewayAction.UpsertService s -> {
                    URI u = URI.create(s.url());
                    int port = u.getPort() > 0 ? u.getPort() : u.getScheme().equals("https") ? 443 : 80;
                    String path = u.getPath() == null || u.getPath().isEmpty() ? null : u.getPath();
                    service = Optional.of(new ObservedService(service.map(ObservedService::id).orElse("svc"), s.name(), u.getScheme(),
                            u.getHost(), port, path, d.tags()));
                }
                case GatewayAction.UpsertRoute r -> {
                    DesiredKongService.Route w = r.route();
                    ObservedRoute old = routes.get(w.name());
                    routes.put(w.name(), new ObservedRoute(old == null ? "r-" + w.name() : old.id(), w.name(), service.get().id(),
                            w.paths() != null ? w.paths() : List.of(), List.of(), w.methods() != null ? w.methods() : List.of(),
                            w.protocols() != null ? w.protocols() : List.of("http", "https"),
                            w.stripPath() != null ? w.stripPath() : true, w.preserveHost() != null ? w.preserveHost() : false, d.tags()));
                }
                case GatewayAction.DeleteRoute r -> routes.values().removeIf(x -> x.id().equals(r.id()));
                case GatewayAction.UpsertPlugin p -> {
                    Map<String, Object> config = new LinkedHashMap<>(Map.of("default", 1));
                    config.putAll(p.plugin().config());
                    plugins.put(p.plugin().id(), new ObservedPlugin(p.plugin().id(), p.plugin().name(), service.get().id(), null, null,
                            p.plugin().enabled(), config, d.tags()));
                }
                case GatewayAction.DeletePlugin p -> plugins.remove(p.id());
            }
        }
        return new KongServicePlanner.Observed(service, List.copyOf(routes.values()), List.copyOf(plugins.values()));
    }

    static KongServicePlanner.Observed withRoutes(KongServicePlanner.Observed o, List<ObservedRoute> routes) {
        return new KongServicePlanner.Observed(o.service(), routes, o.plugins());
    }

    static KongServicePlanner.Observed withPlugins(KongServicePlanner.Observed o, List<ObservedPlugin> plugins) {
        return new KongServicePlanner.Observed(o.service(), o.routes(), plugins);
    }
    @Test
    void keepsAnAdoptedPluginUnderTheIdKongGaveIt() {
        // Terraform made these plugins, with ids of its own; adopting tagged them as Tether's
        String routeId = converged().routes().getFirst().id();
        KongServicePlanner.Observed adopted = withPlugins(converged(), converged().plugins().stream()
                .map(p -> new ObservedPlugin("tf-" + p.id(), p.name(), p.serviceId(),
                        p.name().equals("rate-limiting") ? routeId : null, p.consumerId(), p.enabled(), p.config(), p.tags()))
                .toList());
        ServicePlan plan = plan(desired(), adopted, REVERT, false, false);
        assertThat(plan.steps()).as("no new plugin beside the adopted one, none deleted").isEmpty();
        assertThat(plan.differences()).isEmpty();

        KongServicePlanner.Observed drifted = withPlugins(adopted, adopted.plugins().stream()
                .map(p -> p.name().equals("rate-limiting") ? new ObservedPlugin(p.id(), p.name(), p.serviceId(), p.routeId(),
                        p.consumerId(), p.enabled(), Map.of("minute", 5), p.tags()) : p).toList());
        ServicePlan revert = plan(desired(), drifted, REVERT, false, false);
        assertThat(revert.steps()).singleElement().satisfies(step -> assertThat(step.action())
                .isEqualTo(new GatewayAction.UpsertPlugin(desired().plugins().get(1).withId("tf-p-rl"))));
    }

    @Test
    void aUrlIsTheSamePlaceWithOrWithoutItsSchemesDefaultPortOrATrailingSlash() {
        assertThat(KongServicePlanner.sameUrl("http://h.test:80/a", "http://h.test/a")).isTrue();
        assertThat(KongServicePlanner.sameUrl("https://h.test:443", "https://h.test/")).isTrue();
        assertThat(KongServicePlanner.sameUrl("http://h.test:80", "http://h.test")).isTrue();
        assertThat(KongServicePlanner.sameUrl("http://h.test:8080/a", "http://h.test/a")).isFalse();
        assertThat(KongServicePlanner.sameUrl("https://h.test:80/a", "https://h.test/a")).as("80 is not https's port").isFalse();
        assertThat(KongServicePlanner.sameUrl("http://h.test/a:80", "http://h.test/a")).as("a path, not a port").isFalse();
        assertThat(KongServicePlanner.sameUrl("http://h.test/a", "http://h.test/b")).isFalse();
    }
}
