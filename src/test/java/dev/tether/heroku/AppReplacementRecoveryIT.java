package dev.tether.heroku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.Dashboard;
import dev.tether.TetherApi;
import dev.tether.TetherTestSupport;
import dev.tether.reconcile.ControlLoop;
import dev.tether.sandbox.heroku.AppSnapshot;
import dev.tether.sandbox.heroku.HerokuEmulator;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A replacement survives what interrupts it: the create of the new app carried out but its
 * answer lost (the app is found again by its name and recovered, never created twice), and the
 * control loop stopped mid-way and started again (the phase is read back from status and the
 * replacement carries on where it stopped). Faults are exact, so this class has a sandbox of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AppReplacementRecoveryIT {

    private static final java.nio.file.Path DATA_DIR = TetherTestSupport.freshDataDir();
    private static final Duration CONVERGE = Duration.ofSeconds(90);

    @DynamicPropertySource
    static void ownSandbox(DynamicPropertyRegistry r) {
        TetherTestSupport.sandboxContext(r, DATA_DIR, "2s");
    }

    @LocalServerPort
    private int port;

    @Autowired
    private HerokuEmulator heroku;

    @Autowired
    private ControlLoop loop;

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
        if (!loop.isRunning()) {
            loop.start();
        }
    }

    private static String manifest(String extra) {
        return """
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: again-api}
                spec:
                  team: acme
                  release: ${SAMPLE_RELEASE}
                  configVars: {GREETING: hello}
                  formation: {web: {quantity: 1}}
                  addons: [{plan: "heroku-postgresql:essential-0", as: DATABASE}]
                %s
                """.formatted(extra.indent(2).stripTrailing());
    }

    private JsonNode external() {
        return api.get("/api/v1/resources/HerokuApp/again-api").json().at("/status/external");
    }

    private String events() {
        return api.get("/api/v1/resources/HerokuApp/again-api/events?limit=200").body();
    }

    @Test
    void aLostCreateAndALoopRestartMidWayStillMakeExactlyOneNewApp() {
        assertThat(api.yaml(manifest("")).status()).isEqualTo(200);
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).until(() ->
                api.get("/api/v1/resources/HerokuApp/again-api").json().at("/status/conditions").toString()
                        .contains("\"type\":\"Ready\",\"status\":\"True\"")
                        && heroku.app("again-api").map(a -> !a.addons().isEmpty()).orElse(false));
        String oldId = external().path("id").asString();
        long creates = heroku.callCount("POST", "/teams/apps");

        // Heroku creates the new app, but Tether never hears the answer
        dashboard.faults("{\"lose_next\": \"POST /teams/apps\"}");
        assertThat(api.yaml(manifest("space: acme-prod\ninternalRouting: true\nallowReplace: true")).status()).isEqualTo(200);
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100)).until(() -> external().at("/replacement/newId").isString());
        assertThat(heroku.callCount("POST", "/teams/apps")).as("the lost create is not repeated").isEqualTo(creates + 1);

        // the loop stops mid-way and starts again: the replacement carries on from its recorded phase
        loop.stop();
        JsonNode recorded = external().path("replacement");
        assertThat(recorded.path("phase").asString()).as(recorded.toString()).isIn("PREPARE", "PROVE", "RETIRE", "NAME");
        loop.start();

        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(external().has("replacement")).as(external().toString()).isFalse();
            assertThat(external().path("retiredApps").size()).isEqualTo(1);
        });
        AppSnapshot fresh = heroku.app("again-api").orElseThrow();
        assertThat(fresh.id()).isEqualTo(recorded.path("newId").asString()).isNotEqualTo(oldId);
        assertThat(fresh.internalRouting()).isTrue();
        assertThat(fresh.config()).containsEntry("GREETING", "hello");
        assertThat(heroku.app(oldId).orElseThrow().name()).isEqualTo("again-api-old-1");
        assertThat(heroku.apps().stream().filter(a -> a.name().startsWith("again-api"))).as("the old app and exactly one new one")
                .hasSize(2);
        assertThat(heroku.callCount("POST", "/teams/apps")).isEqualTo(creates + 1);
        assertThat(events()).contains("Recovered the replacement app again-api-r1");
    }
}
