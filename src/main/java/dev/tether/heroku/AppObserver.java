package dev.tether.heroku;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Reads one app's state for a reconcile pass, fast and frugally (DESIGN §7: drift reverted
 * within a second, ≤ 12 Heroku calls per app per hour).
 *
 * <p><b>Fast:</b> the independent reads of a pass run concurrently (virtual threads, at most
 * {@value #MAX_CONCURRENT} Heroku calls in flight from this process at once), so a pass costs
 * two round trips of latency instead of seven: first the app and its latest release together,
 * then the parts. A pass a webhook delivery woke reads everything in one ({@link #everything}).
 *
 * <p><b>Frugal:</b> Heroku cuts a new release for every config-var change and every add-on
 * attach, plan change and detach. So config vars and add-ons are read again only when the
 * latest release differs from the one they were last read under (or the pass asks for a full
 * observation: {@code POST /api/v1/resync}, a per-resource reconcile request, or the first pass
 * in this process). The release is always read before the parts it vouches for, so a change
 * racing the read can only make Tether read again, never keep a stale value.
 *
 * <p>A full observation of an unchanged app therefore makes exactly these (conditional, mostly 304) calls:
 * {@code GET /apps/{id}}, {@code GET /apps/{id}/releases} (newest one),
 * {@code GET /apps/{id}/formation}, {@code GET /apps/{id}/domains},
 * {@code GET /apps/{id}/buildpack-installations}: five. Config vars and add-ons are added when
 * the release moved; the webhook list is added by {@link HerokuAppReconciler} only when the
 * subscription is due a check. A routine poll of a quiet app whose webhooks work observes less
 * still: {@link Heartbeat}.
 *
 * <p>Limit: an add-on change that cuts no release on Heroku (none that Tether manages does in
 * the sandbox) is seen on the next full observation.
 */
@Component
class AppObserver implements DisposableBean {

    static final int MAX_CONCURRENT = 16;

    /** Config vars and add-ons as read while {@code releaseVersion} was the latest release. */
    private record Known(int releaseVersion, Map<String, String> configVars, List<ObservedAddon> addons) {
    }

    /** The app and its newest release, read together. */
    record AppAndRelease(Optional<ObservedApp> app, Optional<ObservedRelease> latestRelease) {
    }

    private final HerokuClient heroku;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("tether-heroku-read-", 0).factory());
    private final Semaphore inFlight = new Semaphore(MAX_CONCURRENT);
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    AppObserver(HerokuClient heroku) {
        this.heroku = heroku;
    }

    /** Reads the app and its latest release at the same time (one round trip). */
    AppAndRelease appAndRelease(String appId) {
        Future<Optional<ObservedRelease>> release = submit(() -> heroku.latestRelease(appId));
        Optional<ObservedApp> app = limited(() -> heroku.getApp(appId));
        Optional<ObservedRelease> latest = join(release);
        return new AppAndRelease(app, app.isPresent() ? latest : Optional.empty());
    }

    /** The app, its newest release, everything Tether manages about it and its builds, read in one round trip. */
    record Everything(Optional<ObservedApp> app, Optional<ObservedRelease> latestRelease, ObservedAppState state,
                      List<ObservedBuild> builds) {
    }

    /** The parts of one observation, under way concurrently. */
    private record Parts(Future<Optional<Map<String, String>>> config, Future<Optional<List<ObservedAddon>>> addons,
                         Future<Optional<List<ObservedFormation>>> formation, Future<Optional<List<ObservedDomain>>> domains,
                         Future<Optional<List<ObservedBuildpack>>> buildpacks) {
    }

    /**
     * Everything Tether manages about the app, the parts read concurrently.
     *
     * @param latestRelease the newest release, read before this call (see {@link #appAndRelease});
     *                      empty when the app has none or it was not read
     * @param full          read config vars and add-ons even if the release did not move
     */
    ObservedAppState observe(ObservedApp app, Optional<ObservedRelease> latestRelease, boolean full) {
        String id = app.id();
        Known before = known.get(id);
        boolean reuse = !full && before != null && latestRelease.isPresent()
                && latestRelease.get().version() == before.releaseVersion();
        Parts parts = start(id, !reuse);
        Map<String, String> configVars;
        List<ObservedAddon> addonList;
        if (reuse) {
            configVars = before.configVars();
            addonList = before.addons();
        } else {
            configVars = join(parts.config()).orElse(Map.of());
            addonList = join(parts.addons()).orElse(List.of());
            if (latestRelease.isPresent()) {
                known.put(id, new Known(latestRelease.get().version(), Map.copyOf(configVars), List.copyOf(addonList)));
            } else {
                known.remove(id);
            }
        }
        return assemble(app, latestRelease, configVars, addonList, parts);
    }

    /**
     * The app, its newest release, every part (config vars and add-ons included) and, when
     * {@code withBuilds}, its builds, all at once: one round trip instead of three, for a pass
     * a webhook delivery woke (DESIGN §7 bounds its latency). Every read is conditional, so the
     * unchanged ones answer 304. Config vars and add-ons read alongside the release do not vouch
     * for it (a change racing the reads could pair an old value with the new release), so they
     * are not kept for reuse: the next pass reads them again.
     */
    Everything everything(String id, boolean withBuilds) {
        Future<Optional<ObservedRelease>> release = submit(() -> heroku.latestRelease(id));
        Parts parts = start(id, true);
        Future<Optional<List<ObservedBuild>>> builds = withBuilds ? submit(() -> heroku.listBuilds(id)) : null;
        Optional<ObservedApp> app = limited(() -> heroku.getApp(id));
        known.remove(id);
        if (app.isEmpty()) {
            return new Everything(Optional.empty(), Optional.empty(), null, List.of());
        }
        Optional<ObservedRelease> latest = join(release);
        ObservedAppState state = assemble(app.get(), latest, join(parts.config()).orElse(Map.of()),
                join(parts.addons()).orElse(List.of()), parts);
        return new Everything(app, latest, state, builds == null ? List.of() : join(builds).orElse(List.of()));
    }

    /** {@link #everything}, under way while the caller does other work; take it with {@link #join}. */
    Future<Everything> everythingLater(String id, boolean withBuilds) {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        // not limited itself: it waits for its reads, each of which takes its own place
        return executor.submit(() -> {
            if (mdc != null) {
                MDC.setContextMap(mdc);
            }
            try {
                return everything(id, withBuilds);
            } finally {
                MDC.clear();
            }
        });
    }

    private Parts start(String id, boolean configAndAddons) {
        return new Parts(configAndAddons ? submit(() -> heroku.getConfigVars(id)) : null,
                configAndAddons ? submit(() -> heroku.listAddons(id)) : null,
                submit(() -> heroku.listFormation(id)), submit(() -> heroku.listDomains(id)), submit(() -> heroku.listBuildpacks(id)));
    }

    private static ObservedAppState assemble(ObservedApp app, Optional<ObservedRelease> latestRelease, Map<String, String> configVars,
                                             List<ObservedAddon> addons, Parts parts) {
        return new ObservedAppState(app, configVars,
                join(parts.formation()).orElse(List.of()),
                addons,
                join(parts.domains()).orElse(List.of()),
                join(parts.buildpacks()).orElse(List.of()),
                latestRelease.orElse(null));
    }

    /** Forgets what was read about an app (it was destroyed or is no longer managed). */
    void forget(String appId) {
        if (appId != null) {
            known.remove(appId);
        }
    }

    private <T> Future<T> submit(Supplier<T> read) {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        return executor.submit(() -> {
            if (mdc != null) {
                MDC.setContextMap(mdc);
            }
            try {
                return limited(read);
            } finally {
                MDC.clear();
            }
        });
    }

    private <T> T limited(Supplier<T> read) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to read from Heroku", e);
        }
        try {
            return read.get();
        } finally {
            inFlight.release();
        }
    }

    /** The read's value, or the read's own exception (retryable, permanent, ...) unwrapped. */
    static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading from Heroku", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new CompletionException(cause);
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
