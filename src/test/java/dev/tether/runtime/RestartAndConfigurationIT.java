package dev.tether.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.TetherApi;
import dev.tether.TetherApplication;
import dev.tether.TetherTestSupport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starting, stopping and configuring Tether the ways a user does. */
class RestartAndConfigurationIT {

    private static final String APP = """
            apiVersion: tether.dev/v1
            kind: HerokuApp
            metadata:
              name: survives-restart
            spec:
              release: ${SAMPLE_RELEASE}
              formation:
                web:
                  quantity: 2
            """;

    private static ConfigurableApplicationContext start(String... properties) {
        List<String> props = new ArrayList<>(List.of("server.port=0", "tether.sandbox.heroku-port=0",
                "tether.sandbox.kong-admin-port=0", "tether.sandbox.kong-proxy-port=0"));
        props.addAll(List.of(properties));
        // As command-line arguments: they win over application.yml, as a user's environment does.
        return new SpringApplicationBuilder(TetherApplication.class)
                .run(props.stream().map(p -> "--" + p).toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext ctx) {
        return Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
    }

    @Test
    void keepsAppliedResourcesAcrossARestartOnTheSameDataDirectory() {
        Path dir = TetherTestSupport.freshDataDir();
        String[] props = {"tether.data-dir=" + dir, "tether.api-token=" + TetherTestSupport.API_TOKEN, "tether.mode=sandbox"};
        try (ConfigurableApplicationContext first = start(props)) {
            TetherApi api = new TetherApi(port(first), TetherTestSupport.API_TOKEN);
            assertThat(api.yaml(APP).status()).isEqualTo(200);
        }
        try (ConfigurableApplicationContext second = start(props)) {
            TetherApi api = new TetherApi(port(second), TetherTestSupport.API_TOKEN);
            TetherApi.Response r = api.get("/api/v1/resources/HerokuApp/survives-restart");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().at("/spec/formation/web/quantity").asInt()).isEqualTo(2);
            assertThat(r.json().at("/metadata/generation").asLong()).isEqualTo(1);
            assertThat(api.yaml(APP).json().at("/items/0/changed").asBoolean()).isFalse();
        }
    }

    @Test
    void generatesASandboxTokenKeepsItAndRequiresIt() throws Exception {
        Path dir = TetherTestSupport.freshDataDir();
        String token;
        try (ConfigurableApplicationContext ctx = start("tether.data-dir=" + dir)) {
            token = Files.readString(dir.resolve("api-token")).strip();
            assertThat(token).startsWith("tether_").hasSizeGreaterThan(30);
            TetherApi api = new TetherApi(port(ctx), token);
            assertThat(api.get("/api/v1/resources").status()).isEqualTo(200);
            assertThat(api.withToken("tether_wrong").get("/api/v1/resources").status()).isEqualTo(401);
        }
        try (ConfigurableApplicationContext ctx = start("tether.data-dir=" + dir)) {
            assertThat(new TetherApi(port(ctx), token).get("/api/v1/resources").status()).isEqualTo(200);
        }
    }

    @Test
    void connectsToTheDatabaseNamedByAHerokuStyleDatabaseUrl() throws Exception {
        try (EmbeddedPostgres external = EmbeddedPostgres.builder().start()) {
            String url = "postgres://postgres:unused@localhost:" + external.getPort() + "/postgres";
            try (ConfigurableApplicationContext ctx = start("tether.database-url=" + url, "tether.mode=sandbox",
                    "tether.api-token=" + TetherTestSupport.API_TOKEN,
                    "tether.data-dir=" + TetherTestSupport.freshDataDir())) {
                TetherApi api = new TetherApi(port(ctx), TetherTestSupport.API_TOKEN);
                assertThat(api.yaml(APP).status()).isEqualTo(200);
            }
            try (var conn = external.getPostgresDatabase().getConnection();
                 var rs = conn.createStatement().executeQuery("SELECT name FROM resources")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("survives-restart");
            }
        }
    }

    @Test
    void migrateCommandCreatesTheSchemaAndExits() throws Exception {
        try (EmbeddedPostgres external = EmbeddedPostgres.builder().start()) {
            String url = "postgres://postgres:unused@localhost:" + external.getPort() + "/postgres";
            int exit = TetherApplication.migrate(new String[] {"--tether.database-url=" + url, "--tether.mode=sandbox",
                    "--tether.api-token=x", "--tether.data-dir=" + TetherTestSupport.freshDataDir(),
                    "--tether.sandbox.heroku-port=0", "--tether.sandbox.kong-admin-port=0", "--tether.sandbox.kong-proxy-port=0"});
            assertThat(exit).isZero();
            try (var conn = external.getPostgresDatabase().getConnection();
                 var rs = conn.createStatement().executeQuery(
                         "SELECT count(*) FROM flyway_schema_history WHERE success")) {
                assertThat(rs.next()).isTrue();
                long migrations;
                try (var files = java.nio.file.Files.list(java.nio.file.Path.of("db/migration"))) {
                    migrations = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
                }
                assertThat(rs.getLong(1)).as("every migration in db/migration applied").isEqualTo(migrations);
            }
        }
    }

    @Test
    void refusesToStartLiveWithoutTheHerokuApiKeyAndNamesIt() {
        assertThatThrownBy(() -> start("tether.mode=live", "tether.api-token=x", "tether.data-dir=" + TetherTestSupport.freshDataDir()).close())
                .hasRootCauseInstanceOf(MissingSettingException.class)
                .rootCause().hasMessageStartingWith("HEROKU_API_KEY ");
    }

    @Test
    void refusesToStartLiveWithoutAnApiTokenAndNamesIt() {
        assertThatThrownBy(() -> start("tether.mode=live", "tether.heroku-api-key=hk", "tether.data-dir=" + TetherTestSupport.freshDataDir()).close())
                .hasRootCauseInstanceOf(MissingSettingException.class)
                .rootCause().hasMessageStartingWith("TETHER_API_TOKEN ");
    }

    @Test
    void refusesAnUnknownMode() {
        assertThatThrownBy(() -> start("tether.mode=staging", "tether.data-dir=" + TetherTestSupport.freshDataDir()).close())
                .hasRootCauseInstanceOf(MissingSettingException.class)
                .rootCause().hasMessageContaining("TETHER_MODE").hasMessageContaining("staging");
    }
}
