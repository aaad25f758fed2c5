package dev.tether.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.cli.TetherCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The README's "Coming from Terraform" path, on the example state of the POC's shape: the world
 * Terraform made is built in the emulators, {@code tether import terraform} turns the state into
 * manifests, and applying them makes every resource Ready while writing nothing to Heroku or
 * Kong beyond Tether's own bookkeeping (its webhook subscription, its ownership tags). Drift made
 * afterwards is reverted to the imported values.
 */
class TerraformImportIT extends ArrivalTestBase {

    static final Path EXAMPLE = Path.of("examples/terraform/terraform.tfstate");
    static final String KEY = "nIYoDPJ0MvhIhCLLdXMnp7oV5yZG9gO84euWlzbAb2c";
    static final String SESSION_SECRET = "7d1f0c9e2b8a4e6f9a3c5d7e1b2f4a6c";

    @Test
    void importedStateAdoptsTheWorldWithoutChangingWhatRunsAndThenKeepsIt() throws IOException {
        Path state = Files.createTempFile("terraform-", ".tfstate");
        Files.writeString(state, terraformApply(Files.readString(EXAMPLE)));

        // ----- import
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TetherCli.run(new String[] {"import", "terraform", state.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), false);
        String manifests = out.toString(StandardCharsets.UTF_8);
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(stderr).isZero();
        assertThat(stderr).as("a type it does not know is listed, never dropped silently")
                .contains("not imported: dnsimple_record.proxy");
        assertThat(manifests).as("no secret is written into a manifest")
                .doesNotContain(KEY).doesNotContain(SESSION_SECRET).doesNotContain("DATABASE_URL")
                .contains("SESSION_SECRET holds a secret");
        assertThat(manifests).contains("kind: ApiKey").contains("apiKeyRef: internal-key").contains("app: kong-micro-wasabi")
                .as("the code Terraform released runs on: the app's current slug")
                .contains("slug: " + heroku.app("kong-micro-wasabi").orElseThrow().releases().getLast().slugId())
                .as("the attachment of the proxy's database").contains("as: PROXY_DATABASE").contains("app: kong-micro-proxy");

        var dryRun = api.post("/api/v1/manifests?dryRun=true", "application/yaml", manifests);
        assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
        assertThat(dryRun.json().path("actions")).as("a dry run of the import plans no change to the world: (the KongService and the ApiKey planned against the HerokuApps of the same apply, which exist) "
                + dryRun.body()).isEmpty();

        // ----- apply
        int proxyReleases = releases("kong-micro-proxy");
        int wasabiReleases = releases("kong-micro-wasabi");
        Map<String, JsonNode> kongBefore = kongEntities();
        recordHerokuWrites(Set.of("kong-micro-proxy", "kong-micro-wasabi", heroku.app("kong-micro-proxy").orElseThrow().id(),
                heroku.app("kong-micro-wasabi").orElseThrow().id()));
        List<String> keys = List.of("KongConsumer/mobile-app", "KongService/wasabi", "HerokuApp/kong-micro-wasabi",
                "HerokuApp/kong-micro-proxy", "ApiKey/internal-key");
        apply(manifests, keys);
        awaitReady(keys);
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(resource("KongService/wasabi").at("/status/conditions").toString())
                .as("the adopted key locks the backend: the gateway's requests get in").contains("\"type\":\"Secured\",\"status\":\"True\""));

        assertThat(herokuWrites()).as("Heroku: only Tether's own webhook subscriptions")
                .allMatch(w -> w.equals("POST /apps/{app}/webhooks"));
        assertThat(releases("kong-micro-proxy")).as("no new release: nothing that runs changed").isEqualTo(proxyReleases);
        assertThat(releases("kong-micro-wasabi")).isEqualTo(wasabiReleases);
        assertThat(heroku.app("kong-micro-wasabi").orElseThrow().config())
                .containsEntry("INTERNAL_API_KEY", KEY).containsEntry("SESSION_SECRET", SESSION_SECRET);
        assertThat(kongEntities()).as("Kong: the same entities, ids and config; only their tags changed").isEqualTo(kongBefore);
        assertThat(admin("GET", "/services/wasabi/plugins", null).path("data")).as("no second plugin beside the adopted ones")
                .hasSize(1);
        assertThat(admin("GET", "/plugins/8180530a-bc04-4adc-be42-d3f7572328b0", null).path("tags").toString())
                .contains("tether:KongService:wasabi");

        assertThat(heroku.app("kong-micro-wasabi").orElseThrow().config()).as("the attachment stays")
                .containsKey("PROXY_DATABASE_URL");

        // ----- drift afterwards is reverted to the imported values
        dashboard.setConfigVar("kong-micro-wasabi", "GREETING", "changed by hand");
        admin("PATCH", "/routes/wasabi", "{\"paths\":[\"/elsewhere\"]}");
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(heroku.app("kong-micro-wasabi").orElseThrow().config()).containsEntry("GREETING", "wasabi says hi");
            assertThat(admin("GET", "/routes/wasabi", null).path("paths").toString()).isEqualTo("[\"/wasabi\"]");
        });
    }

    private Map<String, JsonNode> kongEntities() {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (String path : List.of("/services/33d6d7cc-ce76-4099-84f7-c1fc9c3a75ee", "/routes/2fdc4dbb-1ea1-40df-b89f-22d07c01424e",
                "/plugins/8180530a-bc04-4adc-be42-d3f7572328b0", "/plugins/5b0e9d7c-2a4f-4f6e-8c1d-3e7a9b5c1d2f",
                "/consumers/6e2c8a4f-1b3d-4e5f-9a7c-0d2e4f6a8b1c")) {
            m.put(path, kongEntity(path));
        }
        return m;
    }

    /**
     * What {@code terraform apply} of the POC did, done in the emulators from the example state: the
     * apps, their config, add-on, its attachment, slug, release, domain and formation through the Platform API, the Kong entities
     * (with the state's ids) through the Admin API. Answers the state as Terraform then holds it: the
     * app ids and web URLs Heroku gave, and the Kong service pointed at the app's web URL.
     */
    private String terraformApply(String example) {
        JsonNode tf = JSON.readTree(example);
        Map<String, String> appIds = new LinkedHashMap<>();  // state id -> app name
        Map<String, String> replace = new LinkedHashMap<>();
        Map<String, String> webUrls = new LinkedHashMap<>();  // state web_url -> app name
        List<JsonNode> later = new ArrayList<>();
        for (JsonNode r : tf.path("resources")) {
            JsonNode a = r.path("instances").path(0).path("attributes");
            if (r.path("type").asString().equals("heroku_app")) {
                String name = a.path("name").asString();
                JsonNode app = dashboard.call("POST", "/apps", "{\"name\":\"" + name + "\",\"region\":\"" + a.path("region").asString()
                        + "\",\"stack\":\"" + a.path("stack").asString() + "\"}");
                ObjectNode vars = JSON.createObjectNode();
                a.path("config_vars").properties().forEach(e -> vars.set(e.getKey(), e.getValue()));
                a.path("sensitive_config_vars").properties().forEach(e -> vars.set(e.getKey(), e.getValue()));
                dashboard.call("PATCH", "/apps/" + name + "/config-vars", vars.toString());
                appIds.put(a.path("id").asString(), name);
                replace.put(a.path("id").asString(), app.path("id").asString());
                webUrls.put(a.path("web_url").asString(), name);
            } else {
                later.add(r);
            }
        }
        // Heroku first (a scaled-up web process gives the app its loopback web_url), then Kong
        later.sort(java.util.Comparator.comparing(r -> r.path("type").asString().startsWith("kong_")));
        boolean webUrlsRead = false;
        for (JsonNode r : later) {
            if (!webUrlsRead && r.path("type").asString().startsWith("kong_")) {
                webUrls.forEach((stateUrl, name) -> replace.put(stateUrl, dashboard.call("GET", "/apps/" + name, null)
                        .path("web_url").asString()));
                webUrlsRead = true;
            }
            JsonNode a = r.path("instances").path(0).path("attributes");
            String app = appIds.get(a.path("app_id").asString());
            switch (r.path("type").asString()) {
                case "heroku_addon" -> replace.put(a.path("id").asString(), dashboard.call("POST", "/apps/" + app + "/addons",
                        "{\"plan\":\"" + a.path("plan").asString() + "\"}").path("id").asString());
                case "heroku_addon_attachment" -> replace.put(a.path("id").asString(), dashboard.call("POST", "/addon-attachments",
                        "{\"addon\":\"" + replace.get(a.path("addon_id").asString()) + "\",\"app\":\"" + app + "\",\"name\":\""
                                + a.path("name").asString() + "\"}").path("id").asString());
                case "heroku_slug" -> replace.put(a.path("id").asString(), dashboard.call("POST", "/apps/" + app + "/slugs",
                        "{\"process_types\":" + a.path("process_types") + "}").path("id").asString());
                case "heroku_app_release" -> replace.put(a.path("id").asString(), dashboard.call("POST", "/apps/" + app + "/releases",
                        "{\"slug\":\"" + replace.get(a.path("slug_id").asString()) + "\"}").path("id").asString());
                case "heroku_domain" -> dashboard.call("POST", "/apps/" + app + "/domains",
                        "{\"hostname\":\"" + a.path("hostname").asString() + "\",\"sni_endpoint\":null}");
                case "heroku_formation" -> dashboard.call("PATCH", "/apps/" + app + "/formation", "{\"updates\":[{\"type\":\""
                        + a.path("type").asString() + "\",\"quantity\":" + a.path("quantity").asInt() + ",\"size\":\""
                        + a.path("size").asString() + "\"}]}");
                case "kong_service" -> {
                    String webUrl = replace.get("https://kong-micro-wasabi.herokuapp.com/");
                    URI u = URI.create(webUrl);
                    admin("PUT", "/services/" + a.path("id").asString(), "{\"name\":\"" + a.path("name").asString()
                            + "\",\"protocol\":\"" + u.getScheme() + "\",\"host\":\"" + u.getHost() + "\",\"port\":" + u.getPort() + "}");
                    replace.put("\"host\": \"" + a.path("host").asString() + "\"", "\"host\": \"" + u.getHost() + "\"");
                    replace.put("\"port\": 443", "\"port\": " + u.getPort());
                    replace.put("\"protocol\": \"https\"", "\"protocol\": \"" + u.getScheme() + "\"");
                }
                case "kong_route" -> admin("PUT", "/routes/" + a.path("id").asString(), "{\"name\":\"" + a.path("name").asString()
                        + "\",\"service\":{\"id\":\"" + a.path("service_id").asString() + "\"},\"paths\":" + a.path("paths")
                        + ",\"protocols\":" + a.path("protocols") + ",\"strip_path\":" + a.path("strip_path").asBoolean() + "}");
                case "kong_plugin" -> {
                    String scope = a.path("route_id").isNull() ? "\"service\":{\"id\":\"" + a.path("service_id").asString() + "\"}"
                            : "\"route\":{\"id\":\"" + a.path("route_id").asString() + "\"}";
                    admin("PUT", "/plugins/" + a.path("id").asString(), "{\"name\":\"" + a.path("name").asString() + "\"," + scope
                            + ",\"config\":" + a.path("config_json").asString() + "}");
                }
                case "kong_consumer" -> admin("PUT", "/consumers/" + a.path("id").asString(), "{\"username\":\""
                        + a.path("username").asString() + "\",\"custom_id\":\"" + a.path("custom_id").asString() + "\"}");
                default -> {
                    // random_id is a value only; DNS records are not part of this world
                }
            }
        }
        String state = example;
        for (var e : replace.entrySet()) {
            state = state.replace(e.getKey(), e.getValue());
        }
        return state;
    }
}
