package dev.tether.reconcile;

import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Full resyncs (DESIGN §3): every resource due now with full observation, and the progress of
 * that sweep. Of the resources that existed when it began, one counts as done once a pass that
 * started after the resync finished, or once it is gone (deleted meanwhile and forgotten by the
 * loop): so a resync finishes even when resources are deleted during it.
 */
@Service
public class Resyncs {

    private final JdbcClient jdbc;
    private final WorkQueue queue;

    public Resyncs(JdbcClient jdbc, WorkQueue queue) {
        this.jdbc = jdbc;
        this.queue = queue;
    }

    /** Progress of one resync. {@code failing} counts resources whose latest pass did not converge. */
    public record Progress(long id, Instant startedAt, String startedBy, int total, int done, int failing) {
        @com.fasterxml.jackson.annotation.JsonProperty("finished")
        public boolean finished() {
            return done >= total;
        }
    }

    @Transactional
    public Progress start(String actor) {
        int total = jdbc.sql("SELECT count(*) FROM resources").query(Integer.class).single();
        long id = jdbc.sql("INSERT INTO resyncs (started_by, total) VALUES (:by, :total) RETURNING id")
                .param("by", actor).param("total", total).query(Long.class).single();
        queue.enqueueAll("Resync");
        return get(id).orElseThrow();
    }

    public Optional<Progress> get(long id) {
        // Pending: resources of the resync (created before it began) still there and without a
        // pass since; what is gone was forgotten after its deletion, and counts as done.
        return jdbc.sql("""
                        SELECT r.id, r.started_at, r.started_by, r.total,
                               count(x.id) FILTER (WHERE NOT d.passed) AS pending,
                               count(x.id) FILTER (WHERE d.passed
                                                    AND q.last_outcome IN ('Failed', 'Retrying', 'Error')) AS failing
                        FROM resyncs r
                        LEFT JOIN resources x ON x.created_at <= r.started_at
                        LEFT JOIN work_queue q ON q.kind = x.kind AND q.name = x.name
                        CROSS JOIN LATERAL (SELECT coalesce(q.last_started_at >= r.started_at
                                                            AND q.last_finished_at >= q.last_started_at, false) AS passed) d
                        WHERE r.id = :id
                        GROUP BY r.id""")
                .param("id", id)
                .query((rs, i) -> {
                    int total = rs.getInt("total");
                    return new Progress(rs.getLong("id"), rs.getTimestamp("started_at").toInstant(),
                            rs.getString("started_by"), total, Math.max(0, total - rs.getInt("pending")), rs.getInt("failing"));
                })
                .optional();
    }
}
