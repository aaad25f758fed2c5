package dev.tether.kong;

import dev.tether.manifest.Kind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What each KongService's last quiet pass found Kong holding for it, as a digest of its own
 * entities (table {@code kong_service_digests}), for {@link KongWatch} to compare each round's
 * shared read against. The digest covers every field Tether reads of the service, its routes and
 * its plugins (plugin configs included, so a hand-edited injected key differs), in an order that
 * does not depend on how the read was taken; it is a one-way hash, never shown anywhere.
 */
@Component
class KongDigests {

    private final JdbcClient jdbc;

    KongDigests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The digest of one service's entities: what {@link OwnedEntities} holds under its owner tag. */
    static String of(Optional<ObservedService> service, List<ObservedRoute> routes, List<ObservedPlugin> plugins) {
        StringBuilder text = new StringBuilder();
        text.append(service.map(ObservedService::toString).orElse("no service")).append('\n');
        routes.stream().sorted(Comparator.comparing(ObservedRoute::id)).forEach(r -> text.append(r).append('\n'));
        plugins.stream().sorted(Comparator.comparing(ObservedPlugin::id)).forEach(p -> text.append(p.id()).append(' ').append(p.name())
                .append(' ').append(p.serviceId()).append(' ').append(p.routeId()).append(' ').append(p.consumerId()).append(' ')
                .append(p.enabled()).append(' ').append(canonical(p.config())).append(' ').append(p.tags()).append('\n'));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The digest of service {@code name}'s entities in a gateway's shared read. */
    static String of(OwnedEntities read, String name) {
        String owner = KongServiceReconciler.ownerTag(Kind.KONG_SERVICE, name);
        return of(read.service(name, owner), read.routes(owner), read.plugins(owner));
    }

    /** Maps with their keys sorted, at every depth: Kong's field order is not part of what a plugin holds. */
    private static String canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, String> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
            return sorted.toString();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(KongDigests::canonical).toList().toString();
        }
        return String.valueOf(value);
    }

    /**
     * Records what a quiet pass found for the service; the watch compares against it from its next
     * round. Every quiet pass (each lock probe, each resync) calls this, and nearly always with the
     * digest already there: then the row is left as it is (no new row version), so
     * {@code recorded_at} is when the digest last changed.
     */
    void record(long resourceId, String gateway, String digest) {
        jdbc.sql("""
                        INSERT INTO kong_service_digests (resource_id, gateway, digest) VALUES (:id, :gateway, :digest)
                        ON CONFLICT (resource_id) DO UPDATE SET gateway = EXCLUDED.gateway, digest = EXCLUDED.digest, recorded_at = now()
                        WHERE (kong_service_digests.gateway, kong_service_digests.digest) IS DISTINCT FROM (EXCLUDED.gateway, EXCLUDED.digest)
                        """)
                .param("id", resourceId).param("gateway", gateway).param("digest", digest).update();
    }

    /** The gateways some watched service is on. */
    List<String> gateways() {
        return jdbc.sql("SELECT DISTINCT gateway FROM kong_service_digests ORDER BY gateway").query(String.class).list();
    }

    /** The watched services on {@code gateway}, by name, with their recorded digests. */
    Map<String, String> watched(String gateway) {
        Map<String, String> out = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT r.name, d.digest FROM kong_service_digests d JOIN resources r ON r.id = d.resource_id
                        WHERE d.gateway = :gateway AND r.kind = 'KongService' ORDER BY r.name""")
                .param("gateway", gateway)
                .query(rs -> {
                    out.put(rs.getString("name"), rs.getString("digest"));
                });
        return out;
    }

    /** Forgets every digest on {@code gateway}: its services poll on their own until their next quiet pass. */
    int forgetGateway(String gateway) {
        return jdbc.sql("DELETE FROM kong_service_digests WHERE gateway = :gateway").param("gateway", gateway).update();
    }

    /**
     * Takes the poll round that began at {@code roundAt} for this process: true for the one
     * process of several whose update moved the round forward, false for every other.
     */
    boolean takeRound(Instant roundAt, String process) {
        return jdbc.sql("UPDATE kong_watch_round SET round_at = :at, taken_by = :by WHERE id = 1 AND round_at < :at")
                .param("at", Timestamp.from(roundAt)).param("by", process).update() == 1;
    }
}
