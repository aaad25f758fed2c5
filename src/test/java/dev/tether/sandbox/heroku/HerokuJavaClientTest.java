package dev.tether.sandbox.heroku;

import static org.assertj.core.api.Assertions.assertThat;

import com.heroku.api.Addon;
import com.heroku.api.AddonChange;
import com.heroku.api.App;
import com.heroku.api.Build;
import com.heroku.api.BuildpackInstallation;
import com.heroku.api.Domain;
import com.heroku.api.Formation;
import com.heroku.api.Heroku;
import com.heroku.api.HerokuAPI;
import com.heroku.api.Release;
import com.heroku.api.Slug;
import com.heroku.api.connection.Connection;
import com.heroku.api.connection.HttpClientConnection;
import com.heroku.api.exception.RequestFailedException;
import com.heroku.api.request.domain.DomainAdd;
import com.heroku.api.request.domain.DomainList;
import com.heroku.api.request.domain.DomainRemove;
import com.heroku.api.util.Range;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Heroku's own Java client ({@code com.heroku.api:heroku-api} 0.46 over its Apache HTTP
 * connection) drives the emulator through every call it covers. heroku.jar fixes its endpoint
 * once per JVM from {@code heroku.host} when its {@code Heroku} class loads, so this is the
 * only test class that may touch it.
 */
class HerokuJavaClientTest {

    @RegisterExtension
    static final EmulatorExtension heroku = new EmulatorExtension();

    private static Connection connection;
    private static HerokuAPI api;

    @BeforeAll
    static void pointHerokuJarAtTheEmulator() {
        System.setProperty("heroku.host", heroku.baseUrl());
        assertThat(Heroku.Config.ENDPOINT.value)
                .as("heroku.jar's endpoint was fixed by an earlier test in this JVM")
                .isEqualTo(heroku.baseUrl());
        connection = new HttpClientConnection();
        api = new HerokuAPI(connection, HerokuEmulator.DASHBOARD_TOKEN);
    }

    @AfterAll
    static void closeConnection() {
        if (connection != null) {
            connection.close();
        }
    }

    @Test
    void listsAppsAcrossPagesFollowingNextRange() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 230; i++) {
            created.add(api.createApp(new App().named(String.format("jar-page-%03d", i))).getName());
        }

        Range<App> first = api.listApps();
        Range<App> second = api.listApps(first.getNextRange());

        assertThat(first).hasSize(200);
        assertThat(first.hasNextRange()).isTrue();
        Set<String> listed = new HashSet<>();
        first.forEach(a -> listed.add(a.getName()));
        second.forEach(a -> listed.add(a.getName()));
        assertThat(listed).containsAll(created);
        assertThat(second.hasNextRange()).isFalse();
    }

    @Test
    void createsRenamesAndDestroysAnAppWithItsPutRename() {
        App app = api.createApp(new App().named("jar-app"));

        String renamed = api.renameApp("jar-app", "jar-app-renamed");
        api.setMaintenanceMode("jar-app-renamed", true);

        assertThat(app.getId()).isNotBlank();
        assertThat(renamed).isEqualTo("jar-app-renamed");
        assertThat(api.getApp(app.getId()).getName()).isEqualTo("jar-app-renamed");
        assertThat(api.isMaintenanceModeEnabled("jar-app-renamed")).isTrue();
        assertThat(api.appExists("jar-app")).isFalse();
        api.destroyApp("jar-app-renamed");
        assertThat(heroku.emulator().app(app.getId())).isEmpty();
    }

    @Test
    void updatesAndDeletesConfigVarsAndListsTheReleases() {
        api.createApp(new App().named("jar-config"));
        Map<String, String> first = new java.util.LinkedHashMap<>();
        first.put("FOO", "bar");
        first.put("GONE", "x");
        api.updateConfig("jar-config", first);
        Map<String, String> deletion = new HashMap<>();
        deletion.put("GONE", null);

        api.updateConfig("jar-config", deletion);

        assertThat(api.listConfig("jar-config")).containsExactly(Map.entry("FOO", "bar"));
        List<Release> releases = api.listReleases("jar-config");
        assertThat(releases).extracting(Release::getDescription)
                .containsExactly("Initial release", "Set FOO, GONE config vars", "Remove GONE config vars");
        assertThat(releases.getLast().getUser()).containsEntry("email", "dashboard@example.com");
    }

    @Test
    void scalesWithStringQuantitiesAndAttachesAndRemovesAddons() {
        api.createApp(new App().named("jar-scale"));
        new PlatformApi(heroku.baseUrl(), HerokuEmulator.DASHBOARD_TOKEN).deployWeb("jar-scale");

        Formation web = api.scale("jar-scale", "web", 3);
        AddonChange added = api.addAddon("jar-scale", "heroku-postgresql:essential-0");
        List<Addon> addons = api.listAppAddons("jar-scale");

        assertThat(web.getQuantity()).isEqualTo(3);
        assertThat(api.listFormation("jar-scale")).extracting(Formation::getQuantity).containsExactly(3);
        assertThat(added.getState()).isEqualTo("provisioned");
        assertThat(addons).extracting(a -> a.getPlan().getName()).containsExactly("heroku-postgresql:essential-0");
        assertThat(api.listConfig("jar-scale")).containsKey("DATABASE_URL");
        // heroku.jar 0.46 cannot remove an add-on against any server: AddonRemove's endpoint
        // reads the app name from a RequestConfig key that RequestConfig.app(..) never sets, so
        // removeAddon throws a NullPointerException before sending. The CLI test covers destroy.
        new PlatformApi(heroku.baseUrl(), HerokuEmulator.DASHBOARD_TOKEN).delete("/apps/jar-scale/addons/" + addons.getFirst().getName());
        assertThat(api.listAppAddons("jar-scale")).isEmpty();
        assertThat(api.listConfig("jar-scale")).doesNotContainKey("DATABASE_URL");
    }

    @Test
    void replacesBuildpacksAndManagesDomainsThroughItsRequestClasses() {
        api.createApp(new App().named("jar-domains"));

        api.updateBuildpackInstallations("jar-domains", List.of("heroku/jvm", "heroku/nodejs"));
        Domain added = connection.execute(new DomainAdd("jar-domains", "www.jar.example.com"), HerokuEmulator.DASHBOARD_TOKEN);
        List<Domain> domains = connection.execute(new DomainList("jar-domains"), HerokuEmulator.DASHBOARD_TOKEN);
        connection.execute(new DomainRemove("jar-domains", "www.jar.example.com"), HerokuEmulator.DASHBOARD_TOKEN);

        assertThat(api.listBuildpackInstallations("jar-domains")).extracting(BuildpackInstallation::getOrdinal).containsExactly(0, 1);
        assertThat(added.getCname()).endsWith(".herokudns.com");
        assertThat(domains).extracting(Domain::getHostname).contains("www.jar.example.com");
        assertThat(heroku.emulator().app("jar-domains").orElseThrow().domains()).isEmpty();
    }

    @Test
    void seesHerokusErrorForAMissingApp() {
        try {
            api.getApp("jar-missing");
            throw new AssertionError("expected a failure");
        } catch (RequestFailedException e) {
            assertThat(e.getStatusCode()).isEqualTo(404);
            assertThat(e.getResponseBody()).contains("\"id\":\"not_found\"");
        }
    }

    @Test
    void buildsAndCreatesSlugsAndRollsBackWithItsBuildSlugAndReleaseCalls() throws Exception {
        api.createApp(new App().named("jar-build"));
        String source = java.nio.file.Path.of("manifests", "sample-app.tgz").toAbsolutePath().toUri().toString();

        Build started = api.createBuild("jar-build", new Build(source, "v1", new String[0]));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> !"pending".equals(api.getBuildInfo("jar-build", started.getId()).getStatus()));
        Build built = api.getBuildInfo("jar-build", started.getId());
        Map<String, String> types = new HashMap<>();
        types.put("web", "node server.js");
        Slug created = api.createSlug("jar-build", types);
        Slug info = api.getSlugInfo("jar-build", created.getId());
        List<Release> releases = api.listReleases("jar-build");
        Release rolledBack = api.rollback("jar-build", releases.getLast().getId());

        assertThat(started.getOutput_stream_url()).startsWith(heroku.baseUrl());
        assertThat(built.getStatus()).isEqualTo("succeeded");
        assertThat(created.getBlob().getMethod()).isEqualTo("put");
        assertThat(info.getId()).isEqualTo(created.getId());
        assertThat(releases.getLast().getDescription()).isEqualTo("Deploy v1");
        assertThat(releases.getLast().getSlug().getId()).isNotNull();
        assertThat(rolledBack.getDescription()).isEqualTo("Rollback to v" + releases.getLast().getVersion());
        assertThat(heroku.emulator().app("jar-build").orElseThrow().formation()).containsOnlyKeys("web", "worker");
    }
}
