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
        Map<String, ConfigVar> configVars,
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
        String generation,
        Release release,
        Boolean allowMassDelete) implements ResourceSpec {

    /**
     * What code the app runs (DESIGN §2a): exactly one of a build of a source tarball, a slug
     * id, the current slug of another declared app ({@code fromApp}, a promotion), or an OCI
     * image (Fir). Null: Tether leaves whatever is deployed.
     */
    public record Release(Build build, String slug, String fromApp, String ociImage) {
    }

    /** A build's source: a gzipped tarball's URL, its optional {@code SHA256:} checksum, and a version label. */
    public record Build(String sourceUrl, String checksum, String version) {
    }

    /** Dynos of one process type; a null field is not managed. */
    public record Process(Integer quantity, String size) {
    }

    /**
     * An add-on; {@code as} names its attachment (e.g. DATABASE). With {@code attach} it is not
     * this app's own: an attachment of another app's add-on (DESIGN §2b), never destroyed with this app.
     */
    public record Addon(String plan, String as, Map<String, String> config, Attach attach) {

        public Addon(String plan, String as, Map<String, String> config) {
            this(plan, as, config, null);
        }

        public boolean attached() {
            return attach != null;
        }
    }

    /** Another app's add-on: {@code app} is a HerokuApp's metadata.name, {@code addon} that app's add-on by its as-name. */
    public record Attach(String app, String addon) {
    }

    /** Literal config vars only, by name (references are resolved by the reconciler). */
    public Map<String, String> literalConfigVars() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (configVars != null) {
            configVars.forEach((k, v) -> {
                if (v.isLiteral()) {
                    out.put(k, v.value());
                }
            });
        }
        return out;
    }

    /** The same spec with these config vars in place of the declared ones. */
    public HerokuAppSpec withConfigVars(Map<String, ConfigVar> vars) {
        return new HerokuAppSpec(appName, team, region, space, stack, internalRouting, buildpacks, vars, configVarsPolicy,
                formation, addons, domains, maintenance, allowDestroyData, driftPolicy, deletionPolicy, paused, allowReplace,
                adoptExisting, generation, release, allowMassDelete);
    }

    public HerokuAppSpec withRelease(Release r) {
        return new HerokuAppSpec(appName, team, region, space, stack, internalRouting, buildpacks, configVars, configVarsPolicy,
                formation, addons, domains, maintenance, allowDestroyData, driftPolicy, deletionPolicy, paused, allowReplace,
                adoptExisting, generation, r, allowMassDelete);
    }

    /**
     * The Secrets and apps its config vars take values from, the apps whose add-ons it attaches,
     * and the app whose slug it promotes ({@code release.fromApp}).
     */
    @Override
    public java.util.Set<ResourceKey> references() {
        java.util.Set<ResourceKey> refs = new java.util.LinkedHashSet<>();
        if (configVars != null) {
            configVars.values().stream().filter(v -> !v.isLiteral()).forEach(v -> refs.add(v.valueFrom().source()));
        }
        if (addons != null) {
            addons.stream().filter(Addon::attached).forEach(a -> refs.add(new ResourceKey(Kind.HEROKU_APP, a.attach().app())));
        }
        if (release != null && release.fromApp() != null) {
            refs.add(new ResourceKey(Kind.HEROKU_APP, release.fromApp()));
        }
        return refs;
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
