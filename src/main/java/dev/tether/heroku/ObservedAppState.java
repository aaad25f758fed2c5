package dev.tether.heroku;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything Tether manages about one Heroku app, as observed in one pass.
 *
 * @param latestRelease the newest release, for attributing config changes to a person; may be null
 */
public record ObservedAppState(
        ObservedApp app,
        Map<String, String> configVars,
        List<ObservedFormation> formation,
        List<ObservedAddon> addons,
        List<ObservedDomain> domains,
        List<ObservedBuildpack> buildpacks,
        ObservedRelease latestRelease) {

    /** Config vars that add-ons own (e.g. DATABASE_URL): never drift, never touched. */
    public Set<String> addonConfigVars() {
        Set<String> owned = new TreeSet<>();
        addons.forEach(a -> owned.addAll(a.configVars()));
        return owned;
    }
}
