package dev.tether.chaos;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL (zonky's embedded binaries, nothing installed) that can be stopped and
 * started again on the same port with the same data, as a database failover or restart looks
 * to its clients: connections drop, new ones are refused, then the same URL works again.
 */
final class RestartablePostgres implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres running;

    RestartablePostgres(Path dataDir) {
        this.dataDir = dataDir;
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    int port() {
        return port;
    }

    /** The URL Tether reads as {@code DATABASE_URL} (trust auth: the password is not checked). */
    String databaseUrl() {
        return "postgres://postgres:unused@localhost:" + port + "/postgres";
    }

    synchronized void start() {
        if (running != null) {
            return;
        }
        try {
            running = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
                    .setPort(port).setServerConfig("max_connections", "200").start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server (pg_ctl stop, fast mode: open connections are cut). */
    synchronized void stop() {
        if (running == null) {
            return;
        }
        try {
            running.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        running = null;
    }

    synchronized boolean isRunning() {
        return running != null;
    }

    @Override
    public void close() {
        stop();
    }
}
