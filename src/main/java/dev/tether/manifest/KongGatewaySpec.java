package dev.tether.manifest;

import java.util.regex.Pattern;

/**
 * Where a gateway's Admin API is, and optionally its proxy (for the Secured probe)
 * (schema {@code schemas/KongGateway.json}).
 *
 * <p>{@code adminTokenEnv} may only name a variable whose name starts with {@code KONG_}: the
 * value is sent to {@code adminUrl}, which the manifest's author chooses, so naming
 * {@code HEROKU_API_KEY} or {@code TETHER_ENCRYPTION_KEY} would hand Tether's own credentials to
 * whoever listens there.
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

    /** The prefix every {@code adminTokenEnv} must have. */
    public static final String TOKEN_ENV_PREFIX = "KONG_";

    private static final Pattern TOKEN_ENV = Pattern.compile("KONG_[A-Z0-9_]+");

    /** Whether {@code name} may be read as a Kong admin token (DESIGN §2: only {@code KONG_*}). */
    public static boolean tokenEnvAllowed(String name) {
        return name != null && TOKEN_ENV.matcher(name).matches();
    }
}
