package dev.tether.sandbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Ports of the emulators sandbox mode starts in Tether's own process (DESIGN §6). Zero means
 * an ephemeral port, which tests use.
 *
 * @param herokuPort    Heroku Platform API emulator ({@code TETHER_SANDBOX_HEROKU_PORT}, 8100)
 * @param kongAdminPort Kong Admin API emulator ({@code TETHER_SANDBOX_KONG_ADMIN_PORT}, 8001)
 * @param kongProxyPort Kong proxy emulator ({@code TETHER_SANDBOX_KONG_PROXY_PORT}, 8000)
 * @param idleTimeout   how long every emulator port (and each sandbox backend) keeps an idle
 *                      keep-alive connection before closing it, as Heroku's router and Kong's
 *                      nginx do ({@code TETHER_SANDBOX_IDLE_TIMEOUT}, 60s; tests set it short)
 */
@ConfigurationProperties("tether.sandbox")
public record SandboxProperties(int herokuPort, int kongAdminPort, int kongProxyPort, Duration idleTimeout) {

    /** What real servers keep an idle keep-alive connection: 60 s. */
    public static final Duration REAL_IDLE_TIMEOUT = Duration.ofSeconds(60);

    public SandboxProperties {
        idleTimeout = idleTimeout == null ? REAL_IDLE_TIMEOUT : idleTimeout;
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("TETHER_SANDBOX_IDLE_TIMEOUT: " + idleTimeout + " must be positive");
        }
    }
}
