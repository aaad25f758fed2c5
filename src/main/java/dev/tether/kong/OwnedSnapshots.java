package dev.tether.kong;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;

/**
 * One read of a gateway's Tether-owned entities shared by every KongService on it (DESIGN §7: one
 * list call per entity type per poll). A pass asks for a snapshot taken no earlier than a given
 * instant (its key's due time, or the start of its poll round): the first pass of a round reads
 * ({@link OwnedEntities}), the others of that round reuse it, and so does a pass that asked while that read was under way.
 *
 * <p>The answer of every write Tether sends through the gateway's client is written through into
 * the snapshot ({@link KongWrites}: a PUT's or POST's entity replaces or joins the read, a DELETE
 * removes it, also in a read under way when the answer arrives), so a pass always sees its own and
 * its neighbours' writes without reading them back; a write whose outcome is unknown (cut off, a
 * 5xx) drops the snapshot, and the next pass reads. Only a change made outside Tether waits for the
 * next read, which is what a poll is.
 *
 * <p>Passes of one gateway that need a new snapshot at the same time wait for the one read in
 * progress rather than each sending their own (no transaction is open while they wait).
 */
@Component
class OwnedSnapshots {

    private final Clock clock;
    private final Map<KongAdminClient, Snapshot> gateways = new ConcurrentHashMap<>();

    OwnedSnapshots(Clock clock) {
        this.clock = clock;
    }

    /** What Tether owns on the gateway, read at or after {@code notBefore}, with every write Tether made since. */
    OwnedEntities read(KongAdminClient admin, Instant notBefore) {
        return gateways.computeIfAbsent(admin, a -> {
            Snapshot s = new Snapshot();
            a.tellWritesTo(s);
            return s;
        }).read(admin, notBefore);
    }

    /** One gateway's latest read, kept true by the answers of its client's writes. */
    private final class Snapshot implements KongWrites {

        private final Object reading = new Object();
        private OwnedEntities latest;
        /** The write answers that arrived while a read is under way (null when none is): applied to it when it ends. */
        private List<UnaryOperator<OwnedEntities>> meanwhile;
        private long unknowns;
        /** Reads finished so far: a pass that waited for a read under way takes that read. */
        private long finished;

        OwnedEntities read(KongAdminClient admin, Instant notBefore) {
            OwnedEntities known = usable(notBefore);
            if (known != null) {
                return known;
            }
            long finishedBefore = finished();
            synchronized (reading) {
                known = usable(notBefore);
                if (known != null) {
                    return known;
                }
                known = finishedSince(finishedBefore);
                if (known != null) {
                    // a read was under way when this pass asked: it is the poll this pass is part of
                    return known;
                }
                long unknownsBefore = begin();
                OwnedEntities read;
                try {
                    List<String> managed = List.of(KongServiceReconciler.MANAGED);
                    read = new OwnedEntities(clock.instant(), admin.listServices(managed), admin.listRoutes(managed),
                            admin.listPlugins(managed));
                } catch (RuntimeException e) {
                    end(null, unknownsBefore);
                    throw e;
                }
                return end(read, unknownsBefore);
            }
        }

        private synchronized OwnedEntities usable(Instant notBefore) {
            return latest != null && !latest.takenAt().isBefore(notBefore) ? latest : null;
        }

        private synchronized long finished() {
            return finished;
        }

        private synchronized OwnedEntities finishedSince(long before) {
            return finished > before ? latest : null;
        }

        private synchronized long begin() {
            meanwhile = new ArrayList<>();
            return unknowns;
        }

        /** The read with the writes answered while it ran; kept unless a write of unknown outcome happened meanwhile. */
        private synchronized OwnedEntities end(OwnedEntities read, long unknownsBefore) {
            List<UnaryOperator<OwnedEntities>> changes = meanwhile;
            meanwhile = null;
            if (read == null) {
                return null;
            }
            for (UnaryOperator<OwnedEntities> change : changes) {
                read = change.apply(read);
            }
            if (unknowns == unknownsBefore) {
                latest = read;
                finished++;
            }
            return read;
        }

        private synchronized void change(UnaryOperator<OwnedEntities> change) {
            if (latest != null) {
                latest = change.apply(latest);
            }
            if (meanwhile != null) {
                meanwhile.add(change);
            }
        }

        @Override
        public void service(ObservedService service) {
            change(e -> e.with(service));
        }

        @Override
        public void route(ObservedRoute route) {
            change(e -> e.with(route));
        }

        @Override
        public void plugin(ObservedPlugin plugin) {
            change(e -> e.with(plugin));
        }

        @Override
        public void removed(String collection, String idOrName) {
            change(e -> e.without(collection, idOrName));
        }

        @Override
        public synchronized void unknown() {
            unknowns++;
            latest = null;
        }
    }
}
