package dev.tether.heroku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.SandboxTestBase;
import dev.tether.TetherApi.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Config vars an add-on owns (DESIGN §2b) cannot be declared: refused at apply, with the path,
 * when the spec's own add-on owns them; refused at reconcile, naming the add-on, when Heroku says
 * an add-on attached some other way owns them (as Heroku itself refuses to overwrite them).
 */
class AddonConfigVarsIT extends SandboxTestBase {

    private static String app(String name, String spec) {
        return "apiVersion: tether.dev/v1\nkind: HerokuApp\nmetadata:\n  name: " + name + "\nspec:\n" + spec.indent(2);
    }

    @Test
    void declaringDatabaseUrlNextToItsPostgresAddonIsRefusedWithThePathAndStoresNothing() {
        Response r = api.yaml(app("declares-db-url", """
                configVars:
                  LOG_LEVEL: info
                  DATABASE_URL: postgres://someone:hunter2@db.example.com/shop
                addons:
                  - plan: heroku-postgresql:essential-0
                """));

        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.body()).contains("spec.configVars.DATABASE_URL", "heroku-postgresql:essential-0 (spec.addons[0])")
                .doesNotContain("hunter2");
        assertThat(api.get("/api/v1/resources/HerokuApp/declares-db-url").status()).isEqualTo(404);

        Response named = api.yaml(app("declares-cache-url", """
                configVars:
                  CACHE_URL: redis://elsewhere
                addons:
                  - plan: heroku-redis:mini
                    as: CACHE
                """));
        assertThat(named.status()).as(named.body()).isEqualTo(422);
        assertThat(named.body()).contains("spec.configVars.CACHE_URL");
    }

    @Test
    void aVarAnAddonOwnsInHerokuIsARefusedActionNamingTheAddonWhileTheRestApplies() {
        Response created = api.yaml(app("owned-by-addon", "configVars:\n  LOG_LEVEL: info\n"));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(api.get("/api/v1/resources/HerokuApp/owned-by-addon").json()
                .at("/status/conditions/0/status").asString()).isEqualTo("True"));
        // someone attaches Postgres in the Dashboard; then the spec declares its DATABASE_URL
        String addon = dashboard.call("POST", "/apps/owned-by-addon/addons", "{\"plan\":\"heroku-postgresql:essential-0\"}")
                .get("name").asString();
        String databaseUrl = heroku.app("owned-by-addon").orElseThrow().config().get("DATABASE_URL");

        Response declared = api.yaml(app("owned-by-addon", "configVars:\n  LOG_LEVEL: debug\n  DATABASE_URL: postgres://mine\n"));
        assertThat(declared.status()).as(declared.body()).isEqualTo(200);

        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode ready = api.get("/api/v1/resources/HerokuApp/owned-by-addon").json().at("/status/conditions/0");
            assertThat(ready.get("status").asString()).isEqualTo("False");
            assertThat(ready.get("reason").asString()).isEqualTo("AddonConfigVar");
            assertThat(ready.get("message").asString()).contains("configVars.DATABASE_URL", addon, "heroku-postgresql:essential-0");
            assertThat(heroku.app("owned-by-addon").orElseThrow().config()).containsEntry("LOG_LEVEL", "debug");
        });
        assertThat(heroku.app("owned-by-addon").orElseThrow().config()).containsEntry("DATABASE_URL", databaseUrl);
        List<String> reasons = new ArrayList<>();
        api.get("/api/v1/resources/HerokuApp/owned-by-addon/events").json().get("items").forEach(e -> reasons.add(e.get("reason").asString()));
        assertThat(reasons).contains("ReconcileFailed");
    }
}
