package dev.tether.keys;

import dev.tether.heroku.HerokuClient;
import dev.tether.manifest.ApiKeySpec;
import dev.tether.manifest.DeletionPolicy;
import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.Kind;
import dev.tether.manifest.KongServiceSpec;
import dev.tether.manifest.StoredResource;
import dev.tether.reconcile.Outcome;
import dev.tether.reconcile.ReconcileRequest;
import dev.tether.reconcile.Reconciler;
import dev.tether.manifest.ResourceKey;
import dev.tether.reconcile.WorkQueue;
import dev.tether.status.Condition;
import dev.tether.status.Conditions;
import dev.tether.status.EventType;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps each {@code ApiKey} true: generates it ({@link SecureRandom}, URL-safe base64), keeps
 * it encrypted in the {@link SecretStore}, sets it in every target app's config var, and rotates
 * it in three recorded steps (see {@link ApiKeyPlanner}). No value ever reaches a log line, an
 * event, a status or an API response: only versions and phases do.
 */
@Component
class ApiKeyReconciler implements Reconciler {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyReconciler.class);
    private static final Duration STEP = Duration.ofMillis(500);
    private static final Duration DEFAULT_GRACE = Duration.ofMinutes(10);

    private final HerokuClient heroku;
    private final DesiredStateStore store;
    private final StatusStore statuses;
    private final SecretStore secrets;
    private final WorkQueue queue;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiKeyReconciler(HerokuClient heroku, DesiredStateStore store, StatusStore statuses, SecretStore secrets,
                     WorkQueue queue, Clock clock) {
        this.heroku = heroku;
        this.store = store;
        this.statuses = statuses;
        this.secrets = secrets;
        this.queue = queue;
        this.clock = clock;
    }

    @Override
    public Kind kind() {
        return Kind.API_KEY;
    }

    @Override
    public Outcome reconcile(StoredResource resource, ReconcileRequest request) {
        String name = resource.name();
        ApiKeySpec spec = (ApiKeySpec) resource.typedSpec();
        if (resource.deleting()) {
            if (spec.deletionPolicy() == DeletionPolicy.DELETE) {
                if (Boolean.TRUE.equals(spec.paused())) {
                    // paused means hands off, deletion included (as for a HerokuApp)
                    setReady(resource, null, "False", "Paused", "Deletion waits until spec.paused is false", null);
                    return new Outcome.InSync(null);
                }
                removeFromTargets(resource, spec);
            }
            secrets.deleteAll(ApiKeys.KIND, name);
            return new Outcome.Deleted();
        }
        ResourceStatus status = statuses.get(resource.id());
        if (spec.paused() != null && spec.paused()) {
            setReady(resource, status, "False", "Paused", "Paused: the key is neither set nor rotated", null);
            return new Outcome.InSync(null);
        }

        // Resolve every target app to its Heroku id, and read what it holds.
        List<ApiKeyPlanner.Target> targets = new ArrayList<>();
        Map<String, String> appIds = new LinkedHashMap<>();
        for (ApiKeySpec.Target t : spec.targets() == null ? List.<ApiKeySpec.Target>of() : spec.targets()) {
            Optional<String> appId = herokuAppId(t.app());
            if (appId.isEmpty()) {
                setReady(resource, status, "False", "WaitingForDependency", "Waiting for HerokuApp/" + t.app()
                        + " to exist on Heroku", null);
                return new Outcome.Waiting("HerokuApp/" + t.app(), Duration.ofSeconds(2));
            }
            appIds.put(t.app(), appId.get());
            String observed = heroku.getConfigVars(appId.get()).orElse(Map.of()).get(t.configVarOrDefault());
            targets.add(new ApiKeyPlanner.Target(t.app(), t.configVarOrDefault(), observed));
        }

        String current = secrets.get(ApiKeys.KIND, name, ApiKeys.SECRET_CURRENT).orElse(null);
        if (current != null && ApiKeys.version(status) == 0) {
            // A process killed between storing a new key and recording it (GenerateKey below) left a
            // stored key without a version; found by the chaos soak's SIGKILLs. That key is version 1.
            status = external(resource, Map.of(ApiKeys.VERSION, 1, ApiKeys.PHASE, RotationPhase.STEADY.name(),
                    ApiKeys.ROTATED_AT, clock.instant().toString()));
        }
        Map<String, Object> ext = status.external();
        String next = secrets.get(ApiKeys.KIND, name, ApiKeys.SECRET_NEXT).orElse(null);
        RotationPhase phase = ApiKeys.phase(status);
        int version = ApiKeys.version(status);
        Instant now = clock.instant();
        ApiKeyPlanner.Facts facts = new ApiKeyPlanner.Facts(current, next, phase, ApiKeys.instant(ext, ApiKeys.ROTATED_AT),
                ApiKeys.instant(ext, ApiKeys.ROTATE_REQUESTED_AT), ApiKeys.instant(ext, ApiKeys.GRACE_UNTIL),
                gatewaySendsVersion(name, version + 1), now, Periods.parse(spec.rotateEvery(), null));
        List<KeyAction> actions = ApiKeyPlanner.plan(targets, facts);

        Duration again = null;
        for (KeyAction action : actions) {
            switch (action) {
                case KeyAction.GenerateKey g -> {
                    current = generate(spec.lengthOrDefault());
                    secrets.put(ApiKeys.KIND, name, ApiKeys.SECRET_CURRENT, current);
                    status = external(resource, Map.of(ApiKeys.VERSION, 1, ApiKeys.PHASE, RotationPhase.STEADY.name(),
                            ApiKeys.ROTATED_AT, now.toString()));
                    event(resource, EventType.Normal, "KeyGenerated", "Generated key version 1 (" + spec.lengthOrDefault()
                            + " random bytes); stored encrypted");
                    again = Duration.ZERO;
                }
                case KeyAction.SetTarget s -> {
                    boolean drifted = phase == RotationPhase.STEADY && version > 0 && targets.stream().anyMatch(t -> t.app().equals(s.app()) && t.observed() != null);
                    if (drifted) {
                        event(resource, EventType.Warning, "DriftDetected", s.configVar() + " on " + s.app()
                                + " does not hold the key Tether set (changed outside Tether); reverting");
                    }
                    heroku.patchConfigVars(appIds.get(s.app()), Map.of(s.configVar(), ApiKeyPlanner.valueFor(s.value(), current, next)));
                    log.info("resource=ApiKey/{} action=\"{}\"", name, s.describe());
                    event(resource, EventType.Normal, "TargetSet", capitalize(s.describe()));
                    again = STEP;
                }
                case KeyAction.StartRotation r -> {
                    if (next == null) {
                        next = generate(spec.lengthOrDefault());
                        secrets.put(ApiKeys.KIND, name, ApiKeys.SECRET_NEXT, next);
                    }
                    status = external(resource, Map.of(ApiKeys.PHASE, RotationPhase.ACCEPT_BOTH.name(),
                            "rotationStartedAt", now.toString()));
                    event(resource, EventType.Normal, "KeyRotated", "Rotation to version " + (version + 1) + " started ("
                            + r.why() + "); step 1/3: targets accept the old and the new key");
                    again = Duration.ZERO;
                }
                case KeyAction.SwitchGateway sw -> {
                    status = external(resource, Map.of(ApiKeys.PHASE, RotationPhase.SEND_NEW.name()));
                    List<String> services = referencingServices(name);
                    services.forEach(svc -> queue.enqueue(new ResourceKey(Kind.KONG_SERVICE, svc), now, "ApiKeyRotated", false));
                    event(resource, EventType.Normal, "KeyRotated", "Step 2/3: the gateway sends key version " + (version + 1)
                            + (services.isEmpty() ? " (no KongService references this key)" : " (KongService/" + String.join(", KongService/", services) + ")"));
                    again = STEP;
                }
                case KeyAction.StartGrace gr -> {
                    Duration grace = Periods.parse(spec.gracePeriod(), DEFAULT_GRACE);
                    status = external(resource, Map.of(ApiKeys.PHASE, RotationPhase.GRACE.name(),
                            ApiKeys.GRACE_UNTIL, now.plus(grace).toString()));
                    event(resource, EventType.Normal, "KeyRotated", "The gateway confirmed key version " + (version + 1)
                            + "; the old key stays valid for " + grace);
                    again = grace.compareTo(STEP) < 0 ? STEP : grace;
                }
                case KeyAction.FinishRotation f -> {
                    // Order matters for a crash: the new value becomes current before the phase is cleared.
                    secrets.put(ApiKeys.KIND, name, ApiKeys.SECRET_CURRENT, next);
                    Map<String, Object> done = new LinkedHashMap<>();
                    done.put(ApiKeys.VERSION, version + 1);
                    done.put(ApiKeys.PHASE, RotationPhase.STEADY.name());
                    done.put(ApiKeys.ROTATED_AT, now.toString());
                    status = external(resource, done, ApiKeys.GRACE_UNTIL, "rotationStartedAt");
                    secrets.delete(ApiKeys.KIND, name, ApiKeys.SECRET_NEXT);
                    event(resource, EventType.Normal, "KeyRotated", "Step 3/3: targets accept only key version " + (version + 1)
                            + "; rotation complete");
                    log.info("resource=ApiKey/{} action=rotated version={}", name, version + 1);
                    again = Duration.ZERO;
                }
            }
        }

        RotationPhase nowPhase = ApiKeys.phase(status);
        if (again == null && nowPhase == RotationPhase.SEND_NEW) {
            again = STEP; // waiting for the gateway to confirm
        }
        if (again == null && nowPhase == RotationPhase.GRACE) {
            Instant until = ApiKeys.instant(status.external(), ApiKeys.GRACE_UNTIL);
            again = until == null ? STEP : maxZero(Duration.between(clock.instant(), until));
        }
        boolean steady = actions.isEmpty() && nowPhase == RotationPhase.STEADY;
        String message = steady
                ? "Key version " + ApiKeys.version(status) + " is set on " + targets.size() + " target(s)"
                : "Rotation " + nowPhase.name().toLowerCase().replace('_', ' ') + "; key version " + ApiKeys.version(status)
                  + (actions.isEmpty() ? "" : "; applied: " + String.join("; ", actions.stream().map(KeyAction::describe).toList()));
        boolean ready = ApiKeys.version(statuses.get(resource.id())) > 0 && (nowPhase != RotationPhase.STEADY || actions.isEmpty());
        setReady(resource, status, ready ? "True" : "False", steady ? "InSync" : (ready ? "Rotating" : "Progressing"), message,
                steady ? resource.generation() : null);
        if (again != null) {
            return new Outcome.Progressing(again);
        }
        Duration rotateEvery = Periods.parse(spec.rotateEvery(), null);
        Instant rotatedAt = ApiKeys.instant(status.external(), ApiKeys.ROTATED_AT);
        if (rotateEvery != null && rotatedAt != null) {
            Duration untilRotation = maxZero(Duration.between(clock.instant(), rotatedAt.plus(rotateEvery)));
            return new Outcome.InSync(untilRotation.compareTo(Duration.ofMinutes(5)) < 0 ? untilRotation : null);
        }
        return new Outcome.InSync(null);
    }

    /**
     * {@code deletionPolicy: Delete}: unsets the key's config var on every target app that still
     * holds a value Tether set (the current key, the next one, or both during a rotation). A var
     * someone has since set to a value of their own, or an app that is gone, is left alone.
     * With the default {@code Orphan} the vars stay, as the app keeps running with them.
     */
    private void removeFromTargets(StoredResource resource, ApiKeySpec spec) {
        String current = secrets.get(ApiKeys.KIND, resource.name(), ApiKeys.SECRET_CURRENT).orElse(null);
        String next = secrets.get(ApiKeys.KIND, resource.name(), ApiKeys.SECRET_NEXT).orElse(null);
        for (ApiKeySpec.Target t : spec.targets() == null ? List.<ApiKeySpec.Target>of() : spec.targets()) {
            Optional<String> appId = herokuAppId(t.app());
            if (appId.isEmpty()) {
                continue;
            }
            Optional<Map<String, String>> config = heroku.getConfigVars(appId.get());
            String held = config.map(c -> c.get(t.configVarOrDefault())).orElse(null);
            if (held == null || !setByTether(held, current, next)) {
                continue;
            }
            Map<String, String> unset = new java.util.HashMap<>();
            unset.put(t.configVarOrDefault(), null);
            heroku.patchConfigVars(appId.get(), unset);
            log.info("resource=ApiKey/{} action=\"unset {} on {}\"", resource.name(), t.configVarOrDefault(), t.app());
            event(resource, EventType.Normal, "TargetUnset", "Unset " + t.configVarOrDefault() + " on " + t.app()
                    + " (deletionPolicy: Delete)");
        }
    }

    /** Whether a config var's value is one Tether wrote: a key of this resource, or several comma-separated. */
    private static boolean setByTether(String held, String current, String next) {
        for (String part : held.split(",")) {
            if (!part.equals(current) && !part.equals(next)) {
                return false;
            }
        }
        return true;
    }

    /** True when every KongService referencing this key reports injecting {@code version}. */
    private boolean gatewaySendsVersion(String apiKey, int version) {
        for (StoredResource svc : store.list(Optional.of(Kind.KONG_SERVICE), Map.of())) {
            KongServiceSpec s = (KongServiceSpec) svc.typedSpec();
            if (svc.deleting() || !apiKey.equals(s.apiKeyRef())) {
                continue;
            }
            Object injected = statuses.get(svc.id()).external().get(ApiKeys.INJECTED_KEY_VERSION);
            if (!(injected instanceof Number n) || n.intValue() != version) {
                return false;
            }
        }
        return true;
    }

    private List<String> referencingServices(String apiKey) {
        return store.list(Optional.of(Kind.KONG_SERVICE), Map.of()).stream()
                .filter(r -> apiKey.equals(((KongServiceSpec) r.typedSpec()).apiKeyRef()))
                .map(StoredResource::name).toList();
    }

    private Optional<String> herokuAppId(String appResource) {
        return store.find(Kind.HEROKU_APP, appResource)
                .map(r -> statuses.get(r.id()).external().get("id"))
                .filter(String.class::isInstance).map(String.class::cast);
    }

    private String generate(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private ResourceStatus external(StoredResource resource, Map<String, Object> set, String... remove) {
        return statuses.update(resource.id(), s -> {
            Map<String, Object> ext = new LinkedHashMap<>(s.external());
            ext.putAll(set);
            for (String r : remove) {
                ext.remove(r);
            }
            return new ResourceStatus(s.observedGeneration(), s.conditions(), s.lastReconciledAt(), ext, s.drift());
        });
    }

    private void setReady(StoredResource resource, ResourceStatus ignored, String ready, String reason, String message,
                          Long observedGeneration) {
        Instant now = clock.instant();
        statuses.update(resource.id(), s -> {
            List<Condition> c = Conditions.set(s.conditions(), Condition.READY, ready, reason, message, now);
            boolean synced = "InSync".equals(reason);
            c = Conditions.set(c, Condition.SYNCED, synced ? "True" : "False", reason, message, now);
            c = Conditions.set(c, Condition.DRIFTED, "False", "NoDrift", "No drift", now);
            return new ResourceStatus(observedGeneration != null ? observedGeneration : s.observedGeneration(), c, now,
                    s.external(), s.drift());
        });
    }

    private void event(StoredResource resource, EventType type, String reason, String message) {
        store.recordEvent(resource.id(), type, reason, message, "tether");
    }

    private static Duration maxZero(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
