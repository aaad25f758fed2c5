package dev.tether.heroku;

import dev.tether.manifest.ApiKeySpec;
import dev.tether.manifest.DeletionPolicy;
import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.HerokuAppSpec;
import dev.tether.manifest.Kind;
import dev.tether.manifest.ResourceSpec;
import dev.tether.manifest.SecretMask;
import dev.tether.manifest.StoredResource;
import dev.tether.reconcile.Outcome;
import dev.tether.reconcile.ReconcileRequest;
import dev.tether.reconcile.Reconciler;
import dev.tether.status.Condition;
import dev.tether.status.Conditions;
import dev.tether.status.EventType;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps each {@code HerokuApp} as declared: creates it (recording its id, and tracking it by id
 * from then on, so a rename is seen as a rename), observes it each pass through
 * {@link AppObserver} (concurrent, conditional reads; config vars and add-ons re-read when the
 * latest release moved), plans with {@link HerokuAppPlanner}, applies the actions, and writes
 * status and events.
 *
 * <p>Heroku calls of a safety poll (or any pass) of an unchanged app whose webhook is in place:
 * the app, its latest release, formation, domains and buildpacks, all conditional (304): five.
 * Add config vars and add-ons when the release moved, and the webhook list when the
 * subscription is due a check ({@link #HOOK_CHECK}, full observations, drift no delivery
 * announced). At the default 30-minute safety poll that is 10–11 calls per app per hour.
 */
@Component
class HerokuAppReconciler implements Reconciler {

    private static final Logger log = LoggerFactory.getLogger(HerokuAppReconciler.class);
    static final String TETHER = "tether";
    private static final Duration CONFIRM_AFTER = Duration.ofSeconds(1);
    /** How far Heroku's clock may be behind Tether's when judging an app Tether meant to create. */
    private static final Duration CREATE_CLOCK_SKEW = Duration.ofSeconds(2);
    /** How often an app's webhook subscription is listed to check it is still in place. */
    static final Duration HOOK_CHECK = Duration.ofHours(1);

    private final HerokuClient heroku;
    private final DesiredStateStore store;
    private final StatusStore statuses;
    private final AppWebhooks webhooks;
    private final WebhookProperties webhookProps;
    private final dev.tether.reconcile.LoopProperties loop;
    private final Clock clock;
    private final AppObserver observer;
    /** When each app's subscription was last listed by this process. */
    private final Map<String, Instant> hookCheckedAt = new java.util.concurrent.ConcurrentHashMap<>();

    HerokuAppReconciler(HerokuClient heroku, DesiredStateStore store, StatusStore statuses, AppWebhooks webhooks,
                        WebhookProperties webhookProps, dev.tether.reconcile.LoopProperties loop, Clock clock,
                        AppObserver observer) {
        this.observer = observer;
        this.loop = loop;
        this.heroku = heroku;
        this.store = store;
        this.statuses = statuses;
        this.webhooks = webhooks;
        this.webhookProps = webhookProps;
        this.clock = clock;
    }

    @Override
    public Kind kind() {
        return Kind.HEROKU_APP;
    }

    @Override
    public Outcome reconcile(StoredResource resource, ReconcileRequest request) {
        HerokuAppSpec spec = (HerokuAppSpec) resource.typedSpec();
        ResourceStatus status = statuses.get(resource.id());
        String appId = (String) status.external().get("id");

        if (resource.deleting()) {
            return delete(resource, spec, appId);
        }

        AppObserver.AppAndRelease read = appId == null
                ? new AppObserver.AppAndRelease(Optional.empty(), Optional.empty()) : observer.appAndRelease(appId);
        Optional<ObservedApp> app = read.app();
        Optional<ObservedRelease> latestRelease = read.latestRelease();
        if (app.isEmpty()) {
            observer.forget(appId);
            if (appId != null) {
                hookCheckedAt.remove(appId);
            }
            String name = spec.appNameOr(resource.name());
            if (appId != null) {
                return appDestroyed(resource, spec, status, appId, name);
            }
            Optional<ObservedApp> sameName = heroku.getApp(name);
            if (sameName.isPresent()) {
                boolean ours = createdByTether(status.external().get("creating"), name, sameName.get());
                if (!spec.adoptsExisting() && !ours) {
                    return failed(resource, withoutCreating(status), "AlreadyExists", "An app named " + name
                            + " already exists and is not managed by Tether; set spec.adoptExisting: true to manage it");
                }
                app = sameName;
                record(resource, ours ? "Created" : "Adopted", (ours ? "Recovered the app Tether created: " : "Adopted existing app ")
                        + name + " (" + sameName.get().id() + ")", TETHER);
                status = saveIdentity(resource, status, sameName.get());
                latestRelease = heroku.latestRelease(sameName.get().id());
            } else {
                if (spec.isPaused()) {
                    return paused(resource, status, "Paused: would create app " + name);
                }
                return create(resource, spec, status, name);
            }
        }

        ObservedAppState observed = observer.observe(app.get(), latestRelease, request.fullObservation());
        HerokuAppSpec lastApplied = status.observedGeneration() == null ? null
                : store.generationSpec(resource.id(), status.observedGeneration())
                        .map(s -> (HerokuAppSpec) ResourceSpec.of(Kind.HEROKU_APP, s)).orElse(null);
        AppPlan plan = HerokuAppPlanner.plan(resource.name(), spec, lastApplied, observed, managedByApiKeys(resource.name()));
        Optional<String> webhookActor = webhooks.actorSince(observed.app().id(), status.lastReconciledAt());
        String actor = driftActor(observed, status, webhookActor);

        long generation = resource.generation();
        if (!plan.adoptions().isEmpty()) {
            Optional<Long> adopted = adopt(resource, plan, actor);
            if (adopted.isPresent()) {
                generation = adopted.get();
            }
        }

        List<ResourceStatus.Drift> drift = driftRecords(plan, status, actor);
        recordNewDrift(resource, status, drift);

        String currentName = observed.app().name();
        for (AppAction action : plan.actions()) {
            currentName = apply(observed.app().id(), currentName, action);
            record(resource, reasonOf(action), capitalize(action.describe()), TETHER);
        }
        List<String> reverted = plan.drift().stream().map(AppPlan.Difference::path)
                .filter(p -> spec.drift().mode() == dev.tether.manifest.DriftPolicy.Mode.REVERT && !spec.isPaused())
                .filter(p -> plan.held().isEmpty() || !p.startsWith("addons."))
                .toList();
        if (!reverted.isEmpty() && !plan.actions().isEmpty()) {
            record(resource, "DriftReverted", "Reverted drift at " + String.join(", ", reverted)
                    + (actor == null ? "" : " (changed by " + actor + ")"), TETHER);
        }

        // Tether's own subscription is part of what it keeps true (deleted by hand: recreated).
        // Listing it costs a call, so it is checked only when due (see subscriptionCheckDue).
        boolean hookedBefore = Boolean.TRUE.equals(status.external().get("webhook"));
        Set<String> knownDrift = new HashSet<>();
        status.drift().forEach(d -> knownDrift.add(d.path()));
        // new drift, and no delivery since the last pass named someone other than Tether
        boolean announced = webhookActor.filter(a -> !a.equals(heroku.accountEmail())).isPresent();
        boolean silentDrift = !announced && plan.drift().stream().anyMatch(d -> !knownDrift.contains(d.path()));
        boolean hooked;
        if (spec.isPaused()) {
            hooked = false;
        } else if (subscriptionCheckDue(observed.app().id(), request.fullObservation(), hookedBefore, silentDrift)) {
            hooked = webhooks.ensure(resource.name(), observed.app().id());
            hookCheckedAt.put(observed.app().id(), clock.instant());
        } else {
            hooked = true;
        }

        boolean converged = plan.actions().isEmpty() && plan.held().isEmpty() && plan.replacements().isEmpty();
        List<ResourceStatus.Drift> remaining = plan.actions().isEmpty() ? drift
                : drift.stream().filter(d -> !reverted.contains(d.path())).toList();
        ResourceStatus next = status(resource, status, observed, plan, remaining, converged ? Long.valueOf(generation) : status.observedGeneration(),
                spec.isPaused());
        next = withExternal(next, Map.of("webhook", hooked));
        statuses.put(resource.id(), next);
        if (!plan.actions().isEmpty()) {
            return new Outcome.Progressing(CONFIRM_AFTER);
        }
        // With a webhook in place changes arrive within a second; polling is only a safety net.
        return new Outcome.InSync(spacedByBudget(hooked ? webhookProps.safetyResync() : loop.resyncInterval()));
    }

    /**
     * Polling spends the account's hourly budget: when little is left, look less often, so
     * writes (reverts) still have calls to spend.
     */
    private Duration spacedByBudget(Duration interval) {
        int remaining = heroku.rateLimitRemaining();
        if (remaining >= 0 && remaining < 500) {
            return interval.multipliedBy(4);
        }
        if (remaining >= 0 && remaining < 1500) {
            return interval.multipliedBy(2);
        }
        return interval;
    }

    /**
     * Whether this pass lists the app's webhooks to verify Tether's subscription (one call).
     * It does on a full observation (resync, reconcile request), when the subscription was not
     * known to be in place, when this pass found drift that no delivery announced since the last
     * pass (deliveries may have stopped), and otherwise at most every {@link #HOOK_CHECK} (or
     * every safety poll, when that is longer). Else the subscription is taken as still there.
     */
    private boolean subscriptionCheckDue(String appId, boolean full, boolean hookedBefore, boolean silentDrift) {
        if (full || !hookedBefore || silentDrift) {
            return true;
        }
        Instant last = hookCheckedAt.get(appId);
        Duration every = webhookProps.safetyResync().compareTo(HOOK_CHECK) > 0 ? webhookProps.safetyResync() : HOOK_CHECK;
        return last == null || !clock.instant().isBefore(last.plus(every));
    }

    // ----- observe

    /** Config vars that ApiKey resources set on this app: never this reconciler's to remove. */
    private Set<String> managedByApiKeys(String appResource) {
        Set<String> vars = new HashSet<>();
        for (StoredResource r : store.list(Optional.of(Kind.API_KEY), Map.of())) {
            ApiKeySpec key = (ApiKeySpec) r.typedSpec();
            if (key.targets() != null) {
                key.targets().stream().filter(t -> t.app().equals(appResource)).forEach(t -> vars.add(t.configVarOrDefault()));
            }
        }
        return vars;
    }

    /**
     * Who changed the app: the author of the latest release, unless that is Tether itself or
     * the release is older than Tether's last look (Heroku's release times have whole seconds).
     */
    private String driftActor(ObservedAppState observed, ResourceStatus status, Optional<String> webhookActor) {
        Optional<String> fromWebhook = webhookActor.filter(a -> !a.equals(heroku.accountEmail()));
        if (fromWebhook.isPresent()) {
            return fromWebhook.get();
        }
        ObservedRelease r = observed.latestRelease();
        if (r == null || r.user() == null || r.user().equals(heroku.accountEmail())) {
            return null;
        }
        Instant since = status.lastReconciledAt();
        boolean recent = since == null || r.createdAt() == null
                || !r.createdAt().isBefore(since.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        return recent ? r.user() : null;
    }

    // ----- act

    private Outcome create(StoredResource resource, HerokuAppSpec spec, ResourceStatus status, String name) {
        // Record the intent first: a crash after Heroku created the app but before its id was
        // stored is healed by recognising the app on the next pass, never by creating twice.
        ResourceStatus intent = withExternal(status, Map.of("creating", Map.of("name", name, "since", clock.instant().toString())));
        statuses.put(resource.id(), intent);
        ObservedApp created = heroku.createApp(new NewApp(name, spec.region(), spec.stack(), spec.space(), spec.team(),
                spec.internalRouting()));
        record(resource, "Created", "Created app " + name + " (" + created.id() + ")", TETHER);
        saveIdentity(resource, intent, created);
        log.info("resource=HerokuApp/{} action=create app={} id={}", resource.name(), name, created.id());
        return new Outcome.Progressing(Duration.ZERO);
    }

    /**
     * Whether the app found under {@code name} is the one Tether's own create made, its answer
     * lost: the {@code creating} marker names it, the app's first release (cut by Heroku at
     * creation, as the creating account) is by Tether's account, and it is no older than the
     * marker. A name Tether meant to create but someone else took first (Tether's create refused
     * before it was carried out), or an app the account already had, proves none of this and is
     * never written to: the caller reports AlreadyExists. A marker from before the time was
     * recorded (a bare name) is judged by the creator alone.
     */
    private boolean createdByTether(Object marker, String name, ObservedApp app) {
        String marked;
        Instant since = null;
        if (marker instanceof Map<?, ?> m) {
            marked = m.get("name") instanceof String n ? n : null;
            since = m.get("since") instanceof String t ? Instant.parse(t) : null;
        } else {
            marked = marker instanceof String n ? n : null;
        }
        if (!name.equals(marked)) {
            return false;
        }
        Optional<ObservedRelease> first = heroku.firstRelease(app.id());
        if (first.isEmpty() || first.get().user() == null || !first.get().user().equals(heroku.accountEmail())) {
            return false;
        }
        // Heroku's times have whole seconds; CREATE_CLOCK_SKEW allows for its clock and ours
        return since == null || first.get().createdAt() != null
                && !first.get().createdAt().isBefore(since.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minus(CREATE_CLOCK_SKEW));
    }

    /** The status without the create marker: the name is someone else's, Tether's create did not happen. */
    private static ResourceStatus withoutCreating(ResourceStatus status) {
        Map<String, Object> external = new LinkedHashMap<>(status.external());
        external.remove("creating");
        return new ResourceStatus(status.observedGeneration(), status.conditions(), status.lastReconciledAt(), external, status.drift());
    }

    private String apply(String appId, String currentName, AppAction action) {
        switch (action) {
            case AppAction.Rename r -> {
                heroku.updateApp(appId, AppChanges.rename(r.to()));
                return r.to();
            }
            case AppAction.SetMaintenance m -> heroku.updateApp(appId, AppChanges.maintenance(m.on()));
            case AppAction.SetBuildStack s -> heroku.updateApp(appId, new AppChanges(null, null, s.stack()));
            case AppAction.SetConfigVars c -> heroku.patchConfigVars(appId, c.changes());
            case AppAction.Scale s -> heroku.batchUpdateFormation(appId, s.changes());
            case AppAction.CreateAddon a -> heroku.createAddon(appId, new NewAddon(a.plan(), null, a.as(), a.config()));
            case AppAction.ChangeAddonPlan p -> heroku.updateAddonPlan(appId, p.addon(), p.to());
            case AppAction.DestroyAddon d -> heroku.deleteAddon(appId, d.addon());
            case AppAction.AddDomain d -> heroku.addDomain(appId, d.hostname());
            case AppAction.RemoveDomain d -> heroku.removeDomain(appId, d.hostname());
            case AppAction.SetBuildpacks b -> heroku.replaceBuildpacks(appId, b.buildpacks());
        }
        log.info("app={} action=\"{}\"", currentName, action.describe());
        return currentName;
    }

    private Outcome appDestroyed(StoredResource resource, HerokuAppSpec spec, ResourceStatus status, String appId, String name) {
        boolean revert = spec.drift().mode() == dev.tether.manifest.DriftPolicy.Mode.REVERT && !spec.isPaused()
                && !spec.drift().ignores("app");
        record(resource, "DriftDetected", "App " + name + " (" + appId + ") no longer exists on Heroku", null);
        if (!revert) {
            ResourceStatus s = new ResourceStatus(status.observedGeneration(),
                    conditions(status, "False", "AppMissing", "The app was destroyed outside Tether; the drift policy does not recreate it", true),
                    clock.instant(), status.external(),
                    List.of(new ResourceStatus.Drift("app", name, null, clock.instant(), null)));
            statuses.put(resource.id(), s);
            return new Outcome.InSync(null);
        }
        Map<String, Object> external = new HashMap<>(status.external());
        external.remove("id");
        external.remove("webUrl");
        ResourceStatus cleared = new ResourceStatus(null, status.conditions(), status.lastReconciledAt(), external, status.drift());
        record(resource, "DriftReverted", "Recreating app " + name, TETHER);
        return create(resource, spec, cleared, name);
    }

    private Outcome delete(StoredResource resource, HerokuAppSpec spec, String appId) {
        if (spec.isPaused()) {
            // paused means hands off, deletion included: it waits until the resource is resumed
            statuses.setCondition(resource.id(), Condition.READY, "False", "Paused", "Deletion waits until spec.paused is false");
            return new Outcome.Waiting("unpause", Duration.ofMinutes(1));
        }
        if (spec.deletion() == DeletionPolicy.DELETE && appId != null) {
            heroku.deleteApp(appId);
            log.info("resource=HerokuApp/{} action=destroy id={}", resource.name(), appId);
        } else if (appId != null && heroku.getApp(appId).isPresent()) {
            // Orphan: the app stays, Tether's subscription goes
            webhooks.remove(resource.name(), appId);
        }
        webhooks.forget(resource.name());
        observer.forget(appId);
        if (appId != null) {
            hookCheckedAt.remove(appId);
        }
        return new Outcome.Deleted();
    }

    private Optional<Long> adopt(StoredResource resource, AppPlan plan, String actor) {
        ObjectNode spec = resource.spec().deepCopy();
        List<String> paths = new ArrayList<>();
        for (AppPlan.Adoption a : plan.adoptions()) {
            set(spec, a.path(), a.value());
            paths.add(a.path());
        }
        Optional<Long> generation = store.adopt(Kind.HEROKU_APP, resource.name(), resource.generation(), spec, actor,
                String.join(", ", paths));
        generation.ifPresent(g -> log.info("resource=HerokuApp/{} action=adopt generation={} paths={}", resource.name(), g, paths));
        return generation;
    }

    /** Sets (or with null removes) a dotted spec path, creating objects on the way. */
    private static void set(ObjectNode spec, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode node = spec;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            node = child instanceof ObjectNode o ? o : node.putObject(parts[i]);
        }
        if (value == null) {
            node.remove(parts[parts.length - 1]);
        } else {
            node.set(parts[parts.length - 1], value);
        }
    }

    // ----- status and events

    private ResourceStatus saveIdentity(StoredResource resource, ResourceStatus status, ObservedApp app) {
        Map<String, Object> external = new LinkedHashMap<>(status.external());
        external.remove("creating");
        external.put("id", app.id());
        external.put("name", app.name());
        if (app.webUrl() != null) {
            external.put("webUrl", app.webUrl());
        }
        ResourceStatus next = new ResourceStatus(status.observedGeneration(), status.conditions(), status.lastReconciledAt(),
                external, status.drift());
        statuses.put(resource.id(), next);
        return next;
    }

    private static ResourceStatus withExternal(ResourceStatus status, Map<String, Object> add) {
        Map<String, Object> external = new LinkedHashMap<>(status.external());
        external.putAll(add);
        return new ResourceStatus(status.observedGeneration(), status.conditions(), status.lastReconciledAt(), external, status.drift());
    }

    private ResourceStatus status(StoredResource resource, ResourceStatus previous, ObservedAppState observed, AppPlan plan,
                                  List<ResourceStatus.Drift> drift, Long observedGeneration, boolean paused) {
        Map<String, Object> external = new LinkedHashMap<>(previous.external());
        external.remove("creating");
        external.put("id", observed.app().id());
        external.put("name", observed.app().name());
        if (observed.app().webUrl() != null) {
            external.put("webUrl", observed.app().webUrl());
        }
        Instant now = clock.instant();
        List<Condition> c = previous.conditions();
        String readyStatus;
        String reason;
        String message;
        if (!plan.replacements().isEmpty()) {
            readyStatus = "False";
            reason = "RequiresReplacement";
            message = "Heroku cannot change " + String.join(", ", plan.replacements().stream()
                    .map(d -> d.path() + " (" + d.observed() + " → " + d.desired() + ")").toList())
                    + " in place; set spec.allowReplace: true to recreate the app";
        } else if (!plan.held().isEmpty()) {
            readyStatus = "False";
            reason = "DestructiveActionHeld";
            message = "Held: " + String.join("; ", plan.held().stream().map(AppAction::describe).toList())
                    + " (needs deletionPolicy: Delete and allowDestroyData: true)";
        } else if (paused) {
            readyStatus = drift.isEmpty() ? "True" : "False";
            reason = "Paused";
            message = drift.isEmpty() ? "Paused; the app matches the spec" : "Paused; " + drift.size() + " difference(s) not acted on";
        } else if (!plan.actions().isEmpty()) {
            readyStatus = "False";
            reason = "Progressing";
            message = "Applied: " + String.join("; ", plan.actions().stream().map(AppAction::describe).toList());
        } else {
            readyStatus = "True";
            reason = drift.isEmpty() ? "InSync" : "DriftReported";
            message = drift.isEmpty() ? "The app matches the spec" : drift.size() + " difference(s) reported, not reverted (drift policy)";
        }
        c = Conditions.set(c, Condition.READY, readyStatus, reason, message, now);
        boolean synced = plan.inSync();
        c = Conditions.set(c, Condition.SYNCED, synced ? "True" : "False", synced ? "InSync" : reason,
                synced ? "Every managed field matches" : message, now);
        c = Conditions.set(c, Condition.DRIFTED, drift.isEmpty() ? "False" : "True", drift.isEmpty() ? "NoDrift" : "DriftDetected",
                drift.isEmpty() ? "No drift" : String.join(", ", drift.stream().map(ResourceStatus.Drift::path).toList()), now);
        return new ResourceStatus(observedGeneration, c, now, external, drift);
    }

    private List<ResourceStatus.Drift> driftRecords(AppPlan plan, ResourceStatus previous, String actor) {
        Map<String, ResourceStatus.Drift> before = new HashMap<>();
        previous.drift().forEach(d -> before.put(d.path(), d));
        List<ResourceStatus.Drift> out = new ArrayList<>();
        for (AppPlan.Difference d : plan.drift()) {
            ResourceStatus.Drift old = before.get(d.path());
            out.add(new ResourceStatus.Drift(d.path(), masked(d.path(), d.desired()), masked(d.path(), d.observed()),
                    old != null ? old.firstSeen() : clock.instant(), old != null && old.actor() != null ? old.actor() : actor));
        }
        return out;
    }

    private void recordNewDrift(StoredResource resource, ResourceStatus previous, List<ResourceStatus.Drift> drift) {
        Set<String> known = new HashSet<>();
        previous.drift().forEach(d -> known.add(d.path()));
        List<ResourceStatus.Drift> fresh = drift.stream().filter(d -> !known.contains(d.path())).toList();
        if (fresh.isEmpty()) {
            return;
        }
        String actor = fresh.getFirst().actor();
        store.recordEvent(resource.id(), EventType.Warning, "DriftDetected",
                "Changed outside Tether: " + String.join(", ", fresh.stream()
                        .map(d -> d.path() + " (" + d.desired() + " → " + d.observed() + ")").toList()), actor);
    }

    private static Object masked(String path, Object value) {
        return value != null && SecretMask.isSecretPath("spec." + path) ? SecretMask.MASK : value;
    }

    private Outcome failed(StoredResource resource, ResourceStatus status, String reason, String message) {
        statuses.put(resource.id(), new ResourceStatus(status.observedGeneration(), conditions(status, "False", reason, message, false),
                clock.instant(), status.external(), status.drift()));
        return new Outcome.Failed(reason, message);
    }

    private Outcome paused(StoredResource resource, ResourceStatus status, String message) {
        statuses.put(resource.id(), new ResourceStatus(status.observedGeneration(), conditions(status, "False", "Paused", message, false),
                clock.instant(), status.external(), status.drift()));
        return new Outcome.InSync(null);
    }

    private List<Condition> conditions(ResourceStatus status, String ready, String reason, String message, boolean drifted) {
        Instant now = clock.instant();
        List<Condition> c = Conditions.set(status.conditions(), Condition.READY, ready, reason, message, now);
        c = Conditions.set(c, Condition.SYNCED, "False", reason, message, now);
        return Conditions.set(c, Condition.DRIFTED, drifted ? "True" : "False", drifted ? "DriftDetected" : "NoDrift",
                drifted ? message : "No drift", now);
    }

    private void record(StoredResource resource, String reason, String message, String actor) {
        store.recordEvent(resource.id(), EventType.Normal, reason, message, actor);
    }

    private static String reasonOf(AppAction action) {
        return switch (action) {
            case AppAction.Rename r -> "Renamed";
            case AppAction.SetMaintenance m -> "MaintenanceSet";
            case AppAction.SetBuildStack s -> "StackSet";
            case AppAction.SetConfigVars c -> "ConfigVarsSet";
            case AppAction.Scale s -> "Scaled";
            case AppAction.CreateAddon a -> "AddonCreated";
            case AppAction.ChangeAddonPlan p -> "AddonPlanChanged";
            case AppAction.DestroyAddon d -> "AddonDestroyed";
            case AppAction.AddDomain d -> "DomainAdded";
            case AppAction.RemoveDomain d -> "DomainRemoved";
            case AppAction.SetBuildpacks b -> "BuildpacksSet";
        };
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
