package dev.tether.keys;

import dev.tether.heroku.ChangeActors;
import dev.tether.heroku.HerokuAppExternal;
import dev.tether.heroku.HerokuClient;
import dev.tether.heroku.WebhookProperties;
import dev.tether.manifest.ApiKeySpec;
import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.Kind;
import dev.tether.manifest.KongServiceSpec;
import dev.tether.manifest.ResourceSpec;
import dev.tether.manifest.ResourceKey;
import dev.tether.manifest.StoredResource;
import dev.tether.reconcile.InThisApply;
import dev.tether.reconcile.PassReport;
import dev.tether.reconcile.ReconcileRequest;
import dev.tether.status.Condition;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The ApiKey pass's observe step: each target resolved through its HerokuApp's current Heroku id
 * (read from that resource's status every pass, never remembered, so a recreated app is followed
 * at once), what its config vars hold, what Tether last set there, and, for a target that drifted,
 * who changed the app. Reads only.
 */
@Component
class ApiKeyObserver {

    private final HerokuClient heroku;
    private final ChangeActors actors;
    private final DesiredStateStore store;
    private final StatusStore statuses;
    private final WebhookProperties webhooks;

    ApiKeyObserver(HerokuClient heroku, ChangeActors actors, DesiredStateStore store, StatusStore statuses,
                   WebhookProperties webhooks) {
        this.webhooks = webhooks;
        this.heroku = heroku;
        this.actors = actors;
        this.store = store;
        this.statuses = statuses;
    }

    /**
     * @param targets    the targets whose app exists, in spec order
     * @param appIds     their Heroku ids by app resource
     * @param waiting    set when a target's app is not created (or is gone): {@code WaitingForDependency}
     * @param waitingFor the first such dependency, e.g. {@code HerokuApp/shop-api}
     */
    record Observed(List<ApiKeyPlanner.Target> targets, Map<String, String> appIds, PassReport.Blocker waiting,
                    String waitingFor, Map<String, String> readAt) {
    }

    /**
     * @param others the other documents of a dry run: a target app the store does not know yet but
     *               the same apply declares is read as the apply would leave it (an app it creates
     *               holds no config var yet)
     * @param quiet  a routine poll of a settled key (see {@link #mayTrustReleases}): a target whose
     *               app's newest release is still the one its vars were read at, and that held what
     *               Tether set then, is taken as holding it still, without a read
     */
    Observed targets(StoredResource resource, ApiKeySpec spec, ResourceStatus status, ApiKeyExternal ext,
                     ApiKeyPlanner.Facts facts, InThisApply others, boolean quiet) {
        Map<String, String> readBefore = ext.configReadAt() == null ? Map.of() : ext.configReadAt();
        Map<String, String> readAt = new HashMap<>();
        Map<String, String> recorded = ext.targets() == null ? Map.of() : ext.targets();
        Map<String, ApiKeyPlanner.Streak> streaks = streaks(ext.ownershipConflicts());
        ApiKeySpec lastApplied = lastApplied(resource, status);
        List<ApiKeyPlanner.Target> targets = new ArrayList<>();
        Map<String, String> appIds = new HashMap<>();
        PassReport.Blocker waiting = null;
        String waitingFor = null;
        for (ApiKeySpec.Target t : ApiKeyReconciler.targetsOf(spec)) {
            String var = t.configVarOrDefault();
            String previousVar = spec.rotationFormatOrDefault() == ApiKeySpec.RotationFormat.SEPARATE_VAR
                    ? var + ApiKeySpec.PREVIOUS_SUFFIX : null;
            Optional<ResourceStatus> appStatus = appStatus(t.app());
            Optional<String> appId = appStatus.map(ApiKeyObserver::appId);
            // taken before the read: the vars read next are at least as new as this release
            String release = appStatus.flatMap(st -> watchedRelease(st, facts.now())).orElse(null);
            String targetKey = t.app() + "/" + var;
            if (quiet && release != null && release.equals(readBefore.get(t.app())) && !streaks.containsKey(targetKey)) {
                ApiKeyPlanner.Target unchanged = unchanged(t.app(), appId.get(), var, previousVar, recorded.get(targetKey), facts);
                if (unchanged != null) {
                    appIds.put(t.app(), appId.get());
                    readAt.put(t.app(), release);
                    targets.add(unchanged);
                    continue;
                }
            }
            Optional<Map<String, String>> config = appId.flatMap(heroku::getConfigVars);
            if (config.isPresent() && release != null) {
                readAt.put(t.app(), release);
            }
            Optional<InThisApply.App> declared = appId.isPresent() ? Optional.empty() : others.herokuApp(t.app());
            if (declared.isPresent()) {
                appId = Optional.of(declared.get().created() ? InThisApply.KNOWN_AFTER_APPLY : declared.get().id());
                config = declared.get().created() ? Optional.of(Map.of()) : heroku.getConfigVars(declared.get().id());
            }
            if (config.isEmpty()) {
                if (waiting == null) {
                    waitingFor = "HerokuApp/" + t.app();
                    waiting = new PassReport.Blocker("WaitingForDependency", appId.isEmpty()
                            ? "Waiting for HerokuApp/" + t.app() + " to be created on Heroku"
                            : "Waiting for HerokuApp/" + t.app() + ": its app " + appId.get() + " is gone from Heroku");
                }
                continue;
            }
            appIds.put(t.app(), appId.get());
            String key = t.app() + "/" + var;
            boolean inLastApplied = lastApplied != null && ApiKeyReconciler.targetsOf(lastApplied).stream()
                    .anyMatch(l -> l.app().equals(t.app()) && l.configVarOrDefault().equals(var));
            ApiKeyPlanner.Target target = new ApiKeyPlanner.Target(t.app(), appId.get(), var, previousVar,
                    config.get().get(var), previousVar == null ? null : config.get().get(previousVar), recorded.get(key),
                    inLastApplied, null, false, streaks.get(key));
            if (declared.isEmpty() && ApiKeyPlanner.drifted(target, facts)) {
                Optional<String> actor = actors.lastChangeSince(appId.get(), status.lastReconciledAt());
                target = target.withActor(actor.orElse(null), actor.map(actors::isTether).orElse(false));
            }
            targets.add(target);
        }
        return new Observed(targets, appIds, waiting, waitingFor, readAt);
    }

    /**
     * Whether a pass may take a target's vars as last read while its app's release has not moved:
     * a routine poll (no trigger: a release delivery for the app wakes the key, so does the app's
     * finding that deliveries are lost) of a key Ready at its generation with no drift, no var
     * fought over, steady with a key, not paused.
     */
    static boolean mayTrustReleases(StoredResource resource, ResourceStatus status, ApiKeyExternal ext,
                                    ReconcileRequest request, ApiKeyPlanner.Facts facts) {
        return request.routinePoll() && !request.fullObservation() && facts.current() != null && !facts.paused()
                && ext.phase() == RotationPhase.STEADY && ext.ownershipConflicts() == null
                && status.drift().isEmpty()
                && status.observedGeneration() != null && status.observedGeneration() == resource.generation()
                && status.condition(Condition.READY).map(Condition::isTrue).orElse(false);
    }

    /**
     * {@code appId@release} when the app's newest release is watched, so that a config-var change
     * moves it where Tether looks: the app is Ready, its webhook subscription is in place with
     * deliveries arriving, its last full observation saw a release, and it was looked at within
     * twice its safety poll (and a minute). Empty otherwise (its vars are read every pass).
     */
    private Optional<String> watchedRelease(ResourceStatus app, Instant now) {
        HerokuAppExternal ext = app.external(HerokuAppExternal.class);
        HerokuAppExternal.Observation seen = ext.observation();
        boolean watched = ext.id() != null && Boolean.TRUE.equals(ext.webhook()) && seen != null && seen.release() != null
                && seen.deliveriesLostSince() == null
                && app.lastReconciledAt() != null
                && app.lastReconciledAt().isAfter(now.minus(webhooks.safetyResync().multipliedBy(2).plusMinutes(1)))
                && app.condition(Condition.READY).map(Condition::isTrue).orElse(false);
        return watched ? Optional.of(ext.id() + "@" + seen.release()) : Optional.empty();
    }

    /**
     * A target taken as holding what Tether set there last, when that is what it should hold now
     * (its recorded label is the current key's); null when it is not, and the vars must be read.
     */
    private static ApiKeyPlanner.Target unchanged(String app, String appId, String var, String previousVar, String recorded,
                                                  ApiKeyPlanner.Facts facts) {
        ApiKeyPlanner.Target probe = new ApiKeyPlanner.Target(app, appId, var, previousVar, facts.current(), null, recorded,
                true, null, false, null);
        if (recorded == null || !recorded.equals(ApiKeyPlanner.label(probe, KeyAction.Value.CURRENT, facts))) {
            return null;
        }
        return probe;
    }

    /**
     * The value an ApiKey not stored yet would adopt ({@code adoptExisting}): what its first target
     * holding one has, as the planner's {@link KeyAction.AdoptKey} takes it; empty when none does.
     */
    Optional<String> adoptable(ApiKeySpec spec, InThisApply others) {
        ApiKeyPlanner.Facts none = new ApiKeyPlanner.Facts(null, null, RotationPhase.STEADY, null, null, null, false,
                Instant.EPOCH, null);
        return targets(null, spec, ResourceStatus.pending(Instant.EPOCH), ResourceStatus.pending(Instant.EPOCH).external(ApiKeyExternal.class), none, others,
                false).targets().stream()
                .map(ApiKeyPlanner.Target::observed).filter(v -> v != null && !v.isEmpty()).findFirst();
    }

    /**
     * The Heroku id the HerokuApp resource reports now (its status, read every pass): an app
     * Tether recreated is followed at once; empty while the app is not created.
     */
    Optional<String> currentAppId(String appResource) {
        return appStatus(appResource).map(ApiKeyObserver::appId);
    }

    private Optional<ResourceStatus> appStatus(String appResource) {
        return store.find(Kind.HEROKU_APP, appResource).map(r -> statuses.get(r.id()));
    }

    private static String appId(ResourceStatus app) {
        return app.external(HerokuAppExternal.class).id();
    }

    /** True when every KongService referencing this key reports injecting {@code version}. */
    boolean gatewaySendsVersion(String apiKey, int version) {
        for (StoredResource svc : referring(apiKey)) {
            KongServiceSpec s = (KongServiceSpec) svc.typedSpec();
            if (svc.deleting() || !apiKey.equals(s.apiKeyRef())) {
                continue;
            }
            Integer injected = statuses.get(svc.id()).external(ApiKeys.Injection.class).injectedKeyVersion();
            if (injected == null || injected != version) {
                return false;
            }
        }
        return true;
    }

    List<String> referencingServices(String apiKey) {
        return referring(apiKey).stream()
                .filter(r -> apiKey.equals(((KongServiceSpec) r.typedSpec()).apiKeyRef()))
                .map(StoredResource::name).toList();
    }

    /** The KongServices whose spec refers to the key (the references index; deleting ones included), by name. */
    private List<StoredResource> referring(String apiKey) {
        return store.referring(new ResourceKey(Kind.API_KEY, apiKey)).stream()
                .filter(k -> k.kind() == Kind.KONG_SERVICE)
                .flatMap(k -> store.find(k.kind(), k.name()).stream()).toList();
    }

    /** The stored ApiKey of this name, if any (a dry run may preview one not stored yet). */
    Optional<StoredResource> stored(String name) {
        return store.find(Kind.API_KEY, name);
    }

    private ApiKeySpec lastApplied(StoredResource resource, ResourceStatus status) {
        Long generation = status.lastAppliedGeneration();
        if (generation == null || resource == null) {
            return null;
        }
        return store.generationSpec(resource.id(), generation)
                .map(s -> (ApiKeySpec) ResourceSpec.of(Kind.API_KEY, s)).orElse(null);
    }

    private static Map<String, ApiKeyPlanner.Streak> streaks(Map<String, ApiKeyExternal.Conflict> conflicts) {
        Map<String, ApiKeyPlanner.Streak> out = new HashMap<>();
        if (conflicts != null) {
            conflicts.forEach((k, c) -> {
                if (c != null && c.reverts() != null) {
                    out.put(k, new ApiKeyPlanner.Streak(c.reverts(), c.holdUntil()));
                }
            });
        }
        return out;
    }
}
