package dev.tether.manifest;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/** Row of {@code resource_generations}: one spec a resource has had. */
@Entity
@Table(name = "resource_generations")
@IdClass(GenerationEntity.Key.class)
class GenerationEntity {

    @Id
    @Column(name = "resource_id")
    private Long resourceId;

    @Id
    private long generation;

    @Column(columnDefinition = "jsonb", nullable = false)
    @ColumnTransformer(write = "?::jsonb")
    private String spec;

    @Column(nullable = false)
    private String actor;

    @Column(nullable = false)
    private String cause;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected GenerationEntity() {
    }

    GenerationEntity(Long resourceId, long generation, String spec, String actor, String cause, Instant createdAt) {
        this.resourceId = resourceId;
        this.generation = generation;
        this.spec = spec;
        this.actor = actor;
        this.cause = cause;
        this.createdAt = createdAt;
    }

    long generation() { return generation; }
    String spec() { return spec; }
    String actor() { return actor; }
    String cause() { return cause; }
    Instant createdAt() { return createdAt; }

    /** Composite key (resource, generation). */
    record Key(Long resourceId, long generation) implements Serializable {
        Key() {
            this(null, 0);
        }
    }
}
