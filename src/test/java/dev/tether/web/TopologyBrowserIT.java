package dev.tether.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.SandboxTestBase;
import dev.tether.TetherApi;
import dev.tether.TetherTestSupport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import tools.jackson.databind.JsonNode;

/**
 * The topology picture in headless Chromium: gateway → route → service → app, the key on the
 * service's edge, each edge coloured by its state; when the lock breaks, the edge to the app
 * turns "failing" (red) on the open page, without a reload.
 */
class TopologyBrowserIT extends SandboxTestBase {

    static ChromeDriver browser;
    static Path profile;

    @BeforeAll
    static void startBrowser() throws IOException {
        profile = Files.createTempDirectory("tether-chromium-");
        browser = Chromium.start(profile);
        Files.createDirectories(StatusPagesBrowserIT.SHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private String secured(String service) {
        for (JsonNode c : api.get("/api/v1/resources/KongService/" + service).json().at("/status/conditions")) {
            if (c.path("type").asString().equals("Secured")) {
                return c.path("status").asString();
            }
        }
        return null;
    }

    private String edgeState(String edge) {
        return (String) Chromium.js(browser, "var e = document.querySelector('path[data-edge=\"' + arguments[0] + '\"]');"
                + " return e ? e.getAttribute('data-state') + ' ' + getComputedStyle(e).stroke : null;", edge);
    }

    private static void backendKeyCheck(String herokuBase, String app, boolean on) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(herokuBase + "/__sandbox/apps/" + app + "/backend"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"key_check\":" + on + "}")).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void drawsTheGatewayTopologyAndRecoloursAnEdgeLiveWhenTheLockBreaks() throws Exception {
        TetherApi.Response applied = api.yaml("""
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: shop-api, labels: {topology: shop}}
                spec:
                  release: ${SAMPLE_RELEASE}
                  formation: {web: {quantity: 1, size: Basic}}
                ---
                apiVersion: tether.dev/v1
                kind: ApiKey
                metadata: {name: shop-key, labels: {topology: shop}}
                spec:
                  targets: [{app: shop-api}]
                ---
                apiVersion: tether.dev/v1
                kind: KongService
                metadata: {name: shop, labels: {topology: shop}}
                spec:
                  upstream: {app: shop-api}
                  apiKeyRef: shop-key
                  routes:
                    - {name: shop-public, paths: [/shop]}
                    - {name: shop-admin, paths: [/shop-admin]}
                ---
                apiVersion: tether.dev/v1
                kind: KongService
                metadata: {name: other, labels: {topology: elsewhere}}
                spec:
                  upstream: {url: "http://127.0.0.1:9/"}
                  routes:
                    - {name: other-public, paths: [/other]}
                """);
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        await().atMost(CONVERGE).until(() -> "True".equals(secured("shop")));

        browser.get("http://127.0.0.1:" + port + "/login");
        browser.findElement(By.id("token")).sendKeys(TetherTestSupport.API_TOKEN);
        browser.findElement(By.id("login")).click();
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() -> browser.getTitle().equals("Overview · Tether"));
        browser.get("http://127.0.0.1:" + port + "/topology?topology=shop");
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Chromium.text(browser, "#live-state")).isEqualTo("Live"));

        String toApp = "service:shop->app:shop-api";
        assertThat(edgeState("gateway:default->route:shop-public")).startsWith("secured");
        assertThat(edgeState("gateway:default->route:shop-admin")).startsWith("secured");
        assertThat(edgeState("route:shop-public->service:shop")).startsWith("secured");
        assertThat(edgeState(toApp)).isEqualTo("secured rgb(26, 127, 55)");
        assertThat((String) Chromium.js(browser, "return document.getElementById('topology-svg').textContent;")).contains("key shop-key", "shop-api", "shop-public");
        assertThat(browser.findElements(By.cssSelector("path[data-edge^='gateway:default->route:other']")))
                .as("the topology label filters").isEmpty();
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, StatusPagesBrowserIT.SHOTS.resolve("topology.png"), StandardCopyOption.REPLACE_EXISTING);

        Chromium.markDocument(browser);
        backendKeyCheck(heroku.baseUrl(), "shop-api", false);
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(edgeState(toApp)).isEqualTo("failing rgb(207, 34, 46)"));
        assertThat(Chromium.text(browser, "#graph table")).contains("KongService shop\tHerokuApp shop-api\tfailing\tkey shop-key");
        Chromium.assertNotReloaded(browser);
        backendKeyCheck(heroku.baseUrl(), "shop-api", true);
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(edgeState(toApp)).startsWith("secured"));
    }
}
