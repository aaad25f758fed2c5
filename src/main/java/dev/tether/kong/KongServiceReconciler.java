package dev.tether.kong;

import dev.tether.heroku.HerokuAppExternal;
import dev.tether.keys.ApiKeys;
import dev.tether.secrets.SecretStore;
import dev.tether.manifest.DeletionPolicy;
import dev.tether.manifest.DriftPolicy;
import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.Kind;
import dev.tether.manifest.KongConsumerSpec;
import dev.tether.manifest.KongServiceSpec;
import dev.tether.manifest.ResourceSpec;
import dev.tether.manifest.StoredResource;
import dev.tether.reconcile.ActionResult;
import dev.tether.reconcile.DeletionSafety;
import dev.tether.reconcile.Outcome;
import dev.tether.reconcile.PassReport;
import dev.tether.reconcile.PlanStep;
import dev.tether.reconcile.InThisApply;
import dev.tether.reconcile.Proposals;
import dev.tether.reconcile.Previewer;
import dev.tether.reconcile.ReconcileRequest;
import dev.tether.reconcile.Reconciler;
import dev.tether.reconcile.StatusDerivation;
import dev.tether.status.Condition;
import dev.tether.status.ConditionStatus;
import dev.tether.status.NewEvent;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps each {@code KongService} true in its gateway: the service (upstream from
 * {@code upstream.url} or the named HerokuApp's web URL), its routes and plugins, and, with an
 * {@code apiKeyRef}, a request-transformer that forces the internal API key upstream
 * ({@code replace} and {@code add}, so a client-sent header is always overwritten). Everything
 * it creates carries {@value #MANAGED} and an owner tag; only those entities are ever changed
 * or deleted. Kong has no webhooks: once settled, a service is woken by the gateway's poll
 * ({@link KongWatch}) when what Kong holds for it changes, and polls on its own only while it
 * waits or failed to read (every round) and for its resync. With an apiKeyRef it
 * also runs the {@link LockProbe} every probe interval and reports the {@code Secured} condition.
 *
 * <p>One pass: resolve references (read fresh each pass) → observe → {@link KongServicePlanner}
 * (pure; each path decided by the shared drift decision) → apply each step on its own → a
 * {@link PassReport} that {@link StatusDerivation} turns into status and events, written by the
 * loop. While the upstream app is not Ready, Kong is kept true on the last URL written
 * ({@code status.external.url}) and the lock probed there, under the blocker
 * {@code WaitingForDependency}; with no URL known the pass only waits and {@code Secured} is
 * {@code Unknown} ({@code ProbeNotRun}). Deletion is {@link #cleanup}.
 */
@Component
class KongServiceReconciler implements Reconciler, Previewer {

    private static final Logger log = LoggerFactory.getLogger(KongServiceReconciler.class);
    static final String MANAGED = "managed-by-tether";
    static final String SECURED = "Secured";
    private static final Duration CONFIRM_AFTER = Duration.ofMillis(300);

    private final GatewayResolver gateways;
    private final DesiredStateStore store;
    private final StatusStore statuses;
    private final ApiKeys apiKeys;
    private final SecretStore secrets;
    private final LockProbe probe;
    private final KongProperties kong;
    private final ProbeProperties probeProps;
    private final Clock clock;
    private final OwnedSnapshots owned;
    private final Proposals proposals;
    private final DeletionSafety safety;
    private final KongDigests digests;

    KongServiceReconciler(GatewayResolver gateways, DesiredStateStore store, StatusStore statuses, ApiKeys apiKeys,
                          SecretStore secrets, LockProbe probe, KongProperties kong, ProbeProperties probeProps, Clock clock,
                          Proposals proposals, DeletionSafety safety, OwnedSnapshots owned, KongDigests digests) {
        this.owned = owned;
        this.digests = digests;
        this.proposals = proposals;
        this.safety = safety;
        this.gateways = gateways;
        this.store = store;
        this.statuses = statuses;
        this.apiKeys = apiKeys;
        this.secrets = secrets;
        this.probe = probe;
        this.kong = kong;
        this.probeProps = probeProps;
        this.clock = clock;
    }

    @Override
    public Kind kind() {
        return Kind.KONG_SERVICE;
    }

    static String ownerTag(Kind kind, String name) {
        // Kong tags may not hold '/', so the owner is kind:name
        return "tether:" + kind.manifestName() + ":" + name;
    }

    static List<String> tags(Kind kind, String name) {
        return List.of(MANAGED, ownerTag(kind, name));
    }

    /** A plugin id derived from its owner and scope, so every PUT of it lands on the same entity. */
    static String pluginId(String service, String plugin, String route, String purpose) {
        String seed = "tether:KongService:" + service + ":plugin:" + plugin + "@" + (route == null ? "" : route)
                + (purpose == null ? "" : "#" + purpose);
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public Outcome reconcile(StoredResource resource, ReconcileRequest request) {
        if (resource.deleting()) {
            return cleanup(resource);
        }
        KongServiceSpec spec = (KongServiceSpec) resource.typedSpec();
        ResourceStatus status = statuses.get(resource.id());
        String name = resource.name();
        List<String> tags = tags(Kind.KONG_SERVICE, name);
        KongServiceExternal external = status.external(KongServiceExternal.class);
        Instant now = clock.instant();

        Planned planned = observeAndPlan(resource.id(), name, spec, status, freshAfter(request, now), InThisApply.NONE, false);
        if (planned.gateway() != null) {
            external = external.withGateway(planned.gateway().name());
        }
        if (planned.waitsFor() != null) {
            return waiting(resource, spec, status, external, planned.waitsFor().dependency(), planned.waitsFor().message(), now);
        }
        // approve mode: drift is proposed, and carried out only once a person approved exactly it
        Proposals.Gate gate = planned.seen().failure() != null ? Proposals.Gate.NOTHING
                : proposals.consider(Kind.KONG_SERVICE, resource, spec.drift(), findings(planned.plan()), now);
        if (gate.approved().isPresent()) {
            planned = planned.replanned(spec.drift().reverting(), spec.isPaused());
        }
        Optional<Gateway> gw = Optional.of(planned.gateway());
        KongAdminClient admin = gw.get().admin();
        Upstream upstream = planned.upstream();
        ApiKeys.GatewayKey key = planned.key();
        Observation seen = planned.seen();
        ServicePlan plan = planned.plan();
        PassReport.Blocker blocker = planned.blocker();
        List<ActionResult> results = new ArrayList<>();
        List<String> held = List.of();
        long generation = resource.generation();
        AtomicReference<String> serviceId = new AtomicReference<>(external.serviceId());
        if (seen.failure() != null) {
            results.add(seen.failure());
        } else if (blocker == null || !blocker.reason().equals("AlreadyExists")) {
            if (!plan.adoptions().isEmpty()) {
                generation = adopt(resource, plan, seen.observed()).orElse(generation);
            }
            // more deletions than tether.max-deletes-per-pass: none of them this pass
            DeletionSafety.Capped<ServicePlan.Step> capped = safety.cap(plan.steps(), KongServiceReconciler::deletes,
                    st -> st.action().describe(), spec.massDeleteAllowed());
            held = capped.held();
            Map<String, String> routeIds = new HashMap<>();
            seen.observed().routes().forEach(r -> routeIds.put(r.name(), r.id()));
            results.addAll(KongServiceApplier.apply(admin, name, seen.observed().service().map(ObservedService::id).orElse(null),
                    routeIds, tags, new ServicePlan(capped.steps(), plan.differences(), plan.adoptions()), spec.adoptsExisting(),
                    serviceId::set));
            Optional<ActionResult.Refused> taken = KongServiceApplier.nameTaken(results);
            if (taken.isPresent()) {
                // the create found the name taken by a service Tether does not own: nothing was written, the pass is blocked
                blocker = new PassReport.Blocker("AlreadyExists", taken.get().message());
                seen = new Observation(seen.observed(), true, null);
                results.clear();
            }
        }
        boolean wrote = results.stream().anyMatch(r -> r instanceof ActionResult.Applied);
        external = record(external.withServiceId(serviceId.get()), spec, plan, results, seen, upstream.url(), key);

        // the lock probe, when due (never right after Kong was changed: the next pass confirms at once)
        List<Condition> extra = new ArrayList<>();
        List<NewEvent> lockEvents = new ArrayList<>();
        Duration nextProbe = null;
        if (spec.apiKeyRef() != null && upstream.fromApp()) {
            Optional<Condition> secured = status.condition(SECURED);
            Instant probedAt = external.probedAt();
            boolean due = probedAt == null || !now.isBefore(probedAt.plus(probeProps.interval())) || secured.isEmpty()
                    || "ProbeNotRun".equals(secured.get().reason());
            if (wrote) {
                secured.ifPresent(extra::add);
            } else if (due) {
                Condition c = probe(resource, spec, gw.get(), upstream.url(), status, lockEvents);
                extra.add(c);
                external = external.withProbedAt(now);
                nextProbe = probeProps.interval();
            } else {
                secured.ifPresent(extra::add);
                nextProbe = Duration.between(now, probedAt.plus(probeProps.interval()));
            }
        } else if (spec.apiKeyRef() != null) {
            extra.add(new Condition(SECURED, ConditionStatus.UNKNOWN, "NoAppUpstream",
                    "The upstream is a URL, not a HerokuApp; there is no backend web URL to probe", now));
            external = external.withProbedAt(null);
        } else {
            external = external.withProbedAt(null);
        }

        PassReport report = new PassReport(generation, findings(plan), results, held, blocker, spec.isPaused(), external.fields(),
                extra, "Kong matches the spec");
        StatusDerivation.Derived derived = proposals.announce(finish(StatusDerivation.derive(status, report, now), spec, lockEvents),
                gate, results);
        if (wrote) {
            return new Outcome.Progressing(CONFIRM_AFTER, derived);
        }
        if (blocker != null && blocker.reason().equals("AlreadyExists")) {
            return new Outcome.Failed(derived);
        }
        if (blocker != null || seen.failure() != null) {
            // from the pass's end, which is when the loop counts it from: a long pass (a probe, a slow Kong) must not shift the round
            Duration again = untilNextRound(clock.instant());
            if (nextProbe != null && nextProbe.compareTo(again) < 0) {
                again = nextProbe.isNegative() ? Duration.ZERO : nextProbe;
            }
            // keep Kong true on the last known upstream every poll; the app's change wakes this one at once
            return blocker != null ? new Outcome.Waiting(upstream.dependency(), again, derived) : new Outcome.InSync(again, derived, true);
        }
        // settled: the gateway's poll (KongWatch) wakes this service when what Kong holds for it differs from this
        digests.record(resource.id(), planned.gateway().name(),
                KongDigests.of(seen.observed().service(), seen.observed().routes(), seen.observed().plugins()));
        // its own passes are then the lock probe and the resync, spread (±10 %) rather than all on the round
        return new Outcome.InSync(nextProbe == null ? null : nextProbe.isNegative() ? Duration.ZERO : nextProbe, derived);
    }

    /**
     * Kong has no webhooks, so drift is found by polling; the gateway's poll ({@link KongWatch})
     * and every KongService that polls on its own (one that waits, or could not read Kong) poll
     * at the same instants (multiples of the poll interval since the epoch), so one read of the
     * gateway serves them all ({@link OwnedSnapshots}). The next instant, unless it is less than a tenth
     * of an interval away: a pass that ends just before one does not poll twice in a row, yet a
     * pass that ran late in its round (a busy loop) still polls at the next one rather than
     * skipping it, which would leave a change made meanwhile waiting two intervals.
     */
    private Duration untilNextRound(Instant now) {
        long every = kong.pollInterval().toMillis();
        long until = every - Math.floorMod(now.toEpochMilli(), every);
        return Duration.ofMillis(until < every / 10 ? until + every : until);
    }

    /**
     * How fresh a read of Kong this pass needs: for a full observation (a resync, a reconcile
     * request) or a wake by the gateway's poll (whose read found this service changed) one taken
     * after the key was due; otherwise one taken since the current poll round
     * began, so every pass of a round (the poll, a probe, an apply, a dependency's change) shares
     * one read. Either way no older than a tenth of the poll interval: when a round's passes queue
     * up (a busy loop) the read is renewed, and a change made outside Tether waits at most that
     * much longer than the poll. Tether's own writes always make a fresh read ({@link OwnedSnapshots}).
     */
    private Instant freshAfter(ReconcileRequest request, Instant now) {
        Instant recent = now.minus(kong.pollInterval().dividedBy(10));
        Instant needed;
        if (request.fullObservation() || KongWatch.REASON.equals(request.reason()) && request.dueAt() != null) {
            // a resync, or the gateway's poll found this service's entities changed: a read taken after it was due
            needed = request.dueAt() == null || request.dueAt().isAfter(now) ? now : request.dueAt();
        } else {
            long every = kong.pollInterval().toMillis();
            needed = Instant.ofEpochMilli(now.toEpochMilli() - Math.floorMod(now.toEpochMilli(), every));
        }
        return needed.isAfter(recent) ? needed : recent;
    }

    /** What a pass cannot plan without: a gateway, an upstream URL, the key it injects. */
    private record Wait(String dependency, String message) {
    }

    /**
     * What one pass sees and decides: the gateway, the resolved upstream and key, Kong's entities
     * and the plan, or what it waits for ({@code waitsFor}). The pass and {@link #preview} both take
     * it from here, so the plan shown is the one the pass carries out.
     */
    private record Planned(Wait waitsFor, Gateway gateway, Upstream upstream, ApiKeys.GatewayKey key, Observation seen,
                           ServicePlan plan, PassReport.Blocker blocker, DesiredKongService desired,
                           KongServicePlanner.Baseline baseline) {

        Planned(Wait waitsFor, Gateway gateway, Upstream upstream, ApiKeys.GatewayKey key, Observation seen, ServicePlan plan,
                PassReport.Blocker blocker) {
            this(waitsFor, gateway, upstream, key, seen, plan, blocker, null, null);
        }

        /** The same observation planned under another drift policy (an approved proposal: revert). */
        Planned replanned(DriftPolicy policy, boolean paused) {
            return adopting(seen, policy, paused);
        }

        /** The same desired service planned against another observation of Kong. */
        Planned adopting(Observation other, DriftPolicy policy, boolean paused) {
            if (desired == null) {
                return this;
            }
            return new Planned(waitsFor, gateway, upstream, key, other,
                    KongServicePlanner.plan(desired, baseline, other.observed(), policy, paused), blocker, desired, baseline);
        }
    }

    private Planned observeAndPlan(Long resourceId, String name, KongServiceSpec spec, ResourceStatus status, Instant freshAfter,
                                   InThisApply others, boolean previewing) {
        Optional<Gateway> gw = gateways.resolve(spec.gatewayOrDefault());
        if (gw.isEmpty()) {
            return new Planned(new Wait("KongGateway/" + spec.gatewayOrDefault(),
                    "Waiting for KongGateway/" + spec.gatewayOrDefault() + " to exist"), null, null, null, null, null, null);
        }
        // resolve references, read fresh each pass (an app recreated by Tether has a new web URL)
        Upstream upstream = upstream(spec, status, others);
        if (upstream.url() == null) {
            return new Planned(new Wait(upstream.dependency(), upstream.waitingFor()), gw.get(), upstream, null, null, null, null);
        }
        ApiKeys.GatewayKey key = null;
        if (spec.apiKeyRef() != null) {
            Optional<ApiKeys.GatewayKey> k = apiKeys.gatewayKey(spec.apiKeyRef(), others);
            if (k.isEmpty()) {
                return new Planned(new Wait("ApiKey/" + spec.apiKeyRef(), "Waiting for ApiKey/" + spec.apiKeyRef()
                        + " to generate its key"), gw.get(), upstream, null, null, null, null);
            }
            key = k.get();
        }
        List<String> tags = tags(Kind.KONG_SERVICE, name);
        DesiredKongService desired = desired(name, spec, upstream.url(), tags, key);
        KongServicePlanner.Baseline baseline = baseline(resourceId, name, spec, status, upstream.url(), tags, key);
        // observe what Tether owns (paging through every page), and guard the name
        Observation seen = observe(gw.get().admin(), name, freshAfter, previewing);
        PassReport.Blocker blocker = upstream.waitingFor() == null ? null
                : new PassReport.Blocker("WaitingForDependency", upstream.waitingFor());
        ServicePlan plan = new ServicePlan(List.of(), List.of(), List.of());
        if (seen.failure() == null && seen.foreign() && !spec.adoptsExisting()) {
            blocker = new PassReport.Blocker("AlreadyExists", "A Kong service named " + name
                    + " exists and is not managed by Tether; set spec.adoptExisting: true to manage it");
        } else if (seen.failure() == null) {
            plan = KongServicePlanner.plan(desired, baseline, seen.observed(), spec.drift(), spec.isPaused());
            return new Planned(null, gw.get(), upstream, key, seen, plan, blocker, desired, baseline);
        }
        return new Planned(null, gw.get(), upstream, key, seen, plan, blocker);
    }

    /**
     * What the next pass would do in Kong for {@code name} with {@code specNode} (stored, or
     * proposed by a dry run): the pass's own observation and plan, nothing written. Each
     * difference is a step with from/to; what report, approve or paused holds back is held.
     */
    @Override
    public List<PlanStep> preview(String name, ObjectNode specNode) {
        return preview(name, specNode, InThisApply.NONE);
    }

    /**
     * As {@link #preview(String, ObjectNode)}; an upstream app or key the same dry run declares is
     * planned as the apply would leave it: a new app's web URL (and a new key) shown as
     * {@value InThisApply#KNOWN_AFTER_APPLY}, an app that exists on Heroku already with its own.
     */
    @Override
    public List<PlanStep> preview(String name, ObjectNode specNode, InThisApply others) {
        KongServiceSpec spec = (KongServiceSpec) ResourceSpec.of(Kind.KONG_SERVICE, specNode);
        Optional<StoredResource> stored = store.find(Kind.KONG_SERVICE, name);
        ResourceStatus status = stored.map(r -> statuses.get(r.id())).orElseGet(() -> ResourceStatus.pending(clock.instant()));
        Planned planned = observeAndPlan(stored.map(StoredResource::id).orElse(null), name, spec, status, clock.instant(), others, true);
        if (spec.adoptsExisting() && planned.seen() != null && planned.seen().foreign() && planned.desired() != null) {
            // the first pass takes Kong's own entities over, writing only Tether's tags: plan against them
            planned = planned.adopting(observeAdopting(planned.gateway().admin(), planned.desired()), spec.drift(), spec.isPaused());
        }
        String kind = Kind.KONG_SERVICE.manifestName();
        if (planned.waitsFor() != null) {
            return List.of(PlanStep.held(kind, name, "waiting", null, null, null, planned.waitsFor().message()));
        }
        ActionResult.rethrow(planned.seen().failure());
        if (planned.blocker() != null && planned.blocker().reason().equals("AlreadyExists")) {
            return List.of(PlanStep.held(kind, name, "blocked", "service", null, name, planned.blocker().message()));
        }
        Map<String, String> actions = PlanStep.actionsByPath(planned.plan().steps(), ServicePlan.Step::paths,
                st -> st.action().describe());
        return findings(planned.plan()).stream().map(f -> PlanStep.of(kind, name, f, actions)).toList();
    }

    private static boolean deletes(ServicePlan.Step step) {
        return step.action() instanceof GatewayAction.DeleteRoute || step.action() instanceof GatewayAction.DeletePlugin;
    }

    /**
     * DELETE: with deletionPolicy Delete, remove every Kong entity this service owns; else forget
     * them. More entities than {@code tether.max-deletes-per-pass} are held until allowed.
     */
    private Outcome cleanup(StoredResource resource) {
        KongServiceSpec spec = (KongServiceSpec) resource.typedSpec();
        Optional<Gateway> gw = gateways.resolve(spec.gatewayOrDefault());
        if (gw.isPresent() && spec.deletion() == DeletionPolicy.DELETE) {
            List<String> tags = tags(Kind.KONG_SERVICE, resource.name());
            List<String> owned = KongServiceApplier.owned(gw.get().admin(), tags);
            if (owned.size() > safety.maxDeletesPerPass() && !spec.massDeleteAllowed()) {
                ResourceStatus status = statuses.get(resource.id());
                PassReport report = new PassReport(resource.generation(), List.of(), List.of(), List.of(safety.held(owned)), null,
                        false, status.external(), List.of(), "Kong matches the spec");
                return new Outcome.Waiting("allowMassDelete", kong.pollInterval(), StatusDerivation.derive(status, report, clock.instant()));
            }
            KongServiceApplier.deleteOwned(gw.get().admin(), tags, resource.name());
            ResourceStatus status = statuses.get(resource.id());
            PassReport report = new PassReport(resource.generation(), List.of(), List.of(new ActionResult.Applied(List.of(),
                    "deleted " + String.join(", ", owned) + " from gateway " + gw.get().name(), "KongEntitiesDeleted")), List.of(), null,
                    false, status.external(), List.of(), "Kong matches the spec");
            return new Outcome.Deleted(StatusDerivation.derive(status, report, clock.instant()));
        }
        return new Outcome.Deleted();
    }

    // ----- resolve

    /**
     * Where the service points. {@code url} null: nothing known to point at yet (wait).
     * {@code waitingFor} set: the upstream app is not Ready and Kong is kept on the last known URL.
     */
    private record Upstream(String url, boolean fromApp, String dependency, String waitingFor) {
    }

    private Upstream upstream(KongServiceSpec spec, ResourceStatus status, InThisApply others) {
        if (spec.upstream().url() != null) {
            return new Upstream(spec.upstream().url(), false, null, null);
        }
        String app = spec.upstream().app();
        String dependency = "HerokuApp/" + app;
        Optional<StoredResource> r = store.find(Kind.HEROKU_APP, app).filter(x -> !x.deleting());
        Optional<InThisApply.App> declared = r.isPresent() ? Optional.empty() : others.herokuApp(app);
        if (declared.isPresent()) {
            // a dry run that declares the app: its web URL once the apply made (or adopted) it
            String url = declared.get().webUrl();
            return new Upstream(url == null ? InThisApply.KNOWN_AFTER_APPLY : url, true, dependency, null);
        }
        String why;
        if (r.isEmpty()) {
            why = dependency + " does not exist";
        } else {
            ResourceStatus s = statuses.get(r.get().id());
            Optional<Condition> ready = s.condition(Condition.READY);
            String webUrl = s.external(HerokuAppExternal.class).webUrl();
            if (ready.map(Condition::isTrue).orElse(false) && webUrl != null) {
                return new Upstream(webUrl, true, dependency, null);
            }
            why = ready.map(Condition::isTrue).orElse(false) ? dependency + " has no web URL yet"
                    : dependency + " is not Ready" + ready.map(c -> " (" + c.reason() + ")").orElse("");
        }
        KongServiceExternal recorded = status.external(KongServiceExternal.class);
        String lastApp = recorded.upstreamApp();
        String last = recorded.url();
        if (last != null && (lastApp == null || app.equals(lastApp))) {
            return new Upstream(last, true, dependency, why + "; Kong is kept true on the last known upstream " + last);
        }
        return new Upstream(null, true, dependency, why + "; no upstream URL is known yet");
    }

    /**
     * What was last applied, for the planner to tell spec changes from drift per path: the desired
     * service computed from the last applied spec with the same resolved URL and key, and what Tether
     * itself moved since (the app's URL, a new key version), which is never drift.
     */
    private KongServicePlanner.Baseline baseline(Long resourceId, String name, KongServiceSpec spec, ResourceStatus status, String url,
                                                 List<String> tags, ApiKeys.GatewayKey key) {
        Long applied = status.lastAppliedGeneration();
        Optional<KongServiceSpec> last = applied == null || resourceId == null ? Optional.empty()
                : store.generationSpec(resourceId, applied)
                .map(s -> (KongServiceSpec) ResourceSpec.of(Kind.KONG_SERVICE, s));
        if (last.isEmpty()) {
            return KongServicePlanner.Baseline.NOTHING_APPLIED;
        }
        ApiKeys.GatewayKey lastKey = key != null && spec.apiKeyRef().equals(last.get().apiKeyRef()) ? key : null;
        DesiredKongService lastDesired = desired(name, last.get(), url, tags, lastKey);
        Set<String> moved = new HashSet<>();
        String recorded = status.external(KongServiceExternal.class).url();
        if (recorded != null && !KongServicePlanner.sameUrl(recorded, url)) {
            moved.add("upstream.url");
        }
        if (key != null && !Integer.valueOf(key.version()).equals(injectedVersion(status))) {
            moved.add("plugins." + keyPluginLabel());
        }
        return new KongServicePlanner.Baseline(lastDesired, moved);
    }

    private static Integer injectedVersion(ResourceStatus status) {
        return status.external(KongServiceExternal.class).injectedKeyVersion();
    }

    private static String keyPluginLabel() {
        return "request-transformer";
    }

    // ----- observe

    /** What Kong holds of this service; {@code failure} set when the Admin API could not be read. */
    private record Observation(KongServicePlanner.Observed observed, boolean foreign, ActionResult failure) {
    }

    /**
     * Reads this service's entities out of the gateway's shared snapshot ({@link OwnedSnapshots}),
     * taken no earlier than {@code freshAfter}. When Kong holds no owned service of this name, a
     * preview ({@code lookUpName}) looks the name up on its own: it may be free, or taken by a
     * service Tether does not own. A pass does not: its create's answer tells (Kong's 409).
     */
    private Observation observe(KongAdminClient admin, String name, Instant freshAfter, boolean lookUpName) {
        String owner = ownerTag(Kind.KONG_SERVICE, name);
        KongServicePlanner.Observed[] seen = new KongServicePlanner.Observed[1];
        boolean[] foreign = new boolean[1];
        ActionResult r = ActionResult.attempt(List.of(), "read the Kong service " + name, "Observed", () -> {
            OwnedEntities all = owned.read(admin, freshAfter);
            Optional<ObservedService> mine = all.service(name, owner);
            if (mine.isEmpty() && lookUpName) {
                foreign[0] = admin.findService(name).filter(s -> !s.tags().contains(owner)).isPresent();
            }
            seen[0] = new KongServicePlanner.Observed(mine, all.routes(owner), all.plugins(owner));
        });
        return r instanceof ActionResult.Applied ? new Observation(seen[0], foreign[0], null) : new Observation(null, false, r);
    }

    /**
     * What a first pass with {@code adoptExisting} takes over, for a preview: Kong's service of
     * this name, the routes on it the spec declares by name, and the plugins in a declared plugin's
     * scope (name, route), beside what Tether already owns. Planned against this, a world that
     * matches the spec shows nothing to do: adopting it writes only Tether's ownership tags.
     */
    private Observation observeAdopting(KongAdminClient admin, DesiredKongService desired) {
        KongServicePlanner.Observed[] seen = new KongServicePlanner.Observed[1];
        ActionResult r = ActionResult.attempt(List.of(), "read the Kong service " + desired.name(), "Observed", () -> {
            Optional<ObservedService> service = admin.findService(desired.name());
            List<ObservedRoute> routes = new ArrayList<>(admin.listRoutes(desired.tags()));
            List<ObservedPlugin> plugins = new ArrayList<>(admin.listPlugins(desired.tags()));
            if (service.isPresent()) {
                String serviceId = service.get().id();
                Map<String, String> routeIds = new HashMap<>();
                for (DesiredKongService.Route want : desired.routes()) {
                    admin.findRoute(want.name()).filter(x -> serviceId.equals(x.serviceId())).ifPresent(x -> {
                        routeIds.put(want.name(), x.id());
                        if (routes.stream().noneMatch(o -> o.id().equals(x.id()))) {
                            routes.add(x);
                        }
                    });
                }
                Map<String, List<ObservedPlugin>> scoped = new HashMap<>();
                for (DesiredKongService.Plugin want : desired.plugins()) {
                    String routeId = want.route() == null ? null : routeIds.get(want.route());
                    if (want.route() != null && routeId == null) {
                        continue;
                    }
                    scoped.computeIfAbsent(String.valueOf(routeId), k -> admin.listPluginsOn(serviceId, routeId)).stream()
                            .filter(p -> p.name().equals(want.name()) && java.util.Objects.equals(p.routeId(), routeId)
                                    && p.consumerId() == null && plugins.stream().noneMatch(o -> o.id().equals(p.id())))
                            .findFirst().ifPresent(plugins::add);
                }
            }
            seen[0] = new KongServicePlanner.Observed(service, routes, plugins);
        });
        return r instanceof ActionResult.Applied ? new Observation(seen[0], false, null) : new Observation(null, false, r);
    }

    /** What the status records as Kong's: the URL and key version only once Kong has them. */
    private static KongServiceExternal record(KongServiceExternal external, KongServiceSpec spec, ServicePlan plan,
                                              List<ActionResult> results, Observation seen, String url, ApiKeys.GatewayKey key) {
        if (seen.failure() != null || seen.foreign()) {
            return external;
        }
        Set<String> written = new HashSet<>();
        results.stream().filter(r -> r instanceof ActionResult.Applied).forEach(r -> written.addAll(r.paths()));
        if (holds(plan, written, "service") && holds(plan, written, "upstream.url")) {
            if (external.url() != null && !KongServicePlanner.sameUrl(external.url(), url)) {
                // a new upstream (its app replaced or recreated) is proven by the very next probe
                external = external.withProbedAt(null);
            }
            external = external.withUpstream(url, spec.upstream().app());
        }
        if (key == null) {
            external = external.withInjectedKeyVersion(null);
        } else if (holds(plan, written, "plugins." + keyPluginLabel())) {
            // the gateway now sends this key version (just written, or already in Kong): what a rotation waits for
            external = external.withInjectedKeyVersion(key.version());
        }
        return external;
    }

    /** Kong holds what the spec says at {@code path} (and under it): no difference there, or it was just written. */
    private static boolean holds(ServicePlan plan, Set<String> written, String path) {
        return plan.differences().stream().filter(d -> d.path().equals(path) || d.path().startsWith(path + "."))
                .allMatch(d -> written.contains(d.path()));
    }

    private static List<PassReport.Finding> findings(ServicePlan plan) {
        return plan.differences().stream().map(d -> new PassReport.Finding(d.path(), d.desired(), d.observed(), null, d.verdict()))
                .toList();
    }

    /** The derived status with Secured dropped when the spec has no key to probe, and the lock's own events. */
    private static StatusDerivation.Derived finish(StatusDerivation.Derived d, KongServiceSpec spec, List<NewEvent> lockEvents) {
        ResourceStatus s = d.status();
        if (spec.apiKeyRef() == null) {
            s = s.withConditions(s.conditions().stream().filter(c -> !c.type().equals(SECURED)).toList());
        }
        List<NewEvent> events = new ArrayList<>(d.events());
        events.addAll(lockEvents);
        return new StatusDerivation.Derived(s, events, d.retry());
    }

    /**
     * Nothing to point Kong at (or no gateway, or no key yet): the pass waits, and says so;
     * Secured turns Unknown rather than keeping a verdict nobody is checking any more.
     */
    private Outcome waiting(StoredResource resource, KongServiceSpec spec, ResourceStatus status, KongServiceExternal external,
                            String dependency, String message, Instant now) {
        List<Condition> extra = spec.apiKeyRef() == null ? List.of()
                : List.of(new Condition(SECURED, ConditionStatus.UNKNOWN, "ProbeNotRun", "The lock cannot be probed: " + message, now));
        PassReport report = new PassReport(resource.generation(), List.of(), List.of(), List.of(),
                new PassReport.Blocker("WaitingForDependency", message), spec.isPaused(), external.fields(), extra,
                "Kong matches the spec");
        return new Outcome.Waiting(dependency, kong.pollInterval(), finish(StatusDerivation.derive(status, report, now), spec, List.of()));
    }

    // ----- desired

    static DesiredKongService desired(String name, KongServiceSpec spec, String url, List<String> tags, ApiKeys.GatewayKey key) {
        List<DesiredKongService.Route> routes = new ArrayList<>();
        for (KongServiceSpec.Route r : spec.routes() == null ? List.<KongServiceSpec.Route>of() : spec.routes()) {
            routes.add(new DesiredKongService.Route(r.name(), r.paths(), r.hosts(), r.methods(), r.protocols(), r.stripPath(),
                    r.preserveHost()));
        }
        List<DesiredKongService.Plugin> plugins = new ArrayList<>();
        for (KongServiceSpec.Plugin p : spec.plugins() == null ? List.<KongServiceSpec.Plugin>of() : spec.plugins()) {
            plugins.add(new DesiredKongService.Plugin(pluginId(name, p.name(), p.route(), null), p.name(), p.route(),
                    p.enabled() == null || p.enabled(), p.config() == null ? Map.of() : p.config(), false));
        }
        if (key != null) {
            String header = key.header() + ":" + key.value();
            Map<String, Object> config = Map.of(
                    "replace", Map.of("headers", List.of(header)),
                    "add", Map.of("headers", List.of(header)));
            plugins.add(new DesiredKongService.Plugin(pluginId(name, "request-transformer", null, "apiKey"),
                    "request-transformer", null, true, config, true));
        }
        return new DesiredKongService(name, url, tags, routes, plugins);
    }

    // ----- act

    private Optional<Long> adopt(StoredResource resource, ServicePlan plan, KongServicePlanner.Observed observed) {
        ObjectNode spec = resource.spec().deepCopy();
        List<String> paths = new ArrayList<>();
        Map<String, ObservedRoute> routes = new HashMap<>();
        observed.routes().forEach(r -> routes.put(r.name(), r));
        for (ServicePlan.Difference d : plan.adoptions()) {
            String[] parts = d.path().split("\\.");
            if (parts.length != 3 || !parts[0].equals("routes")) {
                continue;
            }
            ObservedRoute have = routes.get(parts[1]);
            if (have == null || !(spec.get("routes") instanceof ArrayNode list)) {
                continue;
            }
            for (JsonNode n : list) {
                if (n instanceof ObjectNode route && parts[1].equals(route.path("name").asString())) {
                    JsonNodeFactory f = JsonNodeFactory.instance;
                    switch (parts[2]) {
                        case "paths" -> route.set("paths", strings(f, have.paths()));
                        case "hosts" -> route.set("hosts", strings(f, have.hosts()));
                        case "methods" -> route.set("methods", strings(f, have.methods()));
                        case "protocols" -> route.set("protocols", strings(f, have.protocols()));
                        case "stripPath" -> route.put("stripPath", have.stripPath());
                        case "preserveHost" -> route.put("preserveHost", have.preserveHost());
                        default -> {
                            continue;
                        }
                    }
                    paths.add(d.path());
                }
            }
        }
        if (paths.isEmpty()) {
            return Optional.empty();
        }
        return store.adopt(Kind.KONG_SERVICE, resource.name(), resource.generation(), spec, null, String.join(", ", paths));
    }

    private static ArrayNode strings(JsonNodeFactory f, List<String> values) {
        ArrayNode a = f.arrayNode();
        values.forEach(a::add);
        return a;
    }

    // ----- probe

    /** Probes the lock on {@code webUrl}; a change of verdict adds LockBroken or LockRestored to {@code events}. */
    private Condition probe(StoredResource resource, KongServiceSpec spec, Gateway gw, String webUrl, ResourceStatus status,
                            List<NewEvent> events) {
        Instant now = clock.instant();
        KongServiceSpec.Route route = spec.routes() == null || spec.routes().isEmpty() ? null : spec.routes().getFirst();
        String path = "/";
        String host = null;
        String method = "GET";
        if (route != null) {
            if (route.paths() != null) {
                path = route.paths().stream().filter(p -> p.startsWith("/")).findFirst().orElse("/");
            }
            if (route.hosts() != null) {
                host = route.hosts().stream().filter(h -> !h.startsWith("*")).findFirst().orElse(null);
            }
            if (route.methods() != null && !route.methods().contains("GET")) {
                method = route.methods().contains("HEAD") ? "HEAD" : route.methods().getFirst();
            }
        }
        String credentialHeader = null;
        String credential = null;
        Optional<KongServiceSpec.Plugin> keyAuth = spec.plugins() == null ? Optional.empty() : spec.plugins().stream()
                .filter(p -> p.name().equals("key-auth") && (p.enabled() == null || p.enabled())
                        && (p.route() == null || route == null || p.route().equals(route.name())))
                .findFirst();
        if (keyAuth.isPresent()) {
            credentialHeader = keyAuth.get().config() != null && keyAuth.get().config().get("key_names") instanceof List<?> l
                    && !l.isEmpty() ? String.valueOf(l.getFirst()) : "apikey";
            credential = consumerKey(spec).orElse(null);
            if (credential == null) {
                return new Condition(SECURED, ConditionStatus.UNKNOWN, "NoConsumerCredentials", "The route needs key-auth and no "
                        + "KongConsumer on gateway " + spec.gatewayOrDefault() + " has a key Tether generated to probe with", now);
            }
        }
        LockProbe.Result r = probe.probe(new LockProbe.Target(resource.name(), webUrl, gw.proxyUrl(), path, host, method,
                credentialHeader, credential));
        ConditionStatus statusValue = ConditionStatus.of(r.secured());
        boolean wasFalse = status.condition(SECURED).map(x -> x.status() == ConditionStatus.FALSE).orElse(false);
        if (Boolean.FALSE.equals(r.secured()) && !wasFalse) {
            events.add(NewEvent.warning("LockBroken", r.message(), "tether"));
            log.warn("resource=KongService/{} secured=false reason={} message=\"{}\"", resource.name(), r.reason(), r.message());
        } else if (Boolean.TRUE.equals(r.secured()) && wasFalse) {
            events.add(NewEvent.normal("LockRestored", r.message(), "tether"));
        }
        return new Condition(SECURED, statusValue, r.reason(), r.message(), now);
    }

    /** A key-auth key of a Tether-managed consumer on the same gateway (in the ACL groups the spec allows, if any). */
    private Optional<String> consumerKey(KongServiceSpec spec) {
        Set<String> allowed = new HashSet<>();
        if (spec.plugins() != null) {
            spec.plugins().stream().filter(p -> p.name().equals("acl") && p.config() != null && p.config().get("allow") instanceof List<?>)
                    .forEach(p -> ((List<?>) p.config().get("allow")).forEach(g -> allowed.add(String.valueOf(g))));
        }
        for (StoredResource r : store.list(Optional.of(Kind.KONG_CONSUMER), Map.of())) {
            KongConsumerSpec cs = (KongConsumerSpec) r.typedSpec();
            if (r.deleting() || !spec.gatewayOrDefault().equals(cs.gateway() == null ? "default" : cs.gateway())
                    || cs.keyAuth() == null || cs.keyAuth().isEmpty()) {
                continue;
            }
            if (!allowed.isEmpty() && (cs.acls() == null || cs.acls().stream().noneMatch(allowed::contains))) {
                continue;
            }
            for (KongConsumerSpec.KeyAuth k : cs.keyAuth()) {
                Optional<String> v = secrets.get(Kind.KONG_CONSUMER.manifestName(), r.name(), KongConsumerReconciler.keyPurpose(k.name()));
                if (v.isPresent()) {
                    return v;
                }
            }
        }
        return Optional.empty();
    }

}
