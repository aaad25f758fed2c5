package dev.tether.kong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.TetherTestSupport;
import dev.tether.cli.TetherCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The lock in every summary: a KongService whose backend accepts requests without the key is
 * "Unsecured" on the overview and in {@code tether get}, never "Ready"; an app in maintenance
 * (503) is not reported as accepting requests without the key.
 */
class LockSummaryIT extends GatewayTestBase {

    private void topology(String prefix, String appExtra) {
        apply("""
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: %1$s-api}
                spec:
                  release: ${SAMPLE_RELEASE}
                  formation: {web: {quantity: 1, size: Basic}}
                %2$s
                ---
                apiVersion: tether.dev/v1
                kind: ApiKey
                metadata: {name: %1$s-key}
                spec:
                  targets: [{app: %1$s-api}]
                ---
                apiVersion: tether.dev/v1
                kind: KongService
                metadata: {name: %1$s}
                spec:
                  upstream: {app: %1$s-api}
                  apiKeyRef: %1$s-key
                  routes:
                    - name: %1$s-public
                      paths: [/%1$s]
                """.formatted(prefix, appExtra.indent(2).stripTrailing()));
    }

    private Element overviewRow(String kind, String name) {
        // the overview lists a few rows per topology and pages the rest: filter it to this name
        HttpResponse<String> page = send("GET", "http://127.0.0.1:" + port + "/?q=" + name, Map.of("Accept", "text/html",
                "Authorization", "Basic " + Base64.getEncoder().encodeToString(("ops:" + TetherTestSupport.API_TOKEN)
                        .getBytes(StandardCharsets.UTF_8))), null);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        Document doc = Jsoup.parse(page.body());
        return doc.select("tr").stream().filter(tr -> tr.select("a[href=/resources/" + kind + "/" + name + "]").size() == 1)
                .findFirst().orElseThrow(() -> new AssertionError("no overview row for " + kind + "/" + name + " in " + doc.select("#groups")));
    }

    private String tetherGet(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = TetherCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()),
                Map.of("TETHER_URL", "http://127.0.0.1:" + port, "TETHER_API_TOKEN", TetherTestSupport.API_TOKEN), false);
        assertThat(code).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String line(String table, String name) {
        return table.lines().filter(l -> l.matches("KongService\\s+" + name + "\\s.*")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + name + " in\n" + table));
    }

    private JsonNode secured(String service) {
        for (JsonNode c : resource("KongService", service).at("/status/conditions")) {
            if (c.path("type").asString().equals("Secured")) {
                return c;
            }
        }
        return tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }

    @Test
    void brokenLockIsUnsecuredOnTheOverviewAndInTetherGet() {
        topology("broken", "");
        awaitCondition("KongService", "broken", "Secured", "True");
        assertThat(overviewRow("KongService", "broken").text()).contains("Ready");

        HttpResponse<String> off = send("PUT", heroku.baseUrl() + "/__sandbox/apps/broken-api/backend", Map.of(), "{\"key_check\":false}");
        assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
        awaitCondition("KongService", "broken", "Secured", "False");

        Element row = overviewRow("KongService", "broken");
        assertThat(row.text()).contains("Unsecured").contains("BackendAcceptsWithoutKey").doesNotContain("Ready");
        assertThat(row.select(".badge.fail, .fail")).as("shown as a failure").isNotEmpty();

        assertThat(line(tetherGet("get", "KongService"), "broken")).contains("Unsecured").contains("BackendAcceptsWithoutKey")
                .doesNotContain("True");
        assertThat(line(tetherGet("get", "KongService", "broken"), "broken")).contains("Unsecured");

        send("PUT", heroku.baseUrl() + "/__sandbox/apps/broken-api/backend", Map.of(), "{\"key_check\":true}");
        awaitCondition("KongService", "broken", "Secured", "True");
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(line(tetherGet("get", "KongService"), "broken")).doesNotContain("Unsecured"));
    }

    @Test
    void appInMaintenanceIsUnprovenNotAcceptingWithoutTheKey() {
        topology("resting", "maintenance: true");
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(secured("resting").path("reason").asString())
                .isEqualTo("BackendUnavailable"));
        JsonNode secured = secured("resting");
        assertThat(secured.path("status").asString()).isEqualTo("Unknown");
        assertThat(secured.path("message").asString()).contains("503").doesNotContain("without the internal API key answered");
        assertThat(events("KongService", "resting")).noneSatisfy(e -> assertThat(e.get("reason").asString()).isEqualTo("LockBroken"));

        Element row = overviewRow("KongService", "resting");
        assertThat(row.text()).contains("Unproven").contains("BackendUnavailable").doesNotContain("Ready");
        assertThat(line(tetherGet("get", "KongService"), "resting")).contains("Unproven").contains("BackendUnavailable");
    }
}
