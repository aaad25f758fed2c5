package dev.tether.kong;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The default gateway (DESIGN §2 {@code KongGateway} named {@code default}) and how often Kong
 * is re-read for drift.
 *
 * @param adminUrl     {@code KONG_ADMIN_URL}; unset in sandbox mode means the emulator's
 * @param adminToken   {@code KONG_ADMIN_TOKEN}, the key-auth key in front of the Admin API; may be unset
 * @param pollInterval {@code TETHER_KONG_POLL_INTERVAL}, default 30s
 */
@ConfigurationProperties("tether.kong")
public record KongProperties(String adminUrl, String adminToken, Duration pollInterval) {

    public KongProperties {
        adminUrl = adminUrl == null || adminUrl.isBlank() ? null : adminUrl.strip();
        adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken;
        pollInterval = pollInterval == null ? Duration.ofSeconds(30) : pollInterval;
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("TETHER_KONG_POLL_INTERVAL: " + pollInterval + " must be positive");
        }
    }

    @Override
    public String toString() {
        return "KongProperties[adminUrl=" + adminUrl + ", adminToken=" + (adminToken == null ? "unset" : "<redacted>")
                + ", pollInterval=" + pollInterval + "]";
    }
}
