package dev.tether.kong;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.TetherApi.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/plan} and {@code POST /manifests?dryRun=true} answer the plan the
 * reconcilers would carry out, from the same observation, for Kong as for Heroku: each item
 * with from/to, what report holds back marked held, only secret values masked.
 */
class PlanIT extends GatewayTestBase {

    @Test
    void kongHandEditShowsInThePlanWithFromAndTo() {
        apply("""
                apiVersion: tether.dev/v1
                kind: KongService
                metadata: {name: planned}
                spec:
                  upstream: {url: "http://127.0.0.1:5999"}
                  routes: [{name: planned-r, paths: [/planned]}]
                  plugins: [{name: key-auth, config: {key_names: [x-client-key], hide_credentials: true}}]
                  driftPolicy: {mode: report}
                """);
        awaitCondition("KongService", "planned", "Ready", "True");
        assertThat(stepsOf(api.get("/api/v1/plan?kind=KongService&name=planned"))).as("in sync: nothing planned").isEmpty();

        assertThat(admin("PATCH", "/routes/planned-r", "{\"paths\":[\"/elsewhere\"]}").statusCode()).isEqualTo(200);
        Response plan = api.get("/api/v1/plan?kind=KongService&name=planned");
        assertThat(plan.status()).isEqualTo(200);
        assertThat(plan.json().has("notPlanned")).as(plan.body()).isFalse();
        JsonNode step = only(stepsOf(plan), "routes.planned-r.paths");
        assertThat(step.get("from").toString()).isEqualTo("[\"/elsewhere\"]");
        assertThat(step.get("to").toString()).isEqualTo("[\"/planned\"]");
        assertThat(step.get("action").asString()).isEqualTo("report");
        assertThat(step.get("held").asBoolean()).as("report mode holds the revert back").isTrue();
        // the pass left Kong as it was: the plan is what it would do, not what it did
        assertThat(kong.find("routes", "planned-r").orElseThrow().get("paths").toString()).isEqualTo("[\"/elsewhere\"]");
    }

    @Test
    void dryRunShowsKongPluginSettingsThatAreNotSecrets() {
        String yaml = """
                apiVersion: tether.dev/v1
                kind: KongService
                metadata: {name: keyed}
                spec:
                  upstream: {url: "http://127.0.0.1:5998"}
                  routes: [{name: keyed-r, paths: [/keyed]}]
                  plugins: [{name: key-auth, config: {key_names: [x-client-key], hide_credentials: true}}]
                """;
        Response dry = api.post("/api/v1/manifests?dryRun=true", "application/yaml", yaml);
        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        assertThat(dry.body()).contains("x-client-key").doesNotContain("(secret)");
        JsonNode create = only(dry.json().path("actions"), "service");
        assertThat(create.get("to").asString()).isEqualTo("keyed");
        assertThat(create.has("held")).isFalse();
        assertThat(kong.find("services", "keyed")).as("a dry run stores and writes nothing").isEmpty();
    }

    @Test
    void dryRunUnderExactConfigVarsKeepsTheApiKeyOwnedVar() {
        String yaml = """
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: plan-exact}
                spec:
                  configVarsPolicy: exact
                  configVars: {LOG_LEVEL: info}
                  driftPolicy: {mode: report}
                ---
                apiVersion: tether.dev/v1
                kind: ApiKey
                metadata: {name: plan-exact-key}
                spec:
                  targets: [{app: plan-exact}]
                """;
        apply(yaml);
        awaitCondition("ApiKey", "plan-exact-key", "Ready", "True");
        awaitCondition("HerokuApp", "plan-exact", "Ready", "True");
        assertThat(heroku.app("plan-exact").orElseThrow().config()).containsKey("INTERNAL_API_KEY");

        dashboard.setConfigVar("plan-exact", "STRAY", "left by hand");
        Response dry = api.post("/api/v1/manifests?dryRun=true", "application/yaml", yaml);
        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        List<String> paths = new ArrayList<>();
        dry.json().path("actions").forEach(s -> paths.add(s.path("path").asString()));
        assertThat(paths).as("exact would remove the stray var (held by report) and keeps the one the ApiKey owns: " + dry.body())
                .contains("configVars.STRAY").doesNotContain("configVars.INTERNAL_API_KEY");
        assertThat(stepsOf(api.get("/api/v1/plan?kind=HerokuApp&name=plan-exact")).stream().map(s -> s.path("path").asString()))
                .doesNotContain("configVars.INTERNAL_API_KEY");
    }

    @Test
    void everyKindIsPlannedAndNothingShowsOnceInSync() {
        String yaml = """
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: plan-all-api}
                spec:
                  configVars: {LOG_LEVEL: info}
                ---
                apiVersion: tether.dev/v1
                kind: ApiKey
                metadata: {name: plan-all-key}
                spec:
                  targets: [{app: plan-all-api}]
                ---
                apiVersion: tether.dev/v1
                kind: KongConsumer
                metadata: {name: plan-all-client}
                spec:
                  username: plan-all-client
                  acls: [partners]
                  driftPolicy: {mode: report}
                """;
        Response before = api.post("/api/v1/manifests?dryRun=true", "application/yaml", yaml);
        assertThat(before.status()).as(before.body()).isEqualTo(200);
        List<String> kinds = new ArrayList<>();
        before.json().path("actions").forEach(s -> kinds.add(s.path("kind").asString()));
        assertThat(kinds).as(before.body()).contains("HerokuApp", "ApiKey", "KongConsumer");

        apply(yaml);
        awaitCondition("ApiKey", "plan-all-key", "Ready", "True");
        awaitCondition("KongConsumer", "plan-all-client", "Ready", "True");
        awaitCondition("HerokuApp", "plan-all-api", "Ready", "True");
        for (String ref : List.of("HerokuApp&name=plan-all-api", "ApiKey&name=plan-all-key", "KongConsumer&name=plan-all-client",
                "KongGateway")) {
            Response plan = api.get("/api/v1/plan?kind=" + ref);
            assertThat(plan.json().has("notPlanned")).as(ref + ": " + plan.body()).isFalse();
            assertThat(stepsOf(plan)).as(ref + " in sync plans nothing").isEmpty();
        }

        // a hand edit of the consumer's ACL groups shows with from and to
        String consumerId = kong.find("consumers", "plan-all-client").orElseThrow().get("id").asString();
        for (JsonNode acl : kong.list("acls")) {
            if (consumerId.equals(acl.at("/consumer/id").asString())) {
                assertThat(admin("DELETE", "/consumers/" + consumerId + "/acls/" + acl.get("id").asString(), null).statusCode())
                        .isEqualTo(204);
            }
        }
        Response drift = api.get("/api/v1/plan?kind=KongConsumer&name=plan-all-client");
        assertThat(stepsOf(drift)).as(drift.body()).isNotEmpty()
                .allSatisfy(s -> assertThat(s.path("path").asString()).startsWith("acls"));
    }

    @Test
    void dryRunPlansTheKeyAndTheServiceAgainstTheAppOfTheSameApply() {
        String yaml = """
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: plan-new-api}
                spec:
                  configVars: {LOG_LEVEL: info}
                ---
                apiVersion: tether.dev/v1
                kind: ApiKey
                metadata: {name: plan-new-key}
                spec:
                  targets: [{app: plan-new-api}]
                ---
                apiVersion: tether.dev/v1
                kind: KongService
                metadata: {name: plan-new-svc}
                spec:
                  upstream: {app: plan-new-api}
                  apiKeyRef: plan-new-key
                  routes: [{name: plan-new-public, paths: [/plan-new]}]
                """;
        Response dry = api.post("/api/v1/manifests?dryRun=true", "application/yaml", yaml);
        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        assertThat(dry.json().path("actions")).as("no step waits for the app the same apply creates: " + dry.body())
                .noneMatch(s -> s.path("action").asString().equals("waiting"));
        List<String> key = new ArrayList<>();
        List<String> service = new ArrayList<>();
        dry.json().path("actions").forEach(s -> {
            String step = s.path("action").asString() + " " + s.path("path").asString() + " " + s.path("description").asString();
            if (s.path("kind").asString().equals("ApiKey")) {
                key.add(step);
            } else if (s.path("kind").asString().equals("KongService")) {
                service.add(step);
            }
        });
        assertThat(key).as("the key is generated and set on the new app: " + dry.body())
                .anyMatch(s -> s.startsWith("GenerateKey"))
                .anyMatch(s -> s.contains("targets.plan-new-api.INTERNAL_API_KEY") && s.contains("set INTERNAL_API_KEY on plan-new-api"));
        assertThat(service).as("the service, its route and the key's header are created: " + dry.body())
                .anyMatch(s -> s.contains("service")).anyMatch(s -> s.contains("plan-new-public"))
                .anyMatch(s -> s.contains("request-transformer"));
        JsonNode created = only(dry.json().path("actions"), "service");
        assertThat(created.path("description").asString()).as("the new app's URL is not known before the apply")
                .contains("(known after apply)");
        assertThat(dry.body()).as("no value of a key that does not exist yet, nor any other").doesNotContain("INTERNAL_API_KEY:");
        assertThat(heroku.app("plan-new-api")).as("a dry run creates nothing").isEmpty();
        assertThat(kong.find("services", "plan-new-svc")).isEmpty();
    }

    private static List<JsonNode> stepsOf(Response plan) {
        assertThat(plan.status()).as(plan.body()).isEqualTo(200);
        List<JsonNode> steps = new ArrayList<>();
        plan.json().path("items").forEach(steps::add);
        return steps;
    }

    private static JsonNode only(Iterable<JsonNode> steps, String path) {
        List<JsonNode> at = new ArrayList<>();
        steps.forEach(s -> {
            if (path.equals(s.path("path").asString())) {
                at.add(s);
            }
        });
        assertThat(at).as("one step at " + path + " in " + steps).hasSize(1);
        return at.getFirst();
    }
}
