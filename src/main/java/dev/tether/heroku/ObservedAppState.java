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

    /**
     * Reads everything Tether manages about an app: one GET per part (conditional, so an
     * unchanged part costs a 304), the latest release only when asked (for attribution).
     */
    public static ObservedAppState observe(HerokuClient heroku, ObservedApp app, boolean withLatestRelease) {
        String id = app.id();
        return new ObservedAppState(app,
                heroku.getConfigVars(id).orElse(Map.of()),
                heroku.listFormation(id).orElse(List.of()),
                heroku.listAddons(id).orElse(List.of()),
                heroku.listDomains(id).orElse(List.of()),
                heroku.listBuildpacks(id).orElse(List.of()),
                withLatestRelease ? heroku.latestRelease(id).orElse(null) : null);
    }

    /**
     * A new app as its create answered it: Heroku gives a new app no config vars, add-ons,
     * custom domains (only its own herokuapp.com host, which Tether does not manage), buildpacks
     * or formation (none until code is released). Its first release ("Initial release", cut by
     * the creator) changes nothing Tether compares, so it is left unread.
     */
    public static ObservedAppState created(ObservedApp app) {
        return new ObservedAppState(app, Map.of(), List.of(), List.of(), List.of(), List.of(), null);
    }

    /** Config vars that add-ons own (e.g. DATABASE_URL): never drift, never touched. */
    public Set<String> addonConfigVars() {
        Set<String> owned = new TreeSet<>();
        addons.forEach(a -> owned.addAll(a.configVars()));
        return owned;
    }
}
