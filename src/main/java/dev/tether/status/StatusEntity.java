package dev.tether.status;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/** Row of {@code resource_status}: the status document of one resource. */
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

    protected StatusEntity() {
    }

    StatusEntity(Long resourceId, String status, Instant updatedAt) {
        this.resourceId = resourceId;
        this.status = status;
        this.updatedAt = updatedAt;
    }

    Long resourceId() {
        return resourceId;
    }

    String status() {
        return status;
    }

    void update(String status, Instant at) {
        this.status = status;
        this.updatedAt = at;
    }
}
