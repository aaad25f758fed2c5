package dev.tether.sandbox.heroku;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The emulator's add-on attachments, as the Platform API schema ({@code add-on-attachment})
 * describes them: attach another app's add-on under a name (its config var set on that app),
 * list per app, refuse what Heroku refuses, and never take the add-on down with the attacher.
 */
class AddonAttachmentEmulatorTest {

    @RegisterExtension
    static final EmulatorExtension heroku = new EmulatorExtension();

    private final PlatformApi dashboard = new PlatformApi(heroku.baseUrl(), HerokuEmulator.DASHBOARD_TOKEN);

    private String app(String name) {
        PlatformApi.Answer created = dashboard.post("/apps", "{\"name\":\"" + name + "\"}");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    @Test
    void attachesAnotherAppsAddonUnderANameAndDetachesOnlyWhenTheAttacherGoes() {
        app("att-owner");
        String attacherId = app("att-side");
        JsonNode addon = dashboard.post("/apps/att-owner/addons", "{\"plan\":\"heroku-postgresql:essential-0\"}").json();
        String url = heroku.emulator().app("att-owner").orElseThrow().config().get("DATABASE_URL");

        PlatformApi.Answer attached = dashboard.post("/addon-attachments",
                "{\"addon\":\"" + addon.path("id").asString() + "\",\"app\":\"att-side\",\"name\":\"KONG_DB\"}");
        assertThat(attached.status()).as(attached.raw().body()).isEqualTo(201);
        assertThat(attached.json().at("/addon/app/name").asString()).isEqualTo("att-owner");
        assertThat(attached.json().at("/app/id").asString()).isEqualTo(attacherId);
        assertThat(heroku.emulator().app("att-side").orElseThrow().config()).containsEntry("KONG_DB_URL", url);

        JsonNode list = dashboard.get("/apps/att-side/addon-attachments").json();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("name").asString()).isEqualTo("KONG_DB");
        // the owner lists its own (billing) attachment
        assertThat(dashboard.get("/apps/att-owner/addon-attachments").json().get(0).path("name").asString()).isEqualTo("DATABASE");

        // the same name again: the config var is taken
        assertThat(dashboard.post("/addon-attachments",
                "{\"addon\":\"" + addon.path("id").asString() + "\",\"app\":\"att-side\",\"name\":\"KONG_DB\"}").status()).isEqualTo(422);

        assertThat(dashboard.delete("/apps/att-side").status()).isEqualTo(200);
        assertThat(heroku.emulator().app("att-owner").orElseThrow().addons()).hasSize(1);
        assertThat(heroku.emulator().app("att-owner").orElseThrow().config()).containsEntry("DATABASE_URL", url);
    }

    @Test
    void refusesWhatHerokuRefuses() {
        app("att-refuse");
        PlatformApi.Answer missing = dashboard.post("/addon-attachments", "{\"app\":\"att-refuse\"}");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().path("id").asString()).isEqualTo("invalid_params");
        PlatformApi.Answer unknown = dashboard.post("/addon-attachments", "{\"addon\":\"no-such-addon\",\"app\":\"att-refuse\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("id").asString()).isEqualTo("not_found");
        JsonNode own = dashboard.post("/apps/att-refuse/addons", "{\"plan\":\"heroku-redis:mini\"}").json();
        String billing = dashboard.get("/apps/att-refuse/addon-attachments").json().get(0).path("id").asString();
        assertThat(dashboard.delete("/addon-attachments/" + billing).status()).isEqualTo(422);
        assertThat(heroku.emulator().app("att-refuse").orElseThrow().addons()).extracting(AppSnapshot.Addon::id)
                .containsExactly(own.path("id").asString());
    }
}
