package dev.tether.status;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code events}. */
@Entity
@Table(name = "events")
class EventEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "resource_id", nullable = false)
    private Long resourceId;

    /** Filled in by the database from the resource as the row is written (migration V25). */
    @Column(insertable = false, updatable = false)
    private String kind;

    @Column(insertable = false, updatable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private EventType type;

    @Column(nullable = false)
    private String reason;

    @Column(nullable = false)
    private String message;

    private String actor;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected EventEntity() {
    }

    EventEntity(Long resourceId, EventType type, String reason, String message, String actor, Instant createdAt) {
        this.resourceId = resourceId;
        this.type = type;
        this.reason = reason;
        this.message = message;
        this.actor = actor;
        this.createdAt = createdAt;
    }

    ResourceEvent toRecord() {
        return new ResourceEvent(id, kind, name, type, reason, message, actor, createdAt);
    }
}
