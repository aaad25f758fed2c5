package dev.tether.heroku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tether.http.PermanentException;
import dev.tether.http.RetryableException;
import dev.tether.sandbox.heroku.EmulatorExtension;
import dev.tether.sandbox.heroku.HerokuEmulator;
import dev.tether.sandbox.heroku.PlatformApi;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tether's Heroku client against the emulator over real HTTP, faults injected at the server. */
class HerokuClientTest {

    @RegisterExtension
    static final EmulatorExtension heroku = new EmulatorExtension();

    /** A clock only the test moves, so pacing is exact and the test fast. */
    private final AtomicLong nanos = new AtomicLong();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final HerokuClient client = client(new HerokuProperties(null, null, null, 250, 1000));
    private final PlatformApi dashboard = new PlatformApi(heroku.baseUrl(), HerokuEmulator.DASHBOARD_TOKEN);

    private HerokuClient client(HerokuProperties props) {
        HerokuEndpoint endpoint = new HerokuEndpoint(URI.create(heroku.baseUrl()), heroku.emulator().tetherToken());
        return new HerokuClient(endpoint, props, meters, nanos::get);
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void answersFromItsCacheWhenHerokuSaysNotModified() throws Exception {
        client.createApp(NewApp.named("cached-app"));
        Map<String, String> first = client.getConfigVars("cached-app").orElseThrow();
        long before = notModifiedCount();

        Map<String, String> second = client.getConfigVars("cached-app").orElseThrow();

        assertThat(second).isEqualTo(first);
        assertThat(client.cacheHits()).isEqualTo(1);
        assertThat(notModifiedCount()).isEqualTo(before + 1);
        client.patchConfigVars("cached-app", Map.of("NEW", "1"));
        assertThat(client.getConfigVars("cached-app").orElseThrow()).containsEntry("NEW", "1");
    }

    private long notModifiedCount() throws Exception {
        String calls = heroku.control("GET", "/__sandbox/calls", "");
        return new tools.jackson.databind.json.JsonMapper().readTree(calls).get("not_modified").asLong();
    }

    @Test
    void surfacesARateLimitAtOnceWithItsRetryAfterInsteadOfWaitingItOut() throws Exception {
        client.createApp(NewApp.named("limited-app"));
        heroku.control("PUT", "/__sandbox/faults", "{\"next_statuses\":[429],\"retry_after_seconds\":2}");

        assertThatThrownBy(() -> client.getApp("limited-app"))
                .isInstanceOfSatisfying(RetryableException.class, e -> {
                    assertThat(e.rateLimited()).isTrue();
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
                });
        assertThat(client.getApp("limited-app")).as("the next call, once due, goes through").isPresent();
    }

    @Test
    void classifiesServerErrorsAndConnectionResetsAsRetryable() throws Exception {
        heroku.control("PUT", "/__sandbox/faults", "{\"next_statuses\":[503]}");
        assertThatThrownBy(() -> client.getApp("anything"))
                .isInstanceOfSatisfying(RetryableException.class, e -> assertThat(e.status()).isEqualTo(503))
                .hasMessageStartingWith("Heroku GET /apps/anything answered 503: ");

        heroku.control("PUT", "/__sandbox/faults", "{\"next_resets\":1}");
        assertThatThrownBy(() -> client.getApp("anything"))
                .isInstanceOfSatisfying(RetryableException.class, e -> assertThat(e.status()).isZero())
                .hasMessageStartingWith("Heroku GET /apps/anything: no answer (");
    }

    @Test
    void endsAFailedCallAtOnceWithoutResendingOrWaiting() throws Exception {
        client.createApp(NewApp.named("flaky-read"));
        long before = heroku.emulator().callCount("GET", "/apps/{app}");
        heroku.control("PUT", "/__sandbox/faults", "{\"next_statuses\":[503]}");

        // the loop requeues with backoff; the client neither resends nor sleeps (it has no sleeper at all)
        assertThatThrownBy(() -> client.getApp("flaky-read"))
                .isInstanceOfSatisfying(RetryableException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.retryAfter()).isEmpty();
                });
        assertThat(heroku.emulator().callCount("GET", "/apps/{app}")).as("sent once, not resent").isEqualTo(before + 1);
        assertThat(client.getApp("flaky-read")).as("the next attempt goes through").isPresent();

        heroku.control("PUT", "/__sandbox/faults", "{\"next_statuses\":[503]}");
        assertThatThrownBy(() -> client.createApp(NewApp.named("flaky-write")))
                .isInstanceOfSatisfying(RetryableException.class, e -> assertThat(e.status()).isEqualTo(503));
        assertThat(client.getApp("flaky-write")).isEmpty();
    }

    @Test
    void reportsARejectedChangeAsPermanentWithHerokusMessage() {
        client.createApp(NewApp.named("taken-name"));

        assertThatThrownBy(() -> client.createApp(NewApp.named("taken-name")))
                .isInstanceOfSatisfying(PermanentException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.errorId()).isEqualTo("invalid_params");
                    assertThat(e.getMessage()).contains("Name is already taken");
                });
    }

    @Test
    void readsAMissingAppAsEmptyAndItsDeleteAsAlreadyGone() {
        assertThat(client.getApp("no-such-app")).isEmpty();
        assertThat(client.getConfigVars("no-such-app")).isEmpty();
        assertThat(client.listFormation("no-such-app")).isEmpty();
        assertThat(client.deleteApp("no-such-app")).isFalse();
    }

    @Test
    void followsNextRangeAcrossPages() {
        HerokuClient smallPages = client(new HerokuProperties(null, null, null, 250, 2));
        try {
            for (int i = 0; i < 5; i++) {
                smallPages.createApp(NewApp.named("page-" + i + "-app"));
            }
            List<String> names = smallPages.listApps().stream().map(ObservedApp::name).toList();
            assertThat(names).contains("page-0-app", "page-1-app", "page-2-app", "page-3-app", "page-4-app").doesNotHaveDuplicates();
            assertThat(heroku.emulator().callCount("GET", "/apps")).isGreaterThanOrEqualTo(3);
        } finally {
            smallPages.close();
        }
    }

    @Test
    void pacesCallsWhenTheBudgetRunsLowByRefusingThemWithWhenTheyAreDue() throws Exception {
        client.getApp("warm-up");
        heroku.control("PUT", "/__sandbox/rate-limit", "{\"account\":\"tether@sandbox.local\",\"remaining\":200}");
        client.getApp("first-low");
        assertThat(client.rateLimitRemaining()).isBetween(195, 199);
        assertThat(meters.get(HerokuClient.RATE_GAUGE).gauge().value()).isEqualTo(client.rateLimitRemaining());

        // a pass's worth of calls goes through at once; after the burst a call is refused unsent
        for (int i = 1; i < RateBudget.BURST; i++) {
            client.getApp("burst-" + i);
        }
        long sent = heroku.emulator().callCount("GET", "/apps/{app}");
        RetryableException refused = catchThrowableOfType(RetryableException.class, () -> client.getApp("paced"));
        assertThat(refused.getMessage()).contains("rate budget is low");
        assertThat(refused.rateLimited()).as("not Heroku's 429: Tether's own pacing").isFalse();
        Duration due = refused.retryAfter().orElseThrow();
        assertThat(due).isPositive().isLessThanOrEqualTo(RateBudget.REFILL_INTERVAL.multipliedBy(RateBudget.BURST));
        assertThat(heroku.emulator().callCount("GET", "/apps/{app}")).as("nothing sent").isEqualTo(sent);

        nanos.addAndGet(due.toNanos());
        assertThat(client.getApp("paced")).as("sent once it is due").isEmpty();
        assertThat(heroku.emulator().callCount("GET", "/apps/{app}")).isEqualTo(sent + 1);
    }

    @Test
    void managesEverythingAnAppReconcilerTouches() {
        dashboard.post("/spaces", "{\"name\":\"client-space\",\"team\":\"acme\"}");

        ObservedApp app = client.createApp(new NewApp("client-app", null, null, "client-space", null, true));
        assertThat(app.space()).isEqualTo("client-space");
        assertThat(app.internalRouting()).isTrue();
        assertThat(app.team()).isEqualTo("acme");

        Map<String, String> changes = new HashMap<>();
        changes.put("INTERNAL_API_KEY", "k1");
        changes.put("GONE", null);
        assertThat(client.patchConfigVars(app.id(), changes)).containsEntry("INTERNAL_API_KEY", "k1").doesNotContainKey("GONE");

        // a new app has no formation until a release defines its process types, as on Heroku
        dashboard.deployWeb(app.id());
        assertThat(client.batchUpdateFormation(app.id(), List.of(new FormationChange("web", 2, "Standard-2X"))))
                .containsExactly(new ObservedFormation("web", 2, "Standard-2X"));
        assertThat(client.getApp(app.id()).orElseThrow().webUrl()).startsWith("http://127.0.0.1:");

        ObservedAddon addon = client.createAddon(app.id(), NewAddon.plan("heroku-redis:mini"));
        assertThat(addon.configVars()).containsExactly("REDIS_URL");
        assertThat(client.updateAddonPlan(app.id(), addon.name(), "heroku-redis:premium-0").plan()).isEqualTo("heroku-redis:premium-0");
        assertThat(client.listAddons(app.id()).orElseThrow()).extracting(ObservedAddon::plan).containsExactly("heroku-redis:premium-0");
        assertThat(client.deleteAddon(app.id(), addon.id())).isTrue();

        client.addDomain(app.id(), "api.example.org");
        assertThat(client.listDomains(app.id()).orElseThrow()).filteredOn(ObservedDomain::custom)
                .extracting(ObservedDomain::hostname).containsExactly("api.example.org");
        assertThat(client.removeDomain(app.id(), "api.example.org")).isTrue();

        assertThat(client.replaceBuildpacks(app.id(), List.of("heroku/jvm"))).extracting(ObservedBuildpack::url).containsExactly("heroku/jvm");
        assertThat(client.listBuildpacks(app.id()).orElseThrow()).hasSize(1);

        CreatedWebhook hook = client.createAppWebhook(app.id(), new NewWebhook("https://hooks.example.org/h", List.of("api:release"), "notify", null, null));
        assertThat(hook.secret()).isPresent();
        assertThat(hook.toString()).doesNotContain(hook.secret().get());
        assertThat(client.listAppWebhooks(app.id()).orElseThrow()).extracting(ObservedWebhook::id).containsExactly(hook.webhook().id());
        assertThat(client.deleteAppWebhook(app.id(), hook.webhook().id())).isTrue();

        ObservedRelease latest = client.latestRelease(app.id()).orElseThrow();
        assertThat(latest.user()).isEqualTo("tether@sandbox.local");
        assertThat(latest.description()).isEqualTo("Detach REDIS (@ref:" + addon.name() + ")");
        assertThat(latest.current()).isTrue();

        ObservedApp renamed = client.updateApp(app.id(), new AppChanges("client-app-2", true, null));
        assertThat(renamed.name()).isEqualTo("client-app-2");
        assertThat(renamed.maintenance()).isTrue();
        assertThat(client.deleteApp(app.id())).isTrue();
        assertThat(client.getApp(app.id())).isEmpty();
    }
}
