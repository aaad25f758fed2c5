package dev.tether.heroku;

import dev.tether.manifest.ApiKeySpec;
import dev.tether.manifest.DeletionPolicy;
import dev.tether.manifest.DriftPolicy;
import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.HerokuAppSpec;
import dev.tether.manifest.Kind;
import dev.tether.manifest.ResourceSpec;
import dev.tether.manifest.SecretMask;
import dev.tether.manifest.ResourceKey;
import dev.tether.manifest.StoredResource;
import dev.tether.reconcile.ActionResult;
import dev.tether.reconcile.DriftDecision;
import dev.tether.reconcile.DriftDecision.Verdict;
import dev.tether.reconcile.Outcome;
import dev.tether.reconcile.PlanStep;
import dev.tether.reconcile.Proposals;
import dev.tether.reconcile.Previewer;
import dev.tether.reconcile.PassReport;
import dev.tether.reconcile.StatusDerivation;
import dev.tether.reconcile.ReconcileRequest;
import dev.tether.reconcile.Reconciler;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
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
 * latest release moved), plans with {@link HerokuAppPlanner} (every difference decided by the one
 * {@link DriftDecision}), applies each action on its own (a refused one, say a process type the
 * release lacks, is shown with Heroku's message while every other action still applies), and
 * hands the pass to {@link StatusDerivation}; the loop writes the status and events once. What
 * Heroku cannot change in place is {@code RequiresReplacement}, carried out with
 * {@code allowReplace: true} by {@link AppReplacer}, which has every pass until it is done.
 *
 * <p>Heroku calls: a routine safety poll of a quiet app whose webhooks work is a {@link Heartbeat},
 * one conditional read of the newest release, while its last full observation is younger than
 * {@code TETHER_WEBHOOK_FULL_OBSERVATION_EVERY} (6 h): ≈ 2.8 calls per app per hour at the
 * defaults. Any other pass observes in full: the app, its latest release, formation, domains and
 * buildpacks, all conditional (304): five; config vars and add-ons when the release moved; the
 * webhook list when the subscription is due a check ({@link #subscriptionCheckDue}). An app
 * without webhooks (or whose deliveries are lost) is polled in full every
 * {@code TETHER_WEBHOOK_SAFETY_RESYNC} (30 min): ≈ 10–11 calls per app per hour; set it lower to
 * poll faster. A pass a delivery woke reads everything in one round trip
 * ({@link AppObserver#everything}).
 */
@Component
class HerokuAppReconciler implements Reconciler, Previewer {

    private static final Logger log = LoggerFactory.getLogger(HerokuAppReconciler.class);
    static final String TETHER = "tether";
    private static final Duration CONFIRM_AFTER = Duration.ofSeconds(1);
    /** The refusal reason of a create whose name another app holds. */
    private static final String NAME_TAKEN = "NameTaken";
    /** The blocker of a name held by an app that is not Tether's. */
    private static final String ALREADY_EXISTS = "AlreadyExists";
    /** Allowance for Heroku's clock against ours when judging whether an app is the one Tether created. */
    private static final Duration CREATE_CLOCK_SKEW = Duration.ofSeconds(2);

    private final HerokuClient heroku;
    private final DesiredStateStore store;
    private final StatusStore statuses;
    private final AppWebhooks webhooks;
    private final WebhookProperties webhookProps;
    private final dev.tether.reconcile.LoopProperties loop;
    private final Clock clock;
    private final AppObserver observer;
    private final Proposals proposals;
    private final ConfigVarSources sources;
    private final PromotedRelease promotion;
    private final AddonAttachments attachments;
    private final dev.tether.reconcile.DeletionSafety safety;
    private final AppReplacer replacer;
    private final Heartbeat heartbeat;

    HerokuAppReconciler(HerokuClient heroku, DesiredStateStore store, StatusStore statuses, AppWebhooks webhooks,
                        WebhookProperties webhookProps, dev.tether.reconcile.LoopProperties loop, Clock clock,
                        AppObserver observer, Proposals proposals, ConfigVarSources sources, PromotedRelease promotion,
                        AddonAttachments attachments, dev.tether.reconcile.DeletionSafety safety, AppReplacer replacer,
                        Heartbeat heartbeat) {
        this.replacer = replacer;
        this.heartbeat = heartbeat;
        this.promotion = promotion;
        this.observer = observer;
        this.proposals = proposals;
        this.attachments = attachments;
        this.sources = sources;
        this.safety = safety;
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
        if (resource.deleting()) {
            return cleanup(resource, spec, status);
        }
        Optional<Replacement> replacing = Replacement.of(status.external());
        if (replacing.isPresent()) {
            return replacer.pass(resource, spec, status, replacing.get());
        }
        String appId = status.external(HerokuAppExternal.class).id();
        if (appId != null && heartbeat.applies(resource, spec, status, request)) {
            Heartbeat.Beat beat = heartbeat.beat(status);
            if (beat == Heartbeat.Beat.UNCHANGED) {
                // the newest release stands for the rest: the status stays as the last full pass wrote it, looked at now
                return new Outcome.InSync(spacedByBudget(webhookProps.safetyResync()), heartbeat.unchanged(status));
            }
            if (beat == Heartbeat.Beat.MOVED || beat == Heartbeat.Beat.DELIVERIES_LOST) {
                heartbeat.releaseMoved(resource);
            }
            if (beat == Heartbeat.Beat.DELIVERIES_LOST) {
                log.info("resource=HerokuApp/{} a release no webhook delivery announced: deliveries are lost, polling in full",
                        resource.name());
                status = heartbeat.deliveriesLost(status);
            }
        }
        if (appId != null && request.delivery()) {
            return delivered(resource, spec, status, appId, request);
        }
        AppObserver.AppAndRelease read = appId == null
                ? new AppObserver.AppAndRelease(Optional.empty(), Optional.empty()) : observer.appAndRelease(appId);
        if (read.app().isEmpty()) {
            return withoutApp(resource, spec, status, appId, request);
        }
        return converge(resource, spec, status, read.app().get(), read.latestRelease(), request, List.of(), false);
    }

    /**
     * A pass a webhook delivery woke, whose latency DESIGN §7 bounds: one round trip to Heroku for
     * everything, and Tether's own reads for the plan made while it is under way.
     */
    private Outcome delivered(StoredResource resource, HerokuAppSpec spec, ResourceStatus status, String appId,
                              ReconcileRequest request) {
        java.util.concurrent.Future<AppObserver.Everything> reading = observer.everythingLater(appId,
                spec.release() != null && spec.release().build() != null);
        Inputs inputs = inputs(resource.id(), resource.name(), spec, status, appId);
        AppObserver.Everything all = AppObserver.join(reading);
        if (all.app().isEmpty()) {
            return withoutApp(resource, spec, status, appId, request);
        }
        return converge(resource, spec, status, all.app().get(), all.latestRelease(), request, List.of(), false,
                Optional.of(new Prefetched(all, inputs)));
    }

    // ----- the app is not where Tether left it (or was never created)

    private Outcome withoutApp(StoredResource resource, HerokuAppSpec spec, ResourceStatus status, String appId,
                               ReconcileRequest request) {
        String name = spec.appNameOr(resource.name());
        if (appId != null) {
            observer.forget(appId);
            // destroyed outside Tether: drift at "app", decided like any other drift
            Verdict verdict = DriftDecision.decide("app", false, false, spec.drift(), spec.isPaused());
            PassReport.Finding gone = new PassReport.Finding("app", name, null, null, verdict);
            if (verdict != Verdict.REVERT) {
                return new Outcome.InSync(null, derive(resource, status, List.of(gone), List.of(), List.of(),
                        new PassReport.Blocker("AppMissing", "App " + name + " (" + appId
                                + ") was destroyed outside Tether; the drift policy does not recreate it"),
                        status.external(), spec.isPaused()));
            }
            return create(resource, spec, status.withExternal(status.external(HerokuAppExternal.class).withoutApp()), name,
                    List.of(gone), "recreate app ", request);
        }
        boolean recovering = status.external(HerokuAppExternal.class).creating() != null;
        boolean takenBefore = status.conditions().stream().anyMatch(c -> ALREADY_EXISTS.equals(c.reason()));
        if (recovering || takenBefore || spec.isPaused()) {
            // a create whose answer was lost, a name last seen taken, or a create that may not be
            // made: look the name up first
            Optional<ObservedApp> sameName = heroku.getApp(name);
            if (sameName.isPresent()) {
                return sameName(resource, spec, status, name, sameName.get(), request);
            }
            if (spec.isPaused()) {
                return new Outcome.InSync(null, derive(resource, status, List.of(), List.of(), List.of(),
                        new PassReport.Blocker("Paused", "Paused: would create app " + name), status.external(), true));
            }
        }
        // no read before the create: Heroku's 422 for a taken name says what a GET would have
        return create(resource, spec, status, name, List.of(), "create app ", request);
    }

    /**
     * An app already holds the name: Tether's own create whose answer was lost (recognised by the
     * creating marker), adopted with {@code adoptExisting}, else AlreadyExists, nothing written.
     */
    private Outcome sameName(StoredResource resource, HerokuAppSpec spec, ResourceStatus status, String name, ObservedApp app,
                             ReconcileRequest request) {
        boolean ours = createdByTether(status.external(HerokuAppExternal.class).creating(), name, app);
        if (!spec.adoptsExisting() && !ours) {
            return new Outcome.Failed(derive(resource, withoutCreating(status), List.of(), List.of(), List.of(),
                    new PassReport.Blocker(ALREADY_EXISTS, "An app named " + name
                            + " already exists and is not managed by Tether; set spec.adoptExisting: true to manage it"),
                    withoutCreating(status).external(), spec.isPaused()));
        }
        ActionResult found = new ActionResult.Applied(List.of("app"), (ours ? "recovered the app Tether created: "
                : "adopted existing app ") + name + " (" + app.id() + ")", ours ? "Created" : "Adopted");
        return converge(resource, spec, identified(status, app), app, heroku.latestRelease(app.id()), request, List.of(found), false);
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
    private boolean createdByTether(HerokuAppExternal.Creating marker, String name, ObservedApp app) {
        String marked = marker == null ? null : marker.name();
        Instant since = marker == null ? null : marker.since();
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
        return status.withExternal(status.external(HerokuAppExternal.class).withoutCreating());
    }

    private Outcome create(StoredResource resource, HerokuAppSpec spec, ResourceStatus status, String name,
                           List<PassReport.Finding> findings, String verb, ReconcileRequest request) {
        // Record the intent first: a crash after Heroku created the app but before its id was
        // stored is healed by recognising the app on the next pass, never by creating twice.
        Map<String, Object> intent = status.external(HerokuAppExternal.class)
                .withCreating(new HerokuAppExternal.Creating(name, clock.instant())).fields();
        statuses.put(resource.id(), status.withExternal(intent));
        ObservedApp[] created = new ObservedApp[1];
        ActionResult result = ActionResult.attempt(List.of("app"), verb + name, "Created", () -> created[0] = heroku.createApp(
                new NewApp(name, spec.region(), spec.stack(), spec.space(), spec.team(), spec.internalRouting())),
                e -> nameTaken(e) ? NAME_TAKEN : "ApiRefused");
        if (result instanceof ActionResult.Refused r && NAME_TAKEN.equals(r.reason()) && findings.isEmpty()) {
            // Tether's create was refused, so the app holding the name is not Tether's: adopt it or say so
            Optional<ObservedApp> holder = heroku.getApp(name);
            if (holder.isPresent()) {
                return sameName(resource, spec, withoutCreating(status), name, holder.get(), request);
            }
            // taken by an app of another account: Heroku's refusal stands
        }
        Map<String, Object> external = intent;
        if (result instanceof ActionResult.Applied) {
            ObservedApp app = created[0];
            result = new ActionResult.Applied(List.of("app"), verb.replace("create", "created") + name + " (" + app.id() + ")",
                    "Created");
            log.info("resource=HerokuApp/{} action=create app={} id={}", resource.name(), name, app.id());
            ResourceStatus known = identified(status, app);
            // tracked by id from now on, even if this pass ends before its status is written
            statuses.put(resource.id(), known);
            if (findings.isEmpty()) {
                // the create's answer is the observation: the rest of the spec is applied in this pass
                return converge(resource, spec, known, app, Optional.empty(), request, List.of(result), true);
            }
            external = known.external();
        }
        // only the app was created: the rest of the spec is applied by the next pass, so not yet "applied"
        StatusDerivation.Derived derived = StatusDerivation.derive(status, new PassReport(resource.generation(), findings,
                List.of(result), List.of(), null, spec.isPaused(), external, List.of(), "The app matches the spec", true),
                clock.instant());
        return new Outcome.Progressing(Duration.ZERO, derived);
    }

    /** Heroku's 422 for an app name already in use (by any account): {@code invalid_params}, "Name is already taken". */
    private static boolean nameTaken(dev.tether.http.PermanentException e) {
        return e.status() == 422 && "invalid_params".equals(e.errorId())
                && e.getMessage() != null && e.getMessage().contains("Name is already taken");
    }

    // ----- the app exists: observe, plan, apply each action, derive

    private Outcome converge(StoredResource resource, HerokuAppSpec spec, ResourceStatus status, ObservedApp app,
                             Optional<ObservedRelease> latestRelease, ReconcileRequest request, List<ActionResult> before,
                             boolean justCreated) {
        return converge(resource, spec, status, app, latestRelease, request, before, justCreated, Optional.empty());
    }

    /**
     * @param justCreated the app was created in this pass: its create's answer is the observation
     * @param read        everything already read for a delivery's pass, else empty: read here
     */
    private Outcome converge(StoredResource resource, HerokuAppSpec spec, ResourceStatus status, ObservedApp app,
                             Optional<ObservedRelease> latestRelease, ReconcileRequest request, List<ActionResult> before,
                             boolean justCreated, Optional<Prefetched> read) {
        Planned planned = observeAndPlan(resource.id(), resource.name(), spec, status, app, latestRelease,
                request.fullObservation(), justCreated, read);
        if (!planned.plan().replacements().isEmpty() && spec.replaceAllowed() && !spec.isPaused()) {
            // Heroku cannot change these in place: a new app, carried out step by step (DESIGN §2)
            return replacer.begin(resource, spec, status, app);
        }
        // approve mode: drift is proposed, and carried out only once a person approved exactly it
        Proposals.Gate gate = proposals.consider(Kind.HEROKU_APP, resource, spec.drift(), planned.findings(spec), clock.instant());
        if (gate.approved().isPresent()) {
            HerokuAppSpec reverting = (HerokuAppSpec) ResourceSpec.of(Kind.HEROKU_APP, Proposals.reverting(resource.spec()));
            planned = planned.replanned(resource.name(),
                    promotion.resolve(sources.resolve(reverting, planned.lastApplied(), status), status).spec());
        }
        AppPlan plan = planned.plan();
        ConfigVarSources.Resolved resolved = planned.resolved();
        AddonAttachments.Pass attach = planned.attach();
        Optional<String> webhookActor = planned.webhookActor();
        String actor = planned.actor();
        ReleasePlanner.Decision code = planned.code(resolved.spec());

        long generation = resource.generation();
        if (!plan.adoptions().isEmpty()) {
            generation = adopt(resource, plan, actor).orElse(generation);
        }

        // more add-on destroys than tether.max-deletes-per-pass: none of them this pass
        dev.tether.reconcile.DeletionSafety.Capped<AppPlan.Step> capped = safety.cap(plan.steps(),
                s -> s.action() instanceof AppAction.DestroyAddon, s -> s.action().describe(), spec.massDeleteAllowed());
        List<ActionResult> results = new ArrayList<>(before);
        for (AppPlan.Step step : capped.steps()) {
            results.addAll(apply(app.id(), step));
        }
        for (AppPlan.Step step : attach.plan().steps()) {
            results.addAll(apply(app.id(), step));
        }
        HerokuAppPlanner.addonOwnedDeclared(spec, planned.observed()).forEach((var, addon) -> results.add(new ActionResult.Refused(
                List.of("configVars." + var), "set config var " + var, "AddonConfigVar", var + " is set by add-on " + addon.name()
                + " (" + addon.plan() + "); Heroku refuses to overwrite an add-on's config var: remove it from spec.configVars")));

        // Tether's own subscription is part of what it keeps true (deleted by hand: recreated).
        // Listing it costs a call, so it is checked only when due (see subscriptionCheckDue).
        boolean hookedBefore = Boolean.TRUE.equals(status.external(HerokuAppExternal.class).webhook());
        Set<String> knownDrift = new HashSet<>();
        status.drift().forEach(d -> knownDrift.add(d.path()));
        // new drift, and no delivery since the last pass named someone other than Tether
        boolean announced = webhookActor.filter(a -> !a.equals(heroku.accountEmail())).isPresent();
        boolean silentDrift = !announced && plan.drift().stream().anyMatch(d -> !knownDrift.contains(d.path()));
        HerokuAppExternal.Observation seen = status.external(HerokuAppExternal.class).observation();
        boolean hooked = hookedBefore;
        boolean hookChecked = false;
        if (spec.isPaused()) {
            hooked = false;
        } else if (justCreated || subscriptionCheckDue(seen, request.fullObservation(), hookedBefore, silentDrift)) {
            boolean[] ensured = new boolean[1];
            // a new app has no subscriptions: subscribe without listing them
            ActionResult r = ActionResult.attempt(List.of(), "subscribe to the app's webhooks", "WebhookSubscribed",
                    () -> ensured[0] = justCreated ? webhooks.subscribe(resource.name(), app.id())
                            : webhooks.ensure(resource.name(), app.id()));
            if (!(r instanceof ActionResult.Applied)) {
                results.add(r);
            }
            hooked = ensured[0];
            hookChecked = true;
        } else {
            hooked = true;
        }

        List<PassReport.Finding> findings = planned.findings(spec);
        List<String> held = new ArrayList<>(plan.held().stream()
                .map(a -> a.describe() + " (needs deletionPolicy: Delete and allowDestroyData: true)").toList());
        held.addAll(capped.held());
        PassReport.Blocker blocker = plan.replacements().isEmpty() ? null : new PassReport.Blocker("RequiresReplacement",
                "Heroku cannot change " + String.join(", ", plan.replacements().stream()
                        .map(d -> d.path() + " (" + d.observed() + " → " + d.desired() + ")").toList())
                        + " in place; set spec.allowReplace: true to replace the app (a new app, its data add-ons attached,"
                        + " the old one kept; GET /api/v1/plan lists each step)");
        if (blocker == null) {
            blocker = codeBlocker(code);
        }
        List<String> waiting = new ArrayList<>(resolved.waiting());
        waiting.addAll(attach.waiting());
        if (blocker == null && !waiting.isEmpty()) {
            // the other config vars and the rest of the spec were still applied
            blocker = new PassReport.Blocker("WaitingForDependency", "Waiting for " + String.join("; ", waiting));
        }
        HerokuAppExternal identity = identified(status, app).external(HerokuAppExternal.class).withWebhook(hooked)
                .withObservation(heartbeat.observed(app.id(), seen, Optional.ofNullable(planned.observed().latestRelease()), hookChecked));
        boolean allWent = results.stream().allMatch(r -> r instanceof ActionResult.Applied);
        if (resolved.versions().isEmpty() || allWent) {
            identity = identity.withValueFromVersions(resolved.versions());
        }
        String promoted = PromotedRelease.promotedSlug(spec, resolved.spec());
        HerokuAppExternal recorded = identity;
        // what runs now, for the apps that promote this one's slug (a change wakes them)
        String running = planned.observed().latestRelease() == null ? null : planned.observed().latestRelease().slugId();
        identity = identity.withSlugs(running, promoted == null ? null : allWent ? promoted : recorded.promotedSlug());
        Map<String, Object> external = identity.fields();
        StatusDerivation.Derived derived = proposals.announce(StatusDerivation.derive(status, new PassReport(generation, findings,
                results, held, blocker, spec.isPaused(), external, List.of(), "The app matches the spec"), clock.instant()),
                gate, results);
        if (results.stream().anyMatch(r -> r instanceof ActionResult.Applied)) {
            return new Outcome.Progressing(CONFIRM_AFTER, derived);
        }
        if (code instanceof ReleasePlanner.Decision.Waiting) {
            // a build is running on Heroku: never wait inside the pass. With the subscription in
            // place its end (api:build, and the release it cuts) wakes the app; the look after
            // BUILD_FALLBACK only covers a lost delivery. Without one, look again shortly.
            return new Outcome.Progressing(hooked ? BUILD_FALLBACK : BUILD_POLL, derived);
        }
        if (results.stream().anyMatch(r -> r instanceof ActionResult.Refused)) {
            // retrying cannot help: wait for a spec change, a webhook (a release that defines the
            // missing process type) or the resync
            return new Outcome.Failed(derived);
        }
        // With a webhook in place changes arrive within a second and the next routine poll is a
        // heartbeat; without one it is a full observation, at the same interval (DESIGN §7: ≤ 12
        // calls per app per hour at the defaults; TETHER_WEBHOOK_SAFETY_RESYNC polls faster).
        return new Outcome.InSync(spacedByBudget(webhookProps.safetyResync()), derived);
    }

    /**
     * What one pass sees and decides for an existing app: the observation, the plan and who made
     * the drift. The pass ({@link #converge}) and the plan preview ({@link #preview}) both take it
     * from here, so {@code GET /plan} and a dry run answer exactly what the pass would do.
     */
    private Planned observeAndPlan(Long resourceId, String name, HerokuAppSpec spec, ResourceStatus status, ObservedApp app,
                                   Optional<ObservedRelease> latestRelease, boolean full, boolean justCreated,
                                   Optional<Prefetched> read) {
        // a new app has none of the parts, and no builds: its create's answer is all there is to see
        ObservedAppState observed = justCreated ? ObservedAppState.created(app)
                : Replacement.carried(read.isPresent() ? read.get().read().state() : observer.observe(app, latestRelease, full),
                        status == null ? List.of() : Replacement.retiredIds(status.external()));
        Inputs inputs = read.isPresent() ? read.get().inputs() : inputs(resourceId, name, spec, status, app.id());
        ConfigVarSources.Resolved resolved = inputs.resolved();
        AddonAttachments.Pass attach = inputs.attach();
        Set<String> managed = inputs.managed();
        // builds are read only when the spec declares one (one conditional call, mostly a 304)
        List<ObservedBuild> builds = justCreated || spec.release() == null || spec.release().build() == null ? List.of()
                : read.isPresent() ? read.get().read().builds() : heroku.listBuilds(app.id()).orElse(List.of());
        AppPlan plan = HerokuAppPlanner.plan(name, resolved.spec(), resolved.lastApplied(), observed, managed, builds);
        Optional<String> webhookActor = inputs.webhookActor();
        String actor = status == null ? null : driftActor(observed, status, webhookActor);
        return new Planned(observed, resolved.lastApplied(), managed, builds, resolved, attach, plan, webhookActor, actor);
    }

    /**
     * What a plan needs besides the observation: the last applied spec, the resolved config-var
     * sources, the attachments to make, the config vars others own and who the last delivery named;
     * Tether's own store, mostly.
     */
    private record Inputs(ConfigVarSources.Resolved resolved, AddonAttachments.Pass attach, Set<String> managed,
                          Optional<String> webhookActor) {
    }

    /** A delivery's pass: everything read from Heroku in one round trip, and the inputs read meanwhile. */
    private record Prefetched(AppObserver.Everything read, Inputs inputs) {
    }

    private Inputs inputs(Long resourceId, String name, HerokuAppSpec spec, ResourceStatus status, String appId) {
        Long applied = status == null ? null : status.lastAppliedGeneration();
        HerokuAppSpec lastApplied = applied == null || resourceId == null ? null
                : store.generationSpec(resourceId, applied)
                        .map(s -> (HerokuAppSpec) ResourceSpec.of(Kind.HEROKU_APP, s)).orElse(null);
        ConfigVarSources.Resolved resolved = promotion.resolve(sources.resolve(spec, lastApplied, status), status);
        AddonAttachments.Pass attach = attachments.plan(spec, lastApplied, appId);
        Set<String> managed = managedByApiKeys(name);
        managed.addAll(attach.configVars());
        Optional<String> webhookActor = status == null ? Optional.empty() : webhooks.actorSince(appId, status.lastReconciledAt());
        return new Inputs(resolved, attach, managed, webhookActor);
    }

    /** One pass's observation and plan (see {@link #observeAndPlan}). */
    private record Planned(ObservedAppState observed, HerokuAppSpec lastApplied, Set<String> managed,
                           List<ObservedBuild> builds, ConfigVarSources.Resolved resolved, AddonAttachments.Pass attach,
                           AppPlan plan, Optional<String> webhookActor, String actor) {

        /** Whether the declared code runs, is being built, or cannot be. */
        ReleasePlanner.Decision code(HerokuAppSpec spec) {
            return spec.release() == null ? new ReleasePlanner.Decision.InSync()
                    : ReleasePlanner.decide(spec.release(), observed.latestRelease(), builds);
        }

        /** The same observation planned for another spec (an approved proposal: the spec in revert mode). */
        Planned replanned(String name, HerokuAppSpec spec) {
            return new Planned(observed, lastApplied, managed, builds, resolved, attach,
                    HerokuAppPlanner.plan(name, spec, lastApplied, observed, managed, builds), webhookActor, actor);
        }

        /** Every difference with its verdict, secret values masked, drift attributed to its actor. */
        List<PassReport.Finding> findings(HerokuAppSpec spec) {
            List<AppPlan.Finding> all = new ArrayList<>(plan.findings());
            all.addAll(attach.plan().findings());
            return all.stream()
                    .map(f -> new PassReport.Finding(f.path(), SecretMask.maskAppDrift(spec, f.path(), f.desired()),
                            SecretMask.maskAppDrift(spec, f.path(), f.observed()),
                            f.verdict() == Verdict.APPLY ? null : actor, f.verdict()))
                    .toList();
        }
    }

    /**
     * What the next pass would do for {@code name} with {@code specNode} (stored, or proposed by a
     * dry run): the same observation and plan as the pass, nothing written. Each difference is a
     * step with from/to; what report, approve or paused holds back, and destructive changes not
     * allowed yet, are marked held.
     */
    @Override
    public List<PlanStep> preview(String name, ObjectNode specNode) {
        HerokuAppSpec spec = (HerokuAppSpec) ResourceSpec.of(Kind.HEROKU_APP, specNode);
        Optional<StoredResource> stored = store.find(Kind.HEROKU_APP, name);
        ResourceStatus status = stored.map(r -> statuses.get(r.id())).orElse(null);
        String appId = status == null ? null : status.external(HerokuAppExternal.class).id();
        String appName = spec.appNameOr(name);
        String kind = Kind.HEROKU_APP.manifestName();
        AppObserver.AppAndRelease read = appId != null ? observer.appAndRelease(appId)
                : heroku.getApp(appName).map(a -> new AppObserver.AppAndRelease(Optional.of(a), heroku.latestRelease(a.id())))
                        .orElse(new AppObserver.AppAndRelease(Optional.empty(), Optional.empty()));
        if (read.app().isEmpty()) {
            if (appId != null) {
                Verdict verdict = DriftDecision.decide("app", false, false, spec.drift(), spec.isPaused());
                PassReport.Finding gone = new PassReport.Finding("app", appName, null, null, verdict);
                return List.of(PlanStep.of(kind, name, gone, verdict == Verdict.REVERT ? Map.of("app", "recreate app " + appName)
                        : Map.of()));
            }
            return List.of(spec.isPaused()
                    ? PlanStep.held(kind, name, "create", "app", null, appName, "create app " + appName)
                    : new PlanStep(kind, name, "create", "app", null, appName, "create app " + appName));
        }
        if (appId == null && !spec.adoptsExisting()) {
            return List.of(PlanStep.held(kind, name, "blocked", "app", null, appName,
                    "an app named " + appName + " already exists; set adoptExisting: true to manage it"));
        }
        Planned planned = observeAndPlan(stored.map(StoredResource::id).orElse(null), name, spec, status, read.app().get(),
                read.latestRelease(), true, false, Optional.empty());
        AppPlan plan = planned.plan();
        Map<String, String> actions = PlanStep.actionsByPath(plan.steps(), AppPlan.Step::paths, st -> st.action().describe());
        List<PlanStep> steps = new ArrayList<>();
        planned.findings(spec).forEach(f -> steps.add(PlanStep.of(kind, name, f, actions)));
        steps.addAll(replacementSteps(kind, name, spec, status, read.app().get(), plan.replacements()));
        return steps;
    }

    /**
     * Each step a replacement would take (or, under way, takes), after one step per field Heroku
     * cannot change in place; held unless {@code allowReplace: true} (and not paused).
     */
    private List<PlanStep> replacementSteps(String kind, String name, HerokuAppSpec spec, ResourceStatus status, ObservedApp app,
                                            List<AppPlan.Difference> fields) {
        Map<String, Object> external = status == null ? Map.of() : status.external();
        Optional<Replacement> under = Replacement.of(external);
        if (fields.isEmpty() && under.isEmpty()) {
            return List.of();
        }
        boolean held = !spec.replaceAllowed() || spec.isPaused();
        List<PlanStep> steps = new ArrayList<>();
        fields.forEach(d -> steps.add(new PlanStep(kind, name, "replace", d.path(), d.observed(), d.desired(), held ? true : null, null,
                "Heroku cannot change " + d.path() + " in place: the app is replaced" + (held ? " once spec.allowReplace is true" : ""))));
        Replacement r = under.orElseGet(() -> AppReplacer.next(app, spec.appNameOr(name), external));
        String path = fields.isEmpty() ? "app" : fields.getFirst().path();
        for (String step : r.steps(AppReplacer.target(spec), replacer.addonsOf(r.oldId()), replacer.dependentsOf(name))) {
            steps.add(new PlanStep(kind, name, "replace", path, null, null, held ? true : null, null, step));
        }
        return steps;
    }

    /**
     * Runs one planned step. A formation update is one batched call on Heroku; when it is refused
     * whole (one process type the release does not define), each process type is scaled on its
     * own so that the good ones still apply.
     */
    private List<ActionResult> apply(String appId, AppPlan.Step step) {
        AppAction action = step.action();
        ActionResult result = ActionResult.attempt(step.paths(), action.describe(), reasonOf(action),
                () -> call(appId, action), HerokuAppReconciler::refusalReason);
        if (result instanceof ActionResult.Refused && action instanceof AppAction.Scale scale && scale.changes().size() > 1) {
            List<ActionResult> each = new ArrayList<>();
            for (FormationChange change : scale.changes()) {
                AppAction one = new AppAction.Scale(List.of(change));
                List<String> paths = step.paths().stream().filter(p -> p.startsWith("formation." + change.type() + ".")).toList();
                each.add(ActionResult.attempt(paths, one.describe(), reasonOf(one), () -> call(appId, one),
                        HerokuAppReconciler::refusalReason));
            }
            return each;
        }
        if (result instanceof ActionResult.Applied) {
            log.info("app={} action=\"{}\"", appId, action.describe());
        }
        return List.of(result);
    }

    /** How soon a pass looks again at a build still running on Heroku. */
    static final Duration BUILD_POLL = Duration.ofSeconds(2);
    /** How soon a pass looks again at a running build of an app whose webhooks announce its end. */
    static final Duration BUILD_FALLBACK = Duration.ofSeconds(30);

    /** What keeps the app from running its declared code, if anything (a failed build shows its output). */
    private PassReport.Blocker codeBlocker(ReleasePlanner.Decision code) {
        return switch (code) {
            case ReleasePlanner.Decision.BuildFailed f -> new PassReport.Blocker("BuildFailed", "Build " + f.build().id()
                    + " of " + f.build().sourceUrl() + (f.build().version() == null ? "" : " (" + f.build().version() + ")")
                    + " failed; it is not retried until spec.release.build changes. Output:\n" + heroku.buildOutput(f.build().outputStreamUrl()));
            case ReleasePlanner.Decision.Waiting w -> new PassReport.Blocker("Building", "Waiting for build " + w.build().id()
                    + " of " + w.build().sourceUrl() + (w.build().version() == null ? "" : " (" + w.build().version() + ")"));
            default -> null;
        };
    }

    /** Heroku's 404 for a process type no release defines is its own reason (DESIGN §2a). */
    private static String refusalReason(dev.tether.http.PermanentException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return m.contains("process type") ? "ProcessTypeMissing" : "ApiRefused";
    }

    private void call(String appId, AppAction action) {
        switch (action) {
            case AppAction.Rename r -> heroku.updateApp(appId, AppChanges.rename(r.to()));
            case AppAction.Transfer t -> heroku.transferApp(appId, t.to());
            case AppAction.SetMaintenance m -> heroku.updateApp(appId, AppChanges.maintenance(m.on()));
            case AppAction.SetBuildStack s -> heroku.updateApp(appId, new AppChanges(null, null, s.stack()));
            case AppAction.SetConfigVars c -> heroku.patchConfigVars(appId, c.changes());
            case AppAction.Scale s -> heroku.batchUpdateFormation(appId, s.changes());
            case AppAction.CreateAddon a -> heroku.createAddon(appId, new NewAddon(a.plan(), null, a.as(), a.config()));
            case AppAction.ChangeAddonPlan p -> heroku.updateAddonPlan(appId, p.addon(), p.to());
            case AppAction.DestroyAddon d -> heroku.deleteAddon(appId, d.addon());
            case AppAction.AttachAddon a -> heroku.createAttachment(a.addonId(), appId, a.as());
            case AppAction.DetachAddon d -> heroku.deleteAttachment(d.attachmentId());
            case AppAction.AddDomain d -> heroku.addDomain(appId, d.hostname());
            case AppAction.RemoveDomain d -> heroku.removeDomain(appId, d.hostname());
            case AppAction.SetBuildpacks b -> heroku.replaceBuildpacks(appId, b.buildpacks());
            case AppAction.CreateBuild b -> heroku.createBuild(appId, b.sourceUrl(), b.checksum(), b.version());
            case AppAction.ReleaseSlug r -> heroku.releaseSlug(appId, r.slugId());
            case AppAction.ReleaseOciImage r -> heroku.releaseOciImage(appId, r.imageId());
        }
    }

    private Outcome cleanup(StoredResource resource, HerokuAppSpec spec, ResourceStatus status) {
        String appId = status.external(HerokuAppExternal.class).id();
        if (spec.isPaused()) {
            // paused means hands off, deletion included: it waits until the resource is resumed
            return new Outcome.Waiting("unpause", Duration.ofMinutes(1), derive(resource, status, List.of(), List.of(), List.of(),
                    new PassReport.Blocker("Paused", "Deletion waits until spec.paused is false"), status.external(), true));
        }
        List<ActionResult> results = new ArrayList<>();
        if (spec.deletion() == DeletionPolicy.DELETE && appId != null) {
            Optional<ObservedApp> app = heroku.getApp(appId);
            if (app.isPresent()) {
                AppDeletion deletion = AppDeletion.of(app.get(), heroku.listAddons(appId).orElse(List.of()));
                if (deletion.holdsData() && !Boolean.TRUE.equals(spec.allowDestroyData())) {
                    // destroying the app destroys its databases: held, exactly as removing them from the spec is
                    return new Outcome.Waiting("allowDestroyData", loop.resyncInterval(), derive(resource, status, List.of(),
                            List.of(), List.of(deletion.describe() + " (needs allowDestroyData: true: apply it, or DELETE again with"
                                    + " ?allowDestroyData=true)"), null, status.external(), false));
                }
                ActionResult destroyed = ActionResult.attempt(List.of("app"), deletion.describe(), "AppDestroyed",
                        () -> heroku.deleteApp(appId));
                if (!(destroyed instanceof ActionResult.Applied)) {
                    // not destroyed: the resource stays, deleting, and says why (a retryable failure backs off)
                    StatusDerivation.Derived derived = derive(resource, status, List.of(), List.of(destroyed), List.of(), null,
                            status.external(), false);
                    return new Outcome.Failed(derived);
                }
                results.add(destroyed);
                log.info("resource=HerokuApp/{} action=destroy id={}", resource.name(), appId);
            }
        } else if (appId != null && heroku.getApp(appId).isPresent()) {
            // Orphan: the app stays, Tether's subscription goes
            webhooks.remove(resource.name(), appId);
            results.add(new ActionResult.Applied(List.of("app"), "left app " + spec.appNameOr(resource.name())
                    + " (" + appId + ") running, no longer managed (deletionPolicy: Orphan)", "Orphaned"));
        }
        webhooks.forget(resource.name());
        observer.forget(appId);
        return new Outcome.Deleted(derive(resource, status, List.of(), results, List.of(), null, status.external(), false));
    }

    private StatusDerivation.Derived derive(StoredResource resource, ResourceStatus status, List<PassReport.Finding> findings,
                                            List<ActionResult> results, List<String> held, PassReport.Blocker blocker,
                                            Map<String, Object> external, boolean paused) {
        return StatusDerivation.derive(status, new PassReport(resource.generation(), findings, results, held, blocker, paused,
                external, List.of(), "The app matches the spec"), clock.instant());
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
     * It does on a full-observation request (resync, reconcile request), when the subscription
     * was not known to be in place, when this pass found drift that no delivery announced since
     * the last pass, once after deliveries were found lost, and otherwise when the last check
     * (kept in the status, so every worker process sees it) is a full-observation period old:
     * the routine full observation that follows eleven heartbeats. Else the subscription is taken
     * as still there.
     */
    private boolean subscriptionCheckDue(HerokuAppExternal.Observation seen, boolean full, boolean hookedBefore, boolean silentDrift) {
        if (full || !hookedBefore || silentDrift || seen == null || seen.hookCheckedAt() == null) {
            return true;
        }
        if (seen.deliveriesLostSince() != null && seen.hookCheckedAt().isBefore(seen.deliveriesLostSince())) {
            return true;
        }
        Duration every = webhookProps.safetyResync().compareTo(webhookProps.fullObservationEvery()) > 0
                ? webhookProps.safetyResync() : webhookProps.fullObservationEvery();
        return !clock.instant().isBefore(seen.hookCheckedAt().plus(every));
    }

    // ----- observe

    /** Config vars that ApiKey resources set on this app: never this reconciler's to remove. */
    private Set<String> managedByApiKeys(String appResource) {
        Set<String> vars = new HashSet<>();
        for (ResourceKey k : store.referring(new ResourceKey(Kind.HEROKU_APP, appResource))) {
            if (k.kind() == Kind.API_KEY) {
                store.find(k.kind(), k.name()).ifPresent(r -> vars.addAll(((ApiKeySpec) r.typedSpec()).configVarsOn(appResource)));
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

    private static String reasonOf(AppAction action) {
        return switch (action) {
            case AppAction.Rename r -> "Renamed";
            case AppAction.Transfer t -> "Transferred";
            case AppAction.SetMaintenance m -> "MaintenanceSet";
            case AppAction.SetBuildStack s -> "StackSet";
            case AppAction.SetConfigVars c -> "ConfigVarsSet";
            case AppAction.Scale s -> "Scaled";
            case AppAction.CreateAddon a -> "AddonCreated";
            case AppAction.ChangeAddonPlan p -> "AddonPlanChanged";
            case AppAction.DestroyAddon d -> "AddonDestroyed";
            case AppAction.AttachAddon a -> "AddonAttached";
            case AppAction.DetachAddon d -> "AddonDetached";
            case AppAction.AddDomain d -> "DomainAdded";
            case AppAction.RemoveDomain d -> "DomainRemoved";
            case AppAction.SetBuildpacks b -> "BuildpacksSet";
            case AppAction.CreateBuild b -> "BuildStarted";
            case AppAction.ReleaseSlug r -> "Released";
            case AppAction.ReleaseOciImage r -> "Released";
        };
    }

    /** The status with the app's identity: its id (tracked by id from now on), name and web URL. */
    private static ResourceStatus identified(ResourceStatus status, ObservedApp app) {
        return status.withExternal(status.external(HerokuAppExternal.class).identified(app));
    }
}
