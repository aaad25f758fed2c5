package dev.tether.status;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes each resource's {@link ResourceStatus}, apart from its spec. */
@Service
public class StatusStore {

    private final StatusRepository repository;
    private final JsonMapper mapper;
    private final Clock clock;

    public StatusStore(StatusRepository repository, JsonMapper mapper, Clock clock) {
        this.repository = repository;
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

    @Transactional
    public void put(long resourceId, ResourceStatus status) {
        String json = mapper.writeValueAsString(status);
        repository.findById(resourceId).ifPresentOrElse(
                e -> e.update(json, clock.instant()),
                () -> repository.save(new StatusEntity(resourceId, json, clock.instant())));
    }
}
