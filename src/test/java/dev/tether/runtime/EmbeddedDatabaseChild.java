package dev.tether.runtime;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A process that starts Tether's embedded database on a data directory, writes a row, says
 * {@code READY} and waits to be killed: what a Tether killed with SIGKILL leaves behind.
 */
public final class EmbeddedDatabaseChild {

    private EmbeddedDatabaseChild() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(args[0]));
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS survivors (name TEXT PRIMARY KEY)");
            s.execute("INSERT INTO survivors VALUES ('" + args[1] + "') ON CONFLICT DO NOTHING");
        }
        System.out.println("READY " + db.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
