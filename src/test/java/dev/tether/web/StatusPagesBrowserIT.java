package dev.tether.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.SandboxTestBase;
import dev.tether.TetherApi;
import dev.tether.TetherTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The sandbox tour in a real browser: Debian's headless Chromium driven by Selenium through
 * Debian's chromedriver (never a downloaded browser). An operator logs in, watches a new app turn
 * Ready, sees a Dashboard user's change appear with their name and get reverted, asks for a
 * reconcile and rolls back, all on pages that update themselves. Screenshots of every page (login,
 * overview, resource, rollback confirmation) go to {@code target/screenshots/}.
 */
class StatusPagesBrowserIT extends SandboxTestBase {

    static final Path SHOTS = Path.of("target", "screenshots");

    static ChromeDriver browser;
    static Path profile;

    @Autowired
    StatusChanges changes;

    @BeforeAll
    static void startBrowser() throws IOException {
        profile = Files.createTempDirectory("tether-chromium-");
        browser = Chromium.start(profile);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitLive() {
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(text("#live-state")).isEqualTo("Live"));
    }

    /** Marks the loaded document; the mark survives only if the page never reloads. */
    private void markDocument() {
        Chromium.markDocument(browser);
    }

    private void assertNotReloaded() {
        Chromium.assertNotReloaded(browser);
    }

    // The pages replace parts of themselves as they go live, so reads happen in one script call
    // each (never a WebElement held across an update).

    private Object js(String script, Object... args) {
        return Chromium.js(browser, script, args);
    }

    /** Clicks what {@code by} finds, trying again if a live update replaced it in between. */
    private void click(By by) {
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() -> browser.findElement(by).click());
    }

    /** The visible text of the first element matching {@code css}, or null. */
    private String text(String css) {
        return Chromium.text(browser, css);
    }

    private String health(String name) {
        return Chromium.health(browser, name);
    }

    private List<String> timelineActors(String reason) {
        return Chromium.timelineActors(browser, reason);
    }

    private void screenshot(String name) throws IOException {
        Path file = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(file, SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private void apply(String logLevel) {
        TetherApi.Response r = api.yaml("""
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata:
                  name: tour-api
                  labels:
                    topology: tour
                spec:
                  region: eu
                  configVars:
                    LOG_LEVEL: %s
                    SESSION_SECRET: never-on-a-page
                  release: ${SAMPLE_RELEASE}
                  formation:
                    web:
                      quantity: 1
                      size: Basic
                """.formatted(logLevel));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void anOperatorWatchesAnAppConvergeGetDriftedRevertedAndRolledBackLive() throws IOException {
        // log in
        browser.get(base() + "/");
        assertThat(browser.getCurrentUrl()).contains("/login");
        screenshot("login.png");
        browser.findElement(By.id("token")).sendKeys(TetherTestSupport.API_TOKEN);
        browser.findElement(By.id("name")).sendKeys("olivia");
        browser.findElement(By.id("login")).click();
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() -> browser.getTitle().equals("Overview · Tether"));
        assertThat(browser.findElement(By.cssSelector(".who")).getText()).isEqualTo("Signed in as web:olivia");
        awaitLive();

        // apply through the API; the overview shows the app and then Ready, without a reload
        markDocument();
        apply("info");
        await().ignoreExceptions().atMost(CONVERGE).untilAsserted(() -> assertThat(health("tour-api")).isEqualTo("Ready"));
        assertNotReloaded();
        assertThat(browser.getPageSource()).doesNotContain("never-on-a-page", TetherTestSupport.API_TOKEN);
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Integer.parseInt(text(".counter.ok .n"))).isGreaterThanOrEqualTo(1));
        screenshot("overview.png");

        // on a phone the overview reads without sideways scrolling, the health still in words
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat((Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth;"))
                    .as("no horizontal scrolling at 390 px").isTrue();
            assertThat(health("tour-api")).isEqualTo("Ready");
        });
        screenshot("overview-phone.png");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1100));

        // the resource page; the Dashboard user changes a config var behind Tether's back
        click(By.linkText("tour-api"));
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() -> browser.getTitle().equals("HerokuApp/tour-api · Tether"));
        awaitLive();
        markDocument();
        dashboard.setConfigVar("tour-api", "LOG_LEVEL", "debug");
        await().ignoreExceptions().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(timelineActors("DriftDetected")).contains("dashboard@example.com");
            assertThat(timelineActors("DriftReverted")).isNotEmpty();
        });
        assertNotReloaded();
        assertThat(text("#timeline li[data-reason=DriftDetected] .message"))
                .contains("configVars.LOG_LEVEL");
        await().ignoreExceptions().atMost(CONVERGE).untilAsserted(() ->
                assertThat(heroku.app("tour-api").orElseThrow().config()).containsEntry("LOG_LEVEL", "info"));

        // the stream drops (as when Tether restarts); the page reconnects and stays live
        changes.stop();
        changes.start();
        awaitLive();
        markDocument();
        apply("warn");
        await().ignoreExceptions().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(text("#generation")).isEqualTo("2");
            assertThat(text("#health .label")).isEqualTo("Ready");
        });
        assertNotReloaded();

        // reconcile now
        click(By.id("reconcile-now"));
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(text(".notice")).startsWith("Reconcile requested"));
        assertThat(timelineActors("ReconcileRequested")).contains("web:olivia");

        // roll back to generation 1, with confirmation
        click(By.linkText("Roll back to 1…"));
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() -> browser.getTitle().startsWith("Roll back tour-api"));
        assertThat(text("#rollback-diff")).contains("configVars.LOG_LEVEL", "warn", "info");
        screenshot("rollback.png");
        click(By.id("confirm-rollback"));
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(text(".notice")).startsWith("Rolled back"));
        assertThat(text("#generation")).isEqualTo("3");
        await().ignoreExceptions().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(heroku.app("tour-api").orElseThrow().config()).containsEntry("LOG_LEVEL", "info");
            assertThat(text("#health .label")).isEqualTo("Ready");
        });
        assertThat(text("#generations tbody tr")).contains("web:olivia", "RolledBack from 1");
        assertThat(browser.getPageSource()).doesNotContain("never-on-a-page");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 2400));
        screenshot("resource.png");
    }
}
