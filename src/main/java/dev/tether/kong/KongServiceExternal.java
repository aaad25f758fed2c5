package dev.tether.kong;

import dev.tether.status.External;
import java.time.Instant;

/**
 * What a KongService's status records about Kong (its {@code status.external}).
 *
 * @param serviceId          the Kong service's id
 * @param gateway            the KongGateway it is on
 * @param url                the upstream URL last set on the service
 * @param upstreamApp        the HerokuApp that URL was taken from (null for a literal URL)
 * @param injectedKeyVersion the version of the referenced ApiKey the service injects (read by the key's rotation)
 * @param probedAt           when the upstream lock was last probed
 */
public record KongServiceExternal(String serviceId, String gateway, String url, String upstreamApp,
                                  Integer injectedKeyVersion, Instant probedAt) implements External {

    KongServiceExternal withServiceId(String id) {
        return new KongServiceExternal(id, gateway, url, upstreamApp, injectedKeyVersion, probedAt);
    }

    KongServiceExternal withGateway(String name) {
        return new KongServiceExternal(serviceId, name, url, upstreamApp, injectedKeyVersion, probedAt);
    }

    /** Kong's service points at {@code to}, taken from HerokuApp {@code app} (null: a literal URL). */
    KongServiceExternal withUpstream(String to, String app) {
        return new KongServiceExternal(serviceId, gateway, to, app, injectedKeyVersion, probedAt);
    }

    KongServiceExternal withInjectedKeyVersion(Integer version) {
        return new KongServiceExternal(serviceId, gateway, url, upstreamApp, version, probedAt);
    }

    KongServiceExternal withProbedAt(Instant at) {
        return new KongServiceExternal(serviceId, gateway, url, upstreamApp, injectedKeyVersion, at);
    }
}
