package dev.tether.keys;

import dev.tether.secrets.SecretStore;
import dev.tether.manifest.ApiKeySpec;
import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.ResourceSpec;
import dev.tether.reconcile.InThisApply;
import dev.tether.manifest.Kind;
import dev.tether.manifest.StoredResource;
import dev.tether.status.External;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What the gateway should inject for an {@code ApiKey}: the current key, or the new one once
 * a rotation reached step 2. The {@code KongService} reconciler reads the value here and
 * reports back the {@link GatewayKey#version()} it applied, which is how a rotation knows the
 * gateway has switched.
 */
@Component
public class ApiKeys {

    static final String SECRET_CURRENT = "current";
    static final String SECRET_NEXT = "next";
    static final String KIND = Kind.API_KEY.manifestName();

    /**
     * What a kind that injects this key reports back in its {@code status.external} (a
     * KongService's {@code injectedKeyVersion}): the version it sends, which is how a rotation
     * knows the gateway has switched. Read here as this record, so the key depends on no gateway kind.
     */
    public record Injection(Integer injectedKeyVersion) implements External {
    }

    private final DesiredStateStore store;
    private final StatusStore statuses;
    private final SecretStore secrets;
    private final ApiKeyObserver observer;

    ApiKeys(DesiredStateStore store, StatusStore statuses, SecretStore secrets, ApiKeyObserver observer) {
        this.store = store;
        this.statuses = statuses;
        this.secrets = secrets;
        this.observer = observer;
    }

    /**
     * The key the gateway must send, with its version; empty while the key has not been
     * generated (the service then waits for it).
     */
    public record GatewayKey(String header, String value, int version) {
        @Override
        public String toString() {
            return "GatewayKey[header=" + header + ", value=<redacted>, version=" + version + "]";
        }
    }

    /**
     * As {@link #gatewayKey(String)}, for a dry run: an ApiKey without a key yet that the same
     * apply declares is the key it would have after the apply, version 1: the value a target holds
     * when it adopts one ({@code adoptExisting}), else {@value InThisApply#KNOWN_AFTER_APPLY}.
     */
    public Optional<GatewayKey> gatewayKey(String apiKeyName, InThisApply others) {
        Optional<GatewayKey> known = gatewayKey(apiKeyName);
        if (known.isPresent()) {
            return known;
        }
        return others.spec(Kind.API_KEY, apiKeyName).map(node -> {
            ApiKeySpec spec = (ApiKeySpec) ResourceSpec.of(Kind.API_KEY, node);
            String value = spec.adoptsExisting() ? observer.adoptable(spec, others).orElse(InThisApply.KNOWN_AFTER_APPLY)
                    : InThisApply.KNOWN_AFTER_APPLY;
            return new GatewayKey(spec.headerOrDefault(), value, 1);
        });
    }

    public Optional<GatewayKey> gatewayKey(String apiKeyName) {
        Optional<StoredResource> r = store.find(Kind.API_KEY, apiKeyName);
        if (r.isEmpty() || r.get().deleting()) {
            return Optional.empty();
        }
        dev.tether.manifest.ApiKeySpec spec = (dev.tether.manifest.ApiKeySpec) r.get().typedSpec();
        ResourceStatus status = statuses.get(r.get().id());
        int version = version(status);
        if (version == 0) {
            return Optional.empty();
        }
        if (phase(status).gatewaySendsNext()) {
            Optional<String> next = secrets.get(KIND, apiKeyName, SECRET_NEXT);
            if (next.isPresent()) {
                return Optional.of(new GatewayKey(spec.headerOrDefault(), next.get(), version + 1));
            }
        }
        return secrets.get(KIND, apiKeyName, SECRET_CURRENT).map(v -> new GatewayKey(spec.headerOrDefault(), v, version));
    }

    static int version(ResourceStatus status) {
        return status.external(ApiKeyExternal.class).version();
    }

    static RotationPhase phase(ResourceStatus status) {
        return status.external(ApiKeyExternal.class).phase();
    }
}
