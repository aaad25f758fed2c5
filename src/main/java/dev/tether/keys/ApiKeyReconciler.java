package dev.tether.keys;

import dev.tether.secrets.SecretStore;
import dev.tether.heroku.HerokuClient;
import dev.tether.manifest.ApiKeySpec;
import dev.tether.manifest.DeletionPolicy;
import dev.tether.manifest.DriftPolicy;
import dev.tether.manifest.Kind;
import dev.tether.manifest.StoredResource;
import dev.tether.reconcile.ActionResult;
import dev.tether.reconcile.InThisApply;
import dev.tether.reconcile.LoopProperties;
import dev.tether.reconcile.Outcome;
import dev.tether.reconcile.PassReport;
import dev.tether.reconcile.PlanStep;
import dev.tether.reconcile.Previewer;
import dev.tether.reconcile.Proposals;
import dev.tether.reconcile.ReconcileRequest;
import dev.tether.reconcile.Reconciler;
import dev.tether.reconcile.StatusDerivation;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.tether.manifest.ResourceSpec;
import tools.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps each {@code ApiKey} true: generates it ({@link SecureRandom}, URL-safe base64), keeps
 * it encrypted in the {@link SecretStore}, sets it in every target app's config var, and rotates
 * it in three recorded steps (see {@link ApiKeyPlanner}). A pass observes (each target resolved
 * through its HerokuApp's current id, never a remembered one), plans (pure), applies each action
 * on its own, and hands the loop a status derived once from what it found and did. No value ever
 * reaches a log line, an event, a status or an API response: only versions and phases do.
 */
@Component
class ApiKeyReconciler implements Reconciler, Previewer {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyReconciler.class);
    private static final Duration STEP = Duration.ofMillis(500);
    private static final Duration DEFAULT_GRACE = Duration.ofMinutes(10);

    private final HerokuClient heroku;
    private final ApiKeyObserver observer;
    private final StatusStore statuses;
    private final SecretStore secrets;
    private final LoopProperties loop;
    private final Proposals proposals;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiKeyReconciler(HerokuClient heroku, ApiKeyObserver observer, StatusStore statuses, SecretStore secrets,
                     LoopProperties loop, Proposals proposals, Clock clock) {
        this.proposals = proposals;
        this.heroku = heroku;
        this.observer = observer;
        this.statuses = statuses;
        this.secrets = secrets;
        this.loop = loop;
        this.clock = clock;
    }

    @Override
    public Kind kind() {
        return Kind.API_KEY;
    }

    /** What one pass sees and decides (see {@link #observeAndPlan}), with the facts it planned from. */
    private record Planned(String current, String next, int version, ApiKeyExternal ext, ApiKeyObserver.Observed observed, ApiKeyPlanner.Plan plan,
                           ApiKeyPlanner.Facts facts, boolean adoptExisting) {

        /** The same observation planned under another drift policy (an approved proposal: revert). */
        Planned replanned(DriftPolicy policy) {
            ApiKeyPlanner.Facts under = facts.withPolicy(policy);
            return new Planned(current, next, version, ext, observed, ApiKeyPlanner.planPass(observed.targets(), under, adoptExisting,
                    observed.waiting() == null), under, adoptExisting);
        }

        /**
         * The same targets planned as the pass after the one that made {@code key} (version 1)
         * plans them: what a pass that generates or adopts the key sets right away, and what a
         * preview shows it would.
         */
        ApiKeyPlanner.Plan withKey(String key) {
            return ApiKeyPlanner.planPass(observed.targets(), facts.withKey(key), false, true);
        }

        /**
         * What tells one hand-made change of the targets from another, their values being masked
         * in a proposal: a digest of what each target holds, keyed by the current key.
         */
        String witness() {
            List<String> held = new ArrayList<>();
            observed.targets().forEach(t -> {
                held.add(t.observed());
                held.add(t.observedPrevious());
            });
            return Proposals.witness(current, held);
        }
    }

    /**
     * One pass's observation (the stored key versions, the rotation's state, each target's config
     * var) and plan. The pass and {@link #preview} both take it from here; a preview
     * ({@code preview = true}) changes nothing, not even the spare key copy a finished rotation drops.
     *
     * @param resource null when a dry run previews a key not stored yet
     * @param ext      the status's external part; {@link Planned#ext()} is it as the pass would see it
     */
    private Planned observeAndPlan(StoredResource resource, ApiKeySpec spec, ResourceStatus status, ApiKeyExternal ext,
                                   boolean preview, InThisApply others, ReconcileRequest request) {
        String name = resource == null ? null : resource.name();
        Instant now = clock.instant();
        boolean paused = Boolean.TRUE.equals(spec.paused());
        String current = name == null ? null : secrets.get(ApiKeys.KIND, name, ApiKeys.SECRET_CURRENT).orElse(null);
        String next = name == null ? null : secrets.get(ApiKeys.KIND, name, ApiKeys.SECRET_NEXT).orElse(null);
        if (current != null && ApiKeys.version(status) == 0) {
            // A process killed between storing a new key and the end of its pass left a stored key
            // without a version (found by the chaos soak's SIGKILLs). That key is version 1.
            ext = ext.keyed(1, now, false);
        }
        RotationPhase phase = ext.phase();
        int version = ext.version();
        if (phase == RotationPhase.STEADY && next != null && next.equals(current) && !paused && !preview) {
            // the last pass finished a rotation and its status says so: the spare copy can go
            secrets.delete(ApiKeys.KIND, name, ApiKeys.SECRET_NEXT);
            next = null;
        }
        ApiKeyPlanner.Facts facts = new ApiKeyPlanner.Facts(current, next, phase, ext.rotatedAt(),
                ext.rotateRequestedAt(), ext.graceUntil(),
                name != null && observer.gatewaySendsVersion(name, version + 1), now, Periods.parse(spec.rotateEvery(), null), version,
                spec.driftPolicy() == null ? dev.tether.manifest.DriftPolicy.DEFAULT : spec.driftPolicy(), paused);
        boolean quiet = request != null && resource != null && ApiKeyObserver.mayTrustReleases(resource, status, ext, request, facts);
        ApiKeyObserver.Observed observed = observer.targets(resource, spec, status, ext, facts, others, quiet);
        return new Planned(current, next, version, ext, observed, ApiKeyPlanner.planPass(observed.targets(), facts,
                spec.adoptsExisting(), observed.waiting() == null), facts, spec.adoptsExisting());
    }

    /**
     * What the next pass would do for this key (stored or proposed spec), from the pass's own
     * observation, nothing written: generating the key, setting each target, a rotation step,
     * and each target's drift with from/to (key values are never shown).
     */
    @Override
    public List<PlanStep> preview(String name, ObjectNode specNode) {
        return preview(name, specNode, InThisApply.NONE);
    }

    /**
     * As {@link #preview(String, ObjectNode)}; a target app the same dry run declares is planned
     * as the apply would leave it. A key not generated yet is planned through the pass after the
     * one that makes it: each target it would then be set on. Adopting the value the targets hold
     * changes nothing in Heroku or Kong, so only what follows it is shown.
     */
    @Override
    public List<PlanStep> preview(String name, ObjectNode specNode, InThisApply others) {
        ApiKeySpec spec = (ApiKeySpec) ResourceSpec.of(Kind.API_KEY, specNode);
        Optional<StoredResource> stored = observer.stored(name);
        ResourceStatus status = stored.map(r -> statuses.get(r.id())).orElseGet(() -> ResourceStatus.pending(clock.instant()));
        Planned planned = observeAndPlan(stored.orElse(null), spec, status, status.external(ApiKeyExternal.class), true, others, null);
        List<PlanStep> steps = new ArrayList<>();
        if (planned.observed().waiting() != null) {
            steps.add(PlanStep.held(Kind.API_KEY.manifestName(), name, "waiting", null, null, null,
                    planned.observed().waiting().message()));
        }
        Optional<String> made = planned.plan().actions().stream().<String>mapMulti((a, out) -> {
            if (a instanceof KeyAction.GenerateKey) {
                out.accept(InThisApply.KNOWN_AFTER_APPLY);
            } else if (a instanceof KeyAction.AdoptKey adopt) {
                planned.observed().targets().stream().filter(t -> t.app().equals(adopt.app()) && t.configVar().equals(adopt.configVar()))
                        .map(ApiKeyPlanner.Target::observed).forEach(out);
            }
        }).findFirst();
        if (made.isEmpty()) {
            steps.addAll(steps(name, planned.plan()));
            return steps;
        }
        planned.plan().actions().stream().filter(a -> a instanceof KeyAction.GenerateKey)
                .forEach(a -> steps.add(new PlanStep(Kind.API_KEY.manifestName(), name, "GenerateKey", null, null, null, a.describe())));
        steps.addAll(steps(name, planned.withKey(made.get())));
        return steps;
    }

    /** The steps of one plan: each target's difference with from/to, then the actions no difference covers. */
    private static List<PlanStep> steps(String name, ApiKeyPlanner.Plan plan) {
        String kind = Kind.API_KEY.manifestName();
        List<PlanStep> steps = new ArrayList<>();
        Map<String, String> written = new LinkedHashMap<>();
        java.util.Set<String> shown = new java.util.HashSet<>();
        for (KeyAction a : plan.actions()) {
            if (a instanceof KeyAction.SetTarget t) {
                written.put(t.path(), t.describe());
            }
        }
        for (PassReport.Finding f : plan.findings()) {
            steps.add(PlanStep.of(kind, name, f, written));
            shown.add(f.path());
        }
        for (KeyAction a : plan.actions()) {
            if (!(a instanceof KeyAction.SetTarget t && shown.contains(t.path()))) {
                String path = a instanceof KeyAction.SetTarget t ? t.path() : null;
                steps.add(new PlanStep(kind, name, a.getClass().getSimpleName(), path, null, null, a.describe()));
            }
        }
        return steps;
    }

    @Override
    public Outcome reconcile(StoredResource resource, ReconcileRequest request) {
        ApiKeySpec spec = (ApiKeySpec) resource.typedSpec();
        ResourceStatus status = statuses.get(resource.id());
        if (resource.deleting()) {
            return cleanup(resource, spec, status);
        }
        String name = resource.name();
        Instant now = clock.instant();
        boolean paused = Boolean.TRUE.equals(spec.paused());

        // ----- observe and plan
        Planned planned = observeAndPlan(resource, spec, status, status.external(ApiKeyExternal.class), false, InThisApply.NONE,
                request);
        // approve mode: drift is proposed, and carried out only once a person approved exactly it
        Proposals.Gate gate = proposals.consider(Kind.API_KEY, resource, spec.drift(), planned.plan().findings(),
                planned.witness(), now);
        if (gate.approved().isPresent()) {
            planned = planned.replanned(spec.drift().reverting());
        }
        ApiKeyExternal ext = planned.ext();
        String current = planned.current();
        String next = planned.next();
        int version = planned.version();
        List<ApiKeyPlanner.Target> targets = planned.observed().targets();
        Map<String, String> appIds = planned.observed().appIds();
        PassReport.Blocker waiting = planned.observed().waiting();
        String waitingFor = planned.observed().waitingFor();
        ApiKeyPlanner.Plan plan = planned.plan();

        // ----- apply: each action on its own
        List<ActionResult> results = new ArrayList<>();
        Map<String, String> nowRecorded = new LinkedHashMap<>(plan.confirmed());
        for (ApiKeyPlanner.Target t : targets) {
            if (!nowRecorded.containsKey(t.key()) && t.recorded() != null) {
                nowRecorded.put(t.key(), t.recorded());
            }
        }
        boolean targetsSet = true;
        Duration again = null;
        List<KeyAction> todo = new ArrayList<>(plan.actions());
        List<PassReport.Finding> findings = new ArrayList<>(plan.findings());
        for (int i = 0; i < todo.size(); i++) {
            KeyAction action = todo.get(i);
            switch (action) {
                case KeyAction.GenerateKey g -> {
                    current = generate(spec.lengthOrDefault());
                    secrets.put(ApiKeys.KIND, name, ApiKeys.SECRET_CURRENT, current);
                    version = 1;
                    ext = ext.keyed(1, now, false);
                    results.add(new ActionResult.Applied(List.of(), "generated key version 1 (" + spec.lengthOrDefault()
                            + " random bytes); stored encrypted", "KeyGenerated"));
                    again = followThrough(planned, current, todo, findings, nowRecorded);
                }
                case KeyAction.AdoptKey a -> {
                    current = targets.stream().filter(t -> t.app().equals(a.app()) && t.configVar().equals(a.configVar()))
                            .map(ApiKeyPlanner.Target::observed).findFirst().orElseThrow();
                    secrets.put(ApiKeys.KIND, name, ApiKeys.SECRET_CURRENT, current);
                    version = 1;
                    ext = ext.keyed(1, now, false);
                    results.add(new ActionResult.Applied(List.of(), "adopted the key " + a.app() + " holds in " + a.configVar()
                            + " as version 1; stored encrypted", "KeyAdopted"));
                    again = followThrough(planned, current, todo, findings, nowRecorded);
                }
                case KeyAction.SetTarget s -> {
                    Map<String, String> values = ApiKeyPlanner.values(s, current, next);
                    String appId = appIds.get(s.app());
                    ActionResult r = ActionResult.attempt(List.of(s.path()), s.describe(), "TargetSet",
                            () -> heroku.patchConfigVars(appId, values));
                    results.add(r);
                    if (r instanceof ActionResult.Applied) {
                        nowRecorded.put(s.app() + "/" + s.configVar(), s.label());
                        log.info("resource=ApiKey/{} action=\"{}\"", name, s.describe());
                    } else {
                        targetsSet = false;
                    }
                    again = min(again, STEP);
                }
                case KeyAction.StartRotation r -> {
                    if (next == null || next.equals(current)) {
                        next = generate(spec.lengthOrDefault());
                        secrets.put(ApiKeys.KIND, name, ApiKeys.SECRET_NEXT, next);
                    }
                    ext = ext.inPhase(RotationPhase.ACCEPT_BOTH, now, null);
                    results.add(new ActionResult.Applied(List.of(), "rotation to version " + (version + 1) + " started ("
                            + r.why() + "); step 1/3: targets accept the old and the new key", "KeyRotated"));
                    again = Duration.ZERO;
                }
                case KeyAction.SwitchGateway sw -> {
                    // the loop wakes the KongServices that refer to this key once this status is written
                    ext = ext.inPhase(RotationPhase.SEND_NEW, null, null);
                    List<String> services = observer.referencingServices(name);
                    results.add(new ActionResult.Applied(List.of(), "step 2/3: the gateway sends key version " + (version + 1)
                            + (services.isEmpty() ? " (no KongService references this key)"
                            : " (KongService/" + String.join(", KongService/", services) + ")"), "KeyRotated"));
                    again = min(again, STEP);
                }
                case KeyAction.StartGrace gr -> {
                    Duration grace = Periods.parse(spec.gracePeriod(), DEFAULT_GRACE);
                    ext = ext.inPhase(RotationPhase.GRACE, null, now.plus(grace));
                    results.add(new ActionResult.Applied(List.of(), "the gateway confirmed key version " + (version + 1)
                            + "; the old key stays valid for " + grace, "KeyRotated"));
                    again = min(again, STEP);
                }
                case KeyAction.FinishRotation f -> {
                    if (!targetsSet) {
                        break; // a target still holds the old key: finish once every target holds only the new one
                    }
                    // The new key becomes current now; the spare "next" copy is dropped by a later pass, once
                    // this pass's status (version + 1, STEADY) is written: a crash in between loses nothing.
                    secrets.put(ApiKeys.KIND, name, ApiKeys.SECRET_CURRENT, next);
                    ext = ext.keyed(version + 1, now, true);
                    results.add(new ActionResult.Applied(List.of(), "step 3/3: targets accept only key version " + (version + 1)
                            + "; rotation complete", "KeyRotated"));
                    log.info("resource=ApiKey/{} action=rotated version={}", name, version + 1);
                    again = Duration.ZERO;
                }
            }
        }
        Map<String, ApiKeyExternal.Conflict> conflicts = new LinkedHashMap<>();
        plan.streaks().forEach((k, s) -> conflicts.put(k, new ApiKeyExternal.Conflict(s.reverts(), s.holdUntil())));
        ext = ext.withTargets(nowRecorded, conflicts, planned.observed().readAt());

        // A rotate request the API wrote into status while this pass ran is kept, not overwritten.
        Instant requested = statuses.get(resource.id()).external(ApiKeyExternal.class).rotateRequestedAt();
        if (requested != null) {
            ext = ext.withRotateRequestedAt(requested);
        }

        // ----- derive
        PassReport.Blocker blocker = waiting;
        Instant holdUntil = plan.conflicts().stream().map(ApiKeyPlanner.Conflict::holdUntil).min(Instant::compareTo).orElse(null);
        if (blocker == null) {
            blocker = ApiKeyPlanner.ownershipBlocker(plan.conflicts());
        }
        RotationPhase after = ext.phase();
        int afterVersion = ext.version();
        String what = afterVersion == 0 ? "No key generated yet"
                : after == RotationPhase.STEADY
                ? "Key version " + afterVersion + " is set on " + targets.size() + " target(s)"
                : "Rotating to key version " + (afterVersion + 1) + ": " + switch (after) {
                    case ACCEPT_BOTH -> "targets accept the old and the new key";
                    case SEND_NEW -> "waiting for the gateway to send the new key";
                    default -> "the old key stays valid until " + ext.graceUntil();
                };
        PassReport report = new PassReport(resource.generation(), findings, results, List.of(), blocker, paused,
                ext.fields(), List.of(), what);
        StatusDerivation.Derived derived = proposals.announce(StatusDerivation.derive(status, report, now), gate, results);

        // ----- when to look again
        if (waiting != null && again == null) {
            return new Outcome.Waiting(waitingFor, loop.resyncInterval(), derived);
        }
        if (holdUntil != null && again == null) {
            return new Outcome.Waiting("a single owner of " + plan.conflicts().getFirst().configVar(),
                    maxZero(Duration.between(now, holdUntil)), derived);
        }
        if (again == null && after == RotationPhase.SEND_NEW && !paused) {
            // the gateway's confirmation is in each KongService's status: a change there wakes
            // this key (KongServiceSpec.notifies), so this only waits, with the resync as a net
            return new Outcome.Waiting("the gateway to send key version " + (afterVersion + 1), loop.resyncInterval(), derived);
        }
        if (again == null && after == RotationPhase.GRACE && !paused) {
            Instant until = ext.graceUntil();
            again = until == null ? STEP : maxZero(Duration.between(now, until));
        }
        if (again != null) {
            return new Outcome.Progressing(again, derived);
        }
        Duration rotateEvery = Periods.parse(spec.rotateEvery(), null);
        Instant rotatedAt = ext.rotatedAt();
        if (rotateEvery != null && rotatedAt != null && !paused) {
            Duration untilRotation = maxZero(Duration.between(now, rotatedAt.plus(rotateEvery)));
            return new Outcome.InSync(untilRotation.compareTo(loop.resyncInterval()) < 0 ? untilRotation : null, derived);
        }
        return new Outcome.InSync(null, derived);
    }

    /**
     * A deleted ApiKey. With {@code deletionPolicy: Delete} it unsets the key's config var (and
     * its {@code _PREVIOUS} companion) on every target app that still holds a value Tether set;
     * a var someone has since set to a value of their own, or an app that is gone, is left alone.
     * With the default {@code Orphan} the vars stay, as the app keeps running with them.
     */
    private Outcome cleanup(StoredResource resource, ApiKeySpec spec, ResourceStatus status) {
        Instant now = clock.instant();
        List<ActionResult> results = new ArrayList<>();
        if (spec.deletionPolicy() == DeletionPolicy.DELETE) {
            if (Boolean.TRUE.equals(spec.paused())) {
                // paused means hands off, deletion included (as for a HerokuApp)
                PassReport report = new PassReport(resource.generation(), List.of(), List.of(), List.of(),
                        new PassReport.Blocker("Paused", "Deletion waits until spec.paused is false"), true,
                        status.external(), List.of(), "Paused");
                return new Outcome.Waiting("spec.paused: false", loop.resyncInterval(), StatusDerivation.derive(status, report, now));
            }
            String current = secrets.get(ApiKeys.KIND, resource.name(), ApiKeys.SECRET_CURRENT).orElse(null);
            String next = secrets.get(ApiKeys.KIND, resource.name(), ApiKeys.SECRET_NEXT).orElse(null);
            for (ApiKeySpec.Target t : targetsOf(spec)) {
                String var = t.configVarOrDefault();
                List<String> vars = spec.rotationFormatOrDefault() == ApiKeySpec.RotationFormat.SEPARATE_VAR
                        ? List.of(var, var + ApiKeySpec.PREVIOUS_SUFFIX) : List.of(var);
                Optional<String> appId = observer.currentAppId(t.app());
                if (appId.isEmpty()) {
                    continue;
                }
                String description = "unset " + String.join(" and ", vars) + " on " + t.app() + " (deletionPolicy: Delete)";
                Map<String, String> unset = new HashMap<>();
                ActionResult r = ActionResult.attempt(List.of(ApiKeyPlanner.path(t.app(), var)), description, "TargetUnset", () -> {
                    Map<String, String> config = heroku.getConfigVars(appId.get()).orElse(Map.of());
                    for (String v : vars) {
                        String held = config.get(v);
                        if (held != null && setByTether(held, current, next)) {
                            unset.put(v, null);
                        }
                    }
                    if (!unset.isEmpty()) {
                        heroku.patchConfigVars(appId.get(), unset);
                    }
                });
                if (!(r instanceof ActionResult.Applied) || !unset.isEmpty()) {
                    results.add(r);
                }
                if (r instanceof ActionResult.Applied && !unset.isEmpty()) {
                    log.info("resource=ApiKey/{} action=\"{}\"", resource.name(), description);
                }
            }
        }
        PassReport report = new PassReport(resource.generation(), List.of(), results, List.of(), null, false,
                status.external(), List.of(), "Deleted");
        StatusDerivation.Derived derived = StatusDerivation.derive(status, report, now);
        if (derived.retry().isPresent()) {
            return new Outcome.Progressing(STEP, derived); // the loop backs off and tries the clean-up again
        }
        secrets.deleteAll(ApiKeys.KIND, resource.name());
        return new Outcome.Deleted(derived);
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

    static List<ApiKeySpec.Target> targetsOf(ApiKeySpec spec) {
        return spec.targets() == null ? List.of() : spec.targets();
    }



    /**
     * The rest of a pass that just made the key (generated or adopted it): the targets read this
     * pass are planned again with the key as version 1, as the next pass would plan them, and
     * what that plan sets is appended to this pass's actions, its findings and confirmed targets
     * to this pass's. Answers when to look again: at once when the targets could not all be read
     * (the next pass plans them), else as the appended actions say (none: nothing to confirm).
     */
    private static Duration followThrough(Planned planned, String key, List<KeyAction> todo, List<PassReport.Finding> findings,
                                          Map<String, String> recorded) {
        if (planned.observed().waiting() != null) {
            return Duration.ZERO;
        }
        ApiKeyPlanner.Plan then = planned.withKey(key);
        todo.addAll(then.actions());
        findings.addAll(then.findings());
        recorded.putAll(then.confirmed());
        return null;
    }

    private String generate(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Duration min(Duration a, Duration b) {
        return a == null || b.compareTo(a) < 0 ? b : a;
    }

    private static Duration maxZero(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
