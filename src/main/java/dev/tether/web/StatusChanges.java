package dev.tether.web;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Tells open status pages what changed, as server-sent events. PostgreSQL sends the id of every
 * resource whose row, status or timeline changes on channel {@code tether_status} (migration
 * V20), whichever process wrote it; this class listens on a dedicated connection, gathers ids
 * for a quarter of a second and sends one {@code changed} event (ids, or {@code *} for many) to
 * every page. A {@code tick} every five seconds keeps idle connections open through routers and
 * refreshes the gauges. When Tether restarts the browser's EventSource reconnects by itself and
 * the page re-reads what it shows.
 */
@Component
public class StatusChanges implements SmartLifecycle {

    static final String CHANNEL = "tether_status";
    private static final Logger log = LoggerFactory.getLogger(StatusChanges.class);
    private static final Duration EMITTER_TIMEOUT = Duration.ofMinutes(30);
    private static final int MAX_IDS = 200;

    private final DataSource dataSource;
    private final BudgetHistory budget;
    private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();
    private final Set<Long> pending = new HashSet<>();
    private boolean pendingAll;
    private volatile boolean running;
    private ScheduledExecutorService scheduler;
    private volatile Thread listener;

    StatusChanges(DataSource dataSource, BudgetHistory budget) {
        this.dataSource = dataSource;
        this.budget = budget;
    }

    /** Opens a stream for one page. */
    public SseEmitter open() {
        SseEmitter emitter = new SseEmitter(EMITTER_TIMEOUT.toMillis());
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(e -> emitters.remove(emitter));
        try {
            // reconnect two seconds after a drop (a restart of Tether, a router timeout)
            emitter.send(SseEmitter.event().name("hello").reconnectTime(2000).data("live"));
            emitters.add(emitter);
        } catch (IOException e) {
            emitter.completeWithError(e);
        }
        return emitter;
    }

    @Override
    public void start() {
        running = true;
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("tether-live").unstarted(r));
        scheduler.scheduleWithFixedDelay(this::flush, 250, 250, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::tick, 0, 5, TimeUnit.SECONDS);
        listener = Thread.ofPlatform().daemon().name("tether-live-listen").unstarted(this::listen);
        listener.start();
    }

    @Override
    public void stop() {
        running = false;
        listener = null;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        // Let the server's graceful shutdown finish at once instead of waiting on open streams.
        emitters.forEach(SseEmitter::complete);
        emitters.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // stopped before the web server drains its requests
        return Integer.MAX_VALUE - 100;
    }

    private void flush() {
        String data;
        synchronized (pending) {
            if (!pendingAll && pending.isEmpty()) {
                return;
            }
            data = pendingAll || pending.size() > MAX_IDS ? "*"
                    : pending.stream().map(String::valueOf).collect(Collectors.joining(","));
            pending.clear();
            pendingAll = false;
        }
        send("changed", data);
    }

    private void tick() {
        try {
            budget.sample();
        } catch (RuntimeException e) {
            log.debug("budget sample failed: {}", e.getMessage());
        }
        send("tick", String.valueOf(budget.remaining()));
    }

    private void send(String name, String data) {
        for (SseEmitter e : emitters) {
            try {
                e.send(SseEmitter.event().name(name).data(data));
            } catch (IOException | IllegalStateException ex) {
                emitters.remove(e);
            }
        }
    }

    private void listen() {
        // a listener of an earlier start() ends even if start() is called again before it noticed
        Thread self = Thread.currentThread();
        while (running && listener == self) {
            try (Connection conn = dataSource.getConnection()) {
                PGConnection pg = conn.unwrap(PGConnection.class);
                conn.setAutoCommit(true);
                try (Statement st = conn.createStatement()) {
                    st.execute("LISTEN " + CHANNEL);
                }
                synchronized (pending) {
                    pendingAll = true; // whatever changed while nobody listened
                }
                while (running && listener == self) {
                    var notes = pg.getNotifications(500);
                    if (notes == null) {
                        continue;
                    }
                    synchronized (pending) {
                        for (var n : notes) {
                            try {
                                pending.add(Long.parseLong(n.getParameter()));
                            } catch (NumberFormatException ex) {
                                pendingAll = true;
                            }
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running && listener == self) {
                    log.warn("Status pages lost their LISTEN connection ({}); retrying", e.getMessage());
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}
