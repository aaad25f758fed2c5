package dev.tether.kong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.TetherApi.Response;
import dev.tether.sandbox.heroku.AppSnapshot;
import dev.tether.secrets.SecretStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * An app Heroku cannot change in place (moved into a Private Space with internal routing) is
 * replaced with {@code allowReplace: true} as DESIGN §2 says, behind a KongService under steady
 * traffic through the gateway: not one request fails, the new app is internal in its space with
 * the old app's Postgres attached, the old app is kept (renamed, scaled to zero), and each step
 * is planned before it runs and is an event when it runs. Without allowReplace nothing happens.
 */
class AppReplacementIT extends GatewayTestBase {

    @Autowired
    SecretStore secrets;

    /** An app in team acme with a database, a key for it, and a service routing /{prefix} to it. */
    private String topology(String prefix, String move) {
        return guardedApp(prefix, """
                team: acme
                configVars: {GREETING: hello}
                formation: {web: {quantity: 1}}
                addons: [{plan: "heroku-postgresql:essential-0", as: DATABASE}]
                """ + move, "");
    }

    private static final String INTO_THE_SPACE = "space: acme-prod\ninternalRouting: true";

    private void converged(String prefix) {
        apply(topology(prefix, ""));
        awaitCondition("HerokuApp", prefix + "-api", "Ready", "True");
        awaitCondition("KongService", prefix, "Secured", "True");
        await().atMost(CONVERGE).until(() -> heroku.app(prefix + "-api").map(a -> !a.addons().isEmpty()).orElse(false));
    }

    private List<JsonNode> planSteps(String name) {
        Response plan = api.get("/api/v1/plan?kind=HerokuApp&name=" + name);
        assertThat(plan.status()).as(plan.body()).isEqualTo(200);
        List<JsonNode> steps = new ArrayList<>();
        plan.json().path("items").forEach(steps::add);
        return steps;
    }

    private static List<String> descriptions(List<JsonNode> steps) {
        return steps.stream().filter(s -> s.path("action").asString().equals("replace"))
                .map(s -> s.path("description").asString()).toList();
    }

    private List<JsonNode> attachments(String app) {
        List<JsonNode> out = new ArrayList<>();
        dashboard.call("GET", "/apps/" + app + "/addon-attachments", null).forEach(out::add);
        return out;
    }

    @Test
    void withoutAllowReplaceNothingHappensAndThePlanShowsEveryStepHeld() {
        converged("stay");
        String id = resource("HerokuApp", "stay-api").at("/status/external/id").asString();
        int apps = heroku.apps().size();

        apply(topology("stay", INTO_THE_SPACE));
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(resource("HerokuApp", "stay-api").at("/status/conditions").toString())
                .contains("\"reason\":\"RequiresReplacement\"").contains("spec.allowReplace: true"));
        List<JsonNode> steps = planSteps("stay-api");
        assertThat(descriptions(steps)).as(steps.toString())
                .contains("create app stay-api-r1 (space acme-prod, internal routing, team acme)")
                .contains("rename stay-api-r1 to stay-api")
                .anyMatch(d -> d.startsWith("attach add-on ") && d.contains(" of stay-api to stay-api-r1"))
                .anyMatch(d -> d.startsWith("switch ") && d.contains("KongService/stay") && d.contains("ApiKey/stay-key"))
                .contains("scale stay-api to zero and rename it stay-api-old-1 (kept until deleted explicitly)");
        assertThat(steps.stream().filter(s -> s.path("action").asString().equals("replace")))
                .allSatisfy(s -> assertThat(s.path("held").asBoolean()).as(s.toString()).isTrue());

        assertThat(heroku.app("stay-api-r1")).as("nothing was created").isEmpty();
        assertThat(heroku.apps()).hasSize(apps);
        AppSnapshot app = heroku.app("stay-api").orElseThrow();
        assertThat(app.id()).isEqualTo(id);
        assertThat(app.space()).isNull();
        assertThat(app.formation().get("web").quantity()).isEqualTo(1);
        assertThat(events("HerokuApp", "stay-api")).noneSatisfy(e -> assertThat(e.get("reason").asString())
                .isIn("ReplacementCreated", "ReplacementSwitched", "Replaced"));
    }

    @Test
    void dryRunWithAllowReplaceShowsEachStepBeforeItRuns() {
        converged("dry");
        Response dry = api.post("/api/v1/manifests?dryRun=true", "application/yaml",
                topology("dry", INTO_THE_SPACE + "\nallowReplace: true"));
        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        List<JsonNode> steps = new ArrayList<>();
        dry.json().path("actions").forEach(steps::add);
        List<JsonNode> replace = steps.stream().filter(s -> s.path("action").asString().equals("replace")).toList();
        assertThat(descriptions(replace)).as(steps.toString()).containsSubsequence(
                "create app dry-api-r1 (space acme-prod, internal routing, team acme)",
                "set the config vars of dry-api on dry-api-r1",
                "release the slug dry-api runs on dry-api-r1",
                "scale dry-api-r1 as dry-api is scaled, and wait until its web dynos are up",
                "wait until each KongService proves dry-api-r1 through the gateway",
                "scale dry-api to zero and rename it dry-api-old-1 (kept until deleted explicitly)",
                "rename dry-api-r1 to dry-api");
        assertThat(replace).as("allowed: carried out, not held").noneSatisfy(s -> assertThat(s.path("held").asBoolean()).isTrue());
        assertThat(heroku.app("dry-api-r1")).as("a dry run creates nothing").isEmpty();
    }

    @Test
    void replacementIntoAPrivateSpaceUnderSteadyTrafficLosesNoRequest() throws Exception {
        converged("move");
        String oldId = resource("HerokuApp", "move-api").at("/status/external/id").asString();
        AppSnapshot old = heroku.app(oldId).orElseThrow();
        String database = old.addons().getFirst().id();
        String databaseUrl = old.config().get("DATABASE_URL");
        long creates = heroku.callCount("POST", "/teams/apps");

        SteadyTraffic traffic = SteadyTraffic.start(2, () -> proxy("/move", Map.of()));
        try (traffic) {
            await().atMost(CONVERGE).until(() -> traffic.ok() >= 200);
            apply(topology("move", INTO_THE_SPACE + "\nallowReplace: true"));
            await().atMost(CONVERGE.multipliedBy(2)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                JsonNode ext = resource("HerokuApp", "move-api").at("/status/external");
                assertThat(ext.has("replacement")).as(ext.toString()).isFalse();
                assertThat(ext.path("retiredApps").size()).as(ext.toString()).isEqualTo(1);
                assertThat(condition("HerokuApp", "move-api", "Ready")).isEqualTo("True");
                assertThat(condition("KongService", "move", "Secured")).isEqualTo("True");
            });
            int after = traffic.ok();
            await().atMost(CONVERGE).until(() -> traffic.ok() >= after + 300);
        }
        assertThat(traffic.failures()).as("failed requests during the replacement").isEmpty();

        AppSnapshot fresh = heroku.app("move-api").orElseThrow();
        assertThat(fresh.id()).isNotEqualTo(oldId);
        assertThat(fresh.space()).isEqualTo("acme-prod");
        assertThat(fresh.internalRouting()).isTrue();
        assertThat(fresh.config()).containsEntry("GREETING", "hello").containsEntry("DATABASE_URL", databaseUrl)
                .containsEntry("INTERNAL_API_KEY", secrets.get("ApiKey", "move-key", "current").orElseThrow());
        assertThat(fresh.formation().get("web").quantity()).isEqualTo(1);
        assertThat(fresh.releases()).extracting(AppSnapshot.Release::slugId).as("the replacement released the old app's slug")
                .contains(old.currentRelease().slugId());
        // the declared build may then run again on the new app (its builds do not know that slug): the same code either way
        assertThat(fresh.currentRelease().commit()).as("the code the old app ran").isEqualTo(old.currentRelease().commit());
        assertThat(attachments("move-api")).as("the old app's Postgres, attached, not copied")
                .anySatisfy(a -> {
                    assertThat(a.at("/addon/id").asString()).isEqualTo(database);
                    assertThat(a.path("name").asString()).isEqualTo("DATABASE");
                });
        assertThat(fresh.addons()).as("no database of its own was created").isEmpty();

        AppSnapshot retired = heroku.app(oldId).orElseThrow();
        assertThat(retired.name()).isEqualTo("move-api-old-1");
        assertThat(retired.formation().get("web").quantity()).as("kept, scaled to zero").isZero();
        assertThat(retired.addons()).extracting(AppSnapshot.Addon::id).containsExactly(database);
        assertThat(old.webhooks()).as("Tether watched the old app").isNotEmpty();
        assertThat(retired.webhooks()).as("and no longer watches it once retired").isEmpty();
        assertThat(heroku.callCount("POST", "/teams/apps")).as("exactly one new app").isEqualTo(creates + 1);

        assertThat(resource("KongService", "move").at("/status/external/url").asString()).isEqualTo(webUrl("move-api"));
        assertThat(proxy("/move", Map.of()).body()).contains("\"app\":\"move-api\"").contains(fresh.id());
        List<String> reasons = events("HerokuApp", "move-api").stream().map(e -> e.get("reason").asString()).toList();
        assertThat(reasons).containsSubsequence("Replaced", "Renamed", "ReplacementProven", "ReplacementSwitched", "ReplacementCreated");
        assertThat(reasons.stream().filter("ReplacementCreated"::equals)).hasSize(1);
        String timeline = String.join("\n", events("HerokuApp", "move-api").stream().map(e -> e.get("message").asString()).toList());
        assertThat(timeline).contains("Attach add-on " + old.addons().getFirst().name() + " of move-api to move-api-r1 as DATABASE")
                .doesNotContain(secrets.get("ApiKey", "move-key", "current").orElseThrow());
        assertThat(String.join("\n", LOG)).doesNotContain(secrets.get("ApiKey", "move-key", "current").orElseThrow());

        // after the replacement the app is kept as declared like any other: nothing more to do
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(condition("HerokuApp", "move-api", "Synced")).isEqualTo("True"));
        assertThat(heroku.app("move-api").orElseThrow().addons()).as("still no database of its own").isEmpty();
        await().atMost(CONVERGE).until(() -> heroku.app("move-api").orElseThrow().webhooks().size() == 1);
    }
}
