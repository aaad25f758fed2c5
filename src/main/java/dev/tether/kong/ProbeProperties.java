package dev.tether.kong;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code Secured} probe.
 *
 * @param interval {@code TETHER_PROBE_INTERVAL}, default 1m: how often each KongService with an apiKeyRef is probed
 * @param proxyUrl {@code KONG_PROXY_URL}: the default gateway's proxy (sandbox mode: the emulator's)
 * @param timeout  per probe request, default 5s
 */
@ConfigurationProperties("tether.probe")
public record ProbeProperties(Duration interval, String proxyUrl, Duration timeout) {

    public ProbeProperties {
        interval = interval == null ? Duration.ofMinutes(1) : interval;
        proxyUrl = proxyUrl == null || proxyUrl.isBlank() ? null : proxyUrl.strip();
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("TETHER_PROBE_INTERVAL: " + interval + " must be positive");
        }
    }
}
