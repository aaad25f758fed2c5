package dev.tether.sandbox.heroku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class HerokuEmulatorTest {

    @RegisterExtension
    static final EmulatorExtension heroku = new EmulatorExtension();

    private final PlatformApi dashboard = new PlatformApi(heroku.baseUrl(), HerokuEmulator.DASHBOARD_TOKEN);

    private String newApp(String name) {
        PlatformApi.Answer created = dashboard.post("/apps", "{\"name\":\"" + name + "\"}");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    @Test
    void refusesRequestsWithoutTheVersion3AcceptHeader() {
        PlatformApi.Answer answer = dashboard.get("/apps", Map.of("Accept", "application/json"));

        assertThat(answer.status()).isEqualTo(406);
        assertThat(answer.json().get("id").asString()).isEqualTo("not_acceptable");
        assertThat(dashboard.get("/account", Map.of("Accept", PlatformApi.V3 + ".webhooks")).status()).isEqualTo(200);
    }

    @Test
    void refusesUnknownTokensAndAcceptsBasicAuthWithTheTokenAsPassword() {
        PlatformApi.Answer refused = new PlatformApi(heroku.baseUrl(), "not-a-token").get("/account");
        String basic = "Basic " + Base64.getEncoder().encodeToString(":dashboard-token".getBytes(StandardCharsets.UTF_8));
        PlatformApi.Answer accepted = new PlatformApi(heroku.baseUrl(), null).get("/account", Map.of("Authorization", basic));

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("id").asString()).isEqualTo("unauthorized");
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.json().get("email").asString()).isEqualTo("dashboard@example.com");
        assertThat(accepted.header("Request-Id")).isNotBlank();
    }

    @Test
    void findsAnAppByIdOrNameButNotByItsOldNameAfterARename() {
        String id = newApp("rename-me");

        PlatformApi.Answer renamed = dashboard.patch("/apps/rename-me", "{\"name\":\"renamed-app\"}");

        assertThat(renamed.status()).isEqualTo(200);
        assertThat(dashboard.get("/apps/" + id).json().get("name").asString()).isEqualTo("renamed-app");
        PlatformApi.Answer old = dashboard.get("/apps/rename-me");
        assertThat(old.status()).isEqualTo(404);
        assertThat(old.json().get("resource").asString()).isEqualTo("app");
        assertThat(old.json().get("message").asString()).isEqualTo("Couldn't find that app.");
        assertThat(dashboard.post("/apps", "{\"name\":\"renamed-app\"}").json().get("id").asString()).isEqualTo("invalid_params");
    }

    @Test
    void mergesConfigVarsDeletesNullsAndCutsAReleaseNamingTheUser() {
        newApp("config-app");
        dashboard.patch("/apps/config-app/config-vars", "{\"FOO\":\"bar\",\"KEEP\":\"1\"}");

        PlatformApi.Answer patched = dashboard.patch("/apps/config-app/config-vars", "{\"FOO\":null,\"NEW\":\"x\"}");

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("KEEP", "NEW");
        PlatformApi.Answer latest = dashboard.get("/apps/config-app/releases", Map.of("Range", "version ..; order=desc,max=1"));
        JsonNode release = latest.json().get(0);
        assertThat(release.get("version").asInt()).isEqualTo(3);
        assertThat(release.get("description").asString()).isEqualTo("Set NEW and remove FOO config vars");
        assertThat(release.get("user").get("email").asString()).isEqualTo("dashboard@example.com");
        assertThat(latest.status()).isEqualTo(206);
    }

    @Test
    void answersNotModifiedWhenTheEtagStillMatches() {
        newApp("etag-app");
        PlatformApi.Answer first = dashboard.get("/apps/etag-app/config-vars");
        String etag = first.header("ETag");

        PlatformApi.Answer again = dashboard.get("/apps/etag-app/config-vars", Map.of("If-None-Match", etag));
        dashboard.patch("/apps/etag-app/config-vars", "{\"A\":\"1\"}");
        PlatformApi.Answer changed = dashboard.get("/apps/etag-app/config-vars", Map.of("If-None-Match", etag));

        assertThat(etag).startsWith("\"");
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.raw().body()).isEmpty();
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("A").asString()).isEqualTo("1");
    }

    @Test
    void pagesListsWithNextRangeUntilTheLastPage() {
        for (int i = 0; i < 5; i++) {
            newApp("paged-" + i + "-app");
        }
        PlatformApi.Answer first = dashboard.get("/apps", Map.of("Range", "name ..; max=3"));
        PlatformApi.Answer rest = dashboard.get("/apps", Map.of("Range", first.header("Next-Range")));

        assertThat(first.status()).isEqualTo(206);
        assertThat(first.json().size()).isEqualTo(3);
        assertThat(first.header("Next-Range")).startsWith("name ]");
        assertThat(rest.json().get(0).get("name").asString()).isGreaterThan(first.json().get(2).get("name").asString());
        assertThat(dashboard.get("/apps", Map.of("Range", "bogus ..")).status()).isEqualTo(416);
    }

    @Test
    void spendsTheRateBudgetAndAnswers429WhenItIsGone() throws Exception {
        heroku.control("PUT", "/__sandbox/rate-limit", "{\"account\":\"dashboard@example.com\",\"remaining\":1}");

        PlatformApi.Answer last = dashboard.get("/account");
        PlatformApi.Answer refused = dashboard.get("/account");
        PlatformApi.Answer free = dashboard.get("/account/rate-limits");
        heroku.control("PUT", "/__sandbox/rate-limit", "{\"account\":\"dashboard@example.com\",\"remaining\":4500}");

        assertThat(last.status()).isEqualTo(200);
        assertThat(last.header("RateLimit-Remaining")).isEqualTo("0");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("id").asString()).isEqualTo("rate_limit");
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(free.status()).isEqualTo(200);
    }

    @Test
    void aNewAppHasNoFormationAndScalingATypeNoReleaseDefinesIsNotFound() {
        newApp("bare-app");

        PlatformApi.Answer formation = dashboard.get("/apps/bare-app/formation");
        PlatformApi.Answer scale = dashboard.patch("/apps/bare-app/formation/web", "{\"quantity\":1}");
        PlatformApi.Answer batch = dashboard.patch("/apps/bare-app/formation", "{\"updates\":[{\"quantity\":1,\"type\":\"web\"}]}");

        assertThat(formation.json()).isEmpty();
        assertThat(scale.status()).isEqualTo(404);
        assertThat(scale.json().get("id").asString()).isEqualTo("not_found");
        assertThat(scale.json().get("message").asString()).isEqualTo("Couldn't find that process type (web).");
        assertThat(batch.status()).isEqualTo(404);
        assertThat(dashboard.get("/apps/bare-app/releases").json().get(0).get("slug").isNull()).as("v1 runs no code").isTrue();
        assertThat(dashboard.get("/apps/bare-app").json().get("web_url").asString()).as("no backend without web").endsWith(".herokuapp.com/");
    }

    @Test
    void aFirAppReleasesAnOciImageDefiningItsProcessTypesAndACedarAppRefusesOne() {
        assertThat(dashboard.post("/spaces", "{\"name\":\"fir-space\",\"team\":\"acme\",\"generation\":\"fir\"}").status()).isEqualTo(201);
        PlatformApi.Answer fir = dashboard.post("/teams/apps", "{\"name\":\"fir-app\",\"team\":\"acme\",\"space\":\"fir-space\"}");
        assertThat(fir.status()).as(fir.raw().body()).isEqualTo(201);
        assertThat(fir.json().get("generation").get("name").asString()).isEqualTo("fir");

        PlatformApi.Answer image = dashboard.post("/apps/fir-app/oci-images", "{\"commit\":\"abc123\",\"digest\":\"sha256:" + "a".repeat(64)
                + "\",\"process_types\":{\"web\":{\"name\":\"web\",\"command\":\"/cnb/process/web\"},\"worker\":{\"name\":\"worker\",\"command\":\"/cnb/process/worker\"}}}");
        assertThat(image.status()).as(image.raw().body()).isEqualTo(201);
        String imageId = image.json().get("id").asString();
        PlatformApi.Answer release = dashboard.post("/apps/fir-app/releases", "{\"oci_image\":\"" + imageId + "\"}");

        assertThat(release.status()).as(release.raw().body()).isEqualTo(201);
        assertThat(release.json().get("slug").isNull()).isTrue();
        assertThat(release.json().get("artifacts").get(0).get("type").asString()).isEqualTo("oci-image");
        assertThat(release.json().get("artifacts").get(0).get("id").asString()).isEqualTo(imageId);
        assertThat(release.json().get("description").asString()).isEqualTo("Deploy abc123");
        assertThat(heroku.emulator().app("fir-app").orElseThrow().formation()).containsOnlyKeys("web", "worker");
        assertThat(dashboard.get("/apps/fir-app/oci-images/sha256:" + "a".repeat(64)).json().get(0).get("id").asString()).isEqualTo(imageId);

        newApp("cedar-app");
        PlatformApi.Answer refused = dashboard.post("/apps/cedar-app/releases", "{\"oci_image\":\"" + imageId + "\"}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("message").asString()).isEqualTo("OCI images can only be released to Fir-generation apps.");
        assertThat(dashboard.post("/apps/cedar-app/oci-images", "{}").status()).isEqualTo(422);
        assertThat(heroku.emulator().app("cedar-app").orElseThrow().formation()).isEmpty();
    }

    @Test
    void scalesWithStringRelativeAndDeprecatedSizeFields() {
        newApp("scale-app");
        dashboard.deployWeb("scale-app");

        PlatformApi.Answer batch = dashboard.patch("/apps/scale-app/formation",
                "{\"updates\":[{\"quantity\":\"2\",\"size\":\"Standard-1X\",\"type\":\"web\"}]}");
        PlatformApi.Answer relative = dashboard.patch("/apps/scale-app/formation/web", "{\"quantity\":\"+1\"}");
        PlatformApi.Answer unknown = dashboard.patch("/apps/scale-app/formation",
                "{\"updates\":[{\"quantity\":\"+1\",\"type\":\"worker\"}]}");

        assertThat(batch.json().get(0).get("quantity").asInt()).isEqualTo(2);
        assertThat(batch.json().get(0).get("dyno_size").get("name").asString()).isEqualTo("Standard-1X");
        assertThat(relative.json().get("quantity").asInt()).isEqualTo(3);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("message").asString()).isEqualTo("Couldn't find that process type (worker).");
        assertThat(heroku.emulator().app("scale-app").orElseThrow().formation().get("web").quantity()).isEqualTo(3);
    }

    @Test
    void attachesAnAddonsConfigVarAndDetachesItOnDelete() {
        newApp("addon-app");

        PlatformApi.Answer created = dashboard.post("/apps/addon-app/addons", "{\"plan\":{\"name\":\"heroku-postgresql:essential-0\"}}");
        String addon = created.json().get("name").asString();
        PlatformApi.Answer upgraded = dashboard.patch("/apps/addon-app/addons/" + addon, "{\"plan\":\"heroku-postgresql:essential-1\"}");
        String databaseUrl = heroku.emulator().app("addon-app").orElseThrow().config().get("DATABASE_URL");
        PlatformApi.Answer deleted = dashboard.delete("/apps/addon-app/addons/" + addon);

        assertThat(created.status()).isEqualTo(201);
        assertThat(databaseUrl).startsWith("postgres://");
        assertThat(upgraded.json().get("plan").get("name").asString()).isEqualTo("heroku-postgresql:essential-1");
        assertThat(deleted.status()).isEqualTo(200);
        AppSnapshot app = heroku.emulator().app("addon-app").orElseThrow();
        assertThat(app.config()).doesNotContainKey("DATABASE_URL");
        assertThat(app.releases()).extracting(AppSnapshot.Release::description).contains(
                "Attach DATABASE (@ref:" + addon + ")", "Detach DATABASE (@ref:" + addon + ")");
    }

    @Test
    void refusesToOverwriteOrUnsetAnAddonsConfigVarAsHerokuDoes() {
        newApp("owned-vars");
        dashboard.post("/apps/owned-vars/addons", "{\"plan\":\"heroku-postgresql:essential-0\"}");
        String databaseUrl = heroku.emulator().app("owned-vars").orElseThrow().config().get("DATABASE_URL");
        int releases = heroku.emulator().app("owned-vars").orElseThrow().releases().size();

        PlatformApi.Answer overwrite = dashboard.patch("/apps/owned-vars/config-vars",
                "{\"LOG_LEVEL\":\"debug\",\"DATABASE_URL\":\"postgres://mine\"}");
        PlatformApi.Answer unset = dashboard.patch("/apps/owned-vars/config-vars", "{\"DATABASE_URL\":null}");

        assertThat(overwrite.status()).isEqualTo(422);
        assertThat(overwrite.json().get("id").asString()).isEqualTo("invalid_params");
        assertThat(overwrite.json().get("message").asString()).isEqualTo("Cannot overwrite attachment values DATABASE_URL.");
        assertThat(unset.status()).isEqualTo(422);
        assertThat(unset.json().get("message").asString()).isEqualTo("Cannot overwrite attachment values DATABASE_URL.");
        AppSnapshot app = heroku.emulator().app("owned-vars").orElseThrow();
        // the whole PATCH is refused: nothing of it applied, no release cut
        assertThat(app.config()).containsEntry("DATABASE_URL", databaseUrl).doesNotContainKey("LOG_LEVEL");
        assertThat(app.releases()).hasSize(releases);
        assertThat(dashboard.patch("/apps/owned-vars/config-vars", "{\"LOG_LEVEL\":\"debug\"}").status()).isEqualTo(200);
    }

    @Test
    void signsWebhookDeliveriesWithTheGeneratedSecret() throws Exception {
        newApp("hook-app");
        List<String[]> received = new CopyOnWriteArrayList<>();
        HttpServer subscriber = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        subscriber.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new String[] {exchange.getRequestHeaders().getFirst("Heroku-Webhook-Hmac-SHA256"), new String(body, StandardCharsets.UTF_8)});
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        subscriber.start();
        try {
            String url = "http://127.0.0.1:" + subscriber.getAddress().getPort() + "/hook";
            PlatformApi.Answer created = dashboard.send("POST", "/apps/hook-app/webhooks",
                    "{\"include\":[\"api:release\"],\"level\":\"notify\",\"url\":\"" + url + "\"}",
                    Map.of("Accept", PlatformApi.V3 + ".webhooks"));
            String secret = created.header("Heroku-Webhook-Secret");

            dashboard.patch("/apps/hook-app/config-vars", "{\"FOO\":\"1\"}");

            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
            String[] delivery = received.getFirst();
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.raw().body()).doesNotContain(secret);
            assertThat(delivery[0]).isEqualTo(WebhookDispatcher.sign(secret, delivery[1].getBytes(StandardCharsets.UTF_8)));
            JsonNode payload = new tools.jackson.databind.json.JsonMapper().readTree(delivery[1]);
            assertThat(payload.get("action").asString()).isEqualTo("create");
            assertThat(payload.get("resource").asString()).isEqualTo("release");
            assertThat(payload.get("actor").get("email").asString()).isEqualTo("dashboard@example.com");
            assertThat(payload.get("data").get("description").asString()).isEqualTo("Set FOO config vars");
            assertThat(payload.has("previous_data")).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> dashboard.get("/apps/hook-app/webhook-deliveries").json().get(0).get("status").asString().equals("succeeded"));
        } finally {
            subscriber.stop(0);
        }
    }

    @Test
    void backendAnswersOnlyWithAnInternalKeyWhileScaledUpAndOutOfMaintenance() throws Exception {
        newApp("backend-app");
        dashboard.patch("/apps/backend-app/config-vars", "{\"INTERNAL_API_KEY\":\"old-key, new-key\"}");
        assertThat(dashboard.get("/apps/backend-app").json().get("web_url").asString()).endsWith(".herokuapp.com/");

        dashboard.deployWeb("backend-app");
        String webUrl = dashboard.get("/apps/backend-app").json().get("web_url").asString();
        PlatformApi backend = new PlatformApi(webUrl.substring(0, webUrl.length() - 1), null);

        assertThat(webUrl).matches("http://127\\.0\\.0\\.1:\\d+/");
        assertThat(backend.get("/").status()).isEqualTo(401);
        assertThat(backend.get("/", Map.of("X-Internal-API-Key", "wrong")).status()).isEqualTo(401);
        PlatformApi.Answer ok = backend.get("/orders", Map.of("X-Internal-API-Key", "new-key"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("app").asString()).isEqualTo("backend-app");

        heroku.control("PUT", "/__sandbox/apps/backend-app/backend", "{\"key_check\":false}");
        assertThat(backend.get("/").status()).isEqualTo(200);

        dashboard.patch("/apps/backend-app", "{\"maintenance\":true}");
        assertThat(backend.get("/", Map.of("X-Internal-API-Key", "new-key")).status()).isEqualTo(503);
        dashboard.patch("/apps/backend-app", "{\"maintenance\":\"false\"}");
        dashboard.patch("/apps/backend-app/formation/web", "{\"quantity\":0}");
        assertThat(backend.get("/", Map.of("X-Internal-API-Key", "new-key")).status()).isEqualTo(503);
    }

    @Test
    void createsInternallyRoutedAppsOnlyInsideASpace() {
        PlatformApi.Answer space = dashboard.post("/spaces", "{\"name\":\"inner-space\",\"team\":\"acme\",\"region\":\"eu\"}");
        PlatformApi.Answer inside = dashboard.post("/teams/apps", "{\"internal_routing\":true,\"name\":\"inner-app\",\"space\":\"inner-space\"}");
        PlatformApi.Answer outside = dashboard.post("/teams/apps", "{\"internal_routing\":true,\"name\":\"outer-app\"}");

        assertThat(space.status()).isEqualTo(201);
        assertThat(inside.status()).isEqualTo(201);
        JsonNode app = dashboard.get("/apps/inner-app").json();
        assertThat(app.get("internal_routing").asBoolean()).isTrue();
        assertThat(app.get("space").get("name").asString()).isEqualTo("inner-space");
        assertThat(app.get("region").get("name").asString()).isEqualTo("eu");
        assertThat(outside.status()).isEqualTo(422);
    }

    @Test
    void transfersATeamAppToAnotherTeamButRefusesTeamsItCannotSeeAndSpaceApps() {
        newApp("moving-app");

        PlatformApi.Answer moved = dashboard.patch("/teams/apps/moving-app", "{\"owner\":\"acme-labs\"}");
        PlatformApi.Answer unknown = dashboard.patch("/teams/apps/moving-app", "{\"owner\":\"no-such-team\"}");
        PlatformApi.Answer created = dashboard.post("/teams/apps", "{\"name\":\"ghost-team-app\",\"team\":\"no-such-team\"}");
        dashboard.post("/teams/apps", "{\"name\":\"spaced-app\",\"space\":\"acme-prod\"}");
        PlatformApi.Answer outOfSpace = dashboard.patch("/teams/apps/spaced-app", "{\"owner\":\"acme-labs\"}");

        assertThat(moved.status()).isEqualTo(200);
        JsonNode app = dashboard.get("/apps/moving-app").json();
        assertThat(app.at("/team/name").asString()).isEqualTo("acme-labs");
        assertThat(app.at("/owner/email").asString()).as("a team app is owned by the team's account").isEqualTo("acme-labs@herokumanager.com");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().toString()).isEqualTo("{\"id\":\"not_found\",\"message\":\"Couldn't find that team.\",\"resource\":\"team\"}");
        assertThat(created.status()).isEqualTo(404);
        assertThat(outOfSpace.status()).isEqualTo(422);
        assertThat(dashboard.get("/apps/spaced-app").json().at("/team/name").asString()).isEqualTo("acme");
        assertThat(dashboard.get("/apps/moving-app").json().at("/team/name").asString()).isEqualTo("acme-labs");
    }

    @Test
    void keepsCustomDomainsAndBuildpacksAsSet() {
        newApp("domain-app");

        PlatformApi.Answer added = dashboard.post("/apps/domain-app/domains", "{\"hostname\":\"www.example.com\",\"sni_endpoint\":null}");
        PlatformApi.Answer duplicate = dashboard.post("/apps/domain-app/domains", "{\"hostname\":\"www.example.com\"}");
        dashboard.put("/apps/domain-app/buildpack-installations", "{\"updates\":[{\"buildpack\":\"heroku/nodejs\"},{\"buildpack\":\"heroku/python\"}]}");

        assertThat(added.status()).isEqualTo(201);
        assertThat(added.json().get("cname").asString()).endsWith(".herokudns.com");
        assertThat(duplicate.status()).isEqualTo(422);
        assertThat(dashboard.get("/apps/domain-app/buildpack-installations").json().get(1).get("buildpack").get("url").asString())
                .isEqualTo("heroku/python");
        assertThat(dashboard.delete("/apps/domain-app/domains/www.example.com").status()).isEqualTo(200);
        assertThat(heroku.emulator().app("domain-app").orElseThrow().domains()).isEmpty();
    }

    @Test
    void injectsQueuedFaultsAndCountsCallsByPathTemplate() throws Exception {
        newApp("fault-app");
        heroku.control("PUT", "/__sandbox/faults", "{\"next_statuses\":[503,429]}");

        PlatformApi.Answer unavailable = dashboard.get("/apps/fault-app");
        PlatformApi.Answer limited = dashboard.get("/apps/fault-app");
        PlatformApi.Answer fine = dashboard.get("/apps/fault-app");
        String calls = heroku.control("GET", "/__sandbox/calls", "");

        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("1");
        assertThat(fine.status()).isEqualTo(200);
        assertThat(calls).contains("\"path\":\"/apps/{app}\"");
        assertThat(heroku.emulator().callCount("GET", "/apps/{app}")).isGreaterThanOrEqualTo(3);
        assertThat(heroku.checkedExchanges()).isPositive();
    }

    @Test
    void playsARateLimitBurstThenRecovers() throws Exception {
        heroku.control("PUT", "/__sandbox/faults", "{\"rate_limit_burst\":2,\"retry_after_seconds\":3}");

        List<Integer> statuses = List.of(dashboard.get("/account").status(), dashboard.get("/account").status(),
                dashboard.get("/account").status());

        assertThat(statuses).containsExactly(429, 429, 200);
        String calls = heroku.control("GET", "/__sandbox/calls", "");
        assertThat(calls).contains("\"rate_limited\":2");
    }

    @Test
    void addsLatencyAndFailsAtTheConfiguredRate() throws Exception {
        heroku.control("PUT", "/__sandbox/faults", "{\"latency_ms\":300}");
        PlatformApi.Answer delayed = dashboard.get("/account");
        String dealt = heroku.control("GET", "/__sandbox/faults", "");

        heroku.control("PUT", "/__sandbox/faults", "{\"latency_ms\":0,\"error_rate\":1.0,\"error_statuses\":[502]}");
        PlatformApi.Answer failed = dashboard.get("/account");

        assertThat(delayed.status()).as("a delayed call is still answered in full").isEqualTo(200);
        assertThat(delayed.json().get("email").asString()).isEqualTo("dashboard@example.com");
        assertThat(dealt).as("the latency was applied to that call").contains("\"latency_ms\":300").contains("\"injected\":{\"latency\":1}");
        assertThat(failed.status()).isEqualTo(502);
        assertThat(failed.json().get("id").asString()).isEqualTo("internal_server_error");
        assertThat(heroku.control("GET", "/__sandbox/faults", "")).as("no latency once it is set to 0")
                .contains("\"injected\":{\"latency\":1,\"status_502\":1}");
    }

    @Test
    void aTimeoutHangsPastTheClientsReadTimeoutAndIsNeverCarriedOut() throws Exception {
        heroku.control("PUT", "/__sandbox/faults", "{\"timeout_rate\":1.0,\"timeout_ms\":1500}");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest create = java.net.http.HttpRequest.newBuilder(java.net.URI.create(heroku.emulator().baseUrl() + "/apps"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + dev.tether.sandbox.heroku.HerokuEmulator.DASHBOARD_TOKEN)
                .header("Accept", "application/vnd.heroku+json; version=3")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"timed-out-app\"}")).build();
        var answer = http.sendAsync(create, java.net.http.HttpResponse.BodyHandlers.ofString());

        // a client reading with a 500 ms timeout gives up: no answer comes in that time
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> answer.get(500, java.util.concurrent.TimeUnit.MILLISECONDS))
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
        // the hang ends with the connection closed mid-answer, never with an answer
        await().atMost(Duration.ofSeconds(30)).until(answer::isDone);
        assertThat(answer).isCompletedExceptionally();
        assertThat(heroku.emulator().app("timed-out-app")).as("a call that timed out was not carried out").isEmpty();
        assertThat(heroku.control("GET", "/__sandbox/faults", "")).contains("\"timeout\":1");
        heroku.control("DELETE", "/__sandbox/faults", "");
    }

    @Test
    void chargesNothingForNotModifiedWhenConfiguredSo() throws Exception {
        String etag = dashboard.get("/account").header("ETag");
        heroku.control("PUT", "/__sandbox/rate-limit", "{\"not_modified_costs\":false}");

        int before = Integer.parseInt(dashboard.get("/account/rate-limits").json().get("remaining").asString());
        PlatformApi.Answer notModified = dashboard.get("/account", Map.of("If-None-Match", etag));
        int after = Integer.parseInt(notModified.header("RateLimit-Remaining"));

        assertThat(notModified.status()).isEqualTo(304);
        assertThat(after).isEqualTo(before);
    }

    @Test
    void runsBesideAnotherEmulatorWithSeparateState() {
        try (HerokuEmulator other = HerokuEmulator.start(0)) {
            new PlatformApi(other.baseUrl(), HerokuEmulator.DASHBOARD_TOKEN).post("/apps", "{\"name\":\"only-over-there\"}");

            assertThat(other.app("only-over-there")).isPresent();
            assertThat(heroku.emulator().app("only-over-there")).isEmpty();
            assertThat(dashboard.get("/account").status()).isEqualTo(200);
        }
    }
}
