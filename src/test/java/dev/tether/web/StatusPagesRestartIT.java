package dev.tether.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.Dashboard;
import dev.tether.TetherApi;
import dev.tether.TetherApplication;
import dev.tether.TetherTestSupport;
import dev.tether.sandbox.heroku.HerokuEmulator;
import dev.tether.sandbox.kong.KongEmulator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The status pages outlive Tether (issue 7, "Live"): Tether runs as a separate JVM on a fixed
 * port with its state in PostgreSQL, in live mode against Heroku and Kong emulators that keep
 * running in this JVM. A person is logged in with a resource page open; Tether is stopped
 * (SIGTERM, then SIGKILL) and started again on the same port; what changes afterwards shows on
 * the open page without a reload, and the login still holds (sessions are signed, not kept in
 * memory).
 */
class StatusPagesRestartIT {

    private static final String HEROKU_TOKEN = "restart-it-heroku-token";
    private static final String API_TOKEN = TetherTestSupport.API_TOKEN;
    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration CONVERGE = Duration.ofSeconds(90);

    private EmbeddedPostgres postgres;
    private HerokuEmulator heroku;
    private KongEmulator kong;
    private Path dataDir;
    private int port;
    private Process tether;
    private int starts;
    private ChromeDriver browser;
    private Path profile;

    @BeforeEach
    void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        heroku = HerokuEmulator.start(0, HEROKU_TOKEN);
        kong = KongEmulator.start(0, 0, "");
        dataDir = TetherTestSupport.freshDataDir();
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        profile = Files.createTempDirectory("tether-chromium-");
        browser = Chromium.start(profile);
        Files.createDirectories(StatusPagesBrowserIT.SHOTS);
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (tether != null) {
            tether.destroyForcibly().waitFor();
        }
        kong.close();
        heroku.close();
        postgres.close();
    }

    /** Starts Tether in its own JVM on the fixed port and waits until it answers. */
    private void startTether() throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), TetherApplication.class.getName(),
                "--server.port=" + port, "--tether.mode=live",
                "--tether.heroku-api-key=" + HEROKU_TOKEN, "--tether.heroku.base-url=" + heroku.baseUrl(),
                "--tether.kong.admin-url=" + kong.adminUrl(), "--tether.probe.proxy-url=" + kong.proxyUrl(),
                "--tether.api-token=" + API_TOKEN, "--tether.keys.encryption-key=restart-it-encryption-key",
                "--tether.database-url=postgres://postgres:unused@localhost:" + postgres.getPort() + "/postgres",
                "--tether.data-dir=" + dataDir, "--spring.jmx.enabled=false",
                "--tether.loop.resync-interval=3s", "--tether.webhooks.safety-resync=3s", "--tether.loop.backoff-base=200ms", "--tether.loop.backoff-cap=2s"));
        File log = new File("target/status-pages-restart-" + (++starts) + ".log");
        tether = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        TetherApi api = api();
        await().atMost(START).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            assertThat(tether.isAlive()).as("Tether is running; see " + log).isTrue();
            return api.withToken(null).get("/actuator/health").status() == 200;
        });
    }

    /** Stops Tether: SIGTERM (graceful, as Heroku does) or SIGKILL (a crash). */
    private void stopTether(boolean kill) throws InterruptedException {
        if (kill) {
            tether.destroyForcibly();
        } else {
            tether.destroy();
        }
        assertThat(tether.waitFor(60, TimeUnit.SECONDS)).as("Tether stopped").isTrue();
        tether = null;
    }

    private TetherApi api() {
        return new TetherApi(port, API_TOKEN);
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private Object js(String script, Object... args) {
        return Chromium.js(browser, script, args);
    }

    private String text(String css) {
        return Chromium.text(browser, css);
    }

    private void markDocument() {
        Chromium.markDocument(browser);
    }

    private void assertNotReloaded() {
        Chromium.assertNotReloaded(browser);
    }

    private void awaitLiveState(String state) {
        await().ignoreExceptions().atMost(START).untilAsserted(() -> assertThat(text("#live-state")).isEqualTo(state));
    }

    private String health(String name) {
        return Chromium.health(browser, name);
    }

    private List<String> timelineActors(String reason) {
        return Chromium.timelineActors(browser, reason);
    }

    private void apply(String name, String logLevel) {
        TetherApi.Response r = api().yaml("""
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata:
                  name: %s
                  labels:
                    topology: restart
                spec:
                  configVars:
                    LOG_LEVEL: %s
                """.formatted(name, logLevel));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void openPagesFollowTetherThroughARestartAndACrashWithoutAReload() throws Exception {
        startTether();
        apply("restart-api", "info");

        // log in and open the resource page
        browser.get(base() + "/resources/HerokuApp/restart-api");
        assertThat(browser.getCurrentUrl()).contains("/login");
        browser.findElement(By.id("token")).sendKeys(API_TOKEN);
        browser.findElement(By.id("name")).sendKeys("olivia");
        browser.findElement(By.id("login")).click();
        await().ignoreExceptions().atMost(Duration.ofSeconds(30))
                .until(() -> browser.getTitle().equals("HerokuApp/restart-api · Tether"));
        awaitLiveState("Live");
        await().ignoreExceptions().atMost(CONVERGE).untilAsserted(() -> assertThat(text("#health .label")).isEqualTo("Ready"));
        markDocument();

        // SIGTERM, as a deploy or `heroku ps:restart` does: the page says so, then reconnects
        stopTether(false);
        awaitLiveState("Reconnecting…");
        // a change made while Tether is away is on the page once it is back
        new Dashboard(heroku.baseUrl()).setConfigVar("restart-api", "LOG_LEVEL", "debug");
        startTether();
        awaitLiveState("Live");
        await().ignoreExceptions().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(timelineActors("DriftDetected")).contains("dashboard@example.com");
            assertThat(timelineActors("DriftReverted")).isNotEmpty();
        });
        assertNotReloaded();
        // and a change made after the restart arrives live: a new generation, still signed in
        apply("restart-api", "warn");
        await().ignoreExceptions().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(text("#generation")).isEqualTo("2");
            assertThat(text("#health .label")).isEqualTo("Ready");
        });
        assertNotReloaded();
        assertThat(text(".who")).isEqualTo("Signed in as web:olivia");

        // SIGKILL: no goodbye on the stream at all; the page still comes back by itself
        stopTether(true);
        awaitLiveState("Reconnecting…");
        startTether();
        awaitLiveState("Live");
        apply("restart-api", "error");
        await().ignoreExceptions().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(text("#generation")).isEqualTo("3");
            assertThat(text("#health .label")).isEqualTo("Ready");
        });
        assertNotReloaded();
        await().atMost(CONVERGE).untilAsserted(() ->
                assertThat(heroku.app("restart-api").orElseThrow().config()).containsEntry("LOG_LEVEL", "error"));

        // the overview too: a resource applied after a restart appears and turns Ready on the open page
        browser.get(base() + "/");
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() -> browser.getTitle().equals("Overview · Tether"));
        awaitLiveState("Live");
        markDocument();
        stopTether(false);
        awaitLiveState("Reconnecting…");
        startTether();
        awaitLiveState("Live");
        apply("restart-web", "info");
        await().ignoreExceptions().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(health("restart-web")).isEqualTo("Ready");
            assertThat(health("restart-api")).isEqualTo("Ready");
        });
        assertNotReloaded();
    }
}
