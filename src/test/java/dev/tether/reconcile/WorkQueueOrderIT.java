package dev.tether.reconcile;

import dev.tether.manifest.ResourceKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.manifest.Kind;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The queue, on a real PostgreSQL with Tether's migrations: a key triggered since its last pass
 * (a webhook, an apply) is claimed before keys that are merely due by timer, however overdue
 * those are, so a webhook's drift never waits behind a backlog of polls.
 */
class WorkQueueOrderIT {

    private static EmbeddedPostgres postgres;
    private static WorkQueue queue;
    private static JdbcClient jdbc;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(postgres.getPostgresDatabase());
        queue = new WorkQueue(jdbc);
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    private static ResourceKey key(String name) {
        return new ResourceKey(Kind.HEROKU_APP, name);
    }

    /** A key that had its pass and is now due again only because its timer ran out. */
    private static void polledAndOverdue(String name, Duration overdue) {
        queue.enqueue(key(name), Instant.now().minusSeconds(3600), "Applied", false);
        WorkQueue.Claim claim = queue.claim("setup", Duration.ofMinutes(1)).orElseThrow();
        assertThat(claim.key()).isEqualTo(key(name));
        assertThat(queue.complete(claim, "setup", Instant.now().minus(overdue), "InSync")).isTrue();
    }

    @Test
    void claimsTriggeredKeysBeforeOverduePollsThenThePollsOldestFirst() {
        polledAndOverdue("polled-long-ago", Duration.ofMinutes(10));
        polledAndOverdue("polled-recently", Duration.ofMinutes(1));
        polledAndOverdue("webhooked", Duration.ofMinutes(5));
        // a webhook arrives for a key that was polled before: due now, but ahead of older polls
        queue.enqueue(key("webhooked"), Instant.now(), "Webhook", false);
        // a brand-new key (never claimed) counts as triggered too
        queue.enqueue(key("just-applied"), Instant.now().minusMillis(10), "Applied", false);

        assertThat(claimName()).isEqualTo("webhooked");
        assertThat(claimName()).isEqualTo("just-applied");
        assertThat(claimName()).isEqualTo("polled-long-ago");
        assertThat(claimName()).isEqualTo("polled-recently");
        assertThat(queue.claim("w", Duration.ofMinutes(1))).isEmpty();
    }

    private static String claimName() {
        Optional<WorkQueue.Claim> claim = queue.claim("w", Duration.ofMinutes(1));
        assertThat(claim).isPresent();
        return claim.get().key().name();
    }
}
