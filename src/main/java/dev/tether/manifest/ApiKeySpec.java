package dev.tether.manifest;

import java.util.List;

/** A generated pre-shared key and the apps that must hold it (schema {@code schemas/ApiKey.json}). */
public record ApiKeySpec(
        Integer length,
        String rotateEvery,
        String gracePeriod,
        String header,
        List<Target> targets,
        DriftPolicy driftPolicy,
        DeletionPolicy deletionPolicy,
        Boolean paused,
        Boolean allowReplace,
        Boolean adoptExisting) implements ResourceSpec {

    public static final int DEFAULT_LENGTH = 32;
    public static final String DEFAULT_HEADER = "X-Internal-API-Key";
    public static final String DEFAULT_CONFIG_VAR = "INTERNAL_API_KEY";

    /** An app config var that holds the key. */
    public record Target(String app, String configVar) {
        public String configVarOrDefault() {
            return configVar == null ? DEFAULT_CONFIG_VAR : configVar;
        }
    }

    @Override
    public java.util.Set<ResourceKey> references() {
        java.util.Set<ResourceKey> refs = new java.util.LinkedHashSet<>();
        if (targets != null) {
            targets.forEach(t -> refs.add(new ResourceKey(Kind.HEROKU_APP, t.app())));
        }
        return refs;
    }

    public int lengthOrDefault() {
        return length == null ? DEFAULT_LENGTH : length;
    }

    public String headerOrDefault() {
        return header == null ? DEFAULT_HEADER : header;
    }
}
