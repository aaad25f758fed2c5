package dev.tether.runtime;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tether's own database is always real PostgreSQL: the one {@code DATABASE_URL} names, or an
 * embedded server whose data lives under {@code TETHER_DATA_DIR/postgres}, so that a restart
 * keeps everything that was applied ({@link EmbeddedDatabase}: password required, loopback only).
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    DatabaseServer databaseServer(TetherProperties props, org.springframework.core.env.Environment env) {
        if (props.databaseUrl() != null) {
            return new DatabaseServer(null, DatabaseUrl.parse(props.databaseUrl()));
        }
        if (env.containsProperty("DYNO")) {
            // A dyno's disk is wiped at every restart: an embedded database there would lose everything.
            throw new MissingSettingException("DATABASE_URL",
                    "is required on a Heroku dyno (heroku addons:create heroku-postgresql:essential-0)");
        }
        EmbeddedDatabase db = EmbeddedDatabase.start(props.dataDir());
        return new DatabaseServer(db, new DatabaseUrl(db.jdbcUrl(), db.username(), db.password()));
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseServer server, org.springframework.core.env.Environment env) {
        // TETHER_DB_POOL_SIZE: Heroku Postgres plans cap connections (essential-0: 20) across all dynos.
        int poolSize = env.getProperty("tether.database.pool-size", Integer.class, 10);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.url().jdbcUrl());
        config.setUsername(server.url().username());
        config.setPassword(server.url().password());
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setPoolName("tether");
        // A database that is briefly away must not stop start-up order or crash the loop.
        config.setInitializationFailTimeout(30_000);
        // ...and while it is away, a borrower (the readiness check, a worker) hears so within
        // seconds instead of Hikari's default 30 s, so /actuator/health/readiness answers 503 then.
        java.time.Duration wait = env.getProperty("tether.database.connection-timeout", java.time.Duration.class,
                java.time.Duration.ofSeconds(5));
        config.setConnectionTimeout(Math.max(250, wait.toMillis()));
        config.setValidationTimeout(Math.max(250, Math.min(3_000, wait.toMillis() - 1)));
        return new HikariDataSource(config);
    }

    /** The running database: an embedded server we own and must stop, or an external URL. */
    record DatabaseServer(EmbeddedDatabase embedded, DatabaseUrl url) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
