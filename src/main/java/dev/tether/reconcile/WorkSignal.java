package dev.tether.reconcile;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes idle workers the moment work is enqueued anywhere (any process), through PostgreSQL
 * {@code LISTEN/NOTIFY} on a dedicated connection. If the connection drops it is opened again;
 * meanwhile workers fall back to polling, so nothing waits longer than the idle poll.
 */
class WorkSignal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkSignal.class);

    private final DataSource dataSource;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private volatile boolean running = true;
    private long generation;
    private final Thread listener;

    WorkSignal(DataSource dataSource) {
        this.dataSource = dataSource;
        this.listener = Thread.ofPlatform().daemon().name("tether-listen").unstarted(this::listen);
    }

    void start() {
        listener.start();
    }

    /** The current signal count: read it before looking for work, then {@link #await(long, long)}. */
    long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until work is signalled after {@code seen} (a {@link #generation()} read before the
     * caller last looked for work, so a signal in between is not lost) or {@code millis} pass.
     */
    void await(long seen, long millis) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
            while (seen == generation && nanos > 0 && running) {
                nanos = work.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting worker (also used in-process after a pass that requeued at once). */
    void signal() {
        lock.lock();
        try {
            generation++;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void listen() {
        while (running) {
            try (Connection conn = dataSource.getConnection()) {
                // Hikari hands out a proxy; LISTEN needs the driver's own connection.
                PGConnection pg = conn.unwrap(PGConnection.class);
                conn.setAutoCommit(true);
                try (Statement st = conn.createStatement()) {
                    st.execute("LISTEN " + WorkQueue.CHANNEL);
                }
                signal(); // anything enqueued while we were not listening
                while (running) {
                    var notes = pg.getNotifications(500);
                    if (notes != null && notes.length > 0) {
                        signal();
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.warn("LISTEN connection lost ({}); workers poll until it is back", e.getMessage());
                    sleepQuietly(1000);
                }
            }
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        signal();
        listener.interrupt();
    }
}
