package dev.tether.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tether.TetherTestSupport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Tether's embedded PostgreSQL: it asks for its generated password (kept owner-only in the data
 * directory), listens on loopback only, and starts again over what a SIGKILLed Tether left.
 */
class EmbeddedDatabaseIT {

    private static Connection connect(int port, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p);
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void assertRefused(int port, String password) {
        assertThatThrownBy(() -> connect(port, "postgres", password).close())
                .as("connecting with password " + password)
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("28P01", "08004"));
    }

    @Test
    void refusesConnectionsWithoutItsPasswordWhichOnlyItsOwnerCanRead() throws Exception {
        Path dataDir = TetherTestSupport.freshDataDir();
        EmbeddedDatabase db = EmbeddedDatabase.start(dataDir);
        try {
            Path file = dataDir.resolve(EmbeddedDatabase.PASSWORD_FILE);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            String password = Files.readString(file, StandardCharsets.UTF_8).strip();
            assertThat(password).isEqualTo(db.password()).hasSizeGreaterThanOrEqualTo(24);

            assertRefused(db.port(), null);
            assertRefused(db.port(), "postgres");
            assertRefused(db.port(), password + "x");
            try (Connection c = connect(db.port(), "postgres", password)) {
                assertThat(query(c, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
                assertThat(query(c, "SELECT count(*) FROM pg_hba_file_rules WHERE auth_method IN ('trust', 'peer', 'ident')"))
                        .isEqualTo("0");
            }
        } finally {
            db.close();
        }
        // and the next start asks for the same password
        EmbeddedDatabase again = EmbeddedDatabase.start(dataDir);
        try {
            assertRefused(again.port(), null);
            try (Connection c = connect(again.port(), "postgres", again.password())) {
                assertThat(query(c, "SELECT 1")).isEqualTo("1");
            }
        } finally {
            again.close();
        }
    }

    @Test
    void givesADataDirectoryThatTrustedEveryoneAPassword() throws Exception {
        Path dataDir = TetherTestSupport.freshDataDir();
        // what an older Tether made: zonky's defaults, trust for every local user
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("postgres"))
                .setCleanDataDirectory(false).start();
             Connection c = old.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v TEXT)");
            s.execute("INSERT INTO kept VALUES ('applied before the upgrade')");
        }
        EmbeddedDatabase db = EmbeddedDatabase.start(dataDir);
        try {
            assertRefused(db.port(), null);
            try (Connection c = connect(db.port(), "postgres", db.password())) {
                assertThat(query(c, "SELECT v FROM kept")).isEqualTo("applied before the upgrade");
            }
            assertThat(Files.readString(dataDir.resolve(EmbeddedDatabase.PASSWORD_FILE)).strip()).isEqualTo(db.password());
        } finally {
            db.close();
        }
    }

    @Test
    void startsAgainWithItsDataAfterTheProcessHoldingItWasKilled() throws Exception {
        Path dataDir = TetherTestSupport.freshDataDir();
        File log = new File("target/embedded-database-child.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                EmbeddedDatabaseChild.class.getName(), dataDir.toString(), "written-before-the-kill"));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        try {
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                assertThat(child.isAlive()).as("the child runs; see " + log).isTrue();
                assertThat(Files.readString(log.toPath())).contains("READY");
            });
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, the postmaster is left as it was
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(dataDir.resolve("postgres/postmaster.pid")).exists();

        EmbeddedDatabase db = EmbeddedDatabase.start(dataDir);
        try (Connection c = connect(db.port(), "postgres", db.password())) {
            assertThat(query(c, "SELECT name FROM survivors")).isEqualTo("written-before-the-kill");
        } finally {
            db.close();
        }
    }

    @Test
    void startsOverAPidFileWhoseProcessIsNoLongerPostgres() throws Exception {
        Path dataDir = TetherTestSupport.freshDataDir();
        EmbeddedDatabase.start(dataDir).close();
        // a kill -9 left the file, and its PID now belongs to another process (here: this JVM),
        // which PostgreSQL on its own takes for a server still running
        Path pid = dataDir.resolve("postgres/postmaster.pid");
        Files.writeString(pid, ProcessHandle.current().pid() + "\n" + dataDir.resolve("postgres") + "\n1700000000\n5432\n/tmp\n127.0.0.1\n  5432001     0\nready   \n");

        EmbeddedDatabase db = EmbeddedDatabase.start(dataDir);
        try (Connection c = connect(db.port(), "postgres", db.password())) {
            assertThat(query(c, "SELECT 1")).isEqualTo("1");
        } finally {
            db.close();
        }
    }

    @Test
    void refusesADataDirectoryAnotherTetherIsUsing() throws Exception {
        Path dataDir = TetherTestSupport.freshDataDir();
        EmbeddedDatabase first = EmbeddedDatabase.start(dataDir);
        try {
            assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir).close())
                    .hasMessageContaining("in use by another running Tether process");
            try (Connection c = connect(first.port(), "postgres", first.password())) {
                assertThat(query(c, "SELECT 1")).isEqualTo("1");
            }
        } finally {
            first.close();
        }
    }
}
