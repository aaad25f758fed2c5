package dev.tether.heroku;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An app's replacement in progress, as kept in {@code status.external.replacement}: the phase,
 * the old app (id, declared name, the name it retires under) and the new one (temporary name,
 * id once created). Names follow Heroku's rule (at most 30 characters): the declared name is
 * shortened to leave room for the suffix.
 *
 * @param number     which replacement of this resource this is (1 for the first)
 * @param switchedAt when dependents were moved to the new app; null before
 */
public record Replacement(ReplacementPhase phase, int number, String name, String oldId, String newName, String newId,
                          String retiredName, Instant switchedAt) {

    static final String KEY = "replacement";
    /** status.external: the apps earlier replacements left behind, each {@code {id, name}}. */
    static final String RETIRED = "retiredApps";
    private static final int MAX_NAME = 30;

    /** The first phase of replacing {@code old} (named {@code name}); {@code number} counts this resource's replacements. */
    static Replacement begin(ObservedApp old, String name, int number) {
        return new Replacement(ReplacementPhase.CREATE, number, name, old.id(), suffixed(name, "-r" + number), null,
                suffixed(name, "-old-" + number), null);
    }

    /** The replacement recorded in a status's external part, if one is under way. */
    static java.util.Optional<Replacement> of(Map<String, Object> external) {
        if (!(external.get(KEY) instanceof Map<?, ?> m)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Replacement(ReplacementPhase.valueOf((String) m.get("phase")),
                ((Number) m.get("number")).intValue(), (String) m.get("name"), (String) m.get("oldId"), (String) m.get("newName"),
                (String) m.get("newId"), (String) m.get("retiredName"),
                m.get("switchedAt") instanceof String s ? Instant.parse(s) : null));
    }

    /** How many replacements this resource went through (the apps they retired). */
    static int done(Map<String, Object> external) {
        return external.get(RETIRED) instanceof List<?> l ? l.size() : 0;
    }

    /** The ids of the apps this resource's replacements retired: their add-ons are carried by the app. */
    static List<String> retiredIds(Map<String, Object> external) {
        List<String> ids = new ArrayList<>();
        if (external.get(RETIRED) instanceof List<?> l) {
            l.forEach(e -> {
                if (e instanceof Map<?, ?> m && m.get("id") instanceof String id) {
                    ids.add(id);
                }
            });
        }
        Replacement r = of(external).orElse(null);
        if (r != null && r.switchedAt() != null) {
            ids.add(r.oldId());
        }
        return ids;
    }

    /**
     * The observation with the add-ons a replacement carried over (owned by the app it retired,
     * attached to this one) counted as the app's own: the spec's {@code DATABASE} is that
     * database, never a second one to create.
     */
    static ObservedAppState carried(ObservedAppState observed, List<String> retiredIds) {
        if (retiredIds.isEmpty()) {
            return observed;
        }
        String id = observed.app().id();
        List<ObservedAddon> addons = observed.addons().stream().map(a -> a.billingApp() != null && retiredIds.contains(a.billingApp())
                ? new ObservedAddon(a.id(), a.name(), a.service(), a.plan(), a.configVars(), a.state(), id) : a).toList();
        return new ObservedAppState(observed.app(), observed.configVars(), observed.formation(), addons, observed.domains(),
                observed.buildpacks(), observed.latestRelease());
    }

    Replacement at(ReplacementPhase next) {
        return new Replacement(next, number, name, oldId, newName, newId, retiredName, switchedAt);
    }

    Replacement created(String id) {
        return new Replacement(ReplacementPhase.PREPARE, number, name, oldId, newName, id, retiredName, switchedAt);
    }

    Replacement switched(Instant at) {
        return new Replacement(ReplacementPhase.PROVE, number, name, oldId, newName, newId, retiredName, at);
    }

    /** The external part with this replacement recorded. */
    Map<String, Object> into(Map<String, Object> external) {
        Map<String, Object> out = new LinkedHashMap<>(external);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("phase", phase.name());
        m.put("number", number);
        m.put("name", name);
        m.put("oldId", oldId);
        m.put("newName", newName);
        if (newId != null) {
            m.put("newId", newId);
        }
        m.put("retiredName", retiredName);
        if (switchedAt != null) {
            m.put("switchedAt", switchedAt.toString());
        }
        out.put(KEY, m);
        return out;
    }

    /** The external part once the replacement is done: the old app listed as retired. */
    Map<String, Object> finished(Map<String, Object> external) {
        Map<String, Object> out = new LinkedHashMap<>(external);
        out.remove(KEY);
        List<Object> retired = new ArrayList<>(out.get(RETIRED) instanceof List<?> l ? l : List.of());
        retired.add(Map.of("id", oldId, "name", retiredName));
        out.put(RETIRED, retired);
        return out;
    }

    /**
     * Every step of this replacement in order, as the plan shows them before they run (DESIGN
     * §2: each step planned and visible), for an app going to {@code target} (e.g. space
     * {@code acme-prod}, internal routing) with the given dependents.
     */
    List<String> steps(String target, List<String> dataAddons, List<String> dependents) {
        List<String> steps = new ArrayList<>();
        steps.add("create app " + newName + " (" + target + ")");
        steps.add("set the config vars of " + name + " on " + newName);
        dataAddons.forEach(a -> steps.add("attach add-on " + a + " of " + name + " to " + newName + " (never copied or destroyed)"));
        steps.add("release the slug " + name + " runs on " + newName);
        steps.add("scale " + newName + " as " + name + " is scaled, and wait until its web dynos are up");
        steps.add("switch " + (dependents.isEmpty() ? "the app's identity" : String.join(", ", dependents)) + " to " + newName);
        if (!dependents.isEmpty()) {
            steps.add("wait until each KongService proves " + newName + " through the gateway");
        }
        steps.add("scale " + name + " to zero and rename it " + retiredName + " (kept until deleted explicitly)");
        steps.add("rename " + newName + " to " + name);
        return steps;
    }

    /** {@code base} with {@code suffix}, shortened so that the result is a valid Heroku app name. */
    static String suffixed(String base, String suffix) {
        String head = base.length() + suffix.length() <= MAX_NAME ? base : base.substring(0, MAX_NAME - suffix.length());
        while (head.endsWith("-")) {
            head = head.substring(0, head.length() - 1);
        }
        return head + suffix;
    }
}
