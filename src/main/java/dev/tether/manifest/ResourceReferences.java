package dev.tether.manifest;

import jakarta.annotation.PostConstruct;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The index of who refers to whom ({@code resource_references}): each resource's
 * {@link ResourceSpec#references()}, rewritten in the transaction that stores its spec, so the
 * resources referring to a given one are one indexed query (the mapped enqueue's lookup), not a
 * parse of every stored spec.
 *
 * <p>Resources stored before the index existed are listed in {@code resource_references_pending}
 * by the migration and indexed when Tether starts, before its loop runs.
 */
@Component
public class ResourceReferences {

    private final JdbcClient jdbc;
    private final JsonMapper mapper;
    private final TransactionTemplate tx;

    ResourceReferences(JdbcClient jdbc, JsonMapper mapper, PlatformTransactionManager txManager) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.tx = new TransactionTemplate(txManager);
    }

    /** Replaces what resource {@code fromId} refers to with what {@code spec} (as stored) names; joins the caller's transaction. */
    void write(long fromId, Kind kind, ObjectNode spec) {
        jdbc.sql("DELETE FROM resource_references WHERE from_id = :id").param("id", fromId).update();
        Set<ResourceKey> refs = ResourceSpec.of(kind, SecretData.shown(kind, spec)).references();
        for (ResourceKey k : refs) {
            jdbc.sql("""
                            INSERT INTO resource_references (from_id, to_kind, to_name) VALUES (:id, :kind, :name)
                            ON CONFLICT DO NOTHING""")
                    .param("id", fromId).param("kind", k.kind().manifestName()).param("name", k.name()).update();
        }
    }

    /** The same, from the stored JSON text. */
    void write(long fromId, Kind kind, String specJson) {
        write(fromId, kind, (ObjectNode) mapper.readTree(specJson));
    }

    /**
     * The resources whose spec refers to {@code key}, deleting ones included, never {@code key}
     * itself (an app may refer to another app, never to itself); in kind and name order.
     */
    public List<ResourceKey> referring(ResourceKey key) {
        return jdbc.sql("""
                        SELECT r.kind, r.name FROM resource_references x JOIN resources r ON r.id = x.from_id
                        WHERE x.to_kind = :kind AND x.to_name = :name AND NOT (r.kind = :kind AND r.name = :name)
                        ORDER BY r.kind, r.name""")
                .param("kind", key.kind().manifestName()).param("name", key.name())
                .query((rs, i) -> new ResourceKey(Kind.fromName(rs.getString("kind")).orElseThrow(), rs.getString("name")))
                .list();
    }

    /** Indexes the resources stored before the index existed (each once, whichever process gets it). */
    @PostConstruct
    void indexPending() {
        boolean more = true;
        while (more) {
            more = Boolean.TRUE.equals(tx.execute(status -> {
                List<Pending> batch = jdbc.sql("""
                                SELECT r.id, r.kind, r.spec::text AS spec FROM resource_references_pending p
                                JOIN resources r ON r.id = p.resource_id
                                ORDER BY p.resource_id LIMIT 500 FOR UPDATE OF p SKIP LOCKED""")
                        .query((rs, i) -> new Pending(rs.getLong("id"), rs.getString("kind"), rs.getString("spec"))).list();
                for (Pending p : batch) {
                    Kind.fromName(p.kind()).ifPresent(k -> write(p.id(), k, p.spec()));
                    jdbc.sql("DELETE FROM resource_references_pending WHERE resource_id = :id").param("id", p.id()).update();
                }
                return !batch.isEmpty();
            }));
        }
    }

    private record Pending(long id, String kind, String spec) {
    }
}
