package dev.tether.reconcile;

import dev.tether.http.LeaseLostException;
import dev.tether.http.PermanentException;
import dev.tether.http.RetryableException;
import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.Kind;
import dev.tether.manifest.ResourceKey;
import dev.tether.manifest.StoredResource;
import dev.tether.status.Condition;
import dev.tether.status.ConditionStatus;
import dev.tether.status.Conditions;
import dev.tether.status.NewEvent;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The control loop, readable in one place: workers claim due keys from the {@link WorkQueue},
 * hand each to the {@link Reconciler} of its kind, and turn what comes back into the key's next
 * due time. A retryable failure backs off with full jitter (honouring {@code Retry-After}); a
 * permanent one is shown in status and waits for a spec change or the resync; a bug in one
 * reconciler is contained to its key. No failure stops the loop or holds up other keys.
 *
 * <p>A pass holds its key under a {@link Lease}: renewed by a heartbeat while the pass runs, and
 * checked before each external write, so a pass slower than its lease is never doubled and a
 * worker whose key was taken over sends nothing more ({@link LeaseLostException}: the pass just
 * stops, nothing is recorded as a failure).
 */
@Component
public class ControlLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ControlLoop.class);

    private final WorkQueue queue;
    private final DesiredStateStore store;
    private final StatusStore statuses;
    private final LoopProperties props;
    private final Map<Kind, Reconciler> reconcilers = new EnumMap<>(Kind.class);
    private final DataSource dataSource;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Dependents dependents;
    private final ObjectProvider<PassListener> listeners;
    private final TransactionTemplate tx;
    private final String processId;
    private final QueueWait queueWait;
    private final ObjectProvider<RateHeadroom> headroom;
    private final PassConcurrency concurrency;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicReference<Instant> heartbeat = new AtomicReference<>();
    private volatile boolean running;
    private WorkSignal signal;
    private ScheduledExecutorService heartbeats;

    public ControlLoop(WorkQueue queue, DesiredStateStore store, StatusStore statuses, LoopProperties props,
                       List<Reconciler> reconcilers, DataSource dataSource, Clock clock, MeterRegistry meters,
                       Dependents dependents, ObjectProvider<PassListener> listeners, PlatformTransactionManager txManager,
                       ObjectProvider<RateHeadroom> headroom) {
        this.headroom = headroom;
        this.concurrency = PassConcurrency.of(props.workers(), poolSize(dataSource));
        this.dependents = dependents;
        this.listeners = listeners;
        this.tx = new TransactionTemplate(txManager);
        this.queue = queue;
        this.store = store;
        this.statuses = statuses;
        this.props = props;
        this.dataSource = dataSource;
        this.clock = clock;
        this.meters = meters;
        reconcilers.forEach(r -> this.reconcilers.put(r.kind(), r));
        this.processId = ManagementFactory.getRuntimeMXBean().getName();
        meters.gauge("tether.queue.due", queue, q -> q.depth().due());
        this.queueWait = new QueueWait(meters, clock);
        meters.gauge("tether.loop.passes.allowed", this, ControlLoop::passesAllowed);
    }

    /** The database pool's maximum size, or 0 when the data source does not say. */
    private static int poolSize(DataSource dataSource) {
        try {
            return dataSource.isWrapperFor(com.zaxxer.hikari.HikariDataSource.class)
                    ? dataSource.unwrap(com.zaxxer.hikari.HikariDataSource.class).getMaximumPoolSize() : 0;
        } catch (java.sql.SQLException e) {
            return 0;
        }
    }

    /** How many passes may run at once now: fewer as the rate budget falls ({@link PassConcurrency}). */
    int passesAllowed() {
        RateHeadroom budget = headroom.getIfAvailable();
        return concurrency.allowed(budget == null ? -1 : budget.remaining());
    }

    @Override
    public void start() {
        if (!props.enabled()) {
            log.info("Control loop disabled in this process (tether.loop.enabled=false)");
            return;
        }
        queue.enqueueMissing();
        signal = new WorkSignal(dataSource);
        signal.start();
        heartbeats = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("tether-lease-heartbeat").daemon().unstarted(r));
        running = true;
        for (int i = 0; i < concurrency.cap(); i++) {
            String id = processId + "/w" + i;
            int index = i;
            Thread t = Thread.ofPlatform().name("tether-worker-" + i).daemon().start(() -> work(id, index));
            workers.add(t);
        }
        log.info("Control loop started with up to {} workers (fewer while the rate budget is low); reconcilers for {}",
                concurrency.cap(), reconcilers.keySet());
    }

    @Override
    public void stop() {
        running = false;
        if (signal != null) {
            signal.close();
        }
        for (Thread t : workers) {
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.clear();
        if (heartbeats != null) {
            heartbeats.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // after the web server and emulators are up, before they go down
        return Integer.MAX_VALUE - 1000;
    }

    /** When a worker last went round its loop; readiness checks it. */
    public Optional<Instant> lastHeartbeat() {
        return Optional.ofNullable(heartbeat.get());
    }

    private void work(String worker, int index) {
        while (running) {
            heartbeat.set(clock.instant());
            try {
                long seen = signal.generation();
                if (index >= passesAllowed()) {
                    // the rate budget is low: this worker sits out until it recovers
                    signal.await(seen, props.idlePoll().toMillis());
                    continue;
                }
                Optional<WorkQueue.Claim> claim = queue.claim(worker, props.lease());
                if (claim.isEmpty()) {
                    // a NOTIFY that arrived while this worker was looking wakes it at once
                    signal.await(seen, props.idlePoll().toMillis());
                    continue;
                }
                queueWait.claimed(claim.get());
                process(claim.get(), worker);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The database itself is away: wait and try again; desired state is safe in it.
                log.warn("Control loop cannot reach its queue: {}", e.getMessage());
                sleepBriefly();
            }
        }
    }

    private void process(WorkQueue.Claim claim, String worker) {
        // Every log line of this pass names its resource (a logfmt/JSON field; never a secret).
        Lease lease = new Lease(queue, claim, worker, props.lease());
        long every = lease.heartbeatEvery().toMillis();
        ScheduledFuture<?> heartbeat = heartbeats.scheduleAtFixedRate(lease::beat, every, every, TimeUnit.MILLISECONDS);
        try (var ignored = org.slf4j.MDC.putCloseable("resource", claim.key().toString());
             var bound = lease.bind()) {
            pass(claim, worker);
        } finally {
            heartbeat.cancel(false);
        }
    }

    private void pass(WorkQueue.Claim claim, String worker) {
        ResourceKey key = claim.key();
        Optional<StoredResource> found = store.find(key.kind(), key.name());
        if (found.isEmpty()) {
            queue.remove(key);
            return;
        }
        StoredResource resource = found.get();
        Reconciler reconciler = reconcilers.get(key.kind());
        if (reconciler == null) {
            statuses.setCondition(resource.id(), Condition.READY, ConditionStatus.UNKNOWN, "NotReconciledYet",
                    "This version of Tether stores " + key.kind() + " resources but does not reconcile them yet");
            queue.complete(claim, worker, clock.instant().plus(props.resyncInterval()), "NoReconciler");
            return;
        }
        ReconcileRequest request = ReconcileRequest.of(claim);
        ResourceStatus before = statuses.get(resource.id());
        Timer.Sample sample = Timer.start(meters);
        String outcomeName;
        try {
            Outcome outcome = reconciler.reconcile(resource, request);
            outcomeName = outcome.getClass().getSimpleName();
            StatusDerivation.Derived derived = outcome.derived();
            Optional<StatusDerivation.Retry> retry = derived == null ? Optional.empty() : derived.retry();
            Duration retryIn = retry.map(r -> props.backoff().delay(claim.attempts(), r.retryAfter(), ThreadLocalRandom.current()))
                    .orElse(null);
            if (derived != null) {
                write(resource, before, retryIn == null ? derived
                        : new StatusDerivation.Derived(showingNextAttempt(derived.status(), retryIn), derived.events(), retry));
            }
            Instant next = switch (outcome) {
                case Outcome.InSync s -> clock.instant().plus(s.onTime() && s.resyncAfter() != null ? s.resyncAfter()
                        : jitter(s.resyncAfter() == null ? props.resyncInterval() : s.resyncAfter()));
                case Outcome.Progressing p -> clock.instant().plus(p.requeueAfter());
                case Outcome.Waiting w -> clock.instant().plus(w.recheckAfter());
                case Outcome.Failed f -> clock.instant().plus(jitter(props.resyncInterval()));
                case Outcome.Deleted d -> null;
            };
            if (next == null) {
                store.forget(key.kind(), key.name());
                queue.remove(key);
                log.info("resource={} outcome=Deleted", key);
            } else if (retry.isPresent()) {
                // some calls failed transiently; the rest of the pass was applied and is shown
                outcomeName = retry.get().rateLimited() ? "RateLimited" : "Retrying";
                Duration delay = retryIn;
                queue.retry(claim, worker, clock.instant().plus(delay), retry.get().message());
                log.info("resource={} outcome={} retryIn={}ms error=\"{}\"", key, outcomeName, delay.toMillis(), retry.get().message());
            } else if (!queue.complete(claim, worker, next, outcomeName)) {
                log.warn("resource={} lease expired during the pass; another worker has it", key);
            }
            if (next == null || changedForDependents(before, derived != null ? derived.status() : statuses.get(resource.id()))) {
                dependents.wake(key, "DependencyChanged");
                dependents.wakeNotified(resource, "DependentChanged");
            }
        } catch (RetryableException e) {
            outcomeName = e.rateLimited() ? "RateLimited" : "Retrying";
            Duration delay = props.backoff().delay(claim.attempts(), e.retryAfter(), ThreadLocalRandom.current());
            failed(resource, claim, e.rateLimited() ? "RateLimited" : "ApiError", e.getMessage(), claim.attempts() == 0, true, delay);
            queue.retry(claim, worker, clock.instant().plus(delay), e.getMessage());
            log.info("resource={} outcome={} retryIn={}ms error=\"{}\"", key, outcomeName, delay.toMillis(), e.getMessage());
        } catch (PermanentException e) {
            outcomeName = "Failed";
            failed(resource, claim, "ApiError", e.getMessage(), true, false, null);
            queue.complete(claim, worker, clock.instant().plus(jitter(props.resyncInterval())), "Failed");
            log.info("resource={} outcome=Failed status={} error=\"{}\"", key, e.status(), e.getMessage());
        } catch (LeaseLostException e) {
            // Someone else has the key now and does this pass's work: stop, record nothing. The
            // fenced retry only takes effect if the lease merely could not be confirmed.
            outcomeName = "LeaseLost";
            queue.retry(claim, worker, clock.instant().plus(props.backoff().base()), e.getMessage());
            log.warn("resource={} outcome=LeaseLost {}", key, e.getMessage());
        } catch (RuntimeException e) {
            // A bug in a reconciler: contained to this key, retried with backoff, shown in status.
            outcomeName = "Error";
            Duration delay = props.backoff().delay(claim.attempts(), Optional.empty(), ThreadLocalRandom.current());
            failed(resource, claim, "InternalError", e.getClass().getSimpleName() + ": " + e.getMessage(), claim.attempts() == 0, false,
                    delay);
            queue.retry(claim, worker, clock.instant().plus(delay), e.toString());
            log.error("resource={} outcome=Error", key, e);
        }
        sample.stop(meters.timer("tether.reconcile", "kind", key.kind().manifestName(), "outcome", outcomeName));
        signal.signal();
    }

    /**
     * The status with when the loop tries again in its Synced message: a backoff (or a server's
     * Retry-After) is a requeue, never a wait inside the pass, and a person sees how long it is.
     */
    private static ResourceStatus showingNextAttempt(ResourceStatus status, Duration retryIn) {
        return status.condition(Condition.SYNCED).filter(c -> !c.isTrue())
                .map(c -> status.withConditions(Conditions.set(status.conditions(), c.type(), c.status(), c.reason(),
                        c.message() + nextAttempt(retryIn), c.lastTransitionTime())))
                .orElse(status);
    }

    static String nextAttempt(Duration retryIn) {
        if (retryIn == null) {
            return "";
        }
        long ms = retryIn.toMillis();
        return " (next attempt in " + (ms < 10_000 ? String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0) : (ms + 500) / 1000 + " s") + ")";
    }

    /**
     * Writes what the pass derived, once, at its end, in one transaction: the status, its
     * timeline entries, and what the {@link PassListener}s record about them.
     */
    private void write(StoredResource resource, ResourceStatus before, StatusDerivation.Derived derived) {
        tx.executeWithoutResult(t -> {
            statuses.put(resource.id(), derived.status());
            for (NewEvent e : derived.events()) {
                store.recordEvent(resource.id(), e.type(), e.reason(), e.message(), e.actor());
            }
            listeners.orderedStream().forEach(l -> l.written(resource, before, derived.status(), derived.events()));
        });
    }

    /**
     * Whether what other resources read of this one moved: its readiness or its external
     * identity (app id, name, web URL, key version). The probe's own timestamp is not identity.
     */
    static boolean changedForDependents(ResourceStatus before, ResourceStatus after) {
        ConditionStatus readyBefore = before.condition(Condition.READY).map(Condition::status).orElse(ConditionStatus.UNKNOWN);
        ConditionStatus readyAfter = after.condition(Condition.READY).map(Condition::status).orElse(ConditionStatus.UNKNOWN);
        return readyBefore != readyAfter || !identity(before).equals(identity(after));
    }

    private static Map<String, Object> identity(ResourceStatus s) {
        Map<String, Object> m = new java.util.HashMap<>(s.external());
        m.remove("probedAt");
        m.remove("observation"); // a HerokuApp's last full observation (its time) is bookkeeping, not identity
        return m;
    }

    /**
     * Shows a failed pass. Synced=False always says the pass did not finish; Ready=False only when
     * the failure is not transient: a retryable error (a 5xx, a 429, a reset) says nothing about
     * the world, so a resource that was Ready, and whose world still has it, stays Ready.
     */
    private void failed(StoredResource resource, WorkQueue.Claim claim, String reason, String message, boolean recordEvent,
                        boolean transientFailure, Duration retryIn) {
        try {
            tx.executeWithoutResult(t -> {
                ResourceStatus before = statuses.get(resource.id());
                ResourceStatus after = statuses.update(resource.id(), s -> {
                    List<Condition> c = s.conditions();
                    boolean wasReady = s.condition(Condition.READY).map(Condition::isTrue).orElse(false);
                    if (!transientFailure || !wasReady) {
                        c = Conditions.set(c, Condition.READY, ConditionStatus.FALSE, reason, message, clock.instant());
                    }
                    c = Conditions.set(c, Condition.SYNCED, ConditionStatus.FALSE, reason, message + nextAttempt(retryIn),
                            clock.instant());
                    return s.withConditions(c);
                });
                List<NewEvent> events = recordEvent ? List.of(NewEvent.warning("ReconcileFailed", message, "tether")) : List.of();
                for (NewEvent e : events) {
                    store.recordEvent(resource.id(), e.type(), e.reason(), e.message(), e.actor());
                }
                listeners.orderedStream().forEach(l -> l.written(resource, before, after, events));
            });
        } catch (RuntimeException e) {
            log.warn("resource={} could not record its failure: {}", claim.key(), e.getMessage());
        }
    }

    /** ±10 % so that resources applied together do not all resync in the same second. */
    private static Duration jitter(Duration d) {
        long ms = d.toMillis();
        long spread = ms / 10;
        return Duration.ofMillis(ms - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1));
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
