package dev.tether.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The durable outbox ({@code notification_outbox}): rows are added in the transaction of the
 * pass that saw the occurrence, claimed one at a time under a lease with
 * {@code FOR UPDATE SKIP LOCKED} (so several workers, in any process, never send a row
 * together), and marked delivered only after the target answered 2xx. Per notifier and
 * resource, a row is claimed only once every earlier one was delivered, so a clearing never
 * overtakes its occurrence.
 */
@Component
class NotificationOutbox {

    /** One message to send. */
    record Delivery(long id, String notifier, String kind, String name, String reason, String state, String message,
                    String actor, Instant occurredAt, int attempts) {
    }

    /** What is waiting for one Notifier. */
    record Backlog(long pending, long retrying, String lastError) {
    }

    private final JdbcClient jdbc;

    NotificationOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void add(String notifier, String kind, String name, Occurrence o, Instant at) {
        jdbc.sql("""
                        INSERT INTO notification_outbox (notifier, resource_kind, resource_name, reason, state, message, actor, occurred_at)
                        VALUES (:notifier, :kind, :name, :reason, :state, :message, :actor, :at)""")
                .param("notifier", notifier).param("kind", kind).param("name", name).param("reason", o.reason())
                .param("state", o.resolved() ? "resolved" : "firing").param("message", o.message()).param("actor", o.actor())
                .param("at", java.sql.Timestamp.from(at)).update();
    }

    Optional<Delivery> claim(String worker, Duration lease) {
        return jdbc.sql("""
                        UPDATE notification_outbox o SET claimed_by = :worker, claimed_until = now() + make_interval(secs => :lease),
                               attempts = o.attempts + 1
                        WHERE o.id = (
                            SELECT c.id FROM notification_outbox c
                            WHERE c.delivered_at IS NULL AND c.next_attempt_at <= now()
                              AND (c.claimed_until IS NULL OR c.claimed_until < now())
                              AND NOT EXISTS (SELECT 1 FROM notification_outbox e
                                              WHERE e.delivered_at IS NULL AND e.notifier = c.notifier
                                                AND e.resource_kind = c.resource_kind AND e.resource_name = c.resource_name
                                                AND e.id < c.id)
                            ORDER BY c.id
                            LIMIT 1
                            FOR UPDATE SKIP LOCKED)
                        RETURNING o.id, o.notifier, o.resource_kind, o.resource_name, o.reason, o.state, o.message, o.actor,
                                  o.occurred_at, o.attempts""")
                .param("worker", worker).param("lease", (double) lease.toMillis() / 1000)
                .query((rs, n) -> new Delivery(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getTimestamp(9).toInstant(), rs.getInt(10)))
                .optional();
    }

    /** Marks a claimed row sent; false when this worker's lease had lapsed and someone else took it. */
    boolean delivered(long id, String worker) {
        return jdbc.sql("""
                        UPDATE notification_outbox SET delivered_at = now(), claimed_by = NULL, claimed_until = NULL, last_error = NULL
                        WHERE id = :id AND claimed_by = :worker AND delivered_at IS NULL""")
                .param("id", id).param("worker", worker).update() == 1;
    }

    /** Gives a claimed row back, to be tried again at {@code next}. */
    void retry(long id, String worker, Instant next, String error) {
        jdbc.sql("""
                        UPDATE notification_outbox SET claimed_by = NULL, claimed_until = NULL, next_attempt_at = :next, last_error = :error
                        WHERE id = :id AND claimed_by = :worker AND delivered_at IS NULL""")
                .param("id", id).param("worker", worker).param("next", java.sql.Timestamp.from(next)).param("error", error).update();
    }

    /** Closes a row that can never be sent (its Notifier was deleted), recording why. */
    void drop(long id, String worker, String why) {
        jdbc.sql("""
                        UPDATE notification_outbox SET delivered_at = now(), claimed_by = NULL, claimed_until = NULL, last_error = :why
                        WHERE id = :id AND claimed_by = :worker""")
                .param("id", id).param("worker", worker).param("why", why).update();
    }

    Backlog backlog(String notifier) {
        return jdbc.sql("""
                        SELECT count(*), count(*) FILTER (WHERE attempts > 0),
                               (SELECT last_error FROM notification_outbox l WHERE l.notifier = :n AND l.delivered_at IS NULL
                                  AND l.last_error IS NOT NULL ORDER BY l.id LIMIT 1)
                        FROM notification_outbox WHERE notifier = :n AND delivered_at IS NULL""")
                .param("n", notifier)
                .query((rs, i) -> new Backlog(rs.getLong(1), rs.getLong(2), rs.getString(3))).single();
    }
}
