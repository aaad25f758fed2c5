package dev.tether.manifest;

import java.util.List;

/** A gateway client (schema {@code schemas/KongConsumer.json}). */
public record KongConsumerSpec(
        String gateway,
        String username,
        String customId,
        List<KeyAuth> keyAuth,
        List<String> acls,
        DriftPolicy driftPolicy,
        DeletionPolicy deletionPolicy,
        Boolean paused,
        Boolean allowReplace,
        Boolean adoptExisting,
        Boolean allowMassDelete) implements ResourceSpec {

    @Override
    public java.util.Set<ResourceKey> references() {
        return java.util.Set.of(new ResourceKey(Kind.KONG_GATEWAY, gateway == null ? "default" : gateway));
    }

    /** A named key-auth key whose value Tether generates. */
    public record KeyAuth(String name) {
    }

    @Override
    public boolean massDeleteAllowed() {
        return Boolean.TRUE.equals(allowMassDelete);
    }
}
