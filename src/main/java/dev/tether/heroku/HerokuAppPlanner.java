package dev.tether.heroku;

import dev.tether.heroku.AppPlan.Adoption;
import dev.tether.heroku.AppPlan.Difference;
import dev.tether.manifest.DeletionPolicy;
import dev.tether.manifest.DriftPolicy;
import dev.tether.manifest.HerokuAppSpec;
import dev.tether.reconcile.DriftDecision;
import dev.tether.reconcile.DriftDecision.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Decides what to do about an existing Heroku app: a pure function of the desired spec, the
 * spec last applied, and what was observed. No I/O, clock or Spring.
 *
 * <p>A difference is <em>drift</em> when the spec did not change at that path since it was
 * last applied (so the world moved); drift follows the spec's {@link DriftPolicy}. Any other
 * difference is a spec change and is always carried out (unless paused). Only fields the
 * manifest sets are compared, so Heroku's defaults never look like drift.
 */
public final class HerokuAppPlanner {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private HerokuAppPlanner() {
    }

    /** One difference with how to fix it and how to adopt it. */
    private record Diff(String path, Object desired, Object observed, boolean drift, Fix fix, Adoption adoption) {
    }

    /** How a difference is put right: merged into one config PATCH, one scale, or an action. */
    private sealed interface Fix {
        record Config(String key, String value) implements Fix { }
        record Formation(String type, Integer quantity, String size) implements Fix { }
        record Act(AppAction action) implements Fix { }
        record Replace() implements Fix { }
    }

    /**
     * @param resourceName     metadata.name (the app's name unless spec.appName says otherwise)
     * @param desired          the current spec
     * @param lastApplied      the spec of the last generation that converged; null before that
     * @param observed         the app as it is
     * @param managedElsewhere config vars other Tether resources own (e.g. an ApiKey's target)
     */
    public static AppPlan plan(String resourceName, HerokuAppSpec desired, HerokuAppSpec lastApplied,
                               ObservedAppState observed, Set<String> managedElsewhere) {
        return plan(resourceName, desired, lastApplied, observed, managedElsewhere, List.of());
    }

    /**
     * The same, with the app's builds (read only when {@code spec.release.build} is declared),
     * so that what the app runs is kept as declared too: {@code release} is one more path,
     * drift at which (a rollback, a push) follows the drift policy like any other.
     */
    public static AppPlan plan(String resourceName, HerokuAppSpec desired, HerokuAppSpec lastApplied,
                               ObservedAppState observed, Set<String> managedElsewhere, List<ObservedBuild> builds) {
        List<Diff> diffs = new ArrayList<>();
        ObservedApp app = observed.app();

        // --- name, maintenance, stack
        String wantName = desired.appNameOr(resourceName);
        compare(diffs, "name", wantName, app.name(), lastApplied, s -> s.appNameOr(resourceName),
                new Fix.Act(new AppAction.Rename(app.name(), wantName)), new Adoption("appName", JSON.stringNode(app.name())));
        if (desired.maintenance() != null) {
            compare(diffs, "maintenance", desired.maintenance(), app.maintenance(), lastApplied, HerokuAppSpec::maintenance,
                    new Fix.Act(new AppAction.SetMaintenance(desired.maintenance())), new Adoption("maintenance", JSON.booleanNode(app.maintenance())));
        }
        if (desired.stack() != null) {
            String stack = app.buildStack() != null ? app.buildStack() : app.stack();
            compare(diffs, "stack", desired.stack(), stack, lastApplied, HerokuAppSpec::stack,
                    new Fix.Act(new AppAction.SetBuildStack(desired.stack())), new Adoption("stack", JSON.stringNode(stack)));
        }

        // --- what Heroku cannot change in place
        if (desired.space() != null || app.space() != null) {
            replaceIfDiffers(diffs, "space", desired.space(), app.space());
        }
        if (desired.internalRouting() != null) {
            replaceIfDiffers(diffs, "internalRouting", desired.internalRouting(), app.internalRouting());
        }
        // A team change is never silently ignored: Heroku transfers an app between teams
        // (PATCH /teams/apps/{app} {owner}), except into or out of a Private Space, whose apps
        // stay with the space's team: that needs a replacement.
        if (desired.team() != null && !desired.team().equals(app.team())) {
            if (desired.space() != null || app.space() != null) {
                replaceIfDiffers(diffs, "team", desired.team(), app.team());
            } else {
                compare(diffs, "team", desired.team(), app.team(), lastApplied, HerokuAppSpec::team,
                        new Fix.Act(new AppAction.Transfer(app.team(), desired.team())),
                        new Adoption("team", app.team() == null ? null : JSON.stringNode(app.team())));
            }
        }
        if (desired.region() != null && desired.space() == null) {
            replaceIfDiffers(diffs, "region", desired.region(), app.region());
        }

        // --- config vars: declared keys; the rest only with configVarsPolicy: exact
        Set<String> addonOwned = observed.addonConfigVars();
        // references (valueFrom) arrive resolved by the reconciler; one it could not resolve is not managed this pass
        Map<String, String> wantVars = desired.literalConfigVars();
        Set<String> declared = desired.configVars() == null ? Set.of() : desired.configVars().keySet();
        for (var e : wantVars.entrySet()) {
            String key = e.getKey();
            if (addonOwned.contains(key)) {
                continue;
            }
            String have = observed.configVars().get(key);
            compare(diffs, "configVars." + key, e.getValue(), have, lastApplied,
                    s -> s.literalConfigVars().get(key),
                    new Fix.Config(key, e.getValue()), new Adoption("configVars." + key, have == null ? null : JSON.stringNode(have)));
        }
        if (desired.exactConfigVars()) {
            for (var e : observed.configVars().entrySet()) {
                String key = e.getKey();
                if (declared.contains(key) || addonOwned.contains(key) || managedElsewhere.contains(key)) {
                    continue;
                }
                compare(diffs, "configVars." + key, null, e.getValue(), lastApplied,
                        s -> s.literalConfigVars().get(key),
                        new Fix.Config(key, null), new Adoption("configVars." + key, JSON.stringNode(e.getValue())));
            }
        }

        // --- formation: quantity and size per declared process type
        Map<String, HerokuAppSpec.Process> wantFormation = desired.formation() == null ? Map.of() : desired.formation();
        for (var e : wantFormation.entrySet()) {
            String type = e.getKey();
            HerokuAppSpec.Process want = e.getValue();
            ObservedFormation have = observed.formation().stream().filter(f -> f.type().equals(type)).findFirst().orElse(null);
            if (want.quantity() != null) {
                Integer haveQ = have == null ? null : have.quantity();
                compare(diffs, "formation." + type + ".quantity", want.quantity(), haveQ, lastApplied,
                        s -> process(s, type) == null ? null : process(s, type).quantity(),
                        new Fix.Formation(type, want.quantity(), null),
                        new Adoption("formation." + type + ".quantity", haveQ == null ? null : JSON.numberNode(haveQ)));
            }
            if (want.size() != null) {
                String haveSize = have == null ? null : have.size();
                boolean same = haveSize != null && haveSize.equalsIgnoreCase(want.size());
                if (!same) {
                    diffs.add(diff("formation." + type + ".size", want.size(), haveSize,
                            isDrift(lastApplied, want.size(), s -> process(s, type) == null ? null : process(s, type).size()),
                            new Fix.Formation(type, null, want.size()),
                            new Adoption("formation." + type + ".size", haveSize == null ? null : JSON.stringNode(canonicalSize(haveSize)))));
                }
            }
        }

        // --- add-ons: matched by attachment name (as) or by service
        // (attachments of other apps' add-ons are AttachmentPlanner's: never destroyed here)
        if (desired.addons() != null) {
            Set<ObservedAddon> matched = new LinkedHashSet<>();
            List<ObservedAddon> own = observed.addons().stream().filter(a -> a.ownedBy(app.id())).toList();
            for (HerokuAppSpec.Addon want : desired.addons()) {
                if (want.attached()) {
                    continue;
                }
                String key = addonKey(want);
                ObservedAddon have = own.stream()
                        .filter(a -> !matched.contains(a) && matches(want, a)).findFirst().orElse(null);
                if (have == null) {
                    diffs.add(diff("addons." + key, want.plan(), null,
                            isDrift(lastApplied, key, s -> s.addons() == null ? null
                                    : s.addons().stream().map(HerokuAppPlanner::addonKey).filter(key::equals).findFirst().orElse(null)),
                            new Fix.Act(new AppAction.CreateAddon(want.plan(), want.as(), want.config() == null ? Map.of() : want.config())),
                            null));
                    continue;
                }
                matched.add(have);
                if (want.plan().contains(":") && !want.plan().equals(have.plan())) {
                    diffs.add(diff("addons." + key + ".plan", want.plan(), have.plan(),
                            isDrift(lastApplied, want.plan(), s -> s.addons() == null ? null : s.addons().stream()
                                    .filter(a -> addonKey(a).equals(key)).map(HerokuAppSpec.Addon::plan).findFirst().orElse(null)),
                            new Fix.Act(new AppAction.ChangeAddonPlan(have.name(), have.plan(), want.plan())), null));
                }
            }
            for (ObservedAddon extra : own) {
                if (!matched.contains(extra)) {
                    boolean wasDeclared = lastApplied != null && lastApplied.addons() != null
                            && lastApplied.addons().stream().anyMatch(a -> !a.attached() && matches(a, extra));
                    diffs.add(diff("addons." + extra.name(), null, extra.plan(), lastApplied != null && !wasDeclared,
                            new Fix.Act(new AppAction.DestroyAddon(extra.name(), extra.plan(), DataServices.holdsData(extra.service()))), null));
                }
            }
        }

        // --- custom domains
        if (desired.domains() != null) {
            List<String> have = observed.domains().stream().filter(ObservedDomain::custom).map(ObservedDomain::hostname).toList();
            ArrayNode adopt = JSON.arrayNode();
            have.forEach(adopt::add);
            Adoption adoptDomains = new Adoption("domains", adopt);
            for (String d : desired.domains()) {
                if (!have.contains(d)) {
                    diffs.add(diff("domains[" + d + "]", d, null, isDrift(lastApplied, true, s -> s.domains() != null && s.domains().contains(d)),
                            new Fix.Act(new AppAction.AddDomain(d)), adoptDomains));
                }
            }
            for (String d : have) {
                if (!desired.domains().contains(d)) {
                    diffs.add(diff("domains[" + d + "]", null, d, isDrift(lastApplied, false, s -> s.domains() != null && s.domains().contains(d)),
                            new Fix.Act(new AppAction.RemoveDomain(d)), adoptDomains));
                }
            }
        }

        // --- buildpacks, in order
        if (desired.buildpacks() != null) {
            List<ObservedBuildpack> have = observed.buildpacks().stream()
                    .sorted(java.util.Comparator.comparingInt(ObservedBuildpack::ordinal)).toList();
            boolean same = have.size() == desired.buildpacks().size();
            for (int i = 0; same && i < have.size(); i++) {
                String want = desired.buildpacks().get(i);
                same = want.equals(have.get(i).url()) || want.equals(have.get(i).name());
            }
            if (!same) {
                ArrayNode adopt = JSON.arrayNode();
                have.forEach(b -> adopt.add(b.name() != null ? b.name() : b.url()));
                List<String> haveNames = have.stream().map(b -> b.name() != null ? b.name() : b.url()).toList();
                diffs.add(diff("buildpacks", desired.buildpacks(), haveNames,
                        isDrift(lastApplied, desired.buildpacks(), HerokuAppSpec::buildpacks),
                        new Fix.Act(new AppAction.SetBuildpacks(desired.buildpacks())), new Adoption("buildpacks", adopt)));
            }
        }

        // --- what code runs
        if (desired.release() != null
                && ReleasePlanner.decide(desired.release(), observed.latestRelease(), builds) instanceof ReleasePlanner.Decision.Act act) {
            Adoption adoptRunning = act.running() == null ? null
                    : new Adoption("release", JSON.objectNode().put(act.field(), act.running()));
            String running = act.running() == null ? null : ("ociImage".equals(act.field()) ? "OCI image " : "slug ") + act.running();
            diffs.add(diff("release", act.desired(), running,
                    isDrift(lastApplied, desired.release(), HerokuAppSpec::release), new Fix.Act(act.action()), adoptRunning));
        }

        return decide(desired, diffs);
    }

    /**
     * Declared config vars that an add-on of the observed app owns (Heroku refuses to overwrite
     * them): each var with the add-on that set it, in the spec's order. The planner leaves them
     * alone; the reconciler shows each as refused, naming the add-on.
     */
    public static Map<String, ObservedAddon> addonOwnedDeclared(HerokuAppSpec desired, ObservedAppState observed) {
        Map<String, ObservedAddon> owned = new LinkedHashMap<>();
        if (desired.configVars() == null) {
            return owned;
        }
        for (String key : desired.configVars().keySet()) {
            observed.addons().stream().filter(a -> a.configVars().contains(key)).findFirst().ifPresent(a -> owned.put(key, a));
        }
        return owned;
    }

    private static AppPlan decide(HerokuAppSpec desired, List<Diff> diffs) {
        DriftPolicy policy = desired.drift();
        boolean destroyAllowed = Boolean.TRUE.equals(desired.allowDestroyData()) && desired.deletion() == DeletionPolicy.DELETE;
        Map<String, String> config = new LinkedHashMap<>();
        List<String> configPaths = new ArrayList<>();
        Map<String, FormationChange> scale = new LinkedHashMap<>();
        Map<String, List<String>> scalePaths = new LinkedHashMap<>();
        List<AppPlan.Step> steps = new ArrayList<>();
        List<AppAction> held = new ArrayList<>();
        List<Difference> drift = new ArrayList<>();
        List<Adoption> adoptions = new ArrayList<>();
        List<Difference> replacements = new ArrayList<>();
        List<AppPlan.Finding> findings = new ArrayList<>();
        for (Diff d : diffs) {
            if (d.fix() instanceof Fix.Replace) {
                replacements.add(new Difference(d.path(), d.desired(), d.observed()));
                continue;
            }
            Verdict verdict = DriftDecision.decide(d.path(), !d.drift(), d.adoption() != null, policy, desired.isPaused());
            if (verdict == Verdict.IGNORE) {
                continue;
            }
            findings.add(new AppPlan.Finding(d.path(), d.desired(), d.observed(), verdict));
            if (verdict == Verdict.ADOPT) {
                if (!adoptions.contains(d.adoption())) {
                    adoptions.add(d.adoption());
                }
                continue;
            }
            if (verdict.shown()) {
                drift.add(new Difference(d.path(), d.desired(), d.observed()));
            }
            if (!verdict.writes()) {
                continue;
            }
            switch (d.fix()) {
                case Fix.Config c -> {
                    config.put(c.key(), c.value());
                    configPaths.add(d.path());
                }
                case Fix.Formation f -> {
                    scale.merge(f.type(), new FormationChange(f.type(), f.quantity(), f.size()),
                            (a, b) -> new FormationChange(a.type(), a.quantity() != null ? a.quantity() : b.quantity(),
                                    a.size() != null ? a.size() : b.size()));
                    scalePaths.computeIfAbsent(f.type(), t -> new ArrayList<>()).add(d.path());
                }
                case Fix.Act a -> {
                    if (a.action().destructive() && !destroyAllowed) {
                        held.add(a.action());
                    } else {
                        steps.add(new AppPlan.Step(a.action(), List.of(d.path())));
                    }
                }
                case Fix.Replace r -> { }
            }
        }
        if (!config.isEmpty()) {
            steps.add(new AppPlan.Step(new AppAction.SetConfigVars(config), List.copyOf(configPaths)));
        }
        if (!scale.isEmpty()) {
            List<String> paths = new ArrayList<>();
            scalePaths.values().forEach(paths::addAll);
            steps.add(new AppPlan.Step(new AppAction.Scale(List.copyOf(scale.values())), paths));
        }
        // A rename first: every later call names the app by its new name.
        steps.sort(java.util.Comparator.comparingInt(s -> s.action() instanceof AppAction.Rename ? 0 : 1));
        return new AppPlan(steps, held, drift, adoptions, replacements, findings);
    }

    private static <T> void compare(List<Diff> diffs, String path, T desired, T observed, HerokuAppSpec lastApplied,
                                    Function<HerokuAppSpec, T> fromSpec, Fix fix, Adoption adoption) {
        if (!Objects.equals(desired, observed)) {
            diffs.add(diff(path, desired, observed, isDrift(lastApplied, desired, fromSpec), fix, adoption));
        }
    }

    private static void replaceIfDiffers(List<Diff> diffs, String path, Object desired, Object observed) {
        if (!Objects.equals(desired, observed)) {
            diffs.add(new Diff(path, desired, observed, false, new Fix.Replace(), null));
        }
    }

    private static Diff diff(String path, Object desired, Object observed, boolean drift, Fix fix, Adoption adoption) {
        return new Diff(path, desired, observed, drift, fix, adoption);
    }

    /** The world moved if the spec at this path is what it was when last applied. */
    private static <T> boolean isDrift(HerokuAppSpec lastApplied, T desired, Function<HerokuAppSpec, T> fromSpec) {
        return lastApplied != null && Objects.equals(fromSpec.apply(lastApplied), desired);
    }

    private static HerokuAppSpec.Process process(HerokuAppSpec spec, String type) {
        return spec.formation() == null ? null : spec.formation().get(type);
    }

    static String addonKey(HerokuAppSpec.Addon a) {
        return a.as() != null ? a.as() : a.plan() == null ? "" : service(a.plan());
    }

    private static String service(String plan) {
        int colon = plan.indexOf(':');
        return colon < 0 ? plan : plan.substring(0, colon);
    }

    private static boolean matches(HerokuAppSpec.Addon want, ObservedAddon have) {
        if (want.as() != null) {
            return have.configVars().stream().anyMatch(v -> v.equals(want.as() + "_URL") || v.startsWith(want.as() + "_"));
        }
        return service(want.plan()).equals(have.service());
    }

    private static final List<String> SIZES = List.of("Eco", "Basic", "Standard-1X", "Standard-2X", "Performance-M",
            "Performance-L", "Performance-L-RAM", "Performance-XL", "Performance-2XL", "Private-S", "Private-M",
            "Private-L", "Shield-S", "Shield-M", "Shield-L");

    /** Heroku answers sizes in its own case; the spec's schema spells them one way. */
    private static String canonicalSize(String size) {
        return SIZES.stream().filter(s -> s.equalsIgnoreCase(size)).findFirst().orElse(size);
    }
}
