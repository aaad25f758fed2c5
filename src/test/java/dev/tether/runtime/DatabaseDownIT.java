package dev.tether.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.TetherApi;
import dev.tether.TetherApi.Response;
import dev.tether.TetherTestSupport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * While its database is away the API says so (503 with Retry-After, a problem body), as a client
 * can act on, instead of a 500 that reads like a bug; once it is back the same process answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatabaseDownIT {

    private static final Path PG_DIR = TetherTestSupport.freshDataDir();
    private static final int PG_PORT = freePort();
    private static EmbeddedPostgres postgres = startPostgres();

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EmbeddedPostgres startPostgres() {
        try {
            return EmbeddedPostgres.builder().setDataDirectory(PG_DIR).setCleanDataDirectory(false).setPort(PG_PORT).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("tether.data-dir", () -> TetherTestSupport.freshDataDir().toString());
        r.add("tether.api-token", () -> TetherTestSupport.API_TOKEN);
        r.add("tether.mode", () -> "sandbox");
        r.add("tether.database-url", () -> "postgres://postgres:unused@localhost:" + PG_PORT + "/postgres");
        r.add("tether.database.connection-timeout", () -> "1s");
        r.add("tether.loop.enabled", () -> "false");
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @LocalServerPort
    int port;

    @Test
    void answers503WithRetryAfterWhileTheDatabaseIsAway() throws IOException {
        TetherApi api = new TetherApi(port, TetherTestSupport.API_TOKEN);
        assertThat(api.get("/api/v1/resources").status()).isEqualTo(200);

        postgres.close();
        postgres = null;
        for (String path : new String[] {"/api/v1/resources", "/api/v1/resources/HerokuApp/some-app"}) {
            Response r = api.get(path);
            assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(503);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.header("Retry-After")).isEqualTo("5");
            assertThat(r.json().get("detail").asString()).contains("database");
        }
        Response apply = api.yaml("apiVersion: tether.dev/v1\nkind: HerokuApp\nmetadata:\n  name: while-away\nspec: {}\n");
        assertThat(apply.status()).as(apply.body()).isEqualTo(503);

        postgres = startPostgres();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(api.get("/api/v1/resources").status()).isEqualTo(200));
    }
}
