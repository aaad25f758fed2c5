package dev.tether.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.Dashboard;
import dev.tether.TetherApi;
import dev.tether.TetherApplication;
import dev.tether.TetherTestSupport;
import dev.tether.cli.TetherCli;
import dev.tether.runtime.TetherRuntime;
import dev.tether.sandbox.heroku.HerokuEmulator;
import dev.tether.sandbox.kong.KongEmulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The Scheduler's {@code resync} command as a one-off process beside a running Tether: its own
 * Spring context in live mode, sharing the running one's database and pointed at its emulators,
 * exactly as a one-off dyno shares the app's {@code DATABASE_URL}. Its own sandbox (data
 * directory) so that no other test's failing resource decides its exit code.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class ResyncCommandIT {

    private static final Path DATA_DIR = TetherTestSupport.freshDataDir();
    private static final Duration CONVERGE = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("tether.data-dir", DATA_DIR::toString);
        r.add("tether.api-token", () -> TetherTestSupport.API_TOKEN);
        r.add("tether.mode", () -> "sandbox");
        // The running "worker" looks again only rarely, and Heroku's webhook deliveries are lost
        // (they go to a port nothing listens on): drift is found by the resync, its reason to be.
        r.add("tether.loop.resync-interval", () -> "10m");
        r.add("tether.webhooks.public-url", () -> "http://127.0.0.1:9");
        r.add("tether.loop.backoff-base", () -> "100ms");
        r.add("tether.loop.backoff-cap", () -> "2s");
    }

    @LocalServerPort
    int port;

    @Autowired
    HerokuEmulator heroku;

    @Autowired
    KongEmulator kong;

    @Autowired
    HikariDataSource dataSource;

    @Autowired
    TetherRuntime runtime;

    TetherApi api() {
        return new TetherApi(port, TetherTestSupport.API_TOKEN);
    }

    void apply(String name, String spec) {
        TetherApi.Response r = api().yaml("apiVersion: tether.dev/v1\nkind: HerokuApp\nmetadata:\n  name: " + name + "\nspec:\n" + spec.indent(2));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    void awaitReady(String name) {
        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode r = api().get("/api/v1/resources/HerokuApp/" + name).json();
            assertThat(r.at("/status/conditions").toString()).contains("\"type\":\"Ready\",\"status\":\"True\"");
        });
    }

    /** The command as Heroku Scheduler runs it: a separate process config, the app's config vars. */
    int resyncCommand() throws Exception {
        Matcher m = Pattern.compile("//[^:/]+:(\\d+)/").matcher(dataSource.getJdbcUrl());
        assertThat(m.find()).isTrue();
        String key = Files.readString(runtime.dataDir().resolve("encryption-key")).strip();
        // the embedded database asks for the password it generated, as any client of it must
        String password = Files.readString(runtime.dataDir().resolve("postgres-password")).strip();
        return TetherApplication.resync(new String[] {
                "--tether.mode=live",
                "--tether.database-url=postgres://postgres:" + password + "@127.0.0.1:" + m.group(1) + "/postgres",
                "--tether.heroku-api-key=" + heroku.tetherToken(),
                "--tether.heroku.base-url=" + heroku.baseUrl(),
                "--tether.kong.admin-url=" + kong.adminUrl(),
                "--tether.api-token=resync-process",
                "--tether.keys.encryption-key=" + key,
                "--tether.data-dir=" + TetherTestSupport.freshDataDir(),
                "--tether.loop.backoff-base=100ms",
                "--tether.loop.backoff-cap=1s",
                "--tether.ops.resync-timeout=90s",
                "--spring.jmx.enabled=false"});
    }

    int cliResyncWait(StringBuilder output) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = TetherCli.run(new String[] {"resync", "--wait", "--timeout", "90s"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                Map.of("TETHER_URL", "http://127.0.0.1:" + port, "TETHER_API_TOKEN", TetherTestSupport.API_TOKEN), false);
        output.append(out.toString(StandardCharsets.UTF_8));
        return code;
    }

    @Test
    @Order(1)
    void exitsZeroWhenEverythingConvergedAndCountsTheDriftItFixed(CapturedOutput output) throws Exception {
        apply("resync-a", "configVars:\n  LOG_LEVEL: info\n");
        apply("resync-b", "release: ${SAMPLE_RELEASE}\nformation:\n  web:\n    quantity: 1\n");
        awaitReady("resync-a");
        awaitReady("resync-b");
        new Dashboard(heroku.baseUrl()).setConfigVar("resync-a", "LOG_LEVEL", "debug");

        int exit = resyncCommand();

        assertThat(exit).as(output.getOut()).isZero();
        assertThat(heroku.app("resync-a").orElseThrow().config()).containsEntry("LOG_LEVEL", "info");
        assertThat(output.getOut()).containsPattern("Resync \\d+ finished in \\d+s")
                .containsPattern("(?m)^KIND\\s+RESOURCES\\s+IN SYNC\\s+DRIFT FIXED\\s+PENDING\\s+STILL FAILING$")
                .containsPattern("(?m)^HerokuApp\\s+2\\s+2\\s+1\\s+0\\s+0$")
                .containsPattern("(?m)^TOTAL\\s+2\\s+2\\s+1\\s+0\\s+0$")
                .doesNotContain("Still failing:");

        StringBuilder cli = new StringBuilder();
        assertThat(cliResyncWait(cli)).as(cli.toString()).isZero();
        assertThat(cli.toString()).contains("finished: all 2 resources reconciled");
    }

    @Test
    @Order(2)
    void exitsNonZeroAndNamesAResourceStillFailing(CapturedOutput output) throws Exception {
        apply("resync-owner", "domains: [resync-taken.example.com]\n");
        awaitReady("resync-owner");
        apply("resync-thief", "domains: [resync-taken.example.com]\n");

        int exit = resyncCommand();

        assertThat(exit).as(output.getOut()).isEqualTo(1);
        assertThat(output.getOut()).containsPattern("(?m)^HerokuApp\\s+4\\s+3\\s+\\d+\\s+0\\s+1$")
                .contains("Still failing:")
                .containsPattern("HerokuApp/resync-thief\\s+Failed\\s+\\S+\\s+.*resync-taken.example.com is currently in use");

        StringBuilder cli = new StringBuilder();
        assertThat(cliResyncWait(cli)).as(cli.toString()).isEqualTo(1);
        assertThat(cli.toString()).contains("1 resources still failing");
    }
}
