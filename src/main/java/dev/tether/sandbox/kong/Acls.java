package dev.tether.sandbox.kong;

import java.util.List;

/**
 * The acl plugin's {@code acls} DAO (kong/plugins/acl/daos.lua): a consumer's group
 * memberships, unique per (consumer, group), looked up by group under a consumer.
 */
final class Acls implements EntityType {

    static final Acls TYPE = new Acls();

    private final List<Field> fields = List.of(
            Field.id(),
            Field.timestamp("created_at"),
            Field.foreign("consumer", "consumers").required(),
            Field.string("group").required(),
            Field.tags());

    private Acls() {
    }

    @Override
    public String table() {
        return "acls";
    }

    @Override
    public String adminPath() {
        return "acls";
    }

    @Override
    public String endpointKey() {
        return "group";
    }

    @Override
    public List<Field> fields() {
        return fields;
    }

    @Override
    public List<String> cacheKey() {
        return List.of("consumer", "group");
    }
}
