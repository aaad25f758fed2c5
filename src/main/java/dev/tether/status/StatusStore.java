package dev.tether.status;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes each resource's {@link ResourceStatus}, apart from its spec. */
@Service
public class StatusStore {

    private final StatusRepository repository;
    private final JdbcClient jdbc;
    private final JsonMapper mapper;
    private final Clock clock;

    public StatusStore(StatusRepository repository, JdbcClient jdbc, JsonMapper mapper, Clock clock) {
        this.repository = repository;
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public ResourceStatus get(long resourceId) {
        return repository.findById(resourceId)
                .map(e -> mapper.readValue(e.status(), ResourceStatus.class))
                .orElseGet(() -> ResourceStatus.pending(clock.instant()));
    }

    @Transactional(readOnly = true)
    public Map<Long, ResourceStatus> getAll(Collection<Long> resourceIds) {
        Map<Long, ResourceStatus> result = new HashMap<>();
        repository.findAllById(resourceIds).forEach(e ->
                result.put(e.resourceId(), mapper.readValue(e.status(), ResourceStatus.class)));
        for (Long id : resourceIds) {
            result.computeIfAbsent(id, missing -> ResourceStatus.pending(clock.instant()));
        }
        return result;
    }

    /** Reads, changes and writes one resource's status under a row lock. */
    @Transactional
    public ResourceStatus update(long resourceId, java.util.function.UnaryOperator<ResourceStatus> change) {
        ResourceStatus next = change.apply(get(resourceId));
        put(resourceId, next);
        return next;
    }

    /** Sets one condition, keeping the rest of the status. */
    @Transactional
    public ResourceStatus setCondition(long resourceId, String type, ConditionStatus status, String reason, String message) {
        return update(resourceId, s -> s.withConditions(
                Conditions.set(s.conditions(), type, status, reason, message, clock.instant())));
    }

    /** Writes one resource's status and, with it, its {@link StatusHealth} (what the overview counts). */
    @Transactional
    public void put(long resourceId, ResourceStatus status) {
        String json = mapper.writeValueAsString(status);
        repository.findById(resourceId).ifPresentOrElse(
                e -> e.update(json, status, clock.instant()),
                () -> repository.save(new StatusEntity(resourceId, json, status, clock.instant())));
    }

    /**
     * Decides the {@link StatusHealth} of every status written before it was stored (migration
     * V61), from its document, so a count by health in SQL covers every resource. A status
     * written meanwhile already carries its own and is left alone. Costs one index probe when
     * there is nothing to do.
     *
     * @return how many statuses were filled in
     */
    public int fillMissingHealth() {
        int filled = 0;
        while (true) {
            List<Missing> batch = jdbc.sql("SELECT resource_id, status::text AS status FROM resource_status WHERE health IS NULL LIMIT 500")
                    .query((rs, n) -> new Missing(rs.getLong("resource_id"), rs.getString("status"))).list();
            if (batch.isEmpty()) {
                return filled;
            }
            for (Missing m : batch) {
                ResourceStatus s = mapper.readValue(m.status(), ResourceStatus.class);
                filled += jdbc.sql("""
                                UPDATE resource_status SET health = :health, observed_generation = :observed, reconciled_at = :at
                                WHERE resource_id = :id AND health IS NULL""")
                        .param("health", StatusHealth.of(s).name())
                        .param("observed", s.observedGeneration(), java.sql.Types.BIGINT)
                        .param("at", s.lastReconciledAt() == null ? null : java.sql.Timestamp.from(s.lastReconciledAt()),
                                java.sql.Types.TIMESTAMP)
                        .param("id", m.resourceId())
                        .update();
            }
        }
    }

    private record Missing(long resourceId, String status) {
    }
}
