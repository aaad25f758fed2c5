package dev.tether.sandbox.heroku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The emulator deploys like Heroku, checked with the real Heroku CLI 11.10 where a user would
 * use it: a new app has no dynos and cannot be scaled; a build of the sample app's tarball
 * (its Procfile defines {@code web} and {@code worker}) releases a slug that creates both
 * process types; {@code releases}, {@code releases:info} and {@code releases:rollback} work;
 * a release lacking a type removes it from the formation. The steps build on one app.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HerokuCliReleasesIT {

    @RegisterExtension
    static final EmulatorExtension heroku = new EmulatorExtension();

    static final Path SAMPLE = Path.of("manifests", "sample-app.tgz").toAbsolutePath();
    private static final String APP = "rel-app";

    private static HerokuCli cli;
    private static PlatformApi api;
    private static final List<String> unrouted = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void installCli() throws Exception {
        cli = HerokuCli.install(heroku.baseUrl(), HerokuEmulator.DASHBOARD_TOKEN);
        api = new PlatformApi(heroku.baseUrl(), HerokuEmulator.DASHBOARD_TOKEN);
        heroku.emulator().addExchangeListener(e -> {
            if (e.template() == null) {
                unrouted.add(e.method() + " " + e.path());
            }
        });
    }

    @AfterAll
    static void everyCallWasUnderstood() {
        assertThat(unrouted).as("requests the CLI sent that the emulator has no route for").isEmpty();
    }

    private static String ok(String... args) throws Exception {
        HerokuCli.Result result = cli.heroku(args);
        assertThat(result.exitCode()).as("heroku " + String.join(" ", args) + " printed:\n" + result.output()).isZero();
        return result.output();
    }

    private static AppSnapshot state() {
        return heroku.emulator().app(APP).orElseThrow();
    }

    /** Starts a build of the sample app's tarball and waits until it is no longer pending. */
    static JsonNode build(PlatformApi api, String app, String checksum, String version) {
        String body = "{\"source_blob\":{\"url\":\"" + SAMPLE.toUri() + "\",\"checksum\":" + (checksum == null ? "null" : "\"" + checksum + "\"")
                + ",\"version\":\"" + version + "\"}}";
        PlatformApi.Answer created = api.post("/apps/" + app + "/builds", body);
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        assertThat(created.json().get("status").asString()).isEqualTo("pending");
        String id = created.json().get("id").asString();
        await().atMost(Duration.ofSeconds(20)).until(() -> !api.get("/apps/" + app + "/builds/" + id).json().get("status").asString().equals("pending"));
        return api.get("/apps/" + app + "/builds/" + id).json();
    }

    static String sampleChecksum() throws Exception {
        return SourceArchive.checksum(Files.readAllBytes(SAMPLE));
    }

    @Test
    @Order(1)
    void aNewAppHasNoDynosAndCannotBeScaledAsOnHeroku() throws Exception {
        ok("apps:create", APP);

        assertThat(ok("ps", "-a", APP)).contains("No dynos on " + APP);
        HerokuCli.Result scale = cli.heroku("ps:scale", "web=1", "-a", APP);
        assertThat(scale.exitCode()).as(scale.output()).isNotZero();
        assertThat(scale.output()).contains("Couldn't find that process type (web).");
        assertThat(state().formation()).isEmpty();
    }

    @Test
    @Order(2)
    void theBackendDoesNotServeWhileNoReleaseDefinesWeb() throws Exception {
        String control = heroku.control("GET", "/__sandbox/apps/" + APP + "/backend", "");
        assertThat(control).contains("\"running\":false");
        assertThat(state().webUrl()).startsWith("https://");
    }

    @Test
    @Order(3)
    void aFailedBuildSaysWhyInItsOutputAndReleasesNothing() throws Exception {
        JsonNode failed = build(api, APP, "SHA256:" + "0".repeat(64), "v0");

        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("slug").isNull()).isTrue();
        String output = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(failed.get("output_stream_url").asString())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(output).contains("Checksum mismatch");
        assertThat(state().releases()).extracting(AppSnapshot.Release::slugId).containsOnlyNulls();
    }

    @Test
    @Order(4)
    void aBuildOfTheSampleAppReleasesWebAndWorkerAndPsShowsTheWebDyno() throws Exception {
        JsonNode build = build(api, APP, sampleChecksum(), "v1");

        assertThat(build.get("status").asString()).isEqualTo("succeeded");
        JsonNode slug = api.get("/apps/" + APP + "/slugs/" + build.at("/slug/id").asString()).json();
        assertThat(slug.get("process_types").propertyNames()).containsExactlyInAnyOrder("web", "worker");
        assertThat(slug.get("commit").asString()).isEqualTo("v1");
        assertThat(state().formation()).containsOnlyKeys("web", "worker");
        assertThat(state().formation().get("web").quantity()).as("Heroku scales web to 1 on its first release").isEqualTo(1);
        assertThat(ok("ps", "-a", APP)).contains("web.1: up");

        ok("ps:scale", "worker=2", "-a", APP);

        assertThat(state().formation().get("worker").quantity()).isEqualTo(2);
        assertThat(ok("ps", "-a", APP)).contains("worker.2: up");
        assertThat(heroku.control("GET", "/__sandbox/apps/" + APP + "/backend", "")).contains("\"running\":true");
    }

    @Test
    @Order(5)
    void releasesListsTheDeployAndReleasesInfoShowsItsUser() throws Exception {
        int deployed = state().currentRelease().version();

        assertThat(ok("releases", "-a", APP)).contains("v" + deployed).contains("Deploy v1").contains(HerokuEmulator.DASHBOARD_EMAIL);
        assertThat(ok("releases:info", "v" + deployed, "-a", APP)).contains("Deploy v1").contains(HerokuEmulator.DASHBOARD_EMAIL);
    }

    @Test
    @Order(6)
    void aSlugWithoutWorkerRemovesTheWorkerFormationAndARollbackBringsItBack() throws Exception {
        int withWorker = state().currentRelease().version();
        String oldSlug = state().currentRelease().slugId();
        PlatformApi.Answer slug = api.post("/apps/" + APP + "/slugs", "{\"process_types\":{\"web\":\"node server.js\"},\"commit\":\"web-only\"}");
        assertThat(slug.status()).isEqualTo(201);
        assertThat(slug.json().at("/blob/method").asString()).isEqualTo("put");
        var upload = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(slug.json().at("/blob/url").asString()))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(SAMPLE))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).isEqualTo(200);

        PlatformApi.Answer released = api.post("/apps/" + APP + "/releases", "{\"slug\":\"" + slug.json().get("id").asString() + "\"}");

        assertThat(released.status()).isEqualTo(201);
        assertThat(released.json().get("current").asBoolean()).isTrue();
        assertThat(state().formation()).containsOnlyKeys("web");
        assertThat(ok("ps", "-a", APP)).doesNotContain("worker");

        String out = ok("releases:rollback", "v" + withWorker, "-a", APP);

        assertThat(out).contains("Rolling back " + APP + " to v" + withWorker);
        assertThat(state().currentRelease().description()).isEqualTo("Rollback to v" + withWorker);
        assertThat(state().currentRelease().user()).isEqualTo(HerokuEmulator.DASHBOARD_EMAIL);
        assertThat(state().currentRelease().slugId()).isEqualTo(oldSlug);
        assertThat(state().formation()).containsOnlyKeys("web", "worker");
    }

    @Test
    @Order(7)
    void addonsListsWhatIsAttachedAndDestroyRemovesIt() throws Exception {
        ok("addons:create", "heroku-redis:mini", "-a", APP);
        String addon = state().addons().getFirst().name();

        assertThat(ok("addons", "-a", APP)).contains("heroku-redis (" + addon + ")").contains("mini").contains("as REDIS");

        ok("addons:destroy", addon, "-a", APP, "--confirm", APP);

        assertThat(state().addons()).isEmpty();
        assertThat(ok("addons", "-a", APP)).doesNotContain(addon);
    }

    @Test
    @Order(8)
    void unknownTeamsAre404AndTheControlSurfaceRefusesFieldsItDoesNotKnow() throws Exception {
        PlatformApi.Answer teamApp = api.post("/teams/apps", "{\"name\":\"team-app\",\"team\":\"no-such-team\"}");
        assertThat(teamApp.status()).isEqualTo(404);
        assertThat(teamApp.json().get("resource").asString()).isEqualTo("team");
        assertThat(api.get("/teams/no-such-team/apps").status()).isEqualTo(404);
        assertThat(api.post("/teams/apps", "{\"name\":\"team-app\",\"team\":\"acme\"}").status()).isEqualTo(201);

        var misspelt = heroku.controlAnswer("PUT", "/__sandbox/faults", "{\"errorRate\":0.4}");

        assertThat(misspelt.statusCode()).isEqualTo(400);
        assertThat(misspelt.body()).contains("errorRate");
        assertThat(heroku.controlAnswer("PUT", "/__sandbox/apps/" + APP + "/backend", "{\"keyCheck\":false}").statusCode()).isEqualTo(400);
        assertThat(heroku.controlAnswer("PUT", "/__sandbox/rate-limit", "{\"budget\":1}").statusCode()).isEqualTo(400);
    }
}
