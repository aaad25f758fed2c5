package dev.tether.kong;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * One read of a gateway's Tether-owned entities shared by every KongService on it (DESIGN §7: one
 * list call per entity type per poll). A pass asks for a snapshot taken no earlier than a given
 * instant (its key's due time, or the start of its poll round): the first pass of a round reads
 * ({@link OwnedEntities}), the others of that round reuse it. A snapshot is never used once Tether
 * has sent a write through that gateway's client since it was begun, so a pass always sees its
 * own and its neighbours' writes; only a change made outside Tether waits for the next read, which
 * is what a poll is.
 *
 * <p>Passes of one gateway that need a new snapshot at the same time wait for the one read in
 * progress rather than each sending their own (no transaction is open while they wait).
 */
@Component
class OwnedSnapshots {

    private final Clock clock;
    private final Map<KongAdminClient, OwnedEntities> latest = new ConcurrentHashMap<>();
    private final Map<KongAdminClient, Object> reading = new ConcurrentHashMap<>();

    OwnedSnapshots(Clock clock) {
        this.clock = clock;
    }

    /** What Tether owns on the gateway, read at or after {@code notBefore} and after Tether's last write there. */
    OwnedEntities read(KongAdminClient admin, Instant notBefore) {
        OwnedEntities known = usable(admin, notBefore);
        if (known != null) {
            return known;
        }
        synchronized (reading.computeIfAbsent(admin, a -> new Object())) {
            known = usable(admin, notBefore);
            if (known != null) {
                return known;
            }
            long writes = admin.writes();
            Instant takenAt = clock.instant();
            List<String> managed = List.of(KongServiceReconciler.MANAGED);
            OwnedEntities read = new OwnedEntities(takenAt, writes, admin.listServices(managed), admin.listRoutes(managed),
                    admin.listPlugins(managed));
            latest.put(admin, read);
            return read;
        }
    }

    private OwnedEntities usable(KongAdminClient admin, Instant notBefore) {
        OwnedEntities s = latest.get(admin);
        return s != null && s.writes() == admin.writes() && !s.takenAt().isBefore(notBefore) ? s : null;
    }
}
