package dev.tether.sandbox.kong;

import dev.tether.sandbox.StateFile;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The emulator's database: one table per entity, rows ordered by id as Postgres pages them,
 * with Kong's integrity rules (unique fields and cache keys, foreign keys resolved by id or
 * endpoint key, services restricted by routes, plugins and credentials cascading). All access
 * is serialized; rows handed out are copies.
 */
final class KongStore {

    static final List<EntityType> TYPES = List.of(
            Services.TYPE, Routes.TYPE, Consumers.TYPE, Plugins.TYPE, KeyAuthCredentials.TYPE, Acls.TYPE);

    /** One page of rows and the id to continue after, or null on the last page. */
    record Page(List<ObjectNode> rows, String lastId) {
    }

    private final Map<String, TreeMap<String, ObjectNode>> tables = new HashMap<>();
    /** Expiry (epoch seconds) of credentials created with a {@code ttl}. */
    private final Map<String, Long> expiries = new HashMap<>();
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Where every change is written, or null: the store lives in memory only. */
    private final StateFile stateFile;

    KongStore(Clock clock) {
        this(clock, null);
    }

    /** A store kept in {@code stateFile}: loaded from it now, written to it after every change. */
    KongStore(Clock clock, StateFile stateFile) {
        this.clock = clock;
        this.stateFile = stateFile;
        TYPES.forEach(t -> tables.put(t.table(), new TreeMap<>()));
        if (stateFile != null) {
            stateFile.read().ifPresent(this::load);
        }
    }

    /** Restores every table and ttl from a snapshot {@link #persist} wrote; rows keep their ids. */
    private void load(byte[] snapshot) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(snapshot);
        } catch (tools.jackson.core.JacksonException e) {
            throw new IllegalStateException("the Kong emulator's state in " + stateFile.path()
                    + " is not a snapshot it wrote; move it away to start the emulated gateway empty", e);
        }
        for (EntityType t : TYPES) {
            for (JsonNode row : root.path("tables").path(t.table())) {
                table(t).put(Json.text(row, "id"), (ObjectNode) row.deepCopy());
            }
        }
        root.path("expiries").properties().forEach(e -> expiries.put(e.getKey(), e.getValue().asLong()));
    }

    /** Writes the whole store to its state file (called under the store's lock after each change). */
    private void persist() {
        if (stateFile == null) {
            return;
        }
        ObjectNode root = Json.object();
        ObjectNode out = root.putObject("tables");
        for (EntityType t : TYPES) {
            var rows = out.putArray(t.table());
            table(t).values().forEach(rows::add);
        }
        ObjectNode ttl = root.putObject("expiries");
        expiries.forEach(ttl::put);
        stateFile.write(Json.MAPPER.writeValueAsBytes(root));
    }

    static EntityType byTable(String table) {
        return TYPES.stream().filter(t -> t.table().equals(table)).findFirst().orElseThrow();
    }

    static Optional<EntityType> byAdminPath(String path) {
        return TYPES.stream().filter(t -> t.adminPath().equals(path)).findFirst();
    }

    private long now() {
        return clock.millis() / 1000;
    }

    private TreeMap<String, ObjectNode> table(EntityType t) {
        return tables.get(t.table());
    }

    private boolean expired(ObjectNode row) {
        Long exp = expiries.get(Json.text(row, "id"));
        return exp != null && exp <= now();
    }

    private ObjectNode out(EntityType t, ObjectNode row) {
        ObjectNode copy = row.deepCopy();
        if (t == Plugins.TYPE) {
            Plugins.withDeprecatedEcho(copy);
        }
        if (t.hasTtl()) {
            Long exp = expiries.get(Json.text(row, "id"));
            if (exp != null) {
                copy.put("ttl", Math.max(0, exp - now()));
            }
        }
        return copy;
    }

    /** Looks a row up by id when {@code key} is a UUID, else by the entity's endpoint key. */
    synchronized Optional<ObjectNode> find(EntityType t, String key) {
        return findRow(t, key).map(r -> out(t, r));
    }

    private Optional<ObjectNode> findRow(EntityType t, String key) {
        if (key == null) {
            return Optional.empty();
        }
        ObjectNode row;
        if (SchemaValidator.isUuid(key)) {
            row = table(t).get(key.toLowerCase());
        } else if (t.endpointKey() != null && t != Acls.TYPE) {
            row = table(t).values().stream().filter(r -> key.equals(Json.text(r, t.endpointKey()))).findFirst().orElse(null);
        } else {
            row = null;
        }
        return row == null || expired(row) ? Optional.empty() : Optional.of(row);
    }

    synchronized List<ObjectNode> all(EntityType t) {
        return table(t).values().stream().filter(r -> !expired(r)).map(r -> out(t, r)).toList();
    }

    /** Rows matching {@code filter} with an id after {@code afterId}, at most {@code size}. */
    synchronized Page page(EntityType t, Predicate<ObjectNode> filter, int size, String afterId) {
        var rows = afterId == null ? table(t) : table(t).tailMap(afterId, false);
        List<ObjectNode> out = new ArrayList<>();
        String last = null;
        for (ObjectNode r : rows.values()) {
            if (expired(r) || !filter.test(r)) {
                continue;
            }
            if (out.size() == size) {
                return new Page(out, last);
            }
            out.add(out(t, r));
            last = Json.text(r, "id");
        }
        return new Page(out, null);
    }

    /** POST: a new row; an id already in use is a primary key violation. */
    synchronized ObjectNode insert(EntityType t, ObjectNode body) {
        ObjectNode row = validate(t, body);
        String id = Json.text(row, "id");
        if (id == null) {
            id = UUID.randomUUID().toString();
        } else if (table(t).containsKey(id.toLowerCase())) {
            throw KongError.primaryKeyViolation(id);
        }
        long now = now();
        if (row.path("created_at").isNull()) {
            row.put("created_at", now);
        }
        return save(t, row, id, now, body, true);
    }

    /**
     * PUT: replaces the whole row (fields left out return to their defaults, {@code created_at}
     * is reset unless sent) or creates it. {@code existing} is the row the path named, if any;
     * the caller has already written the path's id or endpoint key into {@code body}.
     */
    synchronized ObjectNode upsert(EntityType t, ObjectNode existing, ObjectNode body) {
        ObjectNode input = body.deepCopy();
        String id = existing != null ? Json.text(existing, "id") : Json.text(input, "id");
        input.remove("id");
        ObjectNode row = validate(t, input);
        if (id == null) {
            id = UUID.randomUUID().toString();
        }
        long now = now();
        if (row.path("created_at").isNull()) {
            row.put("created_at", now);
        }
        return save(t, row, id, now, body, true);
    }

    /** PATCH: a deep merge of {@code patch} into the stored row, then a full validation. */
    synchronized ObjectNode update(EntityType t, ObjectNode existing, ObjectNode patch) {
        ObjectNode stored = table(t).get(Json.text(existing, "id"));
        ObjectNode input = t.expandShorthands(patch, Json.object());
        ObjectNode merged = SchemaValidator.merge(t.fieldsFor(stored), stored, input);
        merged.put("id", Json.text(stored, "id"));
        ObjectNode row = validate(t, merged);
        return save(t, row, Json.text(stored, "id"), now(), patch, false);
    }

    private ObjectNode validate(EntityType t, ObjectNode body) {
        ObjectNode errors = Json.object();
        ObjectNode input = t.expandShorthands(body, errors);
        ObjectNode row = SchemaValidator.record(t.fieldsFor(input), input, errors);
        t.checkEntity(row, errors);
        if (!errors.isEmpty()) {
            throw KongError.schemaViolation(errors);
        }
        resolveForeignKeys(t, row);
        return row;
    }

    private void resolveForeignKeys(EntityType t, ObjectNode row) {
        for (Field fk : t.foreignKeys()) {
            JsonNode ref = row.get(fk.name);
            if (ref == null || ref.isNull()) {
                continue;
            }
            EntityType parent = TYPES.stream().filter(p -> p.table().equals(fk.reference)).findFirst().orElse(null);
            String id = Json.text(ref, "id");
            if (parent == null) {
                if (id == null) {
                    throw KongError.foreignKeyViolation(fk.name, "", fk.reference);
                }
                throw KongError.foreignKeyViolation(fk.name, id, fk.reference);
            }
            if (id != null) {
                if (!table(parent).containsKey(id.toLowerCase())) {
                    throw KongError.foreignKeyViolation(fk.name, id, parent.table());
                }
            } else {
                String keyValue = Json.text(ref, parent.endpointKey());
                if (keyValue == null) {
                    ObjectNode errors = Json.object();
                    errors.set(fk.name, Json.object().put("id", "required field missing"));
                    throw KongError.schemaViolation(errors);
                }
                id = findRow(parent, keyValue).map(r -> Json.text(r, "id")).orElseThrow(
                        () -> KongError.foreignKeyUnresolved(fk.name, parent.endpointKey(), keyValue, parent.table()));
            }
            row.set(fk.name, Json.object().put("id", id.toLowerCase()));
        }
    }

    /** Stores the row; {@code replace} (POST, PUT) also drops a ttl the body no longer asks for. */
    private ObjectNode save(EntityType t, ObjectNode row, String id, long now, JsonNode body, boolean replace) {
        id = id.toLowerCase();
        row.put("id", id);
        if (t.hasUpdatedAt()) {
            row.put("updated_at", now);
        }
        String generated = t.generatedField();
        if (generated != null && row.path(generated).isNull()) {
            row.put(generated, randomKey());
        }
        checkUnique(t, row, id);
        Long ttl = null;
        if (t.hasTtl()) {
            JsonNode requested = row.remove("ttl");
            row.putNull("ttl");
            if (requested != null && requested.isIntegralNumber() && requested.asLong() > 0) {
                ttl = requested.asLong();
            }
        }
        table(t).put(id, row);
        if (ttl != null) {
            expiries.put(id, now + ttl);
        } else if (t.hasTtl() && (replace || body.has("ttl"))) {
            expiries.remove(id);
        }
        persist();
        return out(t, row);
    }

    private void checkUnique(EntityType t, ObjectNode row, String id) {
        for (Field f : t.fields()) {
            if (!f.unique || row.path(f.name).isNull()) {
                continue;
            }
            JsonNode v = row.get(f.name);
            for (ObjectNode other : table(t).values()) {
                if (!id.equals(Json.text(other, "id")) && v.equals(other.get(f.name)) && !expired(other)) {
                    throw KongError.uniqueViolation(Json.object().set(f.name, v));
                }
            }
        }
        if (!t.cacheKey().isEmpty()) {
            for (ObjectNode other : table(t).values()) {
                if (id.equals(Json.text(other, "id"))) {
                    continue;
                }
                boolean same = t.cacheKey().stream().allMatch(k -> row.path(k).equals(other.path(k)));
                if (same) {
                    ObjectNode key = Json.object();
                    t.cacheKey().forEach(k -> key.set(k, row.get(k).deepCopy()));
                    throw KongError.uniqueViolation(key);
                }
            }
        }
    }

    /** Kong's generated key: base64 of 24 random bytes with '/' and '+' swapped for letters. */
    private String randomKey() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        StringBuilder b = new StringBuilder(java.util.Base64.getEncoder().encodeToString(bytes));
        for (int i = 0; i < b.length(); i++) {
            if (b.charAt(i) == '/') {
                b.setCharAt(i, (char) ('A' + random.nextInt(26)));
            } else if (b.charAt(i) == '+') {
                b.setCharAt(i, (char) ('a' + random.nextInt(26)));
            }
        }
        return b.toString();
    }

    /**
     * DELETE: routes block their service's deletion (400 code 4, {@code @referenced_by});
     * plugins cascade with their service, route or consumer; credentials and ACLs with their
     * consumer.
     */
    synchronized void delete(EntityType t, String id) {
        if (table(t).containsKey(id)) {
            deleteRow(t, id);
            persist();
        }
    }

    private void deleteRow(EntityType t, String id) {
        if (!table(t).containsKey(id)) {
            return;
        }
        for (EntityType child : TYPES) {
            for (Field fk : child.foreignKeys()) {
                if (!fk.reference.equals(t.table())) {
                    continue;
                }
                List<String> children = table(child).values().stream()
                        .filter(r -> id.equals(Json.foreignId(r, fk.name)))
                        .map(r -> Json.text(r, "id")).toList();
                if (children.isEmpty()) {
                    continue;
                }
                if (child == Routes.TYPE) {
                    throw KongError.referencedBy(child.table(), t.table());
                }
            }
        }
        for (EntityType child : TYPES) {
            for (Field fk : child.foreignKeys()) {
                if (fk.reference.equals(t.table())) {
                    List<String> children = table(child).values().stream()
                            .filter(r -> id.equals(Json.foreignId(r, fk.name)))
                            .map(r -> Json.text(r, "id")).toList();
                    children.forEach(c -> deleteRow(child, c));
                }
            }
        }
        table(t).remove(id);
        expiries.remove(id);
    }

    /** Every (tag, entity_name, entity_id) row, as {@code GET /tags} lists them. */
    synchronized List<ObjectNode> tagRows(String onlyTag) {
        List<ObjectNode> rows = new ArrayList<>();
        for (EntityType t : TYPES) {
            for (ObjectNode r : table(t).values()) {
                if (expired(r)) {
                    continue;
                }
                for (String tag : Json.stringList(r.get("tags"))) {
                    if (onlyTag == null || onlyTag.equals(tag)) {
                        rows.add(Json.object().put("tag", tag).put("entity_name", t.table()).put("entity_id", Json.text(r, "id")));
                    }
                }
            }
        }
        return rows;
    }

    /** Number of rows per table, for the sandbox's state view. */
    synchronized Map<String, Integer> counts() {
        Map<String, Integer> m = new TreeMap<>();
        tables.forEach((k, v) -> m.put(k, v.size()));
        return m;
    }

    synchronized void clear() {
        tables.values().forEach(Map::clear);
        expiries.clear();
        persist();
    }
}
