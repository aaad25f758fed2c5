package dev.tether.manifest;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/** Row of {@code resources}: the current desired state of one resource. */
@Entity
@Table(name = "resources")
class ResourceEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String kind;

    @Column(nullable = false)
    private String name;

    @Column(columnDefinition = "jsonb", nullable = false)
    @ColumnTransformer(write = "?::jsonb")
    private String spec;

    @Column(columnDefinition = "jsonb", nullable = false)
    @ColumnTransformer(write = "?::jsonb")
    private String labels;

    @Column(nullable = false)
    private long generation;

    @Column(name = "resource_version", nullable = false)
    private long resourceVersion;

    @Column(name = "deletion_requested_at")
    private Instant deletionRequestedAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ResourceEntity() {
    }

    ResourceEntity(String kind, String name, String spec, String labels, Instant now) {
        this.kind = kind;
        this.name = name;
        this.spec = spec;
        this.labels = labels;
        this.generation = 1;
        this.resourceVersion = 1;
        this.createdAt = now;
        this.updatedAt = now;
    }

    Long id() { return id; }
    String kind() { return kind; }
    String name() { return name; }
    String spec() { return spec; }
    String labels() { return labels; }
    long generation() { return generation; }
    long resourceVersion() { return resourceVersion; }
    Instant deletionRequestedAt() { return deletionRequestedAt; }
    Instant createdAt() { return createdAt; }
    Instant updatedAt() { return updatedAt; }

    /** A new spec: a new generation, as Kubernetes counts them. */
    void newSpec(String spec, Instant now) {
        this.spec = spec;
        this.generation++;
        touch(now);
    }

    /** Labels only: the spec's generation stays. */
    void newLabels(String labels, Instant now) {
        this.labels = labels;
        touch(now);
    }

    void markDeleting(Instant now) {
        this.deletionRequestedAt = now;
        touch(now);
    }

    private void touch(Instant now) {
        this.resourceVersion++;
        this.updatedAt = now;
    }
}
