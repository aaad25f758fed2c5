package dev.tether.heroku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.SandboxTestBase;
import dev.tether.TetherApi.Response;
import dev.tether.sandbox.heroku.AppSnapshot;
import dev.tether.sandbox.heroku.RecordedExchange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A HerokuApp kept as declared while the "Dashboard user" changes it behind Tether's back,
 * everything over real HTTP: Tether's API, the Heroku emulator, embedded PostgreSQL.
 */
class HerokuAppReconcileIT extends SandboxTestBase {

    private Response apply(String name, String spec) {
        Response r = api.yaml("apiVersion: tether.dev/v1\nkind: HerokuApp\nmetadata:\n  name: " + name + "\nspec:\n" + spec.indent(2));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r;
    }

    private JsonNode resource(String name) {
        return api.get("/api/v1/resources/HerokuApp/" + name).json();
    }

    private AppSnapshot app(String idOrName) {
        return heroku.app(idOrName).orElseThrow(() -> new AssertionError("no app " + idOrName + " in the emulator"));
    }

    private String awaitReady(String name) {
        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode r = resource(name);
            assertThat(r.at("/status/conditions").toString()).contains("\"type\":\"Ready\",\"status\":\"True\"");
            assertThat(r.at("/status/observedGeneration").asLong()).isEqualTo(r.at("/metadata/generation").asLong());
        });
        return resource(name).at("/status/external/id").asString();
    }

    private String lastReconciledAt(String name) {
        return resource(name).at("/status/lastReconciledAt").asString();
    }

    /** Waits until {@code name} recorded {@code passes} more passes (its lastReconciledAt moved that often). */
    private void awaitPasses(String name, int passes) {
        for (int i = 0; i < passes; i++) {
            String before = lastReconciledAt(name);
            await().atMost(CONVERGE).until(() -> !lastReconciledAt(name).equals(before));
        }
    }

    /** Counts the emulator's answers that {@code counted} accepts, from now until the returned handle is closed. */
    private CountedCalls countCalls(java.util.function.Predicate<RecordedExchange> counted) {
        return new CountedCalls(counted);
    }

    private final class CountedCalls implements AutoCloseable {
        private final java.util.concurrent.atomic.AtomicLong n = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.function.Consumer<RecordedExchange> listener;

        CountedCalls(java.util.function.Predicate<RecordedExchange> counted) {
            listener = e -> {
                if (counted.test(e)) {
                    n.incrementAndGet();
                }
            };
            heroku.addExchangeListener(listener);
        }

        long count() {
            return n.get();
        }

        @Override
        public void close() {
            heroku.removeExchangeListener(listener);
        }
    }

    private List<JsonNode> events(String name) {
        List<JsonNode> out = new ArrayList<>();
        api.get("/api/v1/resources/HerokuApp/" + name + "/events?limit=500").json().get("items").forEach(out::add);
        return out;
    }

    @Test
    void createsTheAppAsDeclaredAndRecordsItsId() {
        CountedCalls creates = countCalls(e -> "POST".equals(e.method()) && "/apps".equals(e.template())
                && e.status() == 201 && e.body().contains("\"name\":\"conv-api\""));
        apply("conv-api", """
                region: eu
                configVars:
                  LOG_LEVEL: info
                release: ${SAMPLE_RELEASE}
                formation:
                  web:
                    quantity: 2
                    size: Standard-1X
                addons:
                  - plan: heroku-postgresql:essential-0
                    as: DATABASE
                domains: [conv.example.com]
                maintenance: false
                """);
        String id = awaitReady("conv-api");
        AppSnapshot app = app(id);
        assertThat(app.name()).isEqualTo("conv-api");
        assertThat(app.region()).isEqualTo("eu");
        assertThat(app.config()).containsEntry("LOG_LEVEL", "info").containsKey("DATABASE_URL");
        assertThat(app.formation().get("web").quantity()).isEqualTo(2);
        assertThat(app.formation().get("web").size()).isEqualToIgnoringCase("Standard-1X");
        assertThat(app.addons()).extracting(AppSnapshot.Addon::plan).containsExactly("heroku-postgresql:essential-0");
        assertThat(app.domains()).containsExactly("conv.example.com");
        JsonNode status = resource("conv-api").get("status");
        assertThat(status.at("/external/webUrl").asString()).startsWith("http://127.0.0.1:");
        assertThat(events("conv-api").stream().map(e -> e.get("reason").asString()))
                .contains("Created", "ConfigVarsSet", "Scaled")
                .doesNotContain("ReconcileFailed");
        creates.close();
        assertThat(creates.count()).as("the app is created once").isEqualTo(1);
    }

    @Test
    void revertsConfigVarChangedInDashboardAndNamesWhoChangedIt() {
        apply("revert-api", "configVars:\n  LOG_LEVEL: info\n");
        String id = awaitReady("revert-api");

        dashboard.setConfigVar("revert-api", "LOG_LEVEL", "debug");

        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(app(id).config()).containsEntry("LOG_LEVEL", "info");
            assertThat(events("revert-api")).anySatisfy(e -> {
                assertThat(e.get("reason").asString()).isEqualTo("DriftDetected");
                assertThat(e.path("actor").asString()).isEqualTo("dashboard@example.com");
                assertThat(e.get("message").asString()).contains("configVars.LOG_LEVEL");
            });
            assertThat(events("revert-api")).anySatisfy(e -> assertThat(e.get("reason").asString()).isEqualTo("DriftReverted"));
        });
        assertThat(app(id).currentRelease().user()).isEqualTo("tether@sandbox.local");
    }

    @Test
    void adoptsScaleChangeAsNewGeneration() {
        apply("adopt-api", "release: ${SAMPLE_RELEASE}\nformation:\n  web:\n    quantity: 1\ndriftPolicy:\n  mode: adopt\n");
        String id = awaitReady("adopt-api");

        dashboard.scale("adopt-api", "web", 3);

        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode r = resource("adopt-api");
            assertThat(r.at("/metadata/generation").asLong()).isEqualTo(2);
            assertThat(r.at("/spec/formation/web/quantity").asInt()).isEqualTo(3);
        });
        assertThat(app(id).formation().get("web").quantity()).isEqualTo(3);
        JsonNode history = api.get("/api/v1/resources/HerokuApp/adopt-api/generations").json().get("items");
        assertThat(history.get(0).get("cause").asString()).isEqualTo("Adopted drift");
        assertThat(events("adopt-api")).anySatisfy(e -> assertThat(e.get("reason").asString()).isEqualTo("DriftAdopted"));
    }

    @Test
    void reportsDriftWithoutWritingAnything() {
        apply("report-api", "configVars:\n  FEATURE_X: \"off\"\ndriftPolicy:\n  mode: report\n");
        String id = awaitReady("report-api");
        int releasesBefore = app(id).releases().size();

        dashboard.setConfigVar("report-api", "FEATURE_X", "on");

        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode status = resource("report-api").get("status");
            assertThat(status.at("/drift/0/path").asString()).isEqualTo("configVars.FEATURE_X");
            assertThat(status.at("/drift/0/observed").asString()).isEqualTo("on");
            assertThat(status.at("/drift/0/actor").asString()).isEqualTo("dashboard@example.com");
            assertThat(status.get("conditions").toString()).contains("\"type\":\"Drifted\",\"status\":\"True\"");
        });
        assertThat(app(id).config()).containsEntry("FEATURE_X", "on");
        assertThat(app(id).releases()).hasSize(releasesBefore + 1); // only the dashboard's own release
    }

    @Test
    void masksAValueSetInTheDashboardUnderANameTheSpecDoesNotDeclare() {
        apply("mask-api", "configVars:\n  FEATURE_X: \"off\"\nconfigVarsPolicy: exact\ndriftPolicy:\n  mode: report\n");
        String id = awaitReady("mask-api");

        // a credential under a name that says nothing about it
        dashboard.setConfigVar("mask-api", "MY_CREDS", "hunter2-dashboard-value");

        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode drift = resource("mask-api").at("/status/drift");
            assertThat(drift.toString()).contains("configVars.MY_CREDS");
            assertThat(events("mask-api")).anySatisfy(e -> assertThat(e.get("message").asString()).contains("configVars.MY_CREDS"));
        });
        assertThat(resource("mask-api").toString()).doesNotContain("hunter2-dashboard-value");
        assertThat(events("mask-api").toString()).doesNotContain("hunter2-dashboard-value");
        assertThat(app(id).config()).containsEntry("MY_CREDS", "hunter2-dashboard-value"); // report: left as it is
        // a declared, plainly named var still shows what changed
        dashboard.setConfigVar("mask-api", "FEATURE_X", "on");
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(events("mask-api"))
                .anySatisfy(e -> assertThat(e.get("message").asString()).contains("configVars.FEATURE_X (off → on)")));
    }

    @Test
    void leavesIgnoredPathsAlone() {
        apply("ignore-api", "release: ${SAMPLE_RELEASE}\nformation:\n  web:\n    quantity: 1\ndriftPolicy:\n  ignore: [formation.web.quantity]\n");
        String id = awaitReady("ignore-api");

        dashboard.scale("ignore-api", "web", 4);
        api.post("/api/v1/resources/HerokuApp/ignore-api/reconcile", "application/json", "");

        // a pass under way at the scale may have read the old formation; the second one saw the new
        awaitPasses("ignore-api", 2);
        assertThat(app(id).formation().get("web").quantity()).isEqualTo(4);
        assertThat(resource("ignore-api").at("/status/drift")).isEmpty();
    }

    @Test
    void renamesBackAnAppRenamedInDashboardKeepingItsId() {
        apply("rename-api", "configVars:\n  A: \"1\"\n");
        String id = awaitReady("rename-api");

        dashboard.rename("rename-api", "renamed-by-hand");

        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(app(id).name()).isEqualTo("rename-api");
            assertThat(events("rename-api")).anySatisfy(e -> assertThat(e.get("reason").asString()).isEqualTo("Renamed"));
        });
        assertThat(resource("rename-api").at("/status/external/id").asString()).isEqualTo(id);
        assertThat(heroku.apps()).extracting(AppSnapshot::name).doesNotContain("renamed-by-hand");
    }

    @Test
    void recreatesAnAddonDestroyedByHand() {
        apply("addon-api", "addons:\n  - plan: heroku-redis:mini\n    as: REDIS\n");
        String id = awaitReady("addon-api");
        String addon = app(id).addons().getFirst().name();

        dashboard.destroyAddon("addon-api", addon);

        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(app(id).addons()).hasSize(1);
            assertThat(app(id).addons().getFirst().name()).isNotEqualTo(addon);
            assertThat(app(id).config()).containsKey("REDIS_URL");
        });
    }

    @Test
    void holdsAddonDestroyUntilAllowed() {
        apply("hold-api", "addons:\n  - plan: heroku-postgresql:essential-0\n    as: DATABASE\n");
        String id = awaitReady("hold-api");

        apply("hold-api", "addons: []\n");

        await().atMost(CONVERGE).untilAsserted(() ->
                assertThat(resource("hold-api").at("/status/conditions").toString()).contains("DestructiveActionHeld"));
        assertThat(app(id).addons()).hasSize(1);

        apply("hold-api", "addons: []\ndeletionPolicy: Delete\nallowDestroyData: true\n");
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(app(id).addons()).isEmpty());
    }

    @Test
    void showsAPermanentRefusalWithHerokusMessageWithoutHotLooping() {
        apply("domain-owner", "domains: [taken.example.com]\n");
        awaitReady("domain-owner");
        apply("domain-thief", "domains: [taken.example.com]\n");

        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode ready = resource("domain-thief").at("/status/conditions/0");
            assertThat(ready.get("status").asString()).isEqualTo("False");
            assertThat(ready.get("message").asString()).contains("taken.example.com is currently in use by another app");
        });
        String thiefId = app("domain-thief").id();
        // the failure waits for the resync, as the healthy owner does: while the owner has two
        // resync passes, the thief tries its domain at most once per pass (and once for a pass under way)
        try (CountedCalls attempts = countCalls(e -> "POST".equals(e.method()) && "/apps/{app}/domains".equals(e.template())
                && (e.path().startsWith("/apps/" + thiefId + "/") || e.path().startsWith("/apps/domain-thief/")))) {
            awaitPasses("domain-owner", 2);
            assertThat(attempts.count()).as("domain attempts while the owner had 2 passes").isLessThanOrEqualTo(3);
        }
    }

    @Test
    void plansWhatTheNextPassWouldDoWithoutDoingIt() {
        apply("plan-paused", "paused: true\nconfigVars:\n  A: \"1\"\n");
        await().atMost(CONVERGE).untilAsserted(() ->
                assertThat(resource("plan-paused").at("/status/conditions/0/reason").asString()).isEqualTo("Paused"));
        JsonNode plan = api.get("/api/v1/plan?kind=HerokuApp&name=plan-paused").json().get("items");
        assertThat(plan).singleElement().satisfies(step -> {
            assertThat(step.get("action").asString()).isEqualTo("create");
            assertThat(step.get("description").asString()).isEqualTo("create app plan-paused");
            assertThat(step.get("held").asBoolean()).as("paused holds the create back").isTrue();
        });
        assertThat(heroku.app("plan-paused")).isEmpty();

        apply("plan-live", "release: ${SAMPLE_RELEASE}\nformation:\n  web:\n    quantity: 1\n");
        String id = awaitReady("plan-live");
        Response dry = api.post("/api/v1/manifests?dryRun=true", "application/yaml", ("""
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata:
                  name: plan-live
                spec:
                  release: ${SAMPLE_RELEASE}
                  formation:
                    web:
                      quantity: 3
                  configVars:
                    STRIPE_SECRET_KEY: sk_live_very_secret
                """).getBytes(), java.util.Map.of());
        assertThat(dry.status()).isEqualTo(200);
        assertThat(dry.json().get("actions").findValuesAsString("description"))
                .contains("scale web=3", "set config vars STRIPE_SECRET_KEY");
        assertThat(dry.body()).doesNotContain("sk_live_very_secret");
        assertThat(app(id).formation().get("web").quantity()).isEqualTo(1);
        assertThat(app(id).config()).doesNotContainKey("STRIPE_SECRET_KEY");
    }

    @Test
    void orphanForgetsTheAppButLeavesItRunningAndDeleteDestroysIt() {
        apply("orphan-api", "configVars:\n  A: \"1\"\n");
        apply("doomed-api", "configVars:\n  A: \"1\"\ndeletionPolicy: Delete\n");
        String orphanId = awaitReady("orphan-api");
        String doomedId = awaitReady("doomed-api");
        await().atMost(CONVERGE).until(() -> !app(orphanId).webhooks().isEmpty());

        assertThat(api.delete("/api/v1/resources/HerokuApp/orphan-api").status()).isEqualTo(202);
        assertThat(api.delete("/api/v1/resources/HerokuApp/doomed-api").status()).isEqualTo(202);

        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(api.get("/api/v1/resources/HerokuApp/orphan-api").status()).isEqualTo(404);
            assertThat(api.get("/api/v1/resources/HerokuApp/doomed-api").status()).isEqualTo(404);
        });
        assertThat(heroku.app(orphanId)).as("orphaned app keeps running").isPresent();
        assertThat(app(orphanId).webhooks()).as("Tether's webhook is removed").isEmpty();
        assertThat(heroku.app(doomedId)).as("deleted app is destroyed").isEmpty();
    }

    @Test
    void reportsRequiresReplacementForARegionChangeAndTouchesNothing() {
        apply("moving-api", "region: us\n");
        String id = awaitReady("moving-api");

        apply("moving-api", "region: eu\n");

        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode ready = resource("moving-api").at("/status/conditions/0");
            assertThat(ready.get("reason").asString()).isEqualTo("RequiresReplacement");
            assertThat(ready.get("message").asString()).contains("region (us → eu)", "allowReplace");
        });
        assertThat(app(id).region()).isEqualTo("us");
        assertThat(heroku.app("moving-api").orElseThrow().id()).isEqualTo(id);
    }

    @Test
    void fullResyncReportsItsProgressUntilEveryResourceHadAPass() {
        apply("resync-a", "configVars:\n  A: \"1\"\n");
        apply("resync-b", "configVars:\n  A: \"1\"\n");
        awaitReady("resync-a");
        awaitReady("resync-b");

        Response started = api.post("/api/v1/resync", "application/json", "");
        assertThat(started.status()).isEqualTo(202);
        long id = started.json().get("id").asLong();
        int total = started.json().get("total").asInt();
        assertThat(total).isGreaterThanOrEqualTo(2);

        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode p = api.get("/api/v1/resync/" + id).json();
            assertThat(p.get("done").asInt()).isEqualTo(p.get("total").asInt());
            assertThat(p.get("finished").asBoolean()).isTrue();
        });
        assertThat(api.get("/api/v1/resync/999999").status()).isEqualTo(404);
    }

    @Test
    void fullResyncFinishesWhenAResourceIsDeletedDuringIt() {
        apply("resync-stays-1", "configVars:\n  A: \"1\"\n");
        apply("resync-stays-2", "configVars:\n  A: \"1\"\n");
        apply("resync-goes", "configVars:\n  A: \"1\"\ndeletionPolicy: Orphan\n");
        awaitReady("resync-stays-1");
        awaitReady("resync-stays-2");
        awaitReady("resync-goes");

        Response started = api.post("/api/v1/resync", "application/json", "");
        assertThat(started.status()).isEqualTo(202);
        long id = started.json().get("id").asLong();
        assertThat(started.json().get("total").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(api.delete("/api/v1/resources/HerokuApp/resync-goes").status()).isEqualTo(202);
        await().atMost(CONVERGE).until(() -> api.get("/api/v1/resources/HerokuApp/resync-goes").status() == 404);

        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode p = api.get("/api/v1/resync/" + id).json();
            assertThat(p.get("done").asInt()).as(p.toString()).isEqualTo(p.get("total").asInt());
            assertThat(p.get("finished").asBoolean()).as(p.toString()).isTrue();
        });
        assertThat(heroku.app("resync-goes")).as("the orphaned app keeps running").isPresent();
    }

    private static String condition(JsonNode resource, String type) {
        for (JsonNode c : resource.at("/status/conditions")) {
            if (type.equals(c.get("type").asString())) {
                return c.get("status").asString() + "/" + c.get("reason").asString() + ": " + c.get("message").asString();
            }
        }
        return "absent";
    }

    @Test
    void aProcessTypeTheReleaseLacksIsShownWhileEveryOtherDriftIsStillReverted() {
        apply("ptype-api", """
                configVars:
                  LOG_LEVEL: info
                release: ${SAMPLE_RELEASE}
                formation:
                  web:
                    quantity: 2
                  clock:
                    quantity: 1
                """);
        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode r = resource("ptype-api");
            assertThat(condition(r, "Ready")).startsWith("False/ProcessTypeMissing").contains("formation.clock.quantity")
                    .contains("Couldn't find that process type (clock)");
            assertThat(r.at("/status/observedGeneration").asLong()).isEqualTo(1);
            assertThat(r.at("/status/lastReconciledAt").isMissingNode()).isFalse();
            assertThat(condition(r, "Drifted")).isNotEqualTo("absent");
            assertThat(r.at("/status/external/webhook").asBoolean()).as("the app's webhook is subscribed").isTrue();
        });
        String id = resource("ptype-api").at("/status/external/id").asString();
        assertThat(app(id).formation().get("web").quantity()).as("the good process type of the batch still scaled").isEqualTo(2);
        assertThat(app(id).config()).containsEntry("LOG_LEVEL", "info");

        dashboard.setConfigVar("ptype-api", "LOG_LEVEL", "debug");
        dashboard.rename("ptype-api", "ptype-api-renamed");

        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(app(id).name()).isEqualTo("ptype-api");
            assertThat(app(id).config()).containsEntry("LOG_LEVEL", "info");
        });
        assertThat(events("ptype-api")).filteredOn(e -> e.get("reason").asString().equals("ReconcileFailed"))
                .as("the refusal is recorded once, not on every pass").hasSize(1);
    }

    @Test
    void aRefusedRenameBackDoesNotHoldUpAConfigVarRevert() {
        apply("taken-api", "configVars:\n  LOG_LEVEL: info\n");
        String id = awaitReady("taken-api");

        dashboard.rename("taken-api", "taken-api-moved");
        dashboard.call("POST", "/apps", "{\"name\":\"taken-api\"}");
        dashboard.setConfigVar("taken-api-moved", "LOG_LEVEL", "debug");

        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(app(id).config()).containsEntry("LOG_LEVEL", "info");
            JsonNode r = resource("taken-api");
            assertThat(condition(r, "Ready")).startsWith("False/ApiRefused").contains("name");
        });
        assertThat(app(id).name()).isEqualTo("taken-api-moved");
    }

    @Test
    void anIgnoredPathIsStillAppliedWhenTheSpecSetsIt() {
        apply("autoscaled-api", """
                configVars:
                  NEW_RELIC_APP_NAME: shop
                release: ${SAMPLE_RELEASE}
                formation:
                  web:
                    quantity: 3
                driftPolicy:
                  ignore: [formation.web.quantity, "configVars.NEW_RELIC_*"]
                """);
        String id = awaitReady("autoscaled-api");
        assertThat(app(id).formation().get("web").quantity()).isEqualTo(3);
        assertThat(app(id).config()).containsEntry("NEW_RELIC_APP_NAME", "shop");

        // drift there is left alone, as the policy says
        dashboard.scale("autoscaled-api", "web", 5);
        awaitPasses("autoscaled-api", 2);
        assertThat(app(id).formation().get("web").quantity()).isEqualTo(5);
        assertThat(condition(resource("autoscaled-api"), "Drifted")).startsWith("False");
    }

    private String teamOf(String appId) {
        return dashboard.call("GET", "/apps/" + appId, null).at("/team/name").asString();
    }

    @Test
    void transfersTheAppWhenTheSpecChangesItsTeamAndTransfersItBackWhenMovedByHand() {
        apply("team-api", "team: acme\n");
        String id = awaitReady("team-api");
        assertThat(teamOf(id)).isEqualTo("acme");

        apply("team-api", "team: acme-labs\n");

        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(teamOf(id)).isEqualTo("acme-labs");
            assertThat(events("team-api")).anySatisfy(e -> {
                assertThat(e.get("reason").asString()).isEqualTo("Transferred");
                assertThat(e.get("message").asString()).contains("from team acme to team acme-labs");
            });
        });
        awaitReady("team-api");
        assertThat(resource("team-api").at("/status/external/id").asString()).as("the same app, moved").isEqualTo(id);

        // moved by hand (heroku apps:transfer acme): drift, reverted by transferring it back
        dashboard.call("PATCH", "/teams/apps/" + id, "{\"owner\":\"acme\"}");

        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(teamOf(id)).isEqualTo("acme-labs");
            assertThat(events("team-api")).anySatisfy(e -> {
                assertThat(e.get("reason").asString()).isEqualTo("DriftReverted");
                assertThat(e.get("message").asString()).contains("Reverted drift at team");
            });
        });
    }

    @Test
    void aTransferToATeamHerokuDoesNotKnowIsShownWithHerokusMessage() {
        apply("lost-team-api", "team: acme\n");
        String id = awaitReady("lost-team-api");

        apply("lost-team-api", "team: no-such-team\n");

        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode ready = resource("lost-team-api").at("/status/conditions/0");
            assertThat(ready.get("status").asString()).isEqualTo("False");
            assertThat(ready.get("message").asString()).contains("Couldn't find that team.");
        });
        assertThat(teamOf(id)).isEqualTo("acme");
    }
}
