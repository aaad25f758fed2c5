package dev.tether.heroku;

import dev.tether.http.Urls;
import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.HerokuAppSpec;
import dev.tether.manifest.Kind;
import dev.tether.manifest.KongServiceSpec;
import dev.tether.manifest.ResourceKey;
import dev.tether.manifest.StoredResource;
import dev.tether.reconcile.ActionResult;
import dev.tether.reconcile.Dependents;
import dev.tether.reconcile.Outcome;
import dev.tether.reconcile.PassReport;
import dev.tether.reconcile.StatusDerivation;
import dev.tether.status.External;
import dev.tether.status.Condition;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Carries out an app's replacement with {@code allowReplace: true} (DESIGN §2): the Private
 * Space article's "create a new internal app and re-deploy to that", done for the user, one
 * {@link ReplacementPhase} after another, every step an event. The new app is created once (its
 * marker written before the create; found again by name after a lost answer), given the old
 * app's config vars (ApiKey values included, so the gateway's key is accepted before the gateway
 * points at it), the old app's add-ons attached (never copied, never destroyed), its slug and
 * formation; once its web dynos are up the resource's identity moves to it, which wakes its
 * dependents (KongService upstreams, ApiKey targets, {@code valueFrom}). Only when every
 * KongService fronting the app proved the new one through the gateway is the old app scaled to
 * zero and renamed out of the way (kept until deleted explicitly), and the new app given the
 * declared name. Each step checks Heroku before it acts, so a restart resumes where it stopped.
 */
@Component
class AppReplacer {

    private static final Logger log = LoggerFactory.getLogger(AppReplacer.class);
    private static final Duration CONFIRM_AFTER = Duration.ofSeconds(1);
    /**
     * What a KongService fronting the app reports in its {@code status.external}: the upstream URL
     * Kong holds and when the lock was last probed. Read as this record, so the app depends on no
     * gateway kind (as {@link dev.tether.keys.ApiKeys.Injection} does for keys).
     */
    public record GatewayProof(String url, Instant probedAt) implements External {
    }

    /** How soon a replacement waiting for dynos or for the gateway's proof looks again. */
    static final Duration RECHECK = Duration.ofSeconds(1);
    private static final String SECURED = "Secured";

    private final HerokuClient heroku;
    private final DesiredStateStore store;
    private final StatusStore statuses;
    private final Dependents dependents;
    private final AppWebhooks webhooks;
    private final Clock clock;

    AppReplacer(HerokuClient heroku, DesiredStateStore store, StatusStore statuses, Dependents dependents, AppWebhooks webhooks,
                Clock clock) {
        this.heroku = heroku;
        this.webhooks = webhooks;
        this.store = store;
        this.statuses = statuses;
        this.dependents = dependents;
        this.clock = clock;
    }

    /** The replacement a pass would start for {@code old}: the next number, names derived from the declared one. */
    static Replacement next(ObservedApp old, String name, Map<String, Object> external) {
        return Replacement.begin(old, name, Replacement.done(external) + 1);
    }

    /** Where the new app goes, in the user's words: {@code space acme-prod, internal routing}. */
    static String target(HerokuAppSpec spec) {
        List<String> parts = new ArrayList<>();
        if (spec.space() != null) {
            parts.add("space " + spec.space());
        }
        if (Boolean.TRUE.equals(spec.internalRouting())) {
            parts.add("internal routing");
        }
        if (spec.region() != null && spec.space() == null) {
            parts.add("region " + spec.region());
        }
        if (spec.team() != null) {
            parts.add("team " + spec.team());
        }
        return parts.isEmpty() ? "as declared" : String.join(", ", parts);
    }

    /** The dependents a switch moves, e.g. {@code KongService/shop}. */
    List<String> dependentsOf(String resourceName) {
        return dependents.of(new ResourceKey(Kind.HEROKU_APP, resourceName)).stream()
                .map(k -> k.kind().manifestName() + "/" + k.name()).toList();
    }

    /** The old app's own add-ons, by name: what the new app gets attached. */
    List<String> addonsOf(String appId) {
        return heroku.listAddons(appId).orElse(List.of()).stream().filter(a -> a.ownedBy(appId)).map(ObservedAddon::name).toList();
    }

    /** Starts replacing {@code old}: the replacement is recorded before anything is created. */
    Outcome begin(StoredResource resource, HerokuAppSpec spec, ResourceStatus status, ObservedApp old) {
        Replacement r = next(old, spec.appNameOr(resource.name()), status.external());
        log.info("resource=HerokuApp/{} action=replace app={} new={}", resource.name(), old.name(), r.newName());
        return pass(resource, spec, status, r);
    }

    /** One pass of the replacement under way: the current phase's steps, and the next phase when they are done. */
    Outcome pass(StoredResource resource, HerokuAppSpec spec, ResourceStatus status, Replacement r) {
        if (spec.isPaused()) {
            return outcome(resource, status, r, List.of(), new PassReport.Blocker("Paused",
                    "Paused during the replacement of " + r.name() + " (" + r.phase() + "); it carries on once resumed"),
                    status.external(), Duration.ofMinutes(1));
        }
        Map<String, Object> external = r.into(status.external());
        return switch (r.phase()) {
            case CREATE -> create(resource, spec, status, r, external);
            case PREPARE -> prepare(resource, spec, status, r, external);
            case PROVE -> prove(resource, spec, status, r, external);
            case RETIRE -> retire(resource, status, r, external);
            case NAME -> name(resource, status, r, external);
        };
    }

    private Outcome create(StoredResource resource, HerokuAppSpec spec, ResourceStatus status, Replacement r,
                           Map<String, Object> external) {
        // the marker first: a crash after Heroku created the app is healed by finding it by name
        statuses.put(resource.id(), status.withExternal(external));
        Optional<ObservedApp> found = heroku.getApp(r.newName());
        if (found.isPresent()) {
            if (!createdByTether(found.get())) {
                ActionResult taken = new ActionResult.Refused(List.of("app"), "create app " + r.newName(), "AlreadyExists",
                        "an app named " + r.newName() + " already exists and is not Tether's; the replacement cannot use that name");
                return outcome(resource, status, r, List.of(taken), blocker(r, "waits for the name " + r.newName()), external, null);
            }
            ActionResult recovered = new ActionResult.Applied(List.of("app"), "recovered the replacement app " + r.newName()
                    + " (" + found.get().id() + ") Tether created", "Created");
            Replacement next = r.created(found.get().id());
            return outcome(resource, status, next, List.of(recovered), blocker(next, "is being prepared"), next.into(external), null);
        }
        ObservedApp[] created = new ObservedApp[1];
        ActionResult result = ActionResult.attempt(List.of("app"), "create app " + r.newName() + " (" + target(spec)
                + ") to replace " + r.name(), "ReplacementCreated", () -> created[0] = heroku.createApp(
                new NewApp(r.newName(), spec.region(), spec.stack(), spec.space(), spec.team(), spec.internalRouting())));
        Replacement next = created[0] == null ? r : r.created(created[0].id());
        return outcome(resource, status, next, List.of(result), blocker(next, created[0] == null ? "could not be created"
                : "is being prepared"), next.into(external), null);
    }

    /** The new app is Tether's when its first release was cut by Tether's account (it created it). */
    private boolean createdByTether(ObservedApp app) {
        Optional<ObservedRelease> first = heroku.firstRelease(app.id());
        return first.isPresent() && first.get().user() != null && first.get().user().equals(heroku.accountEmail());
    }

    private Outcome prepare(StoredResource resource, HerokuAppSpec spec, ResourceStatus status, Replacement r,
                            Map<String, Object> external) {
        Optional<ObservedApp> old = heroku.getApp(r.oldId());
        Optional<ObservedApp> fresh = heroku.getApp(r.newId());
        if (old.isEmpty() || fresh.isEmpty()) {
            return outcome(resource, status, r, List.of(), blocker(r, "stopped: app " + (old.isEmpty() ? r.name() + " (" + r.oldId()
                    : r.newName() + " (" + r.newId()) + ") is gone"), external, Duration.ofMinutes(1));
        }
        String id = r.newId();
        List<ActionResult> results = new ArrayList<>();
        // config vars: the old app's, except what its add-ons set (the attachments set those)
        List<ObservedAddon> oldAddons = heroku.listAddons(r.oldId()).orElse(List.of());
        Set<String> addonOwned = new TreeSet<>();
        oldAddons.forEach(a -> addonOwned.addAll(a.configVars()));
        Map<String, String> have = heroku.getConfigVars(id).orElse(Map.of());
        Map<String, String> changes = new LinkedHashMap<>();
        heroku.getConfigVars(r.oldId()).orElse(Map.of()).forEach((k, v) -> {
            if (!addonOwned.contains(k) && !v.equals(have.get(k))) {
                changes.put(k, v);
            }
        });
        if (!changes.isEmpty()) {
            AppAction.SetConfigVars set = new AppAction.SetConfigVars(changes);
            results.add(ActionResult.attempt(List.of("configVars"), set.describe() + " on " + r.newName(), "ConfigVarsSet",
                    () -> heroku.patchConfigVars(id, changes)));
        }
        // every add-on the old app has (its own and those it attaches) attached under the same name
        List<ObservedAttachment> attached = heroku.listAttachments(id).orElse(List.of());
        for (ObservedAttachment a : heroku.listAttachments(r.oldId()).orElse(List.of())) {
            boolean there = attached.stream().anyMatch(x -> x.addonId() != null && x.addonId().equals(a.addonId()));
            if (!there && a.addonId() != null) {
                results.add(ActionResult.attempt(List.of("addons." + a.name()), "attach add-on " + a.addonName() + " of "
                        + old.get().name() + " to " + r.newName() + " as " + a.name(), "AddonAttached",
                        () -> heroku.createAttachment(a.addonId(), id, a.name())));
            }
        }
        // the same code: the declared slug, else the one the old app runs
        String slug = spec.release() != null && spec.release().slug() != null ? spec.release().slug()
                : heroku.latestRelease(r.oldId()).map(ObservedRelease::slugId).orElse(null);
        String running = heroku.latestRelease(id).map(ObservedRelease::slugId).orElse(null);
        if (slug != null && !slug.equals(running)) {
            results.add(ActionResult.attempt(List.of("release"), "release slug " + slug + " on " + r.newName(), "Released",
                    () -> heroku.releaseSlug(id, slug)));
        }
        if (!results.isEmpty()) {
            return outcome(resource, status, r, results, blocker(r, "is being prepared"), external, null);
        }
        // the formation, once the release defines its process types: the spec's, else the old app's
        List<ObservedFormation> oldFormation = heroku.listFormation(r.oldId()).orElse(List.of());
        List<FormationChange> scale = new ArrayList<>();
        for (ObservedFormation f : heroku.listFormation(id).orElse(List.of())) {
            HerokuAppSpec.Process declared = spec.formation() == null ? null : spec.formation().get(f.type());
            Integer quantity = declared != null && declared.quantity() != null ? declared.quantity()
                    : oldFormation.stream().filter(o -> o.type().equals(f.type())).map(ObservedFormation::quantity).findFirst().orElse(null);
            // a size only as declared: the old app's may not exist where the new one runs (Private-* in a space)
            String size = declared == null || declared.size() == null || declared.size().equalsIgnoreCase(f.size()) ? null : declared.size();
            if (quantity != null && quantity != f.quantity() || size != null) {
                scale.add(new FormationChange(f.type(), quantity != null && quantity != f.quantity() ? quantity : null, size));
            }
        }
        if (!scale.isEmpty()) {
            AppAction.Scale s = new AppAction.Scale(scale);
            results.add(ActionResult.attempt(List.of("formation"), s.describe() + " on " + r.newName(), "Scaled",
                    () -> heroku.batchUpdateFormation(id, scale)));
            return outcome(resource, status, r, results, blocker(r, "is being scaled"), external, null);
        }
        int[] up = heroku.dynosUp(id, "web").orElse(new int[] {0, 0});
        boolean webWanted = oldFormation.stream().anyMatch(f -> f.type().equals("web") && f.quantity() > 0);
        if (webWanted && (up[1] == 0 || up[0] < up[1])) {
            return outcome(resource, status, r, List.of(), blocker(r, "waits for its web dynos (" + up[0] + "/" + up[1] + " up)"),
                    external, RECHECK);
        }
        // it serves: the resource's identity moves to the new app, and with it every dependent
        Replacement next = r.switched(clock.instant());
        Map<String, Object> moved = next.into(external);
        moved.put("id", id);
        moved.put("name", fresh.get().name());
        if (fresh.get().webUrl() != null) {
            moved.put("webUrl", fresh.get().webUrl());
        }
        moved.remove("webhook");
        List<String> deps = dependentsOf(resource.name());
        ActionResult switched = new ActionResult.Applied(List.of("app"), "switched " + (deps.isEmpty() ? "the app"
                : String.join(", ", deps)) + " to " + r.newName() + " (" + id + "), which serves", "ReplacementSwitched");
        log.info("resource=HerokuApp/{} action=switch new={} id={}", resource.name(), r.newName(), id);
        return outcome(resource, status, next, List.of(switched), null, moved, null);
    }

    /**
     * Waits until every KongService fronting the app shows the new app's URL and, when it injects
     * a key, has proven the lock (Secured) through the gateway since the switch.
     */
    private Outcome prove(StoredResource resource, HerokuAppSpec spec, ResourceStatus status, Replacement r,
                          Map<String, Object> external) {
        String url = status.withExternal(external).external(HerokuAppExternal.class).webUrl();
        List<String> unproven = new ArrayList<>();
        for (StoredResource svc : store.list(Optional.of(Kind.KONG_SERVICE), Map.of())) {
            KongServiceSpec s = (KongServiceSpec) svc.typedSpec();
            if (svc.deleting() || s.upstream() == null || !resource.name().equals(s.upstream().app())) {
                continue;
            }
            ResourceStatus st = statuses.get(svc.id());
            GatewayProof proof = st.external(GatewayProof.class);
            boolean points = proof.url() != null && url != null && Urls.same(proof.url(), url);
            Instant probedAt = proof.probedAt();
            boolean proven = s.apiKeyRef() == null ? st.condition(Condition.READY).map(Condition::isTrue).orElse(false)
                    : st.condition(SECURED).map(Condition::isTrue).orElse(false) && probedAt != null
                    && !probedAt.isBefore(r.switchedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            if (!points || !proven) {
                unproven.add("KongService/" + svc.name());
            }
        }
        if (!unproven.isEmpty()) {
            // Ready: the dependents follow a Ready app; the replacement itself is not finished
            return outcome(resource, status, r, List.of(), null, external, RECHECK,
                    "Replacing " + r.name() + ": waiting for " + String.join(", ", unproven) + " to prove " + r.newName()
                            + " through the gateway");
        }
        ActionResult proven = new ActionResult.Applied(List.of(), r.newName() + " serves through the gateway"
                + (dependentsOf(resource.name()).isEmpty() ? "" : " (" + String.join(", ", dependentsOf(resource.name())) + ")"),
                "ReplacementProven");
        Replacement next = r.at(ReplacementPhase.RETIRE);
        return outcome(resource, status, next, List.of(proven), null, next.into(external), null);
    }

    private Outcome retire(StoredResource resource, ResourceStatus status, Replacement r, Map<String, Object> external) {
        List<ActionResult> results = new ArrayList<>();
        Optional<ObservedApp> old = heroku.getApp(r.oldId());
        if (old.isPresent()) {
            List<FormationChange> zero = heroku.listFormation(r.oldId()).orElse(List.of()).stream()
                    .filter(f -> f.quantity() > 0).map(f -> new FormationChange(f.type(), 0, null)).toList();
            if (!zero.isEmpty()) {
                results.add(ActionResult.attempt(List.of("formation"), "scale " + old.get().name() + " to zero (kept until deleted"
                        + " explicitly)", "Scaled", () -> heroku.batchUpdateFormation(r.oldId(), zero)));
            }
            // the retired app is no longer Tether's to watch: its subscription goes (the new app gets one)
            results.add(ActionResult.attempt(List.of(), "remove Tether's webhook subscription from " + old.get().name(),
                    "WebhookRemoved", () -> webhooks.remove(resource.name(), r.oldId())));
            if (!old.get().name().equals(r.retiredName())) {
                results.add(ActionResult.attempt(List.of("name"), "rename app " + old.get().name() + " to " + r.retiredName(),
                        "Renamed", () -> heroku.updateApp(r.oldId(), AppChanges.rename(r.retiredName()))));
            }
        }
        boolean done = results.stream().allMatch(x -> x instanceof ActionResult.Applied);
        Replacement next = done ? r.at(ReplacementPhase.NAME) : r;
        return outcome(resource, status, next, results, null, next.into(external), null);
    }

    private Outcome name(StoredResource resource, ResourceStatus status, Replacement r, Map<String, Object> external) {
        Optional<ObservedApp> fresh = heroku.getApp(r.newId());
        List<ActionResult> results = new ArrayList<>();
        ObservedApp[] renamed = {fresh.orElse(null)};
        if (fresh.isPresent() && !fresh.get().name().equals(r.name())) {
            results.add(ActionResult.attempt(List.of("name"), "rename app " + fresh.get().name() + " to " + r.name(), "Renamed",
                    () -> renamed[0] = heroku.updateApp(r.newId(), AppChanges.rename(r.name()))));
        }
        if (!results.stream().allMatch(x -> x instanceof ActionResult.Applied) || renamed[0] == null) {
            return outcome(resource, status, r, results, null, external, null);
        }
        Map<String, Object> finished = r.finished(external);
        finished.put("name", renamed[0].name());
        if (renamed[0].webUrl() != null) {
            finished.put("webUrl", renamed[0].webUrl());
        }
        results.add(new ActionResult.Applied(List.of(), "replaced app " + r.retiredName() + " (" + r.oldId() + ", kept, scaled to"
                + " zero) with " + r.name() + " (" + r.newId() + ")", "Replaced"));
        log.info("resource=HerokuApp/{} action=replaced old={} new={}", resource.name(), r.oldId(), r.newId());
        return outcome(resource, status, r, results, null, finished, null);
    }

    private static PassReport.Blocker blocker(Replacement r, String what) {
        return new PassReport.Blocker("Replacing", "Replacing " + r.name() + " with " + r.newName() + " (" + r.phase()
                + "): " + r.newName() + " " + what);
    }

    private Outcome outcome(StoredResource resource, ResourceStatus status, Replacement r, List<ActionResult> results,
                            PassReport.Blocker blocker, Map<String, Object> external, Duration recheck) {
        return outcome(resource, status, r, results, blocker, external, recheck, "The app matches the spec");
    }

    /**
     * The pass's status (the spec counts as applied only once the replacement is done and a
     * normal pass confirmed it) and when to look again: at once after a step, {@code recheck}
     * while waiting, the resync when a step was refused.
     */
    private Outcome outcome(StoredResource resource, ResourceStatus status, Replacement r, List<ActionResult> results,
                            PassReport.Blocker blocker, Map<String, Object> external, Duration recheck, String what) {
        StatusDerivation.Derived derived = StatusDerivation.derive(status, new PassReport(resource.generation(), List.of(), results,
                List.of(), blocker, false, external, List.of(), what, true), clock.instant());
        if (results.stream().anyMatch(x -> x instanceof ActionResult.Refused)) {
            return new Outcome.Failed(derived);
        }
        if (results.stream().anyMatch(x -> x instanceof ActionResult.Applied)) {
            return new Outcome.Progressing(CONFIRM_AFTER, derived);
        }
        return new Outcome.Waiting(r.phase() == ReplacementPhase.PROVE ? "the gateway's proof" : "app " + r.newName(),
                recheck == null ? CONFIRM_AFTER : recheck, derived);
    }
}
