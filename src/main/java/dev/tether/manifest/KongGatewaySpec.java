package dev.tether.manifest;

/** Where a gateway's Admin API is (schema {@code schemas/KongGateway.json}). */
public record KongGatewaySpec(
        String adminUrl,
        String adminTokenEnv,
        DriftPolicy driftPolicy,
        DeletionPolicy deletionPolicy,
        Boolean paused,
        Boolean allowReplace,
        Boolean adoptExisting) implements ResourceSpec {
}
