package dev.tether.heroku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.Dashboard;
import dev.tether.TetherApi;
import dev.tether.TetherTestSupport;
import dev.tether.sandbox.heroku.AppSnapshot;
import dev.tether.sandbox.heroku.HerokuEmulator;
import dev.tether.sandbox.heroku.RecordedExchange;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * After a create whose outcome Tether did not hear, the app under the declared name is
 * recovered only when it proves to be the one Tether created; an app someone else created
 * under that name meanwhile is a stranger's, reported as AlreadyExists and never written to.
 * Faults are exact sequences, so this class has a sandbox of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CreateRecoveryIT {

    private static final java.nio.file.Path DATA_DIR = TetherTestSupport.freshDataDir();

    @DynamicPropertySource
    static void ownSandbox(DynamicPropertyRegistry r) {
        r.add("tether.loop.workers", () -> "2");
        TetherTestSupport.sandboxContext(r, DATA_DIR, "2s");
    }

    private static final Duration CONVERGE = Duration.ofSeconds(60);

    @LocalServerPort
    private int port;

    @Autowired
    private HerokuEmulator heroku;

    private TetherApi api;
    private Dashboard dashboard;

    @BeforeEach
    void connect() {
        api = new TetherApi(port, TetherTestSupport.API_TOKEN);
        dashboard = new Dashboard(heroku.baseUrl());
    }

    @AfterEach
    void calm() {
        dashboard.faults(null);
    }

    private static String manifest(String name) {
        return """
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata:
                  name: %s
                spec:
                  configVars: {GREETING: hello}
                """.formatted(name);
    }

    private String conditions(String name) {
        return api.get("/api/v1/resources/HerokuApp/" + name).json().at("/status/conditions").toString();
    }

    private String events(String name) {
        return api.get("/api/v1/resources/HerokuApp/" + name + "/events?limit=100").body();
    }

    @Test
    void appCreatedByAStrangerAfterTethersCreateWasRefusedIsNotAdopted() {
        String name = "taken-by-stranger";
        // the create (made without a read before it) is refused before it is carried out, with a
        // Retry-After that holds Tether back while the stranger acts
        dashboard.faults("{\"next_statuses\": [429], \"retry_after_seconds\": 3600}");
        assertThat(api.yaml(manifest(name)).status()).isEqualTo(200);
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(conditions(name)).contains("\"reason\":\"RateLimited\""));
        assertThat(heroku.app(name)).as("the refused create created nothing").isEmpty();

        // someone in the Dashboard creates an app of the same name, then Tether looks again
        dashboard.call("POST", "/apps", "{\"name\": \"" + name + "\"}");
        api.post("/api/v1/resources/HerokuApp/" + name + "/reconcile", "application/json", "");

        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(conditions(name)).contains("\"reason\":\"AlreadyExists\""));
        AppSnapshot stranger = heroku.app(name).orElseThrow();
        assertThat(stranger.config()).as("no config var set on the stranger's app").doesNotContainKey("GREETING");
        assertThat(stranger.webhooks()).as("no subscription on the stranger's app").isEmpty();
        assertThat(stranger.currentRelease().user()).isEqualTo(HerokuEmulator.DASHBOARD_EMAIL);
        assertThat(events(name)).doesNotContain("Recovered").doesNotContain("Adopted");
        assertThat(api.get("/api/v1/resources/HerokuApp/" + name).json().at("/status/external/id").isMissingNode())
                .as("the stranger's app is not recorded as this resource's").isTrue();
    }

    @Test
    void appTethersOwnCreateMadeIsRecoveredWhenTheAnswerWasLost() {
        String name = "answer-lost";
        List<RecordedExchange> seen = recording();
        // the create (made without a read before it) is carried out and its answer dropped
        dashboard.faults("{\"lost_response_rate\": 1.0}");
        assertThat(api.yaml(manifest(name)).status()).isEqualTo(200);
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100)).until(() -> heroku.app(name).isPresent());
        dashboard.faults(null);

        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(conditions(name)).contains("\"type\":\"Ready\",\"status\":\"True\""));
        assertThat(heroku.app(name).orElseThrow().config()).containsEntry("GREETING", "hello");
        assertThat(heroku.apps().stream().filter(a -> a.name().equals(name))).hasSize(1);
        assertThat(seen.stream().filter(e -> e.method().equals("POST") && e.template().equals("/apps")))
                .as("created once, never again (the stranger's resource looks its name up, never posts it again)").hasSize(1);
        assertThat(events(name)).contains("Recovered the app Tether created");
    }
    /** The Platform API calls made about one app (by name or, once known, id), in order: "METHOD path status". */
    private List<String> callsAbout(List<RecordedExchange> seen, String name) {
        String id = heroku.app(name).map(AppSnapshot::id).orElse("-");
        return seen.stream()
                .filter(e -> e.path().equals("/apps/" + name) || e.path().startsWith("/apps/" + name + "/")
                        || e.path().equals("/apps/" + id) || e.path().startsWith("/apps/" + id + "/")
                        || e.template().equals("/apps") && e.body().contains("\"name\":\"" + name + "\""))
                .map(e -> e.method() + " " + e.template() + " " + e.status())
                .toList();
    }

    private List<RecordedExchange> recording() {
        List<RecordedExchange> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        heroku.addExchangeListener(seen::add);
        return seen;
    }

    @Test
    void anAppAlreadyHoldingTheNameIsAdoptedOnlyWithAdoptExisting() {
        String name = "held-before";
        dashboard.call("POST", "/apps", "{\"name\": \"" + name + "\"}");
        String heldId = heroku.app(name).orElseThrow().id();
        List<RecordedExchange> seen = recording();
        assertThat(api.yaml(manifest(name)).status()).isEqualTo(200);
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(conditions(name)).contains("\"reason\":\"AlreadyExists\""));
        assertThat(heroku.app(name).orElseThrow().config()).as("nothing written to the app without adoptExisting")
                .doesNotContainKey("GREETING");
        assertThat(callsAbout(seen, name)).as("Heroku's 422 for the taken name (its answer names no app), then only looks")
                .contains("GET /apps/{app} 200").containsOnly("GET /apps/{app} 200");

        assertThat(api.yaml(manifest(name) + "  adoptExisting: true\n").status()).isEqualTo(200);
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(conditions(name)).contains("\"type\":\"Ready\",\"status\":\"True\""));
        assertThat(heroku.app(name).orElseThrow().config()).containsEntry("GREETING", "hello");
        assertThat(api.get("/api/v1/resources/HerokuApp/" + name).json().at("/status/external/id").asString()).isEqualTo(heldId);
        assertThat(events(name)).contains("Adopted existing app " + name);
        assertThat(heroku.apps().stream().filter(a -> a.name().equals(name))).hasSize(1);
    }

    @Test
    void aNewAppIsCreatedAndWrittenWithoutAReadBeforeEither() {
        String name = "straight-create";
        List<RecordedExchange> seen = recording();
        assertThat(api.yaml(manifest(name)).status()).isEqualTo(200);
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(conditions(name)).contains("\"type\":\"Ready\",\"status\":\"True\""));
        assertThat(heroku.app(name).orElseThrow().config()).containsEntry("GREETING", "hello");
        List<String> calls = callsAbout(seen, name);
        // the create's answer is the observation: the config vars are written in the same pass,
        // and a subscription made without listing a new app's (none)
        assertThat(calls.subList(0, 3)).containsExactlyInAnyOrder("POST /apps 201", "PATCH /apps/{app}/config-vars 200",
                "POST /apps/{app}/webhooks 201");
        assertThat(calls.getFirst()).isEqualTo("POST /apps 201");
        assertThat(calls).as("created once").containsOnlyOnce("POST /apps 201");
    }
}
