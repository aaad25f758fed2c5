package dev.tether.heroku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.SandboxTestBase;
import dev.tether.TetherApi.Response;
import dev.tether.sandbox.heroku.AppSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code spec.release.build} (DESIGN §2a) over real HTTP: Tether builds the declared source
 * tarball (the sample app under manifests/, whose Procfile defines web and worker), follows
 * the build across passes, scales both process types once the release defines them, builds
 * again for a new version, reverts a Dashboard rollback naming its user, and reports a failed
 * build as BuildFailed with its output without building it again.
 */
class ReleaseReconcileIT extends SandboxTestBase {

    private static final Path SAMPLE = Path.of("manifests", "sample-app.tgz").toAbsolutePath();

    private static String checksum() throws Exception {
        return "SHA256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(SAMPLE)));
    }

    private void apply(String name, String spec) {
        Response r = api.yaml("apiVersion: tether.dev/v1\nkind: HerokuApp\nmetadata:\n  name: " + name + "\nspec:\n" + spec.indent(2));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private String release(String checksum, String version, String extra) {
        return "release:\n  build:\n    sourceUrl: " + SAMPLE.toUri() + "\n    checksum: " + checksum + "\n    version: " + version + "\n" + extra;
    }

    private JsonNode resource(String name) {
        return api.get("/api/v1/resources/HerokuApp/" + name).json();
    }

    private List<JsonNode> events(String name) {
        List<JsonNode> out = new ArrayList<>();
        api.get("/api/v1/resources/HerokuApp/" + name + "/events?limit=500").json().get("items").forEach(out::add);
        return out;
    }

    private AppSnapshot app(String name) {
        return heroku.app(name).orElseThrow(() -> new AssertionError("no app " + name + " in the emulator"));
    }

    private void awaitReady(String name) {
        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode r = resource(name);
            assertThat(r.at("/status/conditions").toString()).contains("\"type\":\"Ready\",\"status\":\"True\"");
            assertThat(r.at("/status/observedGeneration").asLong()).isEqualTo(r.at("/metadata/generation").asLong());
        });
    }

    @Test
    void aDeclaredBuildConvergesScalesWebAndWorkerAndANewVersionBuildsAgain() throws Exception {
        String formation = "formation:\n  web:\n    quantity: 1\n  worker:\n    quantity: 2\n";
        apply("rel-build", release(checksum(), "v1", formation));

        awaitReady("rel-build");
        AppSnapshot built = app("rel-build");
        assertThat(built.currentRelease().commit()).isEqualTo("v1");
        assertThat(built.currentRelease().user()).isEqualTo("tether@sandbox.local");
        assertThat(built.formation()).containsOnlyKeys("web", "worker");
        assertThat(built.formation().get("web").quantity()).isEqualTo(1);
        assertThat(built.formation().get("worker").quantity()).isEqualTo(2);
        assertThat(events("rel-build")).anySatisfy(e -> assertThat(e.get("reason").asString()).isEqualTo("BuildStarted"));

        apply("rel-build", release(checksum(), "v2", formation));

        awaitReady("rel-build");
        assertThat(app("rel-build").currentRelease().commit()).isEqualTo("v2");
        assertThat(app("rel-build").formation().get("worker").quantity()).isEqualTo(2);
    }

    @Test
    void aRollbackInTheDashboardIsRevertedNamingWhoRolledBack() throws Exception {
        apply("rel-revert", release(checksum(), "v1", ""));
        awaitReady("rel-revert");
        String declaredSlug = app("rel-revert").currentRelease().slugId();
        JsonNode other = dashboard.call("POST", "/apps/rel-revert/slugs", "{\"process_types\":{\"web\":\"node other.js\"},\"commit\":\"hotfix\"}");
        dashboard.call("POST", "/apps/rel-revert/releases", "{\"slug\":\"" + other.get("id").asString() + "\"}");
        assertThat(app("rel-revert").currentRelease().commit()).isEqualTo("hotfix");

        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(app("rel-revert").currentRelease().slugId()).isEqualTo(declaredSlug);
            assertThat(app("rel-revert").currentRelease().user()).isEqualTo("tether@sandbox.local");
            assertThat(events("rel-revert")).anySatisfy(e -> {
                assertThat(e.get("reason").asString()).isEqualTo("DriftDetected");
                assertThat(e.path("actor").asString()).isEqualTo("dashboard@example.com");
                assertThat(e.get("message").asString()).contains("release");
            });
        });
    }

    @Test
    void underAdoptAReleaseMadeOutsideTetherIsRecordedAsTheDeclaredSlug() throws Exception {
        apply("rel-adopt", release(checksum(), "v1", "driftPolicy:\n  mode: adopt\n"));
        awaitReady("rel-adopt");
        JsonNode other = dashboard.call("POST", "/apps/rel-adopt/slugs", "{\"process_types\":{\"web\":\"node other.js\"},\"commit\":\"hotfix\"}");
        String hotfix = other.get("id").asString();

        dashboard.call("POST", "/apps/rel-adopt/releases", "{\"slug\":\"" + hotfix + "\"}");

        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode r = resource("rel-adopt");
            assertThat(r.at("/metadata/generation").asLong()).isEqualTo(2);
            assertThat(r.at("/spec/release/slug").asString()).isEqualTo(hotfix);
            assertThat(r.at("/spec/release/build").isMissingNode()).isTrue();
        });
        awaitReady("rel-adopt");
        assertThat(app("rel-adopt").currentRelease().slugId()).as("the adopted slug still runs").isEqualTo(hotfix);
        assertThat(events("rel-adopt")).anySatisfy(e -> {
            assertThat(e.get("reason").asString()).isEqualTo("DriftAdopted");
            assertThat(e.path("actor").asString()).isEqualTo("dashboard@example.com");
        });
    }

    @Test
    void aFailedBuildIsBuildFailedWithItsOutputAndIsNotBuiltAgain() throws Exception {
        apply("rel-fail", release("SHA256:" + "0".repeat(64), "v1", ""));

        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode ready = resource("rel-fail").at("/status/conditions");
            assertThat(ready.toString()).contains("BuildFailed").contains("Checksum mismatch");
        });
        String before = resource("rel-fail").at("/status/lastReconciledAt").asString();
        await().atMost(CONVERGE).until(() -> !resource("rel-fail").at("/status/lastReconciledAt").asString().equals(before));
        assertThat(heroku.app("rel-fail").orElseThrow().releases()).extracting(AppSnapshot.Release::commit).doesNotContain("v1");
        assertThat(dashboard.call("GET", "/apps/rel-fail/builds", null)).as("one build, never retried").hasSize(1);
    }

    @Test
    void aPromotionReleasesTheSourceAppsSlugAndFollowsItsNewRelease() throws Exception {
        apply("promo-prod", "release:\n  fromApp: promo-staging\n");
        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode ready = resource("promo-prod").at("/status/conditions/0");
            assertThat(ready.get("reason").asString()).isEqualTo("WaitingForDependency");
            assertThat(ready.get("message").asString()).contains("release.fromApp: HerokuApp/promo-staging does not exist");
        });

        apply("promo-staging", release(checksum(), "v1", ""));
        awaitReady("promo-staging");
        awaitReady("promo-prod");
        String v1 = app("promo-staging").currentRelease().slugId();
        assertThat(app("promo-prod").currentRelease().slugId()).as("prod runs staging's slug").isEqualTo(v1);
        assertThat(app("promo-prod").formation()).as("the promoted slug's process types").containsOnlyKeys("web", "worker");
        assertThat(app("promo-prod").currentRelease().user()).isEqualTo("tether@sandbox.local");

        apply("promo-staging", release(checksum(), "v2", ""));

        await().atMost(CONVERGE).untilAsserted(() -> {
            String v2 = app("promo-staging").currentRelease().slugId();
            assertThat(v2).isNotEqualTo(v1);
            assertThat(app("promo-prod").currentRelease().slugId()).as("prod follows staging's new release").isEqualTo(v2);
        });
        awaitReady("promo-prod");
        assertThat(events("promo-prod")).filteredOn(e -> e.get("reason").asString().equals("DriftDetected"))
                .as("a new slug of the source is a spec change, not drift").isEmpty();
    }

    @Test
    void aFirAppReleasesTheDeclaredOciImage() {
        dashboard.call("POST", "/spaces", "{\"name\":\"rel-fir\",\"team\":\"acme\",\"generation\":\"fir\"}");
        apply("rel-oci", "team: acme\nspace: rel-fir\ngeneration: fir\n");
        awaitReady("rel-oci");
        assertThat(app("rel-oci").formation()).as("no formation before code is released").isEmpty();
        // an image pushed to the app's registry repository (what a Fir build leaves behind)
        String image = dashboard.call("POST", "/apps/rel-oci/oci-images", "{\"commit\":\"img-1\",\"process_types\":"
                + "{\"web\":{\"name\":\"web\",\"command\":\"/cnb/process/web\"}}}").get("id").asString();

        apply("rel-oci", "team: acme\nspace: rel-fir\ngeneration: fir\nrelease:\n  ociImage: " + image
                + "\nformation:\n  web:\n    quantity: 2\n");

        awaitReady("rel-oci");
        JsonNode current = dashboard.call("GET", "/apps/rel-oci/releases/" + app("rel-oci").currentRelease().version(), null);
        assertThat(current.at("/artifacts/0/type").asString()).isEqualTo("oci-image");
        assertThat(current.at("/artifacts/0/id").asString()).isEqualTo(image);
        assertThat(current.at("/user/email").asString()).isEqualTo("tether@sandbox.local");
        assertThat(app("rel-oci").formation().get("web").quantity()).isEqualTo(2);
    }
}
