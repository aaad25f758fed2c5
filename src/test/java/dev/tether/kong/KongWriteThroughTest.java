package dev.tether.kong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tether.http.RetryableException;
import dev.tether.reconcile.ActionResult;
import dev.tether.sandbox.kong.KongEmulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A create's answer is the observation, and a write's answer keeps the gateway's shared read true:
 * a new service costs its writes and nothing else, a name someone else holds is told by Kong's 409,
 * and the lists are read again only for a change Tether did not make. Against the emulator over HTTP.
 */
class KongWriteThroughTest {

    static final List<String> TAGS = KongServiceReconciler.tags(dev.tether.manifest.Kind.KONG_SERVICE, "billing");
    static final List<String> MANAGED = List.of(KongServiceReconciler.MANAGED);
    static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();

    static KongEmulator kong;
    KongAdminClient client;

    @BeforeAll
    static void start() {
        kong = KongEmulator.start(0, 0);
    }

    @AfterAll
    static void stop() {
        kong.close();
    }

    @BeforeEach
    void clean() {
        kong.reset();
        client = new KongAdminClient(HTTP, kong.adminUrl(), null);
    }

    private static ServicePlan newService() {
        DesiredKongService.Route pub = new DesiredKongService.Route("billing-public", List.of("/billing"), null, null, null, null,
                null);
        DesiredKongService.Route admin = new DesiredKongService.Route("billing-admin", List.of("/billing/admin"), null, null,
                null, null, null);
        DesiredKongService.Plugin limit = new DesiredKongService.Plugin(KongServiceReconciler.pluginId("billing", "rate-limiting",
                "billing-admin", null), "rate-limiting", "billing-admin", true, Map.of("minute", 60, "policy", "local"), false);
        return new ServicePlan(List.of(
                new ServicePlan.Step(new GatewayAction.UpsertService("billing", "http://127.0.0.1:5000/api"), List.of("service")),
                new ServicePlan.Step(new GatewayAction.UpsertRoute(pub), List.of("routes.billing-public")),
                new ServicePlan.Step(new GatewayAction.UpsertRoute(admin), List.of("routes.billing-admin")),
                new ServicePlan.Step(new GatewayAction.UpsertPlugin(limit), List.of("plugins.rate-limiting@billing-admin"))),
                List.of(), List.of());
    }

    private List<ActionResult> apply(ServicePlan plan, boolean adoptExisting) {
        return KongServiceApplier.apply(client, "billing", null, Map.of(), TAGS, plan, adoptExisting, id -> {
        });
    }

    private static Map<String, Long> delta(Map<String, Long> before) {
        Map<String, Long> d = new HashMap<>();
        kong.calls().forEach((k, v) -> {
            long n = v - before.getOrDefault(k, 0L);
            if (n != 0) {
                d.put(k, n);
            }
        });
        return d;
    }

    @Test
    void aNewServiceIsItsWritesAndNothingRead() {
        Map<String, Long> before = kong.calls();

        List<ActionResult> results = apply(newService(), false);

        assertThat(results).allMatch(r -> r instanceof ActionResult.Applied, "every step applied: " + results);
        assertThat(delta(before)).as("one create per entity, the route-scoped plugin on the id the route's create answered")
                .isEqualTo(Map.of("POST /services", 1L, "POST /routes", 2L, "PUT /plugins/{key}", 1L));
        String adminRoute = kong.find("routes", "billing-admin").orElseThrow().path("id").asString();
        assertThat(kong.find("plugins", KongServiceReconciler.pluginId("billing", "rate-limiting", "billing-admin", null))
                .orElseThrow().path("route").path("id").asString()).isEqualTo(adminRoute);
    }

    @Test
    void aServiceNameSomeoneElseHoldsIsAlreadyExistsAndNothingIsWritten() {
        client.upsertService("billing", new ServiceSpec("billing", "http://theirs.test", List.of("someone-else")));

        List<ActionResult> results = apply(newService(), false);

        assertThat(KongServiceApplier.nameTaken(results)).as(results.toString()).hasValueSatisfying(r ->
                assertThat(r.message()).contains("A Kong service named billing exists and is not managed by Tether"));
        assertThat(results.subList(1, results.size())).allMatch(r -> r instanceof ActionResult.Retryable);
        assertThat(kong.find("services", "billing").orElseThrow().path("tags").toString()).isEqualTo("[\"someone-else\"]");
        assertThat(kong.find("services", "billing").orElseThrow().path("host").asString()).isEqualTo("theirs.test");
        assertThat(client.listRoutes(List.of())).isEmpty();
        assertThat(client.listPlugins(List.of())).isEmpty();
    }

    @Test
    void aServiceOfTetherItsReadMissedIsTakenOverByItsCreatesAnswer() {
        ObservedService mine = client.upsertService("billing", new ServiceSpec("billing", "http://old.test", TAGS));

        List<ActionResult> results = apply(newService(), false);

        assertThat(results).allMatch(r -> r instanceof ActionResult.Applied, results.toString());
        ObservedService now = client.findService("billing").orElseThrow();
        assertThat(now.id()).isEqualTo(mine.id());
        assertThat(now.url()).isEqualTo("http://127.0.0.1:5000/api");
    }

    @Test
    void aRouteNameSomeoneElseHoldsIsRefusedUnlessAdopting() {
        ObservedService theirs = client.upsertService("other", new ServiceSpec("other", "http://theirs.test", List.of()));
        client.upsertRoute("billing-public", new RouteSpec("billing-public", theirs.id(), List.of("/theirs"), null, null, null,
                null, null, List.of()));

        List<ActionResult> results = apply(newService(), false);

        assertThat(results.get(1)).isInstanceOfSatisfying(ActionResult.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo("AlreadyExists");
            assertThat(r.message()).contains("A Kong route named billing-public exists and is not managed by Tether");
        });
        assertThat(results.get(2)).as("the other route still written").isInstanceOf(ActionResult.Applied.class);
        assertThat(kong.find("routes", "billing-public").orElseThrow().path("paths").toString()).isEqualTo("[\"/theirs\"]");

        List<ActionResult> adopting = apply(newService(), true);

        assertThat(adopting.get(1)).as(adopting.toString()).isInstanceOf(ActionResult.Applied.class);
        assertThat(kong.find("routes", "billing-public").orElseThrow().path("tags").toString()).contains("managed-by-tether");
    }

    @Test
    void theSharedReadSeesTetherWritesWithoutReadingThemBack() {
        OwnedSnapshots snapshots = new OwnedSnapshots(Clock.systemUTC());
        Instant round = Instant.now();
        assertThat(snapshots.read(client, round).services()).isEmpty();

        apply(newService(), false);
        OwnedEntities seen = snapshots.read(client, round);

        assertThat(seen.services()).extracting(ObservedService::name).containsExactly("billing");
        assertThat(seen.routes(KongServiceReconciler.ownerTag(dev.tether.manifest.Kind.KONG_SERVICE, "billing")))
                .extracting(ObservedRoute::name).containsExactlyInAnyOrder("billing-public", "billing-admin");
        assertThat(seen.plugins()).extracting(ObservedPlugin::name).containsExactly("rate-limiting");
        assertThat(seen).as("exactly what Kong answers a fresh read").usingRecursiveComparison().ignoringFields("takenAt")
                .ignoringCollectionOrder().isEqualTo(snapshots.read(client, Instant.now().plusMillis(1)));

        client.deletePlugin(seen.plugins().getFirst().id());
        client.deleteRoute(seen.routes().getFirst().id());
        Map<String, Long> before = kong.calls();
        OwnedEntities after = snapshots.read(client, round);
        assertThat(after.plugins()).isEmpty();
        assertThat(after.routes()).hasSize(1);
        assertThat(delta(before)).as("read from the snapshot").isEmpty();
    }

    @Test
    void aChangeMadeOutsideTetherIsSeenByTheNextRoundsRead() {
        OwnedSnapshots snapshots = new OwnedSnapshots(Clock.systemUTC());
        apply(newService(), false);
        Instant round = Instant.now();
        snapshots.read(client, round);

        KongAdminClient someoneElse = new KongAdminClient(HTTP, kong.adminUrl(), null);
        someoneElse.deletePlugin(KongServiceReconciler.pluginId("billing", "rate-limiting", "billing-admin", null));

        assertThat(snapshots.read(client, round).plugins()).as("this round's read, from before the change").hasSize(1);
        assertThat(snapshots.read(client, Instant.now().plusMillis(1)).plugins()).as("the next round's").isEmpty();
    }

    @Test
    void aWriteWhoseOutcomeIsUnknownMakesTheNextPassRead() {
        OwnedSnapshots snapshots = new OwnedSnapshots(Clock.systemUTC());
        Instant round = Instant.now();
        snapshots.read(client, round);
        kong.injectFaults(new KongEmulator.Faults(Duration.ZERO, 1.0, List.of(502), 0, 0, Duration.ofSeconds(1)));
        catchThrowableOfType(RetryableException.class,
                () -> client.upsertService("billing", new ServiceSpec("billing", "http://a.test", TAGS)));
        kong.injectFaults(KongEmulator.Faults.none());
        Map<String, Long> before = kong.calls();

        snapshots.read(client, round);

        assertThat(delta(before)).isEqualTo(Map.of("GET /services", 1L, "GET /routes", 1L, "GET /plugins", 1L));
    }
}
