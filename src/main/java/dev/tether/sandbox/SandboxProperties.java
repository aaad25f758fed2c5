package dev.tether.sandbox;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Ports of the emulators sandbox mode starts in Tether's own process (DESIGN §6). Zero means
 * an ephemeral port, which tests use.
 *
 * @param herokuPort    Heroku Platform API emulator ({@code TETHER_SANDBOX_HEROKU_PORT}, 8100)
 * @param kongAdminPort Kong Admin API emulator ({@code TETHER_SANDBOX_KONG_ADMIN_PORT}, 8001)
 * @param kongProxyPort Kong proxy emulator ({@code TETHER_SANDBOX_KONG_PROXY_PORT}, 8000)
 */
@ConfigurationProperties("tether.sandbox")
public record SandboxProperties(int herokuPort, int kongAdminPort, int kongProxyPort) {
}
