package dev.tether.manifest;

import java.util.Collection;

/**
 * Where the desired-state store puts a {@code Secret}'s values: encrypted at rest, outside the
 * desired-state tables (implemented by {@code dev.tether.secrets.SecretStore}; declared here so
 * that the store depends on no other package's classes).
 */
public interface SecretValues {

    void put(String ownerKind, String ownerName, String purpose, String value);

    /** Removes an owner's values whose purpose is not in {@code keep}. */
    void keepOnly(String ownerKind, String ownerName, Collection<String> keep);

    void deleteAll(String ownerKind, String ownerName);

    /** A keyed fingerprint of the value: equal for equal values, no clue to the value without the key. */
    String fingerprint(String ownerKind, String ownerName, String purpose, String value);
}
