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
        Boolean adoptExisting,
        RotationFormat rotationFormat) implements ResourceSpec {

    public static final int DEFAULT_LENGTH = 32;
    public static final String DEFAULT_HEADER = "X-Internal-API-Key";
    public static final String DEFAULT_CONFIG_VAR = "INTERNAL_API_KEY";

    /**
     * How a target holds two keys during a rotation: {@code list} (default) puts {@code old,new}
     * in the config var; {@code separateVar} keeps only the newest key in it and the previous one
     * in {@code <configVar>_PREVIOUS} until the grace period ends, so a backend compares for
     * equality without parsing.
     */
    public enum RotationFormat {
        @com.fasterxml.jackson.annotation.JsonProperty("list") LIST,
        @com.fasterxml.jackson.annotation.JsonProperty("separateVar") SEPARATE_VAR
    }

    public static final String PREVIOUS_SUFFIX = "_PREVIOUS";

    public RotationFormat rotationFormatOrDefault() {
        return rotationFormat == null ? RotationFormat.LIST : rotationFormat;
    }

    /**
     * The config vars this key owns on {@code app}: each target's var, and with
     * {@code separateVar} its {@code _PREVIOUS} companion.
     */
    public java.util.Set<String> configVarsOn(String app) {
        java.util.Set<String> vars = new java.util.LinkedHashSet<>();
        if (targets != null) {
            for (Target t : targets) {
                if (t.app().equals(app)) {
                    vars.add(t.configVarOrDefault());
                    if (rotationFormatOrDefault() == RotationFormat.SEPARATE_VAR) {
                        vars.add(t.configVarOrDefault() + PREVIOUS_SUFFIX);
                    }
                }
            }
        }
        return vars;
    }

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
