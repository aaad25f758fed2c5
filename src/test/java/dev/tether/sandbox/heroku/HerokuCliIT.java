package dev.tether.sandbox.heroku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real Heroku CLI 11.10 (a client no one here wrote) playing the Dashboard user against
 * the emulator: every command succeeds and the emulator's state shows its change. The steps
 * build on each other (one app, renamed half-way), hence the order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HerokuCliIT {

    @RegisterExtension
    static final EmulatorExtension heroku = new EmulatorExtension();

    private static HerokuCli cli;
    private static HttpServer subscriber;
    private static final AtomicInteger deliveries = new AtomicInteger();
    private static String app = "cli-app";
    private static final List<String> unrouted = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void installCliAndCreateTheApp() throws Exception {
        cli = HerokuCli.install(heroku.baseUrl(), HerokuEmulator.DASHBOARD_TOKEN);
        heroku.emulator().addExchangeListener(e -> {
            if (e.template() == null) {
                unrouted.add(e.method() + " " + e.path());
            }
        });
        PlatformApi dashboard = new PlatformApi(heroku.baseUrl(), HerokuEmulator.DASHBOARD_TOKEN);
        assertThat(dashboard.post("/apps", "{\"name\":\"cli-app\"}").status()).isEqualTo(201);
        dashboard.deployWeb("cli-app"); // a new app has no formation until code is released
        subscriber = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        subscriber.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            deliveries.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        subscriber.start();
    }

    @AfterAll
    static void stopSubscriberAndCheckEveryCallWasUnderstood() {
        if (subscriber != null) {
            subscriber.stop(0);
        }
        assertThat(unrouted).as("requests the CLI sent that the emulator has no route for").isEmpty();
    }

    private static String ok(String... args) throws Exception {
        HerokuCli.Result result = cli.heroku(args);
        assertThat(result.exitCode()).as("heroku " + String.join(" ", args) + " printed:\n" + result.output()).isZero();
        return result.output();
    }

    private static AppSnapshot state() {
        return heroku.emulator().app(app).orElseThrow();
    }

    @Test
    @Order(1)
    void listsAppsLikeTheReadmeShows() throws Exception {
        assertThat(ok("apps")).contains("cli-app");
    }

    @Test
    @Order(2)
    void setsConfigVarsAndReportsTheNewRelease() throws Exception {
        String out = ok("config:set", "FOO=bar", "NEW=1", "-a", app);

        assertThat(state().config()).containsEntry("FOO", "bar").containsEntry("NEW", "1");
        assertThat(out).contains("v" + state().currentRelease().version());
        assertThat(state().currentRelease().user()).isEqualTo("dashboard@example.com");
    }

    @Test
    @Order(3)
    void unsetsAConfigVar() throws Exception {
        ok("config:unset", "NEW", "-a", app);

        assertThat(state().config()).containsKey("FOO").doesNotContainKey("NEW");
        assertThat(state().currentRelease().description()).isEqualTo("Remove NEW config vars");
    }

    @Test
    @Order(4)
    void scalesWebDynosToANamedSize() throws Exception {
        ok("ps:scale", "web=2:Standard-1X", "-a", app);

        assertThat(state().formation().get("web")).isEqualTo(new AppSnapshot.Formation(2, "Standard-1X"));
    }

    @Test
    @Order(5)
    void renamesTheApp() throws Exception {
        String id = state().id();

        ok("apps:rename", "cli-app-renamed", "-a", app);
        app = "cli-app-renamed";

        assertThat(heroku.emulator().app(id).orElseThrow().name()).isEqualTo("cli-app-renamed");
        assertThat(heroku.emulator().app("cli-app")).isEmpty();
    }

    @Test
    @Order(6)
    void createsAnAddonAndItsConfigVar() throws Exception {
        String out = ok("addons:create", "heroku-redis:mini", "-a", app);

        assertThat(state().addons()).extracting(AppSnapshot.Addon::plan).containsExactly("heroku-redis:mini");
        assertThat(state().config()).containsKey("REDIS_URL");
        assertThat(out).contains(state().addons().getFirst().name()).contains("REDIS_URL");
    }

    @Test
    @Order(7)
    void destroysTheAddon() throws Exception {
        String addon = state().addons().getFirst().name();

        ok("addons:destroy", addon, "-a", app, "--confirm", app);

        assertThat(state().addons()).isEmpty();
        assertThat(state().config()).doesNotContainKey("REDIS_URL");
    }

    @Test
    @Order(8)
    void addsACustomDomain() throws Exception {
        String out = ok("domains:add", "www.cli.example.com", "-a", app);

        assertThat(state().domains()).containsExactly("www.cli.example.com");
        assertThat(out).contains("herokudns.com");
    }

    @Test
    @Order(9)
    void removesTheCustomDomain() throws Exception {
        ok("domains:remove", "www.cli.example.com", "-a", app);

        assertThat(state().domains()).isEmpty();
    }

    @Test
    @Order(10)
    void turnsMaintenanceOnAndOff() throws Exception {
        ok("maintenance:on", "-a", app);
        assertThat(state().maintenance()).isTrue();

        ok("maintenance:off", "-a", app);
        assertThat(state().maintenance()).isFalse();
    }

    @Test
    @Order(11)
    void listsReleasesWithWhoMadeThem() throws Exception {
        String out = ok("releases", "-a", app);

        assertThat(out).contains("Set FOO, NEW config vars").contains("Remove NEW config vars").contains("dashboard@example.com");
    }

    @Test
    @Order(12)
    void addsAWebhookThatReceivesSignedDeliveries() throws Exception {
        String url = "http://127.0.0.1:" + subscriber.getAddress().getPort() + "/hook";

        String out = ok("webhooks:add", "-i", "api:release,api:formation", "-l", "notify", "-u", url, "-a", app);
        ok("config:set", "AFTER_HOOK=1", "-a", app);

        assertThat(state().webhooks()).singleElement().satisfies(w -> {
            assertThat(w.url()).isEqualTo(url);
            assertThat(w.include()).containsExactly("api:release", "api:formation");
        });
        assertThat(out).contains("Signing Secret");
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.get() >= 1);
    }

    private static String team() throws Exception {
        return new PlatformApi(heroku.baseUrl(), HerokuEmulator.DASHBOARD_TOKEN).get("/apps/" + app).json().at("/team/name").asString();
    }

    @Test
    @Order(13)
    void transfersTheAppToATeam() throws Exception {
        String out = ok("apps:transfer", "acme-labs", "-a", app);

        assertThat(out).contains("Transferring");
        assertThat(team()).isEqualTo("acme-labs");
    }

    @Test
    @Order(14)
    void refusesATransferToATeamTheAccountCannotSee() throws Exception {
        HerokuCli.Result result = cli.heroku("apps:transfer", "no-such-team", "-a", app);

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("Couldn't find that team.");
        assertThat(team()).isEqualTo("acme-labs");
    }
}
