package dev.tether.sandbox.heroku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.TetherTestSupport;
import dev.tether.sandbox.StateFile;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Heroku emulator started on a state file keeps the whole account across a restart: every
 * app, config var, slug, release (a promotion included), formation, add-on, domain and webhook,
 * with the same ids, answering the same bodies; the file is its owner's only.
 */
class HerokuStatePersistenceTest {

    private static final String TOKEN = "tether-token";
    private static final Duration IDLE = Duration.ofSeconds(5);

    private static final List<String> VIEWS = List.of("/apps/keep-me", "/apps/keep-me/config-vars", "/apps/keep-me/releases",
            "/apps/keep-me/formation", "/apps/keep-me/addons", "/apps/keep-me/domains", "/apps/keep-me/webhooks",
            "/apps/keep-me/builds", "/apps/promoted/releases", "/apps/promoted/formation", "/apps");

    /** Every view's body, by path, as the Dashboard user sees it. */
    private static Map<String, String> views(HerokuEmulator heroku) {
        PlatformApi api = new PlatformApi(heroku.baseUrl(), HerokuEmulator.DASHBOARD_TOKEN);
        Map<String, String> bodies = new LinkedHashMap<>();
        for (String path : VIEWS) {
            PlatformApi.Answer answer = api.get(path);
            assertThat(answer.status()).as(path).isIn(200, 206);
            bodies.put(path, answer.raw().body());
        }
        return bodies;
    }

    private static void ok(PlatformApi.Answer answer) {
        assertThat(answer.status()).as(answer.raw().body()).isBetween(200, 202);
    }

    @Test
    void aRestartOnTheSameStateFileKeepsTheAccountWithTheSameIds() throws Exception {
        StateFile file = StateFile.in(TetherTestSupport.freshDataDir(), "heroku");
        Map<String, String> before;
        AppSnapshot snapshotBefore;
        int port;
        try (HerokuEmulator heroku = HerokuEmulator.start(0, TOKEN, IDLE, file)) {
            PlatformApi api = new PlatformApi(heroku.baseUrl(), HerokuEmulator.DASHBOARD_TOKEN);
            ok(api.post("/apps", "{\"name\":\"keep-me\"}"));
            ok(api.post("/apps", "{\"name\":\"promoted\"}"));
            ok(api.patch("/apps/keep-me/config-vars", "{\"GREETING\":\"hello\",\"SECRET_TOKEN\":\"s3cret\"}"));
            String slug = api.post("/apps/keep-me/slugs", "{\"process_types\":{\"web\":\"bin/web\",\"worker\":\"bin/worker\"}}")
                    .json().get("id").asString();
            ok(api.post("/apps/keep-me/releases", "{\"slug\":\"" + slug + "\",\"description\":\"Deploy v1\"}"));
            ok(api.post("/apps/promoted/releases", "{\"slug\":\"" + slug + "\"}"));
            ok(api.patch("/apps/keep-me/formation/worker", "{\"quantity\":2,\"size\":\"Standard-1X\"}"));
            ok(api.post("/apps/keep-me/addons", "{\"plan\":\"heroku-postgresql\"}"));
            ok(api.post("/apps/keep-me/domains", "{\"hostname\":\"www.example.com\"}"));
            ok(api.post("/apps/keep-me/webhooks",
                    "{\"url\":\"http://127.0.0.1:9/hooks\",\"include\":[\"api:release\"],\"level\":\"notify\",\"secret\":\"hook-secret\"}"));
            before = views(heroku);
            snapshotBefore = heroku.app("keep-me").orElseThrow();
            port = heroku.port();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");

        try (HerokuEmulator heroku = HerokuEmulator.start(port, TOKEN, IDLE, file)) {
            assertThat(views(heroku)).isEqualTo(before);
            assertThat(heroku.app("keep-me").orElseThrow()).usingRecursiveComparison().ignoringFields("deliveries")
                    .isEqualTo(snapshotBefore);
            // The account goes on from where it was: the next release is v3, not v1 again.
            PlatformApi api = new PlatformApi(heroku.baseUrl(), HerokuEmulator.DASHBOARD_TOKEN);
            ok(api.patch("/apps/keep-me/config-vars", "{\"GREETING\":\"again\"}"));
            assertThat(heroku.app("keep-me").orElseThrow().currentRelease().version())
                    .isEqualTo(snapshotBefore.currentRelease().version() + 1);
        }
    }

    @Test
    void withoutAStateFileTheAccountLivesInMemoryAndAFreshFileStartsEmpty() {
        try (HerokuEmulator heroku = HerokuEmulator.start(0, TOKEN, IDLE)) {
            new PlatformApi(heroku.baseUrl(), HerokuEmulator.DASHBOARD_TOKEN).post("/apps", "{\"name\":\"in-memory\"}");
        }
        try (HerokuEmulator heroku = HerokuEmulator.start(0, TOKEN, IDLE, StateFile.in(TetherTestSupport.freshDataDir(), "heroku"))) {
            assertThat(heroku.apps()).isEmpty();
        }
    }

    @Test
    void aStateFileItDidNotWriteIsRefusedNamingTheFileAndLeftAsItIs() throws Exception {
        StateFile file = StateFile.in(TetherTestSupport.freshDataDir(), "heroku");
        file.write("not json".getBytes());
        assertThatThrownBy(() -> HerokuEmulator.start(0, TOKEN, IDLE, file).close())
                .hasMessageContaining(file.path().toString());
        assertThat(Files.readString(file.path())).isEqualTo("not json");
    }
}
