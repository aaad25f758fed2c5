package dev.tether.kong;

/**
 * Where the default gateway is when {@code KONG_ADMIN_URL} does not say: sandbox mode supplies
 * the in-process emulator's Admin API and proxy as this bean, so product code never knows the
 * emulator. Absent in live mode.
 *
 * @param adminUrl the Admin API root
 * @param proxyUrl the proxy root the lock probe goes through
 */
public record KongEndpoint(String adminUrl, String proxyUrl) {
}
