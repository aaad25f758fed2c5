package dev.tether.reconcile;

import dev.tether.http.LeaseLostException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pass's hold on its key, and the fence on its writes. The control loop claims a key under a
 * lease with a fencing token ({@link WorkQueue.Claim#token()}), then for the length of the pass:
 * <ul>
 *   <li><b>renews</b> it: a heartbeat extends {@code claimed_until} every third of the lease,
 *       so a pass slower than its lease (22 s per Heroku call) keeps its key and no second
 *       worker starts on it;</li>
 *   <li><b>fences</b> every external write: Tether's Heroku and Kong clients call
 *       {@link #checkBeforeWrite} before each request that is not a read, and it renews the
 *       lease in PostgreSQL first. The write is sent only if that renewal found the token still
 *       this pass's; otherwise it throws {@link LeaseLostException} and nothing is sent.</li>
 * </ul>
 * A successful renewal means no other worker can claim the key for a whole lease from that
 * moment (a claim needs {@code claimed_until} in the past, on the database's one clock), so a
 * write sent after it cannot meet a second owner's writes as long as a call lasts less than the
 * lease. A write already in flight cannot be called back; none starts after the loss.
 *
 * <p>The lease is bound to the worker thread for the pass, so reconcilers need no change: every
 * write they make through the clients on that thread is fenced. Calls made with no pass bound
 * (the CLI, the API's previews, tests) are not fenced.
 */
public final class Lease {

    private static final Logger log = LoggerFactory.getLogger(Lease.class);
    private static final ThreadLocal<Lease> CURRENT = new ThreadLocal<>();

    private final WorkQueue queue;
    private final WorkQueue.Claim claim;
    private final String worker;
    private final Duration length;
    private volatile boolean lost;

    Lease(WorkQueue queue, WorkQueue.Claim claim, String worker, Duration length) {
        this.queue = queue;
        this.claim = claim;
        this.worker = worker;
        this.length = length;
    }

    /**
     * Called by the Heroku and Kong clients before sending a request: for anything but a read
     * ({@code GET}, {@code HEAD}, {@code OPTIONS}) on a worker thread in a pass, confirms that
     * the pass still holds its key and extends the lease.
     *
     * @throws LeaseLostException when another worker has claimed the key, or the lease cannot
     *                            be confirmed (the database is unreachable): do not send
     */
    public static void checkBeforeWrite(String method) {
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            return;
        }
        Lease lease = CURRENT.get();
        if (lease != null) {
            lease.confirm();
        }
    }

    /** Binds this lease to the calling thread until the binding is closed. */
    Binding bind() {
        CURRENT.set(this);
        return CURRENT::remove;
    }

    /** Ends a thread's binding; never throws. */
    interface Binding extends AutoCloseable {
        @Override
        void close();
    }

    /** How often the heartbeat renews: a third of the lease, so two beats may be missed. */
    Duration heartbeatEvery() {
        return Duration.ofMillis(Math.max(100, length.toMillis() / 3));
    }

    /** True once a renewal found the key claimed by someone else. */
    boolean lost() {
        return lost;
    }

    /**
     * The heartbeat: extends the lease, or marks it lost when the token is no longer ours. A
     * database that does not answer is left to the next beat (and to the check before a write).
     */
    void beat() {
        if (lost) {
            return;
        }
        try {
            if (!queue.renew(claim, worker, length)) {
                lost = true;
                log.warn("resource={} lease taken over by another worker; this pass writes nothing more", claim.key());
            }
        } catch (RuntimeException e) { // the database (or a transaction on it) is away
            log.warn("resource={} could not renew its lease: {}", claim.key(), e.getMessage());
        }
    }

    private void confirm() {
        if (!lost) {
            try {
                if (queue.renew(claim, worker, length)) {
                    return;
                }
            } catch (RuntimeException e) { // the database (or a transaction on it) is away
                throw new LeaseLostException(claim.key() + ": cannot confirm this worker still holds the key ("
                        + e.getMessage() + "); not sending the write", e);
            }
            lost = true;
        }
        throw new LeaseLostException(claim.key() + ": another worker has claimed the key; this pass stops before its next write", null);
    }
}
