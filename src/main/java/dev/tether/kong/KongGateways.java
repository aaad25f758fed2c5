package dev.tether.kong;

import dev.tether.runtime.MissingSettingException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;

/**
 * Hands out one {@link KongAdminClient} per gateway (admin URL + token), all on the shared
 * OkHttp client. The {@code default} gateway is {@code KONG_ADMIN_URL}/{@code KONG_ADMIN_TOKEN},
 * or in sandbox mode the in-process emulator.
 */
public final class KongGateways {

    private record Key(String adminUrl, String adminToken) {
        @Override
        public String toString() {
            return adminUrl;
        }
    }

    private final OkHttpClient http;
    private final String defaultAdminUrl;
    private final String defaultAdminToken;
    private final Map<Key, KongAdminClient> clients = new ConcurrentHashMap<>();

    public KongGateways(OkHttpClient http, String defaultAdminUrl, String defaultAdminToken) {
        this.http = http;
        this.defaultAdminUrl = defaultAdminUrl;
        this.defaultAdminToken = defaultAdminToken;
    }

    /** The client for {@code KONG_ADMIN_URL} (or the sandbox emulator). */
    public KongAdminClient defaultGateway() {
        if (defaultAdminUrl == null) {
            throw new MissingSettingException("KONG_ADMIN_URL", "is required to reach the default Kong gateway in live mode");
        }
        return forGateway(defaultAdminUrl, defaultAdminToken);
    }

    /** {@code KONG_ADMIN_URL} (or the sandbox emulator's), or null when there is none. */
    String defaultAdminUrl() {
        return defaultAdminUrl;
    }

    /** The client for a gateway declared by a {@code KongGateway} resource. */
    public KongAdminClient forGateway(String adminUrl, String adminToken) {
        return clients.computeIfAbsent(new Key(adminUrl, adminToken), k -> new KongAdminClient(http, k.adminUrl(), k.adminToken()));
    }
}
