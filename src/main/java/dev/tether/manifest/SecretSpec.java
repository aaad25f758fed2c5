package dev.tether.manifest;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * User-supplied secret values (DESIGN §2b, schema {@code schemas/Secret.json}). The values are
 * encrypted into the secrets table when the manifest is applied; the stored spec (and so every
 * generation, answer and page) holds only a keyed fingerprint per key, read back as
 * {@link SecretMask#MASK}. A reader of this record gets the keys, never a value.
 */
public record SecretSpec(
        Map<String, String> data,
        DriftPolicy driftPolicy,
        DeletionPolicy deletionPolicy,
        Boolean paused,
        Boolean allowReplace,
        Boolean adoptExisting) implements ResourceSpec {

    /** The secrets-table owner kind and the purpose prefix each value is stored under. */
    public static final String OWNER_KIND = "Secret";

    /** The purpose a key's value is stored under in the secrets table. */
    public static String purpose(String key) {
        return "data/" + key;
    }

    /** The declared keys, sorted. */
    public Set<String> keys() {
        return data == null ? Set.of() : new TreeSet<>(data.keySet());
    }
}
