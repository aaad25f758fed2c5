package dev.tether.kong;

import dev.tether.http.IdleConnections;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.springframework.stereotype.Component;

/**
 * Proves the lock: a request straight to the backend without the internal key must be refused
 * (401/403), and a request through the gateway (with a consumer's credentials when the route
 * demands them) must not be. Publishes {@code tether.gateway.secured} (1/0 per service) and
 * counts broken locks in {@code tether.gateway.lock.broken}.
 */
@Component
class LockProbe {

    /** How to reach the service through the gateway. Header values may be secrets: never printed. */
    record Target(String service, String webUrl, String proxyUrl, String path, String host, String method,
                  String credentialHeader, String credential) {
        @Override
        public String toString() {
            return "Target[service=" + service + ", webUrl=" + webUrl + ", proxyUrl=" + proxyUrl + ", path=" + path + "]";
        }
    }

    /** The verdict: secured true/false, or null when the probe could not decide. */
    record Result(Boolean secured, String reason, String message) {
    }

    private final OkHttpClient http;
    private final MeterRegistry meters;
    private final Map<String, AtomicInteger> gauges = new ConcurrentHashMap<>();

    LockProbe(ProbeProperties props, MeterRegistry meters) {
        Duration t = props.timeout();
        // Probes come a minute apart, longer than servers keep an idle connection: IdleConnections
        // drops pooled ones first and resends a probe a closed idle connection cut off.
        this.http = IdleConnections.install(new OkHttpClient.Builder()).connectTimeout(t).readTimeout(t).writeTimeout(t)
                .followRedirects(false).retryOnConnectionFailure(false).build();
        this.meters = meters;
    }

    Result probe(Target t) {
        Result result = check(t);
        if (result.secured() != null) {
            gauge(t.service()).set(result.secured() ? 1 : 0);
            if (!result.secured()) {
                Counter.builder("tether.gateway.lock.broken").description("Probes that found a KongService's lock broken")
                        .tag("service", t.service()).register(meters).increment();
            }
        }
        return result;
    }

    private Result check(Target t) {
        int direct;
        try {
            direct = status(new Request.Builder().url(t.webUrl()).get().build());
        } catch (IOException | IllegalArgumentException e) {
            return new Result(null, "ProbeFailed", "Could not reach the backend at " + t.webUrl() + ": " + e.getMessage());
        }
        if (direct >= 500) {
            // Heroku answers 503 for an app in maintenance or without a running web dyno (and a
            // crashed one answers 5xx too): the backend refused, for a reason that says nothing
            // about whether it checks the key.
            return new Result(null, "BackendUnavailable", "A request straight to " + t.webUrl() + " answered " + direct
                    + " (down or in maintenance); whether it refuses requests without the key is not proven");
        }
        if (direct != 401 && direct != 403) {
            return new Result(false, "BackendAcceptsWithoutKey", "A request straight to " + t.webUrl()
                    + " without the internal API key answered " + direct + " (expected 401 or 403)");
        }
        if (t.proxyUrl() == null) {
            return new Result(null, "NoProxyUrl", "The backend refuses requests without the key (" + direct
                    + "); the gateway's proxy URL is unknown, so the route was not probed");
        }
        String base = t.proxyUrl().endsWith("/") ? t.proxyUrl().substring(0, t.proxyUrl().length() - 1) : t.proxyUrl();
        Request.Builder through = new Request.Builder().url(base + t.path()).method(t.method(), null);
        if (t.host() != null) {
            through.header("Host", t.host());
        }
        if (t.credentialHeader() != null && t.credential() != null) {
            through.header(t.credentialHeader(), t.credential());
        }
        int proxied;
        try {
            proxied = status(through.build());
        } catch (IOException | IllegalArgumentException e) {
            return new Result(null, "ProbeFailed", "Could not reach the gateway at " + base + ": " + e.getMessage());
        }
        if (proxied == 401 || proxied == 403) {
            return new Result(false, "GatewayRefused", "A request through the gateway to " + t.path() + " answered " + proxied
                    + (t.credential() == null ? "" : " with a consumer's credentials") + "; the key the gateway injects is not accepted");
        }
        return new Result(true, "LockHolds", "Direct to the backend: " + direct + "; through the gateway " + t.path() + ": " + proxied);
    }

    private int status(Request request) throws IOException {
        try (Response r = http.newCall(request).execute()) {
            return r.code();
        }
    }

    private AtomicInteger gauge(String service) {
        return gauges.computeIfAbsent(service, s -> {
            AtomicInteger value = new AtomicInteger(-1);
            Gauge.builder("tether.gateway.secured", value, AtomicInteger::get)
                    .description("1 when the KongService's backend refuses direct requests and accepts the gateway's")
                    .tag("service", s).register(meters);
            return value;
        });
    }
}
