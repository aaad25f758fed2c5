package dev.tether.notify;

import dev.tether.http.IdleConnections;
import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.Kind;
import dev.tether.manifest.NotifierSpec;
import dev.tether.manifest.StoredResource;
import dev.tether.reconcile.Backoff;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends what the {@link NotificationOutbox} holds: each worker claims one due row, POSTs it
 * (signed) to its Notifier's URL outside any transaction, and marks it delivered on a 2xx, or
 * gives it back with full-jitter exponential backoff on anything else (the row is never lost:
 * a Notifier whose target is down gets every message once it is back). A crash between the
 * POST and the mark sends that one message again after the lease; each carries
 * {@code X-Tether-Delivery} (its outbox id) so a receiver can drop the repeat.
 */
@Component
class NotificationDelivery implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NotificationDelivery.class);
    private static final MediaType JSON = MediaType.get("application/json");

    private final NotificationOutbox outbox;
    private final DesiredStateStore store;
    private final SigningKeys keys;
    private final NotifierTargets targets;
    private final NotifyProperties props;
    private final Clock clock;
    private final OkHttpClient http;
    private final Backoff backoff;
    private final List<Thread> workers = new ArrayList<>();
    private final Object wake = new Object();
    private volatile boolean running;

    NotificationDelivery(NotificationOutbox outbox, DesiredStateStore store, SigningKeys keys, NotifierTargets targets,
                         NotifyProperties props, Clock clock) {
        this.outbox = outbox;
        this.store = store;
        this.keys = keys;
        this.targets = targets;
        this.props = props;
        this.clock = clock;
        this.backoff = new Backoff(props.backoffBase(), props.backoffCap());
        Duration t = props.timeout();
        this.http = IdleConnections.install(new OkHttpClient.Builder()).connectTimeout(t).readTimeout(t).writeTimeout(t)
                .followRedirects(false).retryOnConnectionFailure(false).build();
    }

    @Override
    public void start() {
        if (!props.enabled()) {
            return;
        }
        running = true;
        String process = ManagementFactory.getRuntimeMXBean().getName();
        for (int i = 0; i < props.workers(); i++) {
            String id = process + "/notify" + i;
            workers.add(Thread.ofPlatform().name("tether-notify-" + i).daemon().start(() -> work(id)));
        }
    }

    @Override
    public void stop() {
        running = false;
        synchronized (wake) {
            wake.notifyAll();
        }
        for (Thread t : workers) {
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    private void work(String worker) {
        while (running) {
            try {
                Optional<NotificationOutbox.Delivery> d = outbox.claim(worker, props.lease());
                if (d.isPresent()) {
                    deliver(d.get(), worker);
                    continue;
                }
            } catch (RuntimeException e) {
                // the database is away: the rows are safe in it; look again after the poll interval
                log.warn("Notification delivery cannot reach the outbox: {}", e.getMessage());
            }
            synchronized (wake) {
                try {
                    wake.wait(props.poll().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void deliver(NotificationOutbox.Delivery d, String worker) {
        Optional<StoredResource> notifier = store.find(Kind.NOTIFIER, d.notifier());
        if (notifier.isEmpty()) {
            outbox.drop(d.id(), worker, "Notifier " + d.notifier() + " was deleted");
            return;
        }
        NotifierSpec spec = (NotifierSpec) notifier.get().typedSpec();
        Optional<String> url = targets.url(spec);
        if (url.isEmpty()) {
            later(d, worker, spec.urlEnv() + " is not set");
            return;
        }
        Optional<String> key = keys.key(d.notifier(), spec);
        if (key.isEmpty()) {
            later(d, worker, "no signing key yet");
            return;
        }
        byte[] body = NotificationMessage.body(d, spec.formatOrDefault());
        Request request;
        try {
            request = new Request.Builder().url(url.get()).post(RequestBody.create(body, JSON))
                    .header(NotificationMessage.SIGNATURE_HEADER, NotificationMessage.signature(body, key.get()))
                    .header("X-Tether-Delivery", String.valueOf(d.id()))
                    .header("X-Tether-Event", d.reason() + "/" + d.state())
                    .header("User-Agent", "tether-notifier")
                    .build();
        } catch (IllegalArgumentException e) {
            later(d, worker, spec.urlEnv() + " does not hold an http(s) URL");
            return;
        }
        try (Response r = http.newCall(request).execute()) {
            if (r.isSuccessful()) {
                outbox.delivered(d.id(), worker);
                log.info("notifier={} delivery={} reason={} state={} resource={}/{} status={}", d.notifier(), d.id(), d.reason(),
                        d.state(), d.kind(), d.name(), r.code());
            } else {
                later(d, worker, "the target answered " + r.code());
            }
        } catch (IOException e) {
            later(d, worker, "the target could not be reached: " + e.getClass().getSimpleName());
        }
    }

    /** Gives the row back for a later attempt; the error names no URL (it may carry a token). */
    private void later(NotificationOutbox.Delivery d, String worker, String error) {
        Duration delay = backoff.delay(d.attempts() - 1, Optional.empty(), ThreadLocalRandom.current());
        outbox.retry(d.id(), worker, clock.instant().plus(delay), error);
        log.info("notifier={} delivery={} attempt={} retryIn={}ms error=\"{}\"", d.notifier(), d.id(), d.attempts(), delay.toMillis(), error);
    }
}
