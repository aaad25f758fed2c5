package dev.tether.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps a {@code Secret}'s values out of the desired-state tables (DESIGN §2b): the values go
 * encrypted into the secrets table, the stored spec holds a keyed fingerprint per key (so a
 * re-apply of the same values is no change, and a new value is a new generation), and every
 * read of a stored spec shows {@link SecretMask#MASK} in place of the fingerprint.
 */
@Component
class SecretData {

    private final SecretValues secrets;

    SecretData(SecretValues secrets) {
        this.secrets = secrets;
    }

    /** The spec as it is stored: each {@code data} value replaced by its fingerprint. */
    ObjectNode sealedSpec(Manifest m) {
        ObjectNode spec = m.spec().deepCopy();
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : m.spec().path("data").properties()) {
            data.put(e.getKey(), secrets.fingerprint(SecretSpec.OWNER_KIND, m.name(), SecretSpec.purpose(e.getKey()),
                    e.getValue().asString()));
        }
        spec.set("data", data);
        return spec;
    }

    /** Writes the manifest's values, encrypted, in the caller's transaction, and drops the keys it no longer has. */
    void store(Manifest m) {
        List<String> purposes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : m.spec().path("data").properties()) {
            String purpose = SecretSpec.purpose(e.getKey());
            secrets.put(SecretSpec.OWNER_KIND, m.name(), purpose, e.getValue().asString());
            purposes.add(purpose);
        }
        secrets.keepOnly(SecretSpec.OWNER_KIND, m.name(), purposes);
    }

    /** The values of a deleted Secret go with it. */
    void forget(String name) {
        secrets.deleteAll(SecretSpec.OWNER_KIND, name);
    }

    /** A stored spec as it may be shown: a Secret's data keys with masked values; other kinds as stored. */
    static ObjectNode shown(Kind kind, ObjectNode stored) {
        if (kind != Kind.SECRET || !stored.path("data").isObject()) {
            return stored;
        }
        ObjectNode copy = stored.deepCopy();
        ObjectNode data = (ObjectNode) copy.get("data");
        for (String key : List.copyOf(data.propertyNames())) {
            data.put(key, SecretMask.MASK);
        }
        return copy;
    }
}
