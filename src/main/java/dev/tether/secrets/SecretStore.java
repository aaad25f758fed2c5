package dev.tether.secrets;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Secrets Tether generates (API key values, webhook secrets, key-auth keys), encrypted at rest
 * in the {@code secrets} table, one per owner resource and purpose. Values never leave through
 * logs, events or API responses; callers hand them only to Heroku and Kong.
 */
@Component
public class SecretStore implements dev.tether.manifest.SecretValues {

    private final JdbcClient jdbc;
    private final SecretBox box;

    public SecretStore(JdbcClient jdbc, SecretBox box) {
        this.jdbc = jdbc;
        this.box = box;
    }

    @Override
    public void put(String ownerKind, String ownerName, String purpose, String value) {
        byte[] sealed = box.seal(value, aad(ownerKind, ownerName, purpose));
        jdbc.sql("""
                        INSERT INTO secrets (owner_kind, owner_name, purpose, ciphertext) VALUES (:k, :n, :p, :c)
                        ON CONFLICT (owner_kind, owner_name, purpose) DO UPDATE SET ciphertext = EXCLUDED.ciphertext, created_at = now()""")
                .param("k", ownerKind).param("n", ownerName).param("p", purpose).param("c", sealed)
                .update();
    }

    public Optional<String> get(String ownerKind, String ownerName, String purpose) {
        return jdbc.sql("SELECT ciphertext FROM secrets WHERE owner_kind = :k AND owner_name = :n AND purpose = :p")
                .param("k", ownerKind).param("n", ownerName).param("p", purpose)
                .query(byte[].class)
                .optional()
                .map(c -> box.open(c, aad(ownerKind, ownerName, purpose)));
    }

    public void delete(String ownerKind, String ownerName, String purpose) {
        jdbc.sql("DELETE FROM secrets WHERE owner_kind = :k AND owner_name = :n AND purpose = :p")
                .param("k", ownerKind).param("n", ownerName).param("p", purpose).update();
    }

    /** Removes an owner's secrets whose purpose is not in {@code keep} (a key dropped from a Secret). */
    @Override
    public void keepOnly(String ownerKind, String ownerName, java.util.Collection<String> keep) {
        jdbc.sql("""
                        DELETE FROM secrets WHERE owner_kind = :k AND owner_name = :n
                        AND NOT (purpose = ANY (CAST(:keep AS text[])))""")
                .param("k", ownerKind).param("n", ownerName)
                .param("keep", keep.toArray(String[]::new)).update();
    }

    /** The fingerprint {@link SecretBox#fingerprint} gives this owner's value under {@code purpose}. */
    @Override
    public String fingerprint(String ownerKind, String ownerName, String purpose, String value) {
        return box.fingerprint(value, aad(ownerKind, ownerName, purpose));
    }

    /** Removes every secret an owner resource had (when it is deleted). */
    @Override
    public void deleteAll(String ownerKind, String ownerName) {
        jdbc.sql("DELETE FROM secrets WHERE owner_kind = :k AND owner_name = :n")
                .param("k", ownerKind).param("n", ownerName).update();
    }

    private static String aad(String kind, String name, String purpose) {
        return kind + "/" + name + "#" + purpose;
    }
}
