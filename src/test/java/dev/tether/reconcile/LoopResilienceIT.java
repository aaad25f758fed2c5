package dev.tether.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.Dashboard;
import dev.tether.TetherApi;
import dev.tether.TetherApplication;
import dev.tether.TetherTestSupport;
import dev.tether.sandbox.heroku.AppSnapshot;
import dev.tether.sandbox.heroku.HerokuEmulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Several Tether processes on one database, as several worker dynos are: work is shared, never
 * done twice, and a process killed mid-plan leaves nothing half-done that the next one cannot
 * finish. Tether runs in live mode against a standalone Heroku emulator so all processes see
 * the same Heroku.
 */
class LoopResilienceIT {

    private static final String HEROKU_TOKEN = "tether-live-token";
    private static final String API_TOKEN = TetherTestSupport.API_TOKEN;

    private EmbeddedPostgres postgres;
    private HerokuEmulator heroku;
    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private Process killed;

    @BeforeEach
    void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        heroku = HerokuEmulator.start(0, HEROKU_TOKEN);
    }

    @AfterEach
    void stop() throws Exception {
        if (killed != null) {
            killed.destroyForcibly().waitFor();
        }
        contexts.forEach(ConfigurableApplicationContext::close);
        heroku.close();
        postgres.close();
    }

    private List<String> liveArgs(int port) {
        return List.of("--server.port=" + port, "--tether.mode=live",
                "--tether.heroku-api-key=" + HEROKU_TOKEN, "--tether.heroku.base-url=" + heroku.baseUrl(),
                "--tether.api-token=" + API_TOKEN, "--tether.keys.encryption-key=shared-test-key",
                "--tether.database-url=postgres://postgres:unused@localhost:" + postgres.getPort() + "/postgres",
                "--tether.data-dir=" + TetherTestSupport.freshDataDir(),
                "--tether.loop.lease=5s", "--tether.loop.resync-interval=3s",
                "--tether.loop.backoff-base=200ms", "--tether.loop.backoff-cap=2s");
    }

    private ConfigurableApplicationContext startInProcess() {
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(TetherApplication.class)
                .run(liveArgs(0).toArray(String[]::new));
        contexts.add(ctx);
        return ctx;
    }

    private static TetherApi api(ConfigurableApplicationContext ctx) {
        return new TetherApi(Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port")), API_TOKEN);
    }

    private static String app(String name) {
        return """
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata:
                  name: %s
                spec:
                  configVars: {A: "1", B: "2"}
                  release: ${SAMPLE_RELEASE}
                  formation:
                    web: {quantity: 1}
                  addons:
                    - plan: heroku-postgresql:essential-0
                      as: DATABASE
                  domains: [%s.example.com]
                ---
                """.formatted(name, name);
    }

    private static boolean ready(TetherApi api, String name) {
        JsonNode r = api.get("/api/v1/resources/HerokuApp/" + name).json();
        return r.at("/status/conditions").toString().contains("\"type\":\"Ready\",\"status\":\"True\"");
    }

    private void assertCreatedOnce(String name) {
        List<AppSnapshot> apps = heroku.apps().stream().filter(a -> a.name().equals(name)).toList();
        assertThat(apps).as(name).hasSize(1);
        assertThat(apps.getFirst().addons()).as(name + " add-ons").hasSize(1);
        assertThat(apps.getFirst().domains()).as(name + " domains").containsExactly(name + ".example.com");
    }

    @Test
    void twoProcessesOnOneDatabaseShareTheWorkAndCreateEachAppOnce() {
        ConfigurableApplicationContext a = startInProcess();
        ConfigurableApplicationContext b = startInProcess();
        new Dashboard(heroku.baseUrl()).faults("{\"latency_ms\": 30}");
        StringBuilder yaml = new StringBuilder();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            names.add("shared-" + i);
            yaml.append(app("shared-" + i));
        }
        assertThat(api(a).yaml(yaml.toString()).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                assertThat(names).allMatch(n -> ready(api(b), n)));

        names.forEach(this::assertCreatedOnce);
        assertThat(heroku.callCount("POST", "/apps")).isEqualTo(names.size());
        double passesA = a.getBean(MeterRegistry.class).find("tether.reconcile").timers().stream().mapToLong(t -> t.count()).sum();
        double passesB = b.getBean(MeterRegistry.class).find("tether.reconcile").timers().stream().mapToLong(t -> t.count()).sum();
        assertThat(passesA).as("passes run by process A").isPositive();
        assertThat(passesB).as("passes run by process B").isPositive();
    }

    @Test
    void aProcessKilledBetweenTwoActionsOfAPlanLeavesNothingTheNextCannotFinish() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // slow Heroku, so the kill lands between the app's create and its add-on
        new Dashboard(heroku.baseUrl()).faults("{\"latency_ms\": 300}");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TetherApplication.class.getName()));
        command.addAll(liveArgs(port));
        File log = new File("target/killed-worker.log");
        killed = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        TetherApi first = new TetherApi(port, API_TOKEN);
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .until(() -> first.get("/actuator/health").status() == 200);
        assertThat(first.yaml(app("killed-mid-plan")).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> heroku.app("killed-mid-plan").isPresent());
        killed.destroyForcibly().waitFor(); // SIGKILL: no shutdown hooks, the claim stays leased
        AppSnapshot halfDone = heroku.app("killed-mid-plan").orElseThrow();
        assertThat(halfDone.addons()).as("the kill landed before the add-on was created").isEmpty();

        ConfigurableApplicationContext next = startInProcess();
        await().atMost(Duration.ofSeconds(90)).until(() -> ready(api(next), "killed-mid-plan"));

        assertCreatedOnce("killed-mid-plan");
        assertThat(heroku.callCount("POST", "/apps")).isEqualTo(1);
        assertThat(heroku.app("killed-mid-plan").orElseThrow().config()).containsEntry("A", "1").containsEntry("B", "2");
    }
}
