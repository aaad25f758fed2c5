package dev.tether.kong;

/**
 * One resolved gateway: its Admin API client and, when known, its proxy URL (what the
 * {@code Secured} probe sends requests through).
 */
record Gateway(String name, KongAdminClient admin, String proxyUrl) {
}
