package dev.tether.runtime;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL under {@code TETHER_DATA_DIR}: it listens on 127.0.0.1 only and asks
 * every connection, local socket included, for the password of its {@code postgres} role. The
 * password is generated on first start and kept in {@code TETHER_DATA_DIR/postgres-password},
 * readable by its owner only; a data directory made by an older Tether (trust for everyone) is
 * given one on its next start.
 *
 * <p>It also starts over what a killed Tether left behind: a {@code postmaster.pid} whose
 * process is gone (or is no longer PostgreSQL) is removed, and a PostgreSQL still serving this
 * directory after its Tether was killed is shut down first. Another running Tether on the same
 * directory is refused, by name.
 */
public final class EmbeddedDatabase {

    /** File under the data directory holding the generated password of the {@code postgres} role. */
    public static final String PASSWORD_FILE = "postgres-password";
    static final String USER = "postgres";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final String HBA = """
            # Written by Tether at every start: every connection needs the postgres role's password
            # (kept in TETHER_DATA_DIR/postgres-password). Nothing is trusted.
            local   all   all                  scram-sha-256
            host    all   all   127.0.0.1/32   scram-sha-256
            host    all   all   ::1/128        scram-sha-256
            """;

    private final EmbeddedPostgres postgres;
    private final String password;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String password) {
        this.postgres = postgres;
        this.password = password;
    }

    /** Starts (initialising on first use) the database whose files live in {@code dataDir/postgres}. */
    public static EmbeddedDatabase start(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().resolve("postgres");
        Path passwordFile = dataDir.toAbsolutePath().resolve(PASSWORD_FILE);
        try {
            Files.createDirectories(dir);
            boolean initialised = Files.exists(dir.resolve("postgresql.conf"));
            // A cluster an older Tether made has no password yet: it gets one once it runs.
            boolean trusting = initialised && !Files.exists(passwordFile);
            String password = trusting ? generatePassword() : readOrCreatePassword(passwordFile);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(true)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setConnectConfig("password", password)
                    .setDataDirectoryCustomizer(d -> {
                        // zonky calls this holding the data directory's lock (epg-lock), so no
                        // other Tether is using it: a postmaster.pid here was left by a dead one.
                        clearLeftoverPostmaster(d.toPath());
                        if (!trusting) {
                            writeHba(d.toPath());
                        }
                    });
            if (!initialised) {
                // zonky runs initdb with -A trust; these are appended after it and win. They are
                // initdb options, passed through zonky's "locale" options, the only ones it forwards.
                builder.setLocaleConfig("auth-host", "scram-sha-256")
                        .setLocaleConfig("auth-local", "scram-sha-256")
                        .setLocaleConfig("pwfile", passwordFile.toString());
            }
            EmbeddedPostgres pg = start(builder, dir);
            EmbeddedDatabase db = new EmbeddedDatabase(pg, password);
            if (trusting) {
                db.requirePassword(dir, passwordFile);
            }
            log.info("Embedded PostgreSQL on 127.0.0.1:{} with data in {} (password in {})", pg.getPort(), dir, passwordFile);
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL in " + dir, e);
        }
    }

    private static EmbeddedPostgres start(EmbeddedPostgres.Builder builder, Path dir) throws IOException {
        try {
            return builder.start();
        } catch (IllegalStateException e) {
            // tryLock answers null across processes, and throws OverlappingFileLockException within one
            if (e instanceof java.nio.channels.OverlappingFileLockException
                    || e.getMessage() != null && e.getMessage().startsWith("could not lock")) {
                throw new IllegalStateException("the embedded PostgreSQL in " + dir
                        + " is in use by another running Tether process; stop it, or give this one another TETHER_DATA_DIR", e);
            }
            throw e;
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    public String username() {
        return USER;
    }

    public String password() {
        return password;
    }

    /** Stops the server (fast shutdown); its data stays for the next start. */
    public void close() throws IOException {
        postgres.close();
    }

    /** Sets the password on a cluster that trusted everyone, then makes it ask for it. */
    private void requirePassword(Path dir, Path passwordFile) throws IOException {
        // The password only ever consists of base64url characters: safe to write in the statement.
        try (Connection c = DriverManager.getConnection(jdbcUrl(), USER, password); Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + USER + " PASSWORD '" + password + "'");
            writeHba(dir);
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("could not set a password on the embedded PostgreSQL in " + dir + ": " + e.getMessage()
                    + " (if " + passwordFile + " was removed, put it back: the database asks for the password it holds)", e);
        }
        Path pending = passwordFile.resolveSibling(PASSWORD_FILE + ".new");
        writeOwnerOnly(pending, password);
        Files.move(pending, passwordFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        log.info("The embedded PostgreSQL in {} now asks for a password (kept in {})", dir, passwordFile);
    }

    /**
     * A {@code postmaster.pid} from a PostgreSQL that is no longer running (kill -9, a power cut)
     * is removed: its PID may belong to another process by now, which PostgreSQL itself would take
     * for a live server. A PostgreSQL that still serves this directory outlived the Tether that
     * started it (its postmaster is not the JVM's child), and is shut down so it can start again.
     */
    static void clearLeftoverPostmaster(Path dir) {
        Path pidFile = dir.resolve("postmaster.pid");
        List<String> lines;
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + pidFile, e);
        }
        long pid;
        try {
            pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException e) {
            pid = -1;
        }
        Optional<ProcessHandle> process = pid > 0 ? ProcessHandle.of(pid).filter(ProcessHandle::isAlive) : Optional.empty();
        if (process.isEmpty() || !servesDirectory(process.get(), dir)) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                throw new UncheckedIOException("could not remove the stale " + pidFile, e);
            }
            log.warn("Removed a stale {} (PID {} is not a PostgreSQL serving it: left by a process that was killed)", pidFile, pid);
            return;
        }
        ProcessHandle orphan = process.get();
        log.warn("PostgreSQL (PID {}) still serves {} after the Tether that started it stopped; shutting it down", pid, dir);
        orphan.destroy(); // SIGTERM: PostgreSQL's smart shutdown; its clients died with their Tether
        try {
            orphan.onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("a PostgreSQL (PID " + pid + ") is still running on " + dir
                    + " and did not stop within 60 s; stop it (pg_ctl stop -D " + dir + ") and start Tether again", e);
        }
    }

    /** Whether the live process is a PostgreSQL server with this data directory. */
    private static boolean servesDirectory(ProcessHandle process, Path dir) {
        ProcessHandle.Info info = process.info();
        Optional<String> command = info.command();
        if (command.isEmpty()) {
            // Another user's process: it cannot be inspected, nor is it ours to stop.
            throw new IllegalStateException(dir.resolve("postmaster.pid") + " names PID " + process.pid()
                    + ", a running process Tether cannot inspect; if no PostgreSQL uses " + dir + ", remove that file");
        }
        String name = Path.of(command.get()).getFileName().toString();
        if (!name.equals("postgres") && !name.equals("postmaster")) {
            return false;
        }
        String args = String.join(" ", info.arguments().orElse(new String[0]));
        return args.contains(dir.toString());
    }

    private static void writeHba(Path dir) {
        try {
            Files.writeString(dir.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + dir.resolve("pg_hba.conf"), e);
        }
    }

    private static String readOrCreatePassword(Path file) throws IOException {
        if (Files.exists(file)) {
            String existing = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!existing.isEmpty()) {
                return existing;
            }
        }
        String password = generatePassword();
        writeOwnerOnly(file, password);
        return password;
    }

    private static void writeOwnerOnly(Path file, String password) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
    }

    private static String generatePassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "EmbeddedDatabase[port=" + postgres.getPort() + "]";
    }
}
