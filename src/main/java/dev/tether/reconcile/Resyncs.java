package dev.tether.reconcile;

import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Full resyncs (DESIGN §3): every resource due now with full observation, and the progress of
 * that sweep: a resource counts as done once a pass that started after the resync finished.
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
        return jdbc.sql("""
                        SELECT r.id, r.started_at, r.started_by, r.total,
                               count(q.kind) FILTER (WHERE q.last_started_at >= r.started_at
                                                      AND q.last_finished_at >= q.last_started_at) AS done,
                               count(q.kind) FILTER (WHERE q.last_started_at >= r.started_at
                                                      AND q.last_finished_at >= q.last_started_at
                                                      AND q.last_outcome IN ('Failed', 'Retrying', 'Error')) AS failing
                        FROM resyncs r LEFT JOIN work_queue q ON true
                        WHERE r.id = :id
                        GROUP BY r.id""")
                .param("id", id)
                .query((rs, i) -> new Progress(rs.getLong("id"), rs.getTimestamp("started_at").toInstant(),
                        rs.getString("started_by"), rs.getInt("total"), rs.getInt("done"), rs.getInt("failing")))
                .optional();
    }
}
