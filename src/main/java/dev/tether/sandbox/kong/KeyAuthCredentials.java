package dev.tether.sandbox.kong;

import java.util.List;

/**
 * The key-auth plugin's {@code keyauth_credentials} DAO (kong/plugins/key-auth/daos.lua):
 * {@code /key-auths} at the top level, {@code /consumers/{c}/key-auth} nested; keys are
 * unique across all consumers and generated when left out.
 */
final class KeyAuthCredentials implements EntityType {

    static final KeyAuthCredentials TYPE = new KeyAuthCredentials();

    private final List<Field> fields = List.of(
            Field.id(),
            Field.timestamp("created_at"),
            Field.foreign("consumer", "consumers").required(),
            Field.string("key").unique(),
            Field.tags(),
            Field.integer("ttl").between(0, 100000000));

    private KeyAuthCredentials() {
    }

    @Override
    public String table() {
        return "keyauth_credentials";
    }

    @Override
    public String adminPath() {
        return "key-auths";
    }

    @Override
    public String nestedPath() {
        return "key-auth";
    }

    @Override
    public String endpointKey() {
        return "key";
    }

    @Override
    public List<Field> fields() {
        return fields;
    }

    @Override
    public boolean hasTtl() {
        return true;
    }

    @Override
    public String generatedField() {
        return "key";
    }
}
