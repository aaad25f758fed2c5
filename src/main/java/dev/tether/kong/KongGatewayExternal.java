package dev.tether.kong;

import dev.tether.status.External;

/**
 * What a KongGateway's status records (its {@code status.external}).
 *
 * @param adminUrl      the Admin API it talks to
 * @param adminTokenSet whether an admin token is configured (never the token)
 * @param kongVersion   the version Kong reported, once it answered
 */
public record KongGatewayExternal(String adminUrl, Boolean adminTokenSet, String kongVersion) implements External {
}
