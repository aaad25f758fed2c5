package dev.tether.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.LogCapture;
import dev.tether.SandboxTestBase;
import dev.tether.TetherApi.Response;
import dev.tether.TetherTestSupport;
import dev.tether.chaos.SecretScan;
import dev.tether.sandbox.heroku.AppSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Kind {@code Secret} and config vars that take their value from a Secret or another app
 * (DESIGN §2b), over real HTTP against the Heroku emulator and embedded PostgreSQL: the value
 * reaches the app, follows every change of its source, and is never answered back, stored in
 * plaintext, or logged.
 */
class SecretsIT extends SandboxTestBase {

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void captureLog() {
        LogCapture.attach();
    }

    private Response apply(String yaml) {
        Response r = api.yaml(yaml);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r;
    }

    private static String secret(String name, String data) {
        return "apiVersion: tether.dev/v1\nkind: Secret\nmetadata:\n  name: " + name + "\nspec:\n  data:\n" + data.indent(4);
    }

    private static String app(String name, String spec) {
        return "apiVersion: tether.dev/v1\nkind: HerokuApp\nmetadata:\n  name: " + name + "\nspec:\n" + spec.indent(2);
    }

    private JsonNode resource(String kind, String name) {
        return api.get("/api/v1/resources/" + kind + "/" + name).json();
    }

    private Map<String, String> configOf(String app) {
        return heroku.app(app).map(AppSnapshot::config).orElse(Map.of());
    }

    private JsonNode ready(String kind, String name) {
        for (JsonNode c : resource(kind, name).at("/status/conditions")) {
            if ("Ready".equals(c.path("type").asString())) {
                return c;
            }
        }
        return null;
    }

    @Test
    void secretValuesAreEncryptedAtRestAndNeverAnsweredBack() {
        String value = "sk_live_rest_8c1d0b5e7f";
        Response dry = api.post("/api/v1/manifests?dryRun=true", "application/yaml", secret("rest-secret", "API: " + value));
        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        assertThat(dry.body()).contains("API").doesNotContain(value);

        apply(secret("rest-secret", "API: " + value + "\nOTHER: plain-but-secret-too"));

        JsonNode doc = resource("Secret", "rest-secret");
        assertThat(doc.at("/spec/data").propertyNames()).containsExactlyInAnyOrder("API", "OTHER");
        assertThat(doc.at("/spec/data/API").asString()).isEqualTo("(secret)");
        String generations = api.get("/api/v1/resources/Secret/rest-secret/generations").body();
        assertThat(generations).contains("API").doesNotContain(value);
        // not in plaintext in the desired-state tables, and encrypted where it is kept
        assertThat(jdbc.sql("SELECT spec::text FROM resources WHERE kind = 'Secret' AND name = 'rest-secret'")
                .query(String.class).single()).contains("API").doesNotContain(value);
        assertThat(jdbc.sql("""
                        SELECT g.spec::text FROM resource_generations g JOIN resources r ON r.id = g.resource_id
                        WHERE r.kind = 'Secret' AND r.name = 'rest-secret'""").query(String.class).list())
                .isNotEmpty().allSatisfy(spec -> assertThat(spec).doesNotContain(value));
        List<byte[]> sealed = jdbc.sql("SELECT ciphertext FROM secrets WHERE owner_kind = 'Secret' AND owner_name = 'rest-secret'")
                .query(byte[].class).list();
        assertThat(sealed).hasSize(2).allSatisfy(c -> assertThat(new String(c, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(value));

        // the same values again are no change; a new value is a new generation, still not shown
        Response again = apply(secret("rest-secret", "API: " + value + "\nOTHER: plain-but-secret-too"));
        assertThat(again.json().at("/items/0/changed").asBoolean()).isFalse();
        Response changed = apply(secret("rest-secret", "API: sk_live_rest_rotated_41\nOTHER: plain-but-secret-too"));
        assertThat(changed.json().at("/items/0/generation").asLong()).isEqualTo(2);
        assertThat(api.get("/api/v1/resources/Secret/rest-secret/generations").body()).doesNotContain("sk_live_rest_rotated_41");

        // a Secret cannot be rolled back to values it no longer has
        Response rollback = api.post("/api/v1/resources/Secret/rest-secret/rollback", "application/json", "{\"generation\": 1}");
        assertThat(rollback.status()).isEqualTo(409);
    }

    @Test
    void aValidationErrorAboutASecretValueDoesNotEchoIt() {
        Response r = api.post("/api/v1/manifests", "application/json",
                "{\"apiVersion\":\"tether.dev/v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"bad-secret\"},"
                        + "\"spec\":{\"data\":{\"PIN\":918273645}}}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body()).contains("spec.data.PIN").doesNotContain("918273645");
        assertThat(api.get("/api/v1/resources/Secret/bad-secret").status()).isEqualTo(404);
    }

    @Test
    void configVarFromASecretIsSetAndFollowsTheSecretsChanges() {
        apply(secret("pay-keys", "stripe: sk_live_follow_v1"));
        apply(app("sec-pay", """
                configVars:
                  LOG_LEVEL: info
                  STRIPE_KEY: {valueFrom: {secret: pay-keys, key: stripe}}
                """));
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(configOf("sec-pay"))
                .containsEntry("STRIPE_KEY", "sk_live_follow_v1").containsEntry("LOG_LEVEL", "info"));

        apply(secret("pay-keys", "stripe: sk_live_follow_v2"));
        await().atMost(CONVERGE).untilAsserted(() ->
                assertThat(configOf("sec-pay")).containsEntry("STRIPE_KEY", "sk_live_follow_v2"));
        // the spec says where the value comes from, never what it is
        assertThat(api.get("/api/v1/resources/HerokuApp/sec-pay").body()).contains("pay-keys").doesNotContain("sk_live_follow");
    }

    @Test
    void anAppWaitsForAMissingSecretAndStillAppliesItsOtherVars() {
        apply(app("sec-wait", """
                configVars:
                  LOG_LEVEL: debug
                  SIGNING: {valueFrom: {secret: not-yet, key: signing}}
                """));
        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(configOf("sec-wait")).containsEntry("LOG_LEVEL", "debug").doesNotContainKey("SIGNING");
            JsonNode ready = ready("HerokuApp", "sec-wait");
            assertThat(ready.path("status").asString()).isEqualTo("False");
            assertThat(ready.path("reason").asString()).isEqualTo("WaitingForDependency");
            assertThat(ready.path("message").asString()).contains("configVars.SIGNING").contains("Secret/not-yet does not exist");
        });

        apply(secret("not-yet", "other: x"));
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(ready("HerokuApp", "sec-wait").path("message").asString())
                .contains("Secret/not-yet has no key signing"));

        apply(secret("not-yet", "signing: whsec_arrived_77"));
        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(configOf("sec-wait")).containsEntry("SIGNING", "whsec_arrived_77");
            assertThat(ready("HerokuApp", "sec-wait").path("status").asString()).isEqualTo("True");
        });
    }

    @Test
    void configVarFromAnAppFollowsItsRenameAndRecreation() {
        apply(app("sec-ctl", "configVars:\n  ROLE: controller\n"));
        apply(app("sec-side", """
                configVars:
                  CONTROLLER_NAME: {valueFrom: {app: sec-ctl, field: name}}
                  CONTROLLER_ID: {valueFrom: {app: sec-ctl, field: id}}
                  KONG_ORIGINS: {valueFrom: {app: sec-ctl, field: webUrl}}
                """));
        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(heroku.app("sec-ctl")).isPresent();
            AppSnapshot ctl = heroku.app("sec-ctl").get();
            assertThat(configOf("sec-side")).containsEntry("CONTROLLER_NAME", "sec-ctl")
                    .containsEntry("CONTROLLER_ID", ctl.id()).containsEntry("KONG_ORIGINS", ctl.webUrl());
        });

        // a rename through the spec
        apply(app("sec-ctl", "appName: sec-ctl-two\nconfigVars:\n  ROLE: controller\n"));
        await().atMost(CONVERGE).untilAsserted(() ->
                assertThat(configOf("sec-side")).containsEntry("CONTROLLER_NAME", "sec-ctl-two"));

        // destroyed in the Dashboard, recreated by Tether under a new id: the id follows
        String oldId = heroku.app("sec-ctl-two").orElseThrow().id();
        dashboard.call("DELETE", "/apps/sec-ctl-two", null);
        await().atMost(CONVERGE).untilAsserted(() -> {
            Optional<AppSnapshot> ctl = heroku.app("sec-ctl-two");
            assertThat(ctl).isPresent();
            assertThat(ctl.get().id()).isNotEqualTo(oldId);
            assertThat(configOf("sec-side")).containsEntry("CONTROLLER_ID", ctl.get().id());
        });
    }

    @Test
    void aLiteralSecretLookingVarGetsAWarningSuggestingASecret() {
        String value = "sk_live_literal_5a5a";
        Response r = apply(app("sec-literal", "configVars:\n  STRIPE_SECRET_KEY: " + value + "\n  LOG_LEVEL: info\n"));
        JsonNode warnings = r.json().get("warnings");
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).path("path").asString()).isEqualTo("spec.configVars.STRIPE_SECRET_KEY");
        assertThat(warnings.get(0).path("message").asString()).contains("Secret").contains("valueFrom").doesNotContain(value);
        String events = api.get("/api/v1/resources/HerokuApp/sec-literal/events").body();
        assertThat(events).contains("LiteralSecretValue").contains("STRIPE_SECRET_KEY").doesNotContain(value);
        // a plainly named var gets none
        assertThat(apply(app("sec-plain", "configVars:\n  LOG_LEVEL: info\n")).json().has("warnings")).isFalse();
    }

    @Test
    void aSecretsValueAppearsInNoAnswerPageMetricOrLogLine() {
        String value = "sk_live_leakscan_c0ffee91";
        apply(secret("leak-secret", "token: " + value));
        apply(app("sec-leak", """
                driftPolicy: {mode: report}
                configVars:
                  PAYMENT_TOKEN: {valueFrom: {secret: leak-secret, key: token}}
                """));
        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(configOf("sec-leak")).containsEntry("PAYMENT_TOKEN", value);
            // confirmed by a pass: a change from now on is drift, not the spec still being applied
            assertThat(ready("HerokuApp", "sec-leak").path("reason").asString()).isEqualTo("InSync");
        });
        // drift on the var (shown, not reverted) and a dry run of the app: both must mask the value
        dashboard.setConfigVar("sec-leak", "PAYMENT_TOKEN", "changed-in-dashboard");
        await().atMost(CONVERGE).untilAsserted(() ->
                assertThat(resource("HerokuApp", "sec-leak").at("/status/drift").toString()).contains("configVars.PAYMENT_TOKEN"));
        apply(secret("leak-secret", "token: " + value));
        Response dry = api.post("/api/v1/manifests?dryRun=true", "application/yaml", secret("leak-secret", "token: " + value)
                + "---\n" + app("sec-leak", "configVars:\n  PAYMENT_TOKEN: {valueFrom: {secret: leak-secret, key: token}}\n"));
        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        assertThat(dry.body()).doesNotContain(value);
        assertThat(api.get("/api/v1/plan").body()).doesNotContain(value);
        SecretScan.assertNoSecretIn(api, TetherTestSupport.API_TOKEN, LogCapture.text(), List.of(value, "changed-in-dashboard"));
        // and at rest: no row of Tether's own tables holds it in plaintext (the secrets table holds it encrypted)
        for (String table : List.of("resources", "resource_generations", "resource_status", "events", "work_queue")) {
            assertThat(jdbc.sql("SELECT count(*) FROM " + table + " t WHERE t::text LIKE :v").param("v", "%" + value + "%")
                    .query(Long.class).single()).as(table).isZero();
        }
    }
}
