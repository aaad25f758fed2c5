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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The sandbox tour in a real browser: Debian's headless Chromium driven by Selenium through
 * Debian's chromedriver (never a downloaded browser). An operator logs in, watches a new app turn
 * Ready, sees a Dashboard user's change appear with their name and get reverted, asks for a
 * reconcile and rolls back, all on pages that update themselves. Screenshots of the overview and
 * the resource page go to {@code target/screenshots/}.
 */
class StatusPagesBrowserIT extends SandboxTestBase {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target", "screenshots");

    static ChromeDriver browser;
    static Path profile;

    @Autowired
    StatusChanges changes;

    @BeforeAll
    static void startBrowser() throws IOException {
        // Fail loudly, never skip: CI installs these (.ci/run) and the test must prove the pages in a browser.
        assertThat(CHROMIUM).as("Chromium from Debian is needed: apt-get install -y chromium chromium-driver").isExecutable();
        assertThat(CHROMEDRIVER).as("chromedriver from Debian is needed: apt-get install -y chromium-driver").isExecutable();
        profile = Files.createTempDirectory("tether-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,1100", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
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
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(browser.findElement(By.id("live-state")).getText()).isEqualTo("Live"));
    }

    /** Marks the loaded document; the mark survives only if the page never reloads. */
    private void markDocument() {
        ((JavascriptExecutor) browser).executeScript("window.tetherNoReload = true;");
    }

    private void assertNotReloaded() {
        assertThat(((JavascriptExecutor) browser).executeScript("return window.tetherNoReload === true;"))
                .as("the page updated itself without a reload").isEqualTo(true);
    }

    private String health(String name) {
        List<WebElement> rows = browser.findElements(By.cssSelector("#groups tr[data-search]"));
        for (WebElement row : rows) {
            if (row.findElement(By.cssSelector("th a")).getText().equals(name)) {
                return row.findElement(By.cssSelector(".badge .label")).getText();
            }
        }
        return null;
    }

    private List<String> timelineActors(String reason) {
        return browser.findElements(By.cssSelector("#timeline li[data-reason=" + reason + "] .actor")).stream()
                .map(WebElement::getText).toList();
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
        browser.findElement(By.id("token")).sendKeys(TetherTestSupport.API_TOKEN);
        browser.findElement(By.id("name")).sendKeys("olivia");
        browser.findElement(By.id("login")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.getTitle().equals("Overview · Tether"));
        assertThat(browser.findElement(By.cssSelector(".who")).getText()).isEqualTo("Signed in as web:olivia");
        awaitLive();

        // apply through the API; the overview shows the app and then Ready, without a reload
        markDocument();
        apply("info");
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(health("tour-api")).isEqualTo("Ready"));
        assertNotReloaded();
        assertThat(browser.getPageSource()).doesNotContain("never-on-a-page", TetherTestSupport.API_TOKEN);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(browser.findElement(By.cssSelector(".counter.ok .n")).getText()).isEqualTo("1"));
        screenshot("overview.png");

        // the resource page; the Dashboard user changes a config var behind Tether's back
        browser.findElement(By.linkText("tour-api")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.getTitle().equals("HerokuApp/tour-api · Tether"));
        awaitLive();
        markDocument();
        dashboard.setConfigVar("tour-api", "LOG_LEVEL", "debug");
        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(timelineActors("DriftDetected")).contains("dashboard@example.com");
            assertThat(timelineActors("DriftReverted")).isNotEmpty();
        });
        assertNotReloaded();
        assertThat(browser.findElement(By.cssSelector("#timeline li[data-reason=DriftDetected] .message")).getText())
                .contains("configVars.LOG_LEVEL");
        await().atMost(CONVERGE).untilAsserted(() ->
                assertThat(heroku.app("tour-api").orElseThrow().config()).containsEntry("LOG_LEVEL", "info"));

        // the stream drops (as when Tether restarts); the page reconnects and stays live
        changes.stop();
        changes.start();
        awaitLive();
        markDocument();
        apply("warn");
        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(browser.findElement(By.id("generation")).getText()).isEqualTo("2");
            assertThat(browser.findElement(By.cssSelector("#health .label")).getText()).isEqualTo("Ready");
        });
        assertNotReloaded();

        // reconcile now
        browser.findElement(By.id("reconcile-now")).click();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(browser.findElement(By.cssSelector(".notice")).getText()).startsWith("Reconcile requested"));
        assertThat(timelineActors("ReconcileRequested")).contains("web:olivia");

        // roll back to generation 1, with confirmation
        browser.findElement(By.linkText("Roll back to 1…")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.getTitle().startsWith("Roll back tour-api"));
        assertThat(browser.findElement(By.id("rollback-diff")).getText()).contains("configVars.LOG_LEVEL", "warn", "info");
        browser.findElement(By.id("confirm-rollback")).click();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(browser.findElement(By.cssSelector(".notice")).getText()).startsWith("Rolled back"));
        assertThat(browser.findElement(By.id("generation")).getText()).isEqualTo("3");
        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(heroku.app("tour-api").orElseThrow().config()).containsEntry("LOG_LEVEL", "info");
            assertThat(browser.findElement(By.cssSelector("#health .label")).getText()).isEqualTo("Ready");
        });
        assertThat(browser.findElement(By.cssSelector("#generations tbody tr")).getText()).contains("web:olivia", "RolledBack from 1");
        assertThat(browser.getPageSource()).doesNotContain("never-on-a-page");
        screenshot("resource.png");
    }
}
