package dev.tether.manifest;

/**
 * Where a gateway's Admin API is, and optionally its proxy (for the Secured probe)
 * (schema {@code schemas/KongGateway.json}).
 */
public record KongGatewaySpec(
        String adminUrl,
        String proxyUrl,
        String adminTokenEnv,
        DriftPolicy driftPolicy,
        DeletionPolicy deletionPolicy,
        Boolean paused,
        Boolean allowReplace,
        Boolean adoptExisting) implements ResourceSpec {
}
