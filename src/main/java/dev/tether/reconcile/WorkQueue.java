package dev.tether.reconcile;

import dev.tether.manifest.ResourceKey;
import dev.tether.manifest.WorkIntake;
import dev.tether.manifest.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The control loop's work queue in PostgreSQL (DESIGN §1). Keys are claimed with
 * {@code FOR UPDATE SKIP LOCKED} under a lease: a key is reconciled by one worker at a time, and
 * a claim that outlives a crashed worker expires and is taken again. Every trigger bumps a
 * sequence number, so a trigger that arrives during a pass is never lost: the key is due again
 * as soon as that pass completes.
 *
 * <p>Each claim bumps the key's {@code claim_token} (a fencing token): {@link #renew},
 * {@link #complete} and {@link #retry} act only while the token is still the one claimed, so a
 * worker whose lease ran out and was taken over can neither extend it nor overwrite the new
 * owner's bookkeeping. See {@link Lease} for how a pass keeps its lease and fences its writes.
 */
@Component
public class WorkQueue implements WorkIntake {

    /** The channel {@code NOTIFY} wakes waiting workers on. */
    public static final String CHANNEL = "tether_work";

    private final JdbcClient jdbc;

    public WorkQueue(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A claimed key: reconcile it, then {@link #complete} or {@link #retry} it.
     *
     * @param token       the fencing token of this claim (see {@link #renew})
     * @param triggered   something enqueued the key since its last claim (apply, delivery, request, wake)
     * @param lastOutcome how the key's last completed pass ended ({@code InSync}, {@code Progressing}, ...;
     *                    {@code Retrying} after a retry), null before its first
     */
    public record Claim(ResourceKey key, long seq, int attempts, boolean fullObservation, String reason, long token,
                        Instant dueAt, boolean triggered, String lastOutcome) {
    }

    /**
     * Makes the key due at {@code dueAt} (or earlier, if it already was) and wakes a worker.
     * Joins the caller's transaction, so a rolled-back apply enqueues nothing.
     */
    @Override
    @Transactional
    public void enqueue(ResourceKey key, Instant dueAt, String reason, boolean fullObservation) {
        jdbc.sql("""
                        INSERT INTO work_queue (kind, name, due_at, reason, full_observation)
                        VALUES (:kind, :name, :due, :reason, :full)
                        ON CONFLICT (kind, name) DO UPDATE SET
                            due_at = LEAST(work_queue.due_at, EXCLUDED.due_at),
                            requested_seq = work_queue.requested_seq + 1,
                            reason = EXCLUDED.reason,
                            full_observation = work_queue.full_observation OR EXCLUDED.full_observation,
                            updated_at = now()""")
                .param("kind", key.kind().manifestName())
                .param("name", key.name())
                .param("due", java.sql.Timestamp.from(dueAt))
                .param("reason", reason)
                .param("full", fullObservation)
                .update();
        jdbc.sql("SELECT pg_notify('" + CHANNEL + "', :key)").param("key", key.toString()).query().singleRow();
    }

    /**
     * Claims up to one due key for {@code worker}, for at most {@code lease}: keys triggered
     * since their last claim first (an apply, a webhook, a reconcile request), then scheduled
     * polls and retries, each group oldest due first.
     */
    @Transactional
    public Optional<Claim> claim(String worker, Duration lease) {
        return jdbc.sql("""
                        WITH due AS MATERIALIZED (
                              -- MATERIALIZED: evaluated once; a re-scanned SKIP LOCKED subquery can claim several keys
                              SELECT kind, name, (claimed_seq IS NULL OR requested_seq > claimed_seq) AS triggered
                              FROM work_queue
                              WHERE due_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
                              -- triggered since its last claim (apply, webhook, request) before mere timers:
                              -- a webhook's drift is not kept waiting behind overdue polls
                              ORDER BY (claimed_seq IS NULL OR requested_seq > claimed_seq) DESC, due_at
                              LIMIT 1
                              FOR UPDATE SKIP LOCKED)
                        UPDATE work_queue q SET claimed_by = :worker,
                               claimed_until = now() + make_interval(secs => :lease),
                               claimed_seq = q.requested_seq,
                               claim_token = q.claim_token + 1,
                               last_started_at = now(),
                               updated_at = now()
                        FROM due
                        WHERE q.kind = due.kind AND q.name = due.name
                        RETURNING q.kind, q.name, q.requested_seq, q.attempts, q.full_observation, q.reason, q.claim_token,
                                  q.due_at, due.triggered, q.last_outcome""")
                .param("worker", worker)
                .param("lease", seconds(lease))
                .query((rs, i) -> new Claim(
                        new ResourceKey(Kind.fromName(rs.getString("kind")).orElseThrow(), rs.getString("name")),
                        rs.getLong("requested_seq"), rs.getInt("attempts"), rs.getBoolean("full_observation"),
                        rs.getString("reason"), rs.getLong("claim_token"), rs.getTimestamp("due_at").toInstant(),
                        rs.getBoolean("triggered"), rs.getString("last_outcome")))
                .optional();
    }

    /**
     * Extends the claim to {@code lease} from now, only while it is still this claim: the same
     * worker and fencing token. False when another worker has claimed the key since (or the pass
     * already ended), and then the caller must not write anything more for the key.
     */
    @Transactional
    public boolean renew(Claim claim, String worker, Duration lease) {
        return jdbc.sql("""
                        UPDATE work_queue SET claimed_until = now() + make_interval(secs => :lease)
                        WHERE kind = :kind AND name = :name AND claimed_by = :worker AND claim_token = :token""")
                .param("lease", seconds(lease))
                .param("kind", claim.key().kind().manifestName())
                .param("name", claim.key().name())
                .param("worker", worker)
                .param("token", claim.token())
                .update() == 1;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    /**
     * The pass succeeded: due again after {@code next}, unless a trigger arrived meanwhile.
     * Returns false when the claim had already expired and another worker owns the key.
     */
    @Transactional
    public boolean complete(Claim claim, String worker, Instant next, String outcome) {
        return jdbc.sql("""
                        UPDATE work_queue SET
                            due_at = CASE WHEN requested_seq > :seq THEN now() ELSE :next END,
                            full_observation = CASE WHEN requested_seq > :seq THEN full_observation ELSE false END,
                            attempts = 0, last_error = NULL, claimed_by = NULL, claimed_until = NULL,
                            last_finished_at = now(), last_outcome = :outcome, updated_at = now()
                        WHERE kind = :kind AND name = :name AND claimed_by = :worker AND claim_token = :token""")
                .param("token", claim.token())
                .param("seq", claim.seq())
                .param("next", java.sql.Timestamp.from(next))
                .param("outcome", outcome)
                .param("kind", claim.key().kind().manifestName())
                .param("name", claim.key().name())
                .param("worker", worker)
                .update() == 1;
    }

    /**
     * The pass failed in a way a later attempt may not: due again at {@code retryAt}. Returns
     * false when the claim is no longer this one (another worker owns the key).
     */
    @Transactional
    public boolean retry(Claim claim, String worker, Instant retryAt, String error) {
        return jdbc.sql("""
                        UPDATE work_queue SET
                            due_at = CASE WHEN requested_seq > :seq THEN LEAST(now() + interval '1 second', :retry) ELSE :retry END,
                            attempts = attempts + 1, last_error = :error, claimed_by = NULL, claimed_until = NULL,
                            last_finished_at = now(), last_outcome = 'Retrying', updated_at = now()
                        WHERE kind = :kind AND name = :name AND claimed_by = :worker AND claim_token = :token""")
                .param("token", claim.token())
                .param("seq", claim.seq())
                .param("retry", java.sql.Timestamp.from(retryAt))
                .param("error", error)
                .param("kind", claim.key().kind().manifestName())
                .param("name", claim.key().name())
                .param("worker", worker)
                .update() == 1;
    }

    /**
     * True when the key is already due, unclaimed, and triggered since its last pass began: one
     * more trigger would only make the same pass, so a burst of triggers coalesces into one.
     */
    public boolean waitingForAPass(ResourceKey key) {
        return jdbc.sql("""
                        SELECT count(*) FROM work_queue
                        WHERE kind = :kind AND name = :name AND due_at <= now()
                          AND (claimed_until IS NULL OR claimed_until < now())
                          AND (claimed_seq IS NULL OR requested_seq > claimed_seq)""")
                .param("kind", key.kind().manifestName()).param("name", key.name())
                .query(Long.class).single() > 0;
    }

    /** The resource is gone: forget its key. */
    @Transactional
    public void remove(ResourceKey key) {
        jdbc.sql("DELETE FROM work_queue WHERE kind = :kind AND name = :name")
                .param("kind", key.kind().manifestName())
                .param("name", key.name())
                .update();
    }

    /** Queue depth (keys due now) and the oldest due time, for pages and metrics. */
    public record Depth(long due, Instant oldestDue) {
    }

    public Depth depth() {
        return jdbc.sql("SELECT count(*) AS n, min(due_at) AS oldest FROM work_queue WHERE due_at <= now()")
                .query((rs, i) -> new Depth(rs.getLong("n"),
                        rs.getTimestamp("oldest") == null ? null : rs.getTimestamp("oldest").toInstant()))
                .single();
    }

    /** Makes every resource's key due now, with full observation (no ETag shortcuts). */
    @Transactional
    public int enqueueAll(String reason) {
        int n = jdbc.sql("""
                        INSERT INTO work_queue (kind, name, due_at, reason, full_observation)
                        SELECT kind, name, now(), :reason, true FROM resources
                        ON CONFLICT (kind, name) DO UPDATE SET due_at = now(),
                            requested_seq = work_queue.requested_seq + 1, reason = EXCLUDED.reason,
                            full_observation = true, updated_at = now()""")
                .param("reason", reason)
                .update();
        jdbc.sql("SELECT pg_notify('" + CHANNEL + "', 'all')").query().singleRow();
        return n;
    }

    /** Adds a key for every resource that has none (e.g. created before the queue existed). */
    @Transactional
    public int enqueueMissing() {
        return jdbc.sql("""
                        INSERT INTO work_queue (kind, name, due_at, reason)
                        SELECT r.kind, r.name, now(), 'Missing' FROM resources r
                        LEFT JOIN work_queue q ON q.kind = r.kind AND q.name = r.name
                        WHERE q.kind IS NULL
                        ON CONFLICT DO NOTHING""")
                .update();
    }
}
