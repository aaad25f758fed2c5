package dev.tether.status;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/**
 * Row of {@code resource_status}: the status document of one resource and, written with it, what
 * the overview counts by (its {@link StatusHealth}, the generation and time of the pass).
 */
@Entity
@Table(name = "resource_status")
class StatusEntity {

    @Id
    @Column(name = "resource_id")
    private Long resourceId;

    @Column(name = "status", columnDefinition = "jsonb", nullable = false)
    @ColumnTransformer(write = "?::jsonb")
    private String status;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "health")
    private String health;

    @Column(name = "observed_generation")
    private Long observedGeneration;

    @Column(name = "reconciled_at")
    private Instant reconciledAt;

    protected StatusEntity() {
    }

    StatusEntity(Long resourceId, String status, ResourceStatus parsed, Instant updatedAt) {
        this.resourceId = resourceId;
        update(status, parsed, updatedAt);
    }

    Long resourceId() {
        return resourceId;
    }

    String status() {
        return status;
    }

    void update(String status, ResourceStatus parsed, Instant at) {
        this.status = status;
        this.updatedAt = at;
        this.health = StatusHealth.of(parsed).name();
        this.observedGeneration = parsed.observedGeneration();
        this.reconciledAt = parsed.lastReconciledAt();
    }
}
