package dev.tether.sandbox.kong;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Kong's {@code consumers} entity (kong/db/schema/entities/consumers.lua). */
final class Consumers implements EntityType {

    static final Consumers TYPE = new Consumers();

    private final List<Field> fields = List.of(
            Field.id(),
            Field.timestamp("created_at"),
            Field.timestamp("updated_at"),
            Field.string("username").unique(),
            Field.string("custom_id").unique(),
            Field.tags());

    private Consumers() {
    }

    @Override
    public String table() {
        return "consumers";
    }

    @Override
    public String adminPath() {
        return "consumers";
    }

    @Override
    public String endpointKey() {
        return "username";
    }

    @Override
    public List<Field> fields() {
        return fields;
    }

    @Override
    public void checkEntity(ObjectNode entity, ObjectNode errors) {
        SchemaValidator.atLeastOneOf(entity, errors, "custom_id", "username");
    }
}
