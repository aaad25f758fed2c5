package dev.tether.kong;

import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.Kind;
import dev.tether.manifest.KongGatewaySpec;
import dev.tether.manifest.StoredResource;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Finds the gateway a resource names: a {@code KongGateway} resource of that name (its admin
 * token read from the environment variable it names), or for {@code default} the
 * {@code KONG_ADMIN_URL}/{@code KONG_ADMIN_TOKEN} gateway (sandbox mode: the emulator).
 */
@Component
class GatewayResolver {

    /** The default gateway's token ({@code tether.kong.admin-token}). */
    static final String DEFAULT_TOKEN_ENV = "KONG_ADMIN_TOKEN";

    private final KongGateways gateways;
    private final DesiredStateStore store;
    private final Environment env;
    private final String defaultProxyUrl;

    GatewayResolver(KongGateways gateways, DesiredStateStore store, Environment env, ProbeProperties probe,
                    ObjectProvider<KongEndpoint> sandboxEndpoint) {
        this.gateways = gateways;
        this.store = store;
        this.env = env;
        KongEndpoint sandbox = sandboxEndpoint.getIfAvailable();
        this.defaultProxyUrl = probe.proxyUrl() != null ? probe.proxyUrl() : sandbox == null ? null : sandbox.proxyUrl();
    }

    /** The gateway, or empty when a {@code KongGateway} of that name is not declared. */
    Optional<Gateway> resolve(String name) {
        Optional<StoredResource> declared = store.find(Kind.KONG_GATEWAY, name).filter(r -> !r.deleting());
        if (declared.isPresent()) {
            KongGatewaySpec spec = (KongGatewaySpec) declared.get().typedSpec();
            return Optional.of(new Gateway(name, gateways.forGateway(spec.adminUrl(), adminToken(spec)),
                    spec.proxyUrl() != null ? spec.proxyUrl() : name.equals("default") ? defaultProxyUrl : null));
        }
        if (name.equals("default")) {
            return Optional.of(new Gateway(name, gateways.defaultGateway(), defaultProxyUrl));
        }
        return Optional.empty();
    }

    /**
     * The admin token from the named environment variable, or null when unset or when the name is
     * refused. Validation already refuses any name but {@code KONG_*}; this is checked again here
     * because a row stored before that rule must never send, say, {@code HEROKU_API_KEY} to the
     * {@code adminUrl} its author chose.
     */
    String adminToken(KongGatewaySpec spec) {
        if (spec.adminTokenEnv() == null || tokenEnvRefused(spec) != null) {
            return null;
        }
        String v = env.getProperty(spec.adminTokenEnv());
        return v == null || v.isBlank() ? null : v;
    }

    /** Why the spec's {@code adminTokenEnv} may not be read, or null when it may (or names nothing). */
    String tokenEnvRefused(KongGatewaySpec spec) {
        String name = spec.adminTokenEnv();
        if (name == null) {
            return null;
        }
        if (!KongGatewaySpec.tokenEnvAllowed(name)) {
            return "spec.adminTokenEnv: '" + name + "' is not allowed: the admin token must come from a variable whose name starts with "
                    + KongGatewaySpec.TOKEN_ENV_PREFIX + " (it is never read nor sent)";
        }
        // The default gateway's token goes to the default gateway only, not to any adminUrl a manifest names.
        if (name.equals(DEFAULT_TOKEN_ENV) && !spec.adminUrl().equals(gateways.defaultAdminUrl())) {
            return "spec.adminTokenEnv: " + DEFAULT_TOKEN_ENV + " is the default gateway's token and is sent only to KONG_ADMIN_URL, not to "
                    + spec.adminUrl() + "; give this gateway a variable of its own";
        }
        return null;
    }
}
