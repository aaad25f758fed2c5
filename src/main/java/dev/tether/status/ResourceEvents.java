package dev.tether.status;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each resource's timeline: written by the store and the loop, read newest first. Events outlive
 * their resource: a deleted resource's timeline stays readable by its kind and name
 * ({@link #search}), so who deleted what, and what the clean-up destroyed, is never lost.
 */
@Service
public class ResourceEvents {

    private final EventRepository repository;
    private final JdbcClient jdbc;
    private final Clock clock;

    public ResourceEvents(EventRepository repository, JdbcClient jdbc, Clock clock) {
        this.repository = repository;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records an event inside the caller's transaction, so it commits or rolls back with it. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(long resourceId, EventType type, String reason, String message, String actor) {
        repository.save(new EventEntity(resourceId, type, reason, message, actor, clock.instant()));
    }

    /** Newest first; {@code beforeId} pages to older events. */
    @Transactional(readOnly = true)
    public List<ResourceEvent> list(long resourceId, int limit, Long beforeId) {
        List<EventEntity> rows = beforeId == null
                ? repository.findByResourceIdOrderByIdDesc(resourceId, Limit.of(limit))
                : repository.findByResourceIdAndIdLessThanOrderByIdDesc(resourceId, beforeId, Limit.of(limit));
        return rows.stream().map(EventEntity::toRecord).toList();
    }

    /**
     * What to look for across every resource's timeline, deleted resources included; a null
     * field does not filter.
     *
     * @param kind     the manifest kind as stored ({@code HerokuApp})
     * @param name     the resource's name: every resource that had it, one deleted and recreated included
     * @param reason   the event's reason ({@code DestructiveActionHeld})
     * @param since    events at or after this time
     * @param beforeId older than this event id (paging)
     */
    public record Query(String kind, String name, String reason, Instant since, Long beforeId, int limit) {
    }

    /** Newest first, across all resources (DESIGN §5 {@code GET /events}). */
    public List<ResourceEvent> search(Query q) {
        return jdbc.sql("""
                        SELECT id, kind, name, type, reason, message, actor, created_at FROM events
                        WHERE (CAST(:kind AS text) IS NULL OR kind = :kind)
                          AND (CAST(:name AS text) IS NULL OR name = :name)
                          AND (CAST(:reason AS text) IS NULL OR reason = :reason)
                          AND (CAST(:since AS timestamptz) IS NULL OR created_at >= :since)
                          AND (CAST(:before AS bigint) IS NULL OR id < :before)
                        ORDER BY id DESC
                        LIMIT :limit""")
                .param("kind", q.kind())
                .param("name", q.name())
                .param("reason", q.reason())
                .param("since", q.since() == null ? null : Timestamp.from(q.since()))
                .param("before", q.beforeId())
                .param("limit", q.limit())
                .query((rs, i) -> new ResourceEvent(rs.getLong("id"), rs.getString("kind"), rs.getString("name"),
                        EventType.valueOf(rs.getString("type")), rs.getString("reason"), rs.getString("message"),
                        rs.getString("actor"), rs.getTimestamp("created_at").toInstant()))
                .list();
    }
}
