package dev.tether.kong;

import dev.tether.http.ExternalApiException;
import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.Kind;
import dev.tether.manifest.KongGatewaySpec;
import dev.tether.manifest.StoredResource;
import dev.tether.reconcile.Outcome;
import dev.tether.reconcile.PassReport;
import dev.tether.reconcile.ReconcileRequest;
import dev.tether.reconcile.Reconciler;
import dev.tether.reconcile.StatusDerivation;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A {@code KongGateway} declares where a gateway's Admin API is and which environment variable
 * holds its token. Ready means the Admin API answers with that token; the token's value is
 * never shown, only whether the variable is set. Ready is False, reason {@code AdminApiUnreachable},
 * while it does not answer; the status is derived by {@link StatusDerivation} and written by the loop.
 */
@Component
class KongGatewayReconciler implements Reconciler {

    private final GatewayResolver gateways;
    private final KongGateways clients;
    private final StatusStore statuses;
    private final KongProperties kong;
    private final Clock clock;

    KongGatewayReconciler(GatewayResolver gateways, KongGateways clients, DesiredStateStore store, StatusStore statuses,
                          KongProperties kong, Clock clock) {
        this.gateways = gateways;
        this.clients = clients;
        this.statuses = statuses;
        this.kong = kong;
        this.clock = clock;
    }

    @Override
    public Kind kind() {
        return Kind.KONG_GATEWAY;
    }

    @Override
    public Outcome reconcile(StoredResource resource, ReconcileRequest request) {
        if (resource.deleting()) {
            return new Outcome.Deleted();
        }
        KongGatewaySpec spec = (KongGatewaySpec) resource.typedSpec();
        String token = gateways.adminToken(spec);
        ResourceStatus status = statuses.get(resource.id());
        Map<String, Object> external = new LinkedHashMap<>(status.external());
        external.put("adminUrl", spec.adminUrl());
        external.put("adminTokenSet", token != null);
        String matches = "Kong answers at " + spec.adminUrl();
        PassReport.Blocker blocker = null;
        String refused = gateways.tokenEnvRefused(spec);
        if (refused != null) {
            blocker = new PassReport.Blocker("AdminTokenEnvRefused", refused);
        } else {
            try {
                String version = clients.forGateway(spec.adminUrl(), token).version();
                external.put("kongVersion", version);
                matches = "Kong " + version + " answers at " + spec.adminUrl()
                        + (spec.adminTokenEnv() == null ? "" : token == null ? " (" + spec.adminTokenEnv() + " is not set; called without a token)"
                        : " with the token from " + spec.adminTokenEnv());
            } catch (ExternalApiException e) {
                blocker = new PassReport.Blocker("AdminApiUnreachable", e.getMessage());
            }
        }
        PassReport report = new PassReport(resource.generation(), List.of(), List.of(), List.of(), blocker, false, external,
                List.of(), matches);
        StatusDerivation.Derived derived = StatusDerivation.derive(status, report, clock.instant());
        return new Outcome.InSync(kong.pollInterval(), derived);
    }
}
