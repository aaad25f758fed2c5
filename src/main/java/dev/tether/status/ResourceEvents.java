package dev.tether.status;

import java.time.Clock;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Each resource's timeline: written by the store and the loop, read newest first. */
@Service
public class ResourceEvents {

    private final EventRepository repository;
    private final Clock clock;

    public ResourceEvents(EventRepository repository, Clock clock) {
        this.repository = repository;
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
}
