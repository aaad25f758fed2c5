package dev.tether.kong;

import dev.tether.manifest.Kind;
import dev.tether.manifest.ResourceKey;
import dev.tether.manifest.WorkIntake;
import dev.tether.reconcile.LoopProperties;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Kong has no webhooks, so its drift is found by polling; this is the poll. Once per round (the
 * Kong poll interval, at the same instants as every KongService's), one worker process of several
 * ({@link KongDigests#takeRound}) reads each gateway's Tether-owned entities once, one paged list
 * per entity type ({@link OwnedSnapshots}), and compares each watched KongService's entities with
 * the digest its last quiet pass recorded. Only the services whose entities differ (a hand edit,
 * a deletion, a new entity under its tag) are woken; the rest cost no pass at all. A settled
 * service therefore passes only for its lock probe and its resync, instead of once per round.
 *
 * <p>A read that fails (Kong down, its token refused) forgets the gateway's digests and wakes its
 * services, which show the failure in their status and retry on their own backoff until a quiet
 * pass records a digest again. A round that no process took (every worker busy or restarting) is
 * made up for by each service's own resync.
 */
@Component
class KongWatch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KongWatch.class);
    static final String REASON = "KongChanged";

    private final KongDigests digests;
    private final GatewayResolver gateways;
    private final OwnedSnapshots owned;
    private final WorkIntake queue;
    private final KongProperties kong;
    private final LoopProperties loop;
    private final Clock clock;
    private final String process = ManagementFactory.getRuntimeMXBean().getName();
    private volatile ScheduledExecutorService timer;

    KongWatch(KongDigests digests, GatewayResolver gateways, OwnedSnapshots owned, WorkIntake queue, KongProperties kong,
              LoopProperties loop, Clock clock) {
        this.digests = digests;
        this.gateways = gateways;
        this.owned = owned;
        this.queue = queue;
        this.kong = kong;
        this.loop = loop;
        this.clock = clock;
    }

    /** The instant the current round began: the latest multiple of the poll interval since the epoch. */
    static Instant roundStart(Instant now, Duration every) {
        long ms = every.toMillis();
        return Instant.ofEpochMilli(now.toEpochMilli() - Math.floorMod(now.toEpochMilli(), ms));
    }

    @Override
    public void start() {
        if (!loop.enabled()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("tether-kong-watch").daemon().unstarted(r));
        scheduleNext();
    }

    private void scheduleNext() {
        ScheduledExecutorService t = timer;
        if (t == null) {
            return;
        }
        Instant now = clock.instant();
        Instant next = roundStart(now, kong.pollInterval()).plus(kong.pollInterval());
        t.schedule(this::round, Duration.between(now, next).toMillis(), TimeUnit.MILLISECONDS);
    }

    private void round() {
        try {
            Instant round = roundStart(clock.instant(), kong.pollInterval());
            if (digests.takeRound(round, process)) {
                for (String gateway : digests.gateways()) {
                    poll(gateway, round);
                }
            }
        } catch (RuntimeException e) {
            log.warn("kong-watch round failed: {}", e.toString());
        } finally {
            scheduleNext();
        }
    }

    /** One gateway's round: how many of its watched services were woken. */
    int poll(String gateway, Instant round) {
        Map<String, String> watched = digests.watched(gateway);
        if (watched.isEmpty()) {
            return 0;
        }
        Optional<Gateway> gw = gateways.resolve(gateway);
        OwnedEntities read;
        try {
            read = gw.map(g -> owned.read(g.admin(), round)).orElse(null);
        } catch (RuntimeException e) {
            read = null;
            log.info("kong-watch gateway={} could not be read ({}): waking its {} services", gateway, e.getMessage(), watched.size());
        }
        if (read == null) {
            digests.forgetGateway(gateway);
            watched.keySet().forEach(name -> queue.enqueue(new ResourceKey(Kind.KONG_SERVICE, name), clock.instant(), REASON, false));
            return watched.size();
        }
        int woken = 0;
        for (Map.Entry<String, String> e : watched.entrySet()) {
            if (!KongDigests.of(read, e.getKey()).equals(e.getValue())) {
                // due at the read: the pass takes this read (or a newer one), never an older one
                queue.enqueue(new ResourceKey(Kind.KONG_SERVICE, e.getKey()), read.takenAt(), REASON, false);
                woken++;
            }
        }
        if (woken > 0) {
            log.info("kong-watch gateway={} round={} watched={} changed={}", gateway, round, watched.size(), woken);
        }
        return woken;
    }

    @Override
    public void stop() {
        ScheduledExecutorService t = timer;
        timer = null;
        if (t != null) {
            t.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    @Override
    public int getPhase() {
        // with the control loop: after the web server and emulators are up, before they go down
        return Integer.MAX_VALUE - 1000;
    }
}
