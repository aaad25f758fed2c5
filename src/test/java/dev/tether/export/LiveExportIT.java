package dev.tether.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/export} of a world made by hand (the Dashboard user and Kong's Admin API):
 * the manifests hold what exists, never a secret value unless asked, and applied to the same
 * world they plan nothing and write nothing beyond Tether's own bookkeeping.
 */
class LiveExportIT extends ArrivalTestBase {

    static final String DB_PASSWORD = "hunter2-Zq8vX3rT9kL1";
    static final String GATEWAY_KEY = "k3y-4f9a1c7e2b8d6f0a3c5e7b9d1f2a4c6e";

    /** Two apps and a gateway entry made before Tether; names and the Kong tag are this test's own. */
    private void madeByHand() {
        dashboard.call("POST", "/apps", "{\"name\":\"exp-shop-api\",\"region\":\"eu\"}");
        dashboard.call("PATCH", "/apps/exp-shop-api/config-vars",
                "{\"LOG_LEVEL\":\"info\",\"DB_PASSWORD\":\"" + DB_PASSWORD + "\",\"SHOP_UPSTREAM_KEY\":\"" + GATEWAY_KEY + "\"}");
        dashboard.call("POST", "/apps/exp-shop-api/addons", "{\"plan\":\"heroku-postgresql:essential-0\"}");
        dashboard.call("POST", "/apps/exp-shop-api/domains", "{\"hostname\":\"exp-shop.example.com\",\"sni_endpoint\":null}");
        dashboard.deployWeb("exp-shop-api");
        dashboard.call("PATCH", "/apps/exp-shop-api/formation", "{\"updates\":[{\"type\":\"web\",\"quantity\":1,\"size\":\"Basic\"}]}");
        dashboard.call("POST", "/apps", "{\"name\":\"exp-shop-worker\",\"region\":\"us\"}");
        dashboard.call("POST", "/apps", "{\"name\":\"other-team-app\",\"region\":\"us\"}");
        String webUrl = dashboard.call("GET", "/apps/exp-shop-api", null).path("web_url").asString();
        admin("PUT", "/services/exp-shop", "{\"url\":\"" + webUrl + "\",\"tags\":[\"exp-test\"]}");
        admin("POST", "/services/exp-shop/routes", "{\"name\":\"exp-shop-public\",\"paths\":[\"/shop\"],\"tags\":[\"exp-test\"]}");
        admin("POST", "/services/exp-shop/plugins", "{\"name\":\"rate-limiting\",\"config\":{\"minute\":30},\"tags\":[\"exp-test\"]}");
        admin("POST", "/services/exp-shop/plugins", "{\"name\":\"request-transformer\",\"config\":{\"add\":{\"headers\":[\"X-Upstream-Key:"
                + GATEWAY_KEY + "\"]}},\"tags\":[\"exp-test\"]}");
        admin("PUT", "/consumers/exp-partner", "{\"custom_id\":\"partner-7\",\"tags\":[\"exp-test\"]}");
        admin("POST", "/consumers/exp-partner/acls", "{\"group\":\"partners\"}");
    }

    @Test
    void exportAppliedToTheSameWorldPlansNothingAndHoldsNoSecret() {
        madeByHand();
        String export = api.get("/api/v1/export?app=exp-shop-*&kongTag=exp-test").body();

        assertThat(export).as("what exists, filtered by the app glob and the Kong tag")
                .contains("name: exp-shop-api").contains("name: exp-shop-worker").doesNotContain("other-team-app")
                .contains("name: exp-shop").contains("name: exp-shop-public").contains("name: rate-limiting")
                .contains("username: exp-partner").contains("- partners").contains("exp-shop.example.com")
                .contains("plan: heroku-postgresql:essential-0").contains("LOG_LEVEL: info").contains("app: exp-shop-api");
        assertThat(export).as("no secret value: secret-looking vars and plugin configs are left out, add-on vars never exported")
                .doesNotContain(DB_PASSWORD).doesNotContain(GATEWAY_KEY).doesNotContain("DATABASE_URL")
                .contains("configVars.DB_PASSWORD looks secret").contains("plugin request-transformer holds a secret");
        assertThat(export.split("(?m)^---$")).as("each document adopts what exists")
                .filteredOn(d -> d.contains("kind:")).allMatch(d -> d.contains("adoptExisting: true"));

        var dryRun = api.post("/api/v1/manifests?dryRun=true", "application/yaml", export);
        assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
        assertThat(dryRun.json().path("actions")).as("the export applied to the same world plans no change: (the KongService and the ApiKey planned against the HerokuApps of the same apply, which exist) "
                + dryRun.body()).isEmpty();
        assertThat(dryRun.json().path("plan")).as("only Tether's own store learns of them").allMatch(p -> p.path("action").asString().equals("create"));

        Map<String, JsonNode> kongBefore = kong(List.of("/services/exp-shop", "/routes/exp-shop-public", "/consumers/exp-partner"));
        JsonNode pluginsBefore = plugins();
        int releases = releases("exp-shop-api");
        recordHerokuWrites(Set.of("exp-shop-api", "exp-shop-worker", heroku.app("exp-shop-api").orElseThrow().id(),
                heroku.app("exp-shop-worker").orElseThrow().id()));
        List<String> keys = List.of("KongConsumer/exp-partner", "KongService/exp-shop", "HerokuApp/exp-shop-api",
                "HerokuApp/exp-shop-worker");
        apply(export, keys);
        awaitReady(keys);

        assertThat(herokuWrites()).as("Heroku: only Tether's own webhook subscriptions").allMatch(w -> w.equals("POST /apps/{app}/webhooks"));
        assertThat(releases("exp-shop-api")).as("no new release").isEqualTo(releases);
        assertThat(heroku.app("exp-shop-api").orElseThrow().config()).containsEntry("DB_PASSWORD", DB_PASSWORD);
        assertThat(kong(List.of("/services/exp-shop", "/routes/exp-shop-public", "/consumers/exp-partner")))
                .as("Kong: the same entities; only their tags changed").isEqualTo(kongBefore);
        assertThat(plugins()).as("the same plugins, the secret one left alone").isEqualTo(pluginsBefore);
    }

    @Test
    void includeSecretsWritesTheValuesOnlyWhenAsked() {
        dashboard.call("POST", "/apps", "{\"name\":\"exp-vault-app\",\"region\":\"us\"}");
        dashboard.call("PATCH", "/apps/exp-vault-app/config-vars", "{\"API_TOKEN\":\"tok-9f8e7d6c5b4a39281706\",\"COLOR\":\"blue\"}");

        assertThat(api.get("/api/v1/export?app=exp-vault-*&kongTag=none").body())
                .doesNotContain("tok-9f8e7d6c5b4a39281706").contains("COLOR: blue").doesNotContain("kind: Secret");
        String withSecrets = api.get("/api/v1/export?app=exp-vault-*&kongTag=none&includeSecrets=true").body();
        String[] docs = withSecrets.split("(?m)^---$");
        assertThat(docs).as("the value only in a Secret, the app refers to it")
                .anyMatch(d -> d.contains("kind: Secret") && d.contains("name: exp-vault-app-secrets")
                        && d.contains("API_TOKEN: tok-9f8e7d6c5b4a39281706"))
                .anyMatch(d -> d.contains("kind: HerokuApp") && d.contains("secret: exp-vault-app-secrets") && d.contains("key: API_TOKEN")
                        && !d.contains("tok-9f8e7d6c5b4a39281706"));

        var dryRun = api.post("/api/v1/manifests?dryRun=true", "application/yaml", withSecrets);
        assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
        assertThat(dryRun.json().path("actions")).as("the Secret holds the value the app has: no change: " + dryRun.body()).isEmpty();
        assertThat(dryRun.body()).as("a plan never shows the value").doesNotContain("tok-9f8e7d6c5b4a39281706");
    }

    @Test
    void anAttachedAddonIsAttachAndTheRunningSlugIsTheRelease() {
        dashboard.call("POST", "/apps", "{\"name\":\"exp-att-owner\",\"region\":\"us\"}");
        dashboard.call("POST", "/apps", "{\"name\":\"exp-att-user\",\"region\":\"us\"}");
        String addonId = dashboard.call("POST", "/apps/exp-att-owner/addons", "{\"plan\":\"heroku-postgresql:essential-0\"}")
                .path("id").asString();
        dashboard.call("POST", "/addon-attachments", "{\"addon\":\"" + addonId + "\",\"app\":\"exp-att-user\",\"name\":\"OWNER_DATABASE\"}");
        String slug = dashboard.call("POST", "/apps/exp-att-user/slugs", "{\"process_types\":{\"web\":\"npm start\"}}").path("id").asString();
        dashboard.call("POST", "/apps/exp-att-user/releases", "{\"slug\":\"" + slug + "\"}");

        String export = api.get("/api/v1/export?app=exp-att-*&kongTag=none").body();
        String user = java.util.Arrays.stream(export.split("(?m)^---$")).filter(d -> d.contains("name: exp-att-user")).findFirst().orElseThrow();
        assertThat(user).as("the owner's add-on attached, not a second add-on; the slug that runs")
                .contains("attach:").contains("app: exp-att-owner").contains("addon: DATABASE").contains("as: OWNER_DATABASE")
                .doesNotContain("plan: heroku-postgresql").contains("slug: " + slug)
                .as("the attachment's var is Heroku's, never exported").doesNotContain("OWNER_DATABASE_URL");

        var dryRun = api.post("/api/v1/manifests?dryRun=true", "application/yaml", export);
        assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
        assertThat(dryRun.json().path("actions")).as("plans no change: " + dryRun.body()).isEmpty();

        int releases = releases("exp-att-user");
        recordHerokuWrites(Set.of("exp-att-owner", "exp-att-user", heroku.app("exp-att-owner").orElseThrow().id(),
                heroku.app("exp-att-user").orElseThrow().id()));
        List<String> keys = List.of("HerokuApp/exp-att-owner", "HerokuApp/exp-att-user");
        apply(export, keys);
        awaitReady(keys);
        assertThat(herokuWrites()).as("Heroku: only Tether's own webhook subscriptions").allMatch(w -> w.equals("POST /apps/{app}/webhooks"));
        assertThat(releases("exp-att-user")).as("no new release").isEqualTo(releases);
        assertThat(heroku.app("exp-att-user").orElseThrow().config()).containsKey("OWNER_DATABASE_URL");
    }

    @Test
    void cliExportPrintsTheSameManifests() {
        dashboard.call("POST", "/apps", "{\"name\":\"exp-cli-app\",\"region\":\"us\"}");
        dashboard.call("PATCH", "/apps/exp-cli-app/config-vars", "{\"MODE\":\"calm\",\"SIGNING_SECRET\":\"s-1a2b3c4d5e6f7a8b9c0d\"}");
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        int code = dev.tether.cli.TetherCli.run(new String[] {"export", "--app", "exp-cli-*", "--kong-tag", "none"},
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8),
                Map.of("TETHER_URL", "http://127.0.0.1:" + port, "TETHER_API_TOKEN", dev.tether.TetherTestSupport.API_TOKEN), false);
        String yaml = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(code).as(err.toString()).isZero();
        assertThat(yaml).isEqualTo(api.get("/api/v1/export?app=exp-cli-*&kongTag=none").body())
                .contains("name: exp-cli-app").contains("MODE: calm").doesNotContain("s-1a2b3c4d5e6f7a8b9c0d");
    }

    private Map<String, JsonNode> kong(List<String> paths) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        paths.forEach(p -> m.put(p, kongEntity(p)));
        return m;
    }

    private JsonNode plugins() {
        JsonNode data = admin("GET", "/services/exp-shop/plugins", null).path("data");
        var out = JSON.createArrayNode();
        for (JsonNode p : data) {
            var copy = p.deepCopy();
            for (String field : List.of("tags", "created_at", "updated_at")) {
                ((tools.jackson.databind.node.ObjectNode) copy).remove(field);
            }
            out.add(copy);
        }
        return out;
    }
}
