package dev.tether.sandbox.kong;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the emulator knows about one Kong DAO: its table, Admin API paths, endpoint key, fields
 * and entity checks. One implementation per entity (services, routes, consumers, plugins,
 * key-auth credentials, ACLs) keeps each entity's rules in its own file.
 */
interface EntityType {

    /** Table name, also {@code entity_name} in {@code /tags} and {@code @referenced_by}. */
    String table();

    /** Top-level collection path, e.g. {@code services} or {@code key-auths}. */
    String adminPath();

    /** Path segment when nested under a parent, e.g. {@code key-auth} under a consumer. */
    default String nestedPath() {
        return adminPath();
    }

    /** The field a non-UUID path key is looked up by (Kong's {@code endpoint_key}), or null. */
    String endpointKey();

    List<Field> fields();

    /** The fields that apply to this body; plugins pick their config schema by name. */
    default List<Field> fieldsFor(JsonNode input) {
        return fields();
    }

    /** Expands write-only shorthand fields (a service's {@code url}) before validation. */
    default ObjectNode expandShorthands(ObjectNode input, ObjectNode errors) {
        return input;
    }

    /** Entity-level checks on a normalized entity; failures go into {@code errors}. */
    default void checkEntity(ObjectNode entity, ObjectNode errors) {
    }

    /** Fields that together must be unique (Kong's {@code cache_key}); empty when none. */
    default List<String> cacheKey() {
        return List.of();
    }

    /** Credentials that carry an optional {@code ttl} (key-auth). */
    default boolean hasTtl() {
        return false;
    }

    default boolean hasUpdatedAt() {
        return fields().stream().anyMatch(f -> f.name.equals("updated_at"));
    }

    default List<Field> foreignKeys() {
        return fields().stream().filter(f -> f.kind == Field.Kind.FOREIGN).toList();
    }

    /** Key auto-generated when the body leaves it out (key-auth {@code key}); null when none. */
    default String generatedField() {
        return null;
    }
}
