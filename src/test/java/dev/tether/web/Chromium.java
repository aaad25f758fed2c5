package dev.tether.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium for the browser tests, and the page reads they share. The pages
 * replace parts of themselves as they go live, so every read is one script call (never a
 * WebElement held across an update).
 */
final class Chromium {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private Chromium() {
    }

    /** Starts Chromium with a fresh profile; fails loudly (never skips) when it is not installed. */
    static ChromeDriver start(Path profile) {
        // CI installs these (.ci/run) and the tests must prove the pages in a browser.
        assertThat(CHROMIUM).as("Chromium from Debian is needed: apt-get install -y chromium chromium-driver").isExecutable();
        assertThat(CHROMEDRIVER).as("chromedriver from Debian is needed: apt-get install -y chromium-driver").isExecutable();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,1100", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return browser;
    }

    static Object js(ChromeDriver browser, String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    /** The visible text of the first element matching {@code css}, or null. */
    static String text(ChromeDriver browser, String css) {
        return (String) js(browser, "var e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : null;", css);
    }

    /** Marks the loaded document; the mark survives only if the page never reloads. */
    static void markDocument(ChromeDriver browser) {
        js(browser, "window.tetherNoReload = true;");
    }

    static void assertNotReloaded(ChromeDriver browser) {
        assertThat(js(browser, "return window.tetherNoReload === true;")).as("the page updated itself without a reload")
                .isEqualTo(true);
    }

    /** The health word of the overview row naming {@code name}, or null. */
    static String health(ChromeDriver browser, String name) {
        return (String) js(browser, """
                var rows = document.querySelectorAll('#groups tr[data-search]');
                for (var i = 0; i < rows.length; i++) {
                  if (rows[i].querySelector('th a').textContent.trim() === arguments[0]) {
                    return rows[i].querySelector('.badge .label').textContent.trim();
                  }
                }
                return null;""", name);
    }

    /** The actors of the resource page's timeline entries with {@code reason}. */
    @SuppressWarnings("unchecked")
    static List<String> timelineActors(ChromeDriver browser, String reason) {
        return (List<String>) js(browser, """
                return Array.from(document.querySelectorAll('#timeline li[data-reason="' + arguments[0] + '"] .actor'))
                  .map(function (e) { return e.textContent.trim(); });""", reason);
    }
}
