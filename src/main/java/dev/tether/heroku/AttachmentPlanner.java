package dev.tether.heroku;

import dev.tether.manifest.HerokuAppSpec;
import dev.tether.reconcile.DriftDecision;
import dev.tether.reconcile.DriftDecision.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides the attachments of other apps' add-ons to an app ({@code addons: [{attach: {app, addon}, as}]},
 * DESIGN §2b): a pure function, like {@link HerokuAppPlanner}, whose add-on part leaves these
 * alone. A declared attachment that is missing is attached (a spec change, or drift decided by
 * the drift policy when it was declared before); an attachment the last applied spec declared and
 * this one does not is detached. Nothing here ever destroys an add-on: it stays with its billing app.
 */
final class AttachmentPlanner {

    private AttachmentPlanner() {
    }

    /** A declared attachment with the add-on it names found: {@code owner} is the HerokuApp resource. */
    record Wanted(String as, String owner, String addonId, String addonName) {
    }

    /** The steps to take and every difference with its verdict, as {@link AppPlan} holds them. */
    record Plan(List<AppPlan.Step> steps, List<AppPlan.Finding> findings) {
    }

    /**
     * @param appId       the app's Heroku id (its own add-ons' attachments are not considered)
     * @param declaredBefore the as-names of the attachments the last applied spec declared
     */
    static Plan plan(HerokuAppSpec desired, List<Wanted> wanted, Set<String> declaredBefore,
                     List<ObservedAttachment> observed, String appId) {
        List<AppPlan.Step> steps = new ArrayList<>();
        List<AppPlan.Finding> findings = new ArrayList<>();
        List<ObservedAttachment> foreign = observed.stream().filter(a -> a.billingApp() == null || !a.billingApp().equals(appId)).toList();
        for (Wanted w : wanted) {
            boolean present = foreign.stream().anyMatch(a -> a.name().equals(w.as()) && w.addonId().equals(a.addonId()));
            if (present) {
                continue;
            }
            String path = "addons." + w.as();
            Verdict verdict = DriftDecision.decide(path, !declaredBefore.contains(w.as()), false, desired.drift(), desired.isPaused());
            if (verdict == Verdict.IGNORE) {
                continue;
            }
            findings.add(new AppPlan.Finding(path, w.owner() + "/" + w.addonName(), null, verdict));
            if (verdict.writes()) {
                steps.add(new AppPlan.Step(new AppAction.AttachAddon(w.addonId(), w.addonName(), w.owner(), w.as()), List.of(path)));
            }
        }
        Set<String> declaredNow = new java.util.HashSet<>();
        if (desired.addons() != null) {
            desired.addons().stream().filter(HerokuAppSpec.Addon::attached).forEach(a -> declaredNow.add(a.as()));
        }
        for (ObservedAttachment a : foreign) {
            if (declaredBefore.contains(a.name()) && !declaredNow.contains(a.name()) && !desired.isPaused()) {
                String path = "addons." + a.name();
                findings.add(new AppPlan.Finding(path, null, a.addonName(), Verdict.APPLY));
                steps.add(new AppPlan.Step(new AppAction.DetachAddon(a.id(), a.name()), List.of(path)));
            }
        }
        return new Plan(steps, findings);
    }
}
