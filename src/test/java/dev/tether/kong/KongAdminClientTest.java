package dev.tether.kong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tether.http.PermanentException;
import dev.tether.http.RetryableException;
import dev.tether.sandbox.kong.KongEmulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tether's Kong client against the emulator over real HTTP, faults injected at the server. */
class KongAdminClientTest {

    static final List<String> OWNED = List.of("managed-by-tether");
    static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();

    static KongEmulator kong;
    static KongAdminClient client;

    @BeforeAll
    static void start() {
        kong = KongEmulator.start(0, 0);
        client = new KongAdminClient(HTTP, kong.adminUrl(), null);
    }

    @AfterAll
    static void stop() {
        kong.close();
    }

    @BeforeEach
    void clean() {
        kong.reset();
    }

    private static void faults(String json) {
        Request r = new Request.Builder().url(kong.adminUrl() + "/__sandbox/faults")
                .put(RequestBody.create(json, MediaType.get("application/json"))).build();
        try (var res = HTTP.newCall(r).execute()) {
            assertThat(res.code()).isEqualTo(200);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObservedService billing() {
        return client.upsertService("billing", new ServiceSpec("billing", "http://127.0.0.1:5000/api", OWNED));
    }

    @Test
    void upsertsAServiceByNameAndReadsOnlyWhatTetherOwns() {
        ObservedService s = billing();
        assertThat(s.name()).isEqualTo("billing");
        assertThat(s.url()).isEqualTo("http://127.0.0.1:5000/api");
        assertThat(s.tags()).containsExactly("managed-by-tether");
        ObservedService again = client.upsertService("billing", new ServiceSpec("billing", "https://api.example.test", OWNED));
        assertThat(again.id()).isEqualTo(s.id());
        assertThat(again.url()).isEqualTo("https://api.example.test");
        assertThat(client.findService(s.id())).contains(again);
    }

    @Test
    void aPluginIsNeverWrittenGlobalWhenItsServiceCouldNotBeWritten() {
        faults("{\"rate_limit_burst\":1,\"retry_after_seconds\":1}");
        DesiredKongService.Plugin limit = new DesiredKongService.Plugin(null, "rate-limiting", null, true,
                java.util.Map.of("minute", 60, "policy", "local"), false);
        ServicePlan plan = new ServicePlan(List.of(
                new ServicePlan.Step(new GatewayAction.UpsertService("billing", "http://127.0.0.1:5000/api"), List.of("service")),
                new ServicePlan.Step(new GatewayAction.UpsertPlugin(limit), List.of("plugins.rate-limiting"))), List.of(), List.of());

        List<dev.tether.reconcile.ActionResult> results = KongServiceApplier.apply(client, "billing", null, Map.of(), OWNED, plan, false, id -> {
        });

        assertThat(results.get(0)).as("Kong answered the service's write 429").isInstanceOf(dev.tether.reconcile.ActionResult.Retryable.class);
        assertThat(results.get(1)).as("the plugin waits for its service").isInstanceOf(dev.tether.reconcile.ActionResult.Retryable.class);
        assertThat(client.listPlugins(OWNED)).as("no plugin written, above all no global one").isEmpty();
    }

    @Test
    void readsTheKongVersion() {
        assertThat(client.version()).isEqualTo("3.9.1");
    }

    @Test
    void listsByTagsThroughEveryPage() {
        KongAdminClient smallPages = new KongAdminClient(HTTP, kong.adminUrl(), null, 2);
        for (int i = 0; i < 5; i++) {
            smallPages.upsertService("svc-" + i, new ServiceSpec("svc-" + i, "http://h" + i + ".test", OWNED));
        }
        client.upsertService("stranger", new ServiceSpec("stranger", "http://s.test", List.of("someone-else")));
        assertThat(smallPages.listServices(OWNED)).extracting(ObservedService::name)
                .containsExactlyInAnyOrder("svc-0", "svc-1", "svc-2", "svc-3", "svc-4");
        assertThat(smallPages.listServices(List.of())).hasSize(6);
        // 5 tagged in pages of 2,2,1 and 6 untagged in 2,2,2: no offset on a full last page (Kong reads size+1)
        assertThat(kong.calls()).containsEntry("GET /services", 3L + 3L);
    }

    @Test
    void upsertsRoutesPluginsConsumersCredentialsAndAcls() {
        ObservedService s = billing();
        ObservedRoute r = client.upsertRoute("billing-route", new RouteSpec("billing-route", s.id(), List.of("/billing"),
                null, null, null, null, null, OWNED));
        assertThat(r.serviceId()).isEqualTo(s.id());
        assertThat(r.paths()).containsExactly("/billing");
        assertThat(r.hosts()).isEmpty();
        assertThat(r.protocols()).containsExactly("http", "https");
        assertThat(r.stripPath()).isTrue();
        assertThat(r.preserveHost()).isFalse();

        String pluginId = UUID.randomUUID().toString();
        ObservedPlugin p = client.upsertPlugin(pluginId, new PluginSpec("rate-limiting", s.id(), null, null, true,
                Map.of("minute", 100), OWNED));
        assertThat(p.id()).isEqualTo(pluginId);
        assertThat(p.configCovers(Map.of("minute", 100))).as("Kong's defaults are not drift").isTrue();
        assertThat(p.configCovers(Map.of("minute", 50))).isFalse();
        assertThat(p.config()).containsKey("policy");

        ObservedConsumer c = client.upsertConsumer("mobile-app", new ConsumerSpec("mobile-app", null, OWNED));
        String credId = UUID.randomUUID().toString();
        ObservedKeyAuth k = client.upsertKeyAuth("mobile-app", credId, "generated-key-1", OWNED);
        assertThat(k.consumerId()).isEqualTo(c.id());
        assertThat(k.key()).isEqualTo("generated-key-1");
        assertThat(k.toString()).doesNotContain("generated-key-1");
        ObservedAcl a = client.upsertAcl("mobile-app", "billing-readers", OWNED);
        assertThat(client.upsertAcl("mobile-app", "billing-readers", OWNED).id()).isEqualTo(a.id());

        assertThat(client.listRoutes(OWNED)).containsExactly(r);
        assertThat(client.listPlugins(OWNED)).extracting(ObservedPlugin::id).containsExactly(pluginId);
        assertThat(client.listConsumers(OWNED)).containsExactly(c);
        assertThat(client.listKeyAuths("mobile-app")).extracting(ObservedKeyAuth::id).containsExactly(credId);
        assertThat(client.listAcls("mobile-app")).containsExactly(a);
    }

    @Test
    void deletesInKongsOrder() {
        ObservedService s = billing();
        client.upsertRoute("r", new RouteSpec("r", s.id(), List.of("/r"), null, null, null, null, null, OWNED));
        client.deleteRoute("r");
        client.deleteService("billing");
        assertThat(client.findService("billing")).isEmpty();
        assertThat(kong.counts()).containsEntry("services", 0).containsEntry("routes", 0);
    }

    @Test
    void missingEntitiesReadAsEmptyAndDeleteQuietly() {
        assertThat(client.findService("nope")).isEmpty();
        assertThat(client.findRoute(UUID.randomUUID().toString())).isEmpty();
        assertThat(client.listKeyAuths("nobody")).isEmpty();
        client.deleteService("nope");
        client.upsertConsumer("c", new ConsumerSpec("c", null, OWNED));
        client.deleteKeyAuth("c", UUID.randomUUID().toString());
        client.deleteAcl("c", "not-a-member");
    }

    @Test
    void uniqueViolationIsPermanentWithKongsFields() {
        client.upsertConsumer("a", new ConsumerSpec("a", "cid-1", OWNED));
        PermanentException e = catchThrowableOfType(PermanentException.class,
                () -> client.upsertConsumer("b", new ConsumerSpec("b", "cid-1", OWNED)));
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.errorId()).isEqualTo("5");
        assertThat(e.getMessage()).contains("UNIQUE violation detected on '{custom_id=\"cid-1\"}'");
    }

    @Test
    void schemaViolationIsPermanentWithTheFieldMessage() {
        ObservedService s = billing();
        PermanentException e = catchThrowableOfType(PermanentException.class, () -> client.upsertRoute("bad",
                new RouteSpec("bad", s.id(), List.of("no-slash"), null, null, null, null, null, OWNED)));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.errorId()).isEqualTo("2");
        assertThat(e.getMessage()).contains("paths.1: should start with: / (fixed path) or ~/ (regex path)");
    }

    @Test
    void deletingAServiceStillRoutedIsPermanent() {
        ObservedService s = billing();
        client.upsertRoute("r", new RouteSpec("r", s.id(), List.of("/r"), null, null, null, null, null, OWNED));
        PermanentException e = catchThrowableOfType(PermanentException.class, () -> client.deleteService("billing"));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.errorId()).isEqualTo("4");
        assertThat(e.getMessage()).contains("an existing 'routes' entity references this 'services' entity");
    }

    @Test
    void serverErrorsAreRetryable() {
        faults("{\"error_rate\":1.0,\"error_statuses\":[503]}");
        RetryableException e = catchThrowableOfType(RetryableException.class, () -> client.listServices(OWNED));
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.rateLimited()).isFalse();
    }

    @Test
    void rateLimitIsRetryableAfterTheServersDelay() {
        faults("{\"rate_limit_burst\":1,\"retry_after_seconds\":7}");
        RetryableException e = catchThrowableOfType(RetryableException.class, () -> client.findService("billing"));
        assertThat(e.rateLimited()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(client.findService("billing")).as("the burst is over").isEmpty();
    }

    @Test
    void connectionCutMidResponseIsRetryable() {
        faults("{\"reset_rate\":1.0}");
        RetryableException e = catchThrowableOfType(RetryableException.class, () -> client.listServices(OWNED));
        assertThat(e.status()).isZero();
    }

    @Test
    void unreachableAdminApiIsRetryable() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        KongAdminClient nowhere = new KongAdminClient(HTTP, "http://127.0.0.1:" + closedPort, null);
        assertThatThrownBy(nowhere::version).isInstanceOf(RetryableException.class);
    }

    @Test
    void sendsTheAdminTokenAsApikeyAndNeverPrintsKeys() {
        try (KongEmulator guarded = KongEmulator.start(0, 0, "admin-token-xyz")) {
            KongAdminClient anonymous = new KongAdminClient(HTTP, guarded.adminUrl(), null);
            PermanentException e = catchThrowableOfType(PermanentException.class, anonymous::version);
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).contains("No API key found in request");

            KongAdminClient keyed = new KongAdminClient(HTTP, guarded.adminUrl(), "admin-token-xyz");
            assertThat(keyed.version()).isEqualTo("3.9.1");
            keyed.upsertConsumer("a", new ConsumerSpec("a", null, OWNED));
            keyed.upsertConsumer("b", new ConsumerSpec("b", null, OWNED));
            keyed.upsertKeyAuth("a", UUID.randomUUID().toString(), "very-secret-key", OWNED);
            PermanentException dup = catchThrowableOfType(PermanentException.class,
                    () -> keyed.upsertKeyAuth("b", UUID.randomUUID().toString(), "very-secret-key", OWNED));
            assertThat(dup.status()).isEqualTo(409);
            assertThat(dup.getMessage()).doesNotContain("very-secret-key").contains("<redacted>");
            assertThat(keyed.toString()).doesNotContain("admin-token-xyz");
        }
    }

    @Test
    void adminUrlWithAPathPrefixIsHonoured() {
        KongAdminClient c = new KongAdminClient(HTTP, kong.adminUrl() + "/", null);
        assertThat(c.version()).isEqualTo("3.9.1");
        assertThatThrownBy(() -> new KongAdminClient(HTTP, "not a url", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KONG_ADMIN_URL");
    }
}
