package dev.tether.manifest;

import java.util.List;
import java.util.Map;

/** Desired state of a Heroku app (DESIGN §2, schema {@code schemas/HerokuApp.json}). */
public record HerokuAppSpec(
        String appName,
        String team,
        String region,
        String space,
        String stack,
        Boolean internalRouting,
        List<String> buildpacks,
        Map<String, String> configVars,
        String configVarsPolicy,
        Map<String, Process> formation,
        List<Addon> addons,
        List<String> domains,
        Boolean maintenance,
        Boolean allowDestroyData,
        DriftPolicy driftPolicy,
        DeletionPolicy deletionPolicy,
        Boolean paused,
        Boolean allowReplace,
        Boolean adoptExisting,
        Boolean allowMassDelete) implements ResourceSpec {

    /** Dynos of one process type; a null field is not managed. */
    public record Process(Integer quantity, String size) {
    }

    /** An add-on; {@code as} names its attachment (e.g. DATABASE). */
    public record Addon(String plan, String as, Map<String, String> config) {
    }

    /** The Heroku app name: {@code appName} when set, else the resource's name. */
    public String appNameOr(String resourceName) {
        return appName == null ? resourceName : appName;
    }

    /** True when config vars not named in the spec are to be removed. */
    public boolean exactConfigVars() {
        return "exact".equals(configVarsPolicy);
    }

    @Override
    public boolean massDeleteAllowed() {
        return Boolean.TRUE.equals(allowMassDelete);
    }
}
