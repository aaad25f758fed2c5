package dev.tether.kong;

import dev.tether.http.ExternalApiException;
import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.Kind;
import dev.tether.manifest.KongGatewaySpec;
import dev.tether.manifest.StoredResource;
import dev.tether.reconcile.Outcome;
import dev.tether.reconcile.PassReport;
import dev.tether.reconcile.PlanStep;
import dev.tether.reconcile.Previewer;
import dev.tether.manifest.ResourceSpec;
import dev.tether.reconcile.ReconcileRequest;
import dev.tether.reconcile.Reconciler;
import dev.tether.reconcile.StatusDerivation;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

/**
 * A {@code KongGateway} declares where a gateway's Admin API is and which environment variable
 * holds its token. Ready means the Admin API answers with that token; the token's value is
 * never shown, only whether the variable is set. Ready is False, reason {@code AdminApiUnreachable},
 * while it does not answer; the status is derived by {@link StatusDerivation} and written by the loop.
 */
@Component
class KongGatewayReconciler implements Reconciler, Previewer {

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

    /** What one pass finds: Kong's version where it answers, or why the gateway cannot be used. */
    private record Check(Optional<String> version, String matches, PassReport.Blocker blocker) {
    }

    /** The pass's one observation: a gateway has nothing to write, only whether its Admin API answers. */
    private Check check(KongGatewaySpec spec, String token) {
        String refused = gateways.tokenEnvRefused(spec);
        if (refused != null) {
            return new Check(Optional.empty(), "Kong answers at " + spec.adminUrl(),
                    new PassReport.Blocker("AdminTokenEnvRefused", refused));
        }
        try {
            String version = clients.forGateway(spec.adminUrl(), token).version();
            return new Check(Optional.of(version), "Kong " + version + " answers at " + spec.adminUrl()
                    + (spec.adminTokenEnv() == null ? "" : token == null ? " (" + spec.adminTokenEnv() + " is not set; called without a token)"
                    : " with the token from " + spec.adminTokenEnv()), null);
        } catch (ExternalApiException e) {
            return new Check(Optional.empty(), "Kong answers at " + spec.adminUrl(),
                    new PassReport.Blocker("AdminApiUnreachable", e.getMessage()));
        }
    }

    /**
     * A gateway's plan: empty while its Admin API answers (Tether writes nothing to a gateway
     * itself); otherwise one held step saying why its services and consumers cannot be kept.
     */
    @Override
    public List<PlanStep> preview(String name, ObjectNode specNode) {
        KongGatewaySpec spec = (KongGatewaySpec) ResourceSpec.of(Kind.KONG_GATEWAY, specNode);
        Check check = check(spec, gateways.adminToken(spec));
        return check.blocker() == null ? List.of() : List.of(PlanStep.held(Kind.KONG_GATEWAY.manifestName(), name,
                "blocked", "adminUrl", null, spec.adminUrl(), check.blocker().reason() + ": " + check.blocker().message()));
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
        Check check = check(spec, token);
        String kongVersion = check.version().orElse(status.external(KongGatewayExternal.class).kongVersion());
        KongGatewayExternal external = new KongGatewayExternal(spec.adminUrl(), token != null, kongVersion);
        String matches = check.matches();
        PassReport.Blocker blocker = check.blocker();
        PassReport report = new PassReport(resource.generation(), List.of(), List.of(), List.of(), blocker, false, external.fields(),
                List.of(), matches);
        StatusDerivation.Derived derived = StatusDerivation.derive(status, report, clock.instant());
        return new Outcome.InSync(kong.pollInterval(), derived);
    }
}
