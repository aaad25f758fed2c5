package dev.tether.manifest;

import java.util.List;
import java.util.Map;

/** A Kong service with its routes and plugins (schema {@code schemas/KongService.json}). */
public record KongServiceSpec(
        String gateway,
        Upstream upstream,
        String apiKeyRef,
        List<Route> routes,
        List<Plugin> plugins,
        DriftPolicy driftPolicy,
        DeletionPolicy deletionPolicy,
        Boolean paused,
        Boolean allowReplace,
        Boolean adoptExisting,
        Boolean allowMassDelete) implements ResourceSpec {

    /** Exactly one of {@code app} (a HerokuApp whose web_url is used) or {@code url}. */
    public record Upstream(String app, String url) {
    }

    public record Route(String name, List<String> paths, List<String> hosts, List<String> methods,
                        List<String> protocols, Boolean stripPath, Boolean preserveHost) {
    }

    /** A plugin on the service, or on one of its routes when {@code route} names it. */
    public record Plugin(String name, String route, Boolean enabled, Map<String, Object> config) {
    }

    @Override
    public java.util.Set<ResourceKey> references() {
        java.util.Set<ResourceKey> refs = new java.util.LinkedHashSet<>();
        refs.add(new ResourceKey(Kind.KONG_GATEWAY, gatewayOrDefault()));
        if (upstream != null && upstream.app() != null) {
            refs.add(new ResourceKey(Kind.HEROKU_APP, upstream.app()));
        }
        if (apiKeyRef != null) {
            refs.add(new ResourceKey(Kind.API_KEY, apiKeyRef));
        }
        return refs;
    }

    /** The key it injects: its rotation waits for this service to report the new version. */
    @Override
    public java.util.Set<ResourceKey> notifies() {
        return apiKeyRef == null ? java.util.Set.of() : java.util.Set.of(new ResourceKey(Kind.API_KEY, apiKeyRef));
    }

    public String gatewayOrDefault() {
        return gateway == null ? "default" : gateway;
    }

    @Override
    public boolean massDeleteAllowed() {
        return Boolean.TRUE.equals(allowMassDelete);
    }
}
