package dev.tether.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.TetherApi;
import dev.tether.sandbox.heroku.HerokuEmulator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Procfile's commands run as Heroku runs them: {@code bash -c} on the built jar, config in
 * environment variables, {@code DYNO} set. The release phase migrates a fresh database; then a
 * web and a worker dyno share it, the web one serving the API with its loop off and the worker
 * reconciling (against a Heroku emulator standing in for api.heroku.com).
 */
class HerokuProcessesIT {

    private static final String TOKEN = "procfile-test-token";

    private static Map<String, String> herokuEnv(String dyno, String databaseUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator + System.getenv("PATH"));
        env.put("DYNO", dyno);
        env.put("TETHER_MODE", "live");
        env.put("JAVA_OPTS", "-Xshare:auto");
        if (databaseUrl != null) {
            env.put("DATABASE_URL", databaseUrl);
        }
        env.put("TETHER_API_TOKEN", TOKEN);
        env.put("TETHER_ENCRYPTION_KEY", "procfile-test-encryption-key");
        env.put("TETHER_DB_POOL_SIZE", "4");
        return env;
    }

    private static Process run(String processType, Map<String, String> env, Path log) throws IOException {
        String command = HerokuFilesTest.procfile().get(processType);
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "exec " + command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void releaseMigratesAFreshDatabaseThenWebAndWorkerRolesShareIt() throws Exception {
        Path logs = Files.createTempDirectory("procfile-");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             HerokuEmulator heroku = HerokuEmulator.start(0, "procfile-heroku-key")) {
            String url = "postgres://postgres:unused@localhost:" + pg.getPort() + "/postgres";
            Map<String, String> env = herokuEnv("release.1", url);
            env.put("HEROKU_API_KEY", "procfile-heroku-key");
            env.put("TETHER_HEROKU_API_URL", heroku.baseUrl());

            Process release = run("release", env, logs.resolve("release.log"));
            assertThat(release.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String releaseLog = Files.readString(logs.resolve("release.log"));
            assertThat(release.exitValue()).as(releaseLog).isZero();
            assertThat(releaseLog).contains("Tether: database schema is up to date");
            // on a dyno, log lines are logfmt
            assertThat(releaseLog).containsPattern("(?m)^at=info time=\\S+ logger=\\S+ ");
            long migrations;
            try (Stream<Path> files = Files.list(Path.of("db/migration"))) {
                migrations = files.filter(f -> f.toString().endsWith(".sql")).count();
            }
            try (var conn = pg.getPostgresDatabase().getConnection();
                 var rs = conn.createStatement().executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(migrations);
            }

            // Then a web and a worker dyno on that database (in this JVM, to keep the suite quick).
            String[] common = {"--tether.mode=live", "--tether.database-url=" + url, "--tether.heroku-api-key=procfile-heroku-key",
                    "--tether.heroku.base-url=" + heroku.baseUrl(), "--tether.api-token=" + TOKEN,
                    "--tether.keys.encryption-key=procfile-test-encryption-key", "--spring.jmx.enabled=false",
                    "--tether.data-dir=" + logs};
            java.util.List<String> webArgs = new java.util.ArrayList<>(java.util.List.of(common));
            webArgs.add("--server.port=0");
            try (var web = dev.tether.TetherApplication.start(dev.tether.TetherApplication.Role.WEB, webArgs.toArray(String[]::new));
                 var worker = dev.tether.TetherApplication.start(dev.tether.TetherApplication.Role.WORKER, common)) {
                assertThat(worker).isNotInstanceOf(org.springframework.boot.web.server.context.WebServerApplicationContext.class);
                assertThat(web.getBean(dev.tether.reconcile.ControlLoop.class).isRunning()).as("web dyno runs no loop").isFalse();
                assertThat(worker.getBean(dev.tether.reconcile.ControlLoop.class).isRunning()).isTrue();
                TetherApi api = new TetherApi(Integer.parseInt(web.getEnvironment().getProperty("local.server.port")), TOKEN);
                assertThat(api.withToken(null).get("/actuator/health/readiness").status()).isEqualTo(200);
                TetherApi.Response applied = api.yaml("""
                        apiVersion: tether.dev/v1
                        kind: HerokuApp
                        metadata:
                          name: procfile-app
                        spec:
                          configVars:
                            FROM: worker
                        """);
                assertThat(applied.status()).as(applied.body()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(api.get("/api/v1/resources/HerokuApp/procfile-app").json().at("/status/conditions").toString())
                                .contains("\"type\":\"Ready\",\"status\":\"True\""));
                assertThat(heroku.app("procfile-app").orElseThrow().config()).containsEntry("FROM", "worker");
            }
        }
    }

    @Test
    void aMissingRequiredVariableStopsStartUpWithOneLineNamingIt() throws Exception {
        Path log = Files.createTempFile("missing-", ".log");
        Map<String, String> env = herokuEnv("web.1", null);
        env.put("PORT", String.valueOf(freePort()));
        // no HEROKU_API_KEY
        Process web = run("web", env, log);
        assertThat(web.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(log);
        assertThat(web.exitValue()).as(out).isNotZero();
        List<String> lines = out.lines().toList();
        assertThat(lines.getLast()).startsWith("Tether cannot start: HEROKU_API_KEY is required in live mode");
        assertThat(lines.stream().filter(l -> l.contains("HEROKU_API_KEY")))
                .allSatisfy(l -> assertThat(l).doesNotContain("\tat "));
    }
}
