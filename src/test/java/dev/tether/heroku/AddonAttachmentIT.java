package dev.tether.heroku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.SandboxTestBase;
import dev.tether.TetherApi.Response;
import dev.tether.sandbox.heroku.AppSnapshot;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code addons: [{attach: {app, addon}, as}]}: an app attaches another app's add-on (the mesh
 * seed's shared Postgres), kept true like its own, and never destroyed with the app that attaches
 * it: removing the entry or deleting the attaching app detaches only.
 */
class AddonAttachmentIT extends SandboxTestBase {

    private void apply(String name, String spec) {
        Response r = api.yaml("apiVersion: tether.dev/v1\nkind: HerokuApp\nmetadata:\n  name: " + name + "\nspec:\n" + spec.indent(2));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private Map<String, String> configOf(String app) {
        return heroku.app(app).map(AppSnapshot::config).orElse(Map.of());
    }

    @Test
    void attachesAnotherAppsAddonAndNeverDestroysItWithTheAttacher() {
        apply("att-ctl", "addons:\n  - {plan: heroku-postgresql:essential-0, as: DATABASE}\n");
        apply("att-side", """
                deletionPolicy: Delete
                addons:
                  - {attach: {app: att-ctl, addon: DATABASE}, as: KONG_PG}
                """);
        await().atMost(CONVERGE).untilAsserted(() -> {
            String url = configOf("att-ctl").get("DATABASE_URL");
            assertThat(url).isNotNull();
            assertThat(configOf("att-side")).containsEntry("KONG_PG_URL", url);
        });
        String url = configOf("att-ctl").get("DATABASE_URL");

        // detached in the Dashboard: drift, reverted by attaching again
        String attachment = dashboard.call("GET", "/apps/att-side/addon-attachments", null).get(0).path("id").asString();
        dashboard.call("DELETE", "/addon-attachments/" + attachment, null);
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(configOf("att-side")).containsEntry("KONG_PG_URL", url));

        // deleting the attaching app (deletionPolicy: Delete) detaches; the database stays with its app
        assertThat(api.delete("/api/v1/resources/HerokuApp/att-side").status()).isEqualTo(202);
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(heroku.app("att-side")).isEmpty());
        AppSnapshot ctl = heroku.app("att-ctl").orElseThrow();
        assertThat(ctl.addons()).extracting(AppSnapshot.Addon::plan).containsExactly("heroku-postgresql:essential-0");
        assertThat(ctl.config()).containsEntry("DATABASE_URL", url);
    }

    @Test
    void waitsForTheOwnersAddonAndDetachesWhenTheEntryIsRemoved() {
        apply("att-late-side", """
                configVars: {LOG_LEVEL: info}
                addons:
                  - {attach: {app: att-late-ctl, addon: DATABASE}, as: SHARED_DB}
                """);
        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(configOf("att-late-side")).containsEntry("LOG_LEVEL", "info");
            assertThat(api.get("/api/v1/resources/HerokuApp/att-late-side").body())
                    .contains("WaitingForDependency").contains("HerokuApp/att-late-ctl does not exist");
        });
        apply("att-late-ctl", "addons:\n  - {plan: heroku-postgresql:essential-0, as: DATABASE}\n");
        await().atMost(CONVERGE).untilAsserted(() ->
                assertThat(configOf("att-late-side")).containsKey("SHARED_DB_URL"));

        apply("att-late-side", "configVars: {LOG_LEVEL: info}\naddons: []\n");
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(configOf("att-late-side")).doesNotContainKey("SHARED_DB_URL"));
        assertThat(heroku.app("att-late-ctl").orElseThrow().addons()).hasSize(1);
    }
}
