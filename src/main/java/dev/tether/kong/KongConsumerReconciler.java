package dev.tether.kong;

import dev.tether.secrets.SecretStore;
import dev.tether.manifest.DeletionPolicy;
import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.DriftPolicy;
import dev.tether.manifest.Kind;
import dev.tether.manifest.KongConsumerSpec;
import dev.tether.manifest.StoredResource;
import dev.tether.manifest.ResourceSpec;
import dev.tether.manifest.SecretMask;
import dev.tether.reconcile.ActionResult;
import dev.tether.reconcile.Outcome;
import dev.tether.reconcile.PassReport;
import dev.tether.reconcile.PlanStep;
import dev.tether.reconcile.Previewer;
import dev.tether.reconcile.Proposals;
import dev.tether.reconcile.ReconcileRequest;
import dev.tether.reconcile.Reconciler;
import dev.tether.reconcile.StatusDerivation;
import dev.tether.status.NewEvent;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps each {@code KongConsumer} true: the consumer, a generated key-auth key per declared
 * key (kept encrypted in the {@link SecretStore}; shown once on request, see
 * {@link ConsumerKeyController}), and its ACL groups. Each difference is decided by the shared
 * drift decision ({@link KongConsumerPlanner}): reverted, adopted (customId, groups), reported,
 * proposed for approval ({@link Proposals}) or ignored as the policy says. Status and events are derived once, by the loop.
 */
@Component
class KongConsumerReconciler implements Reconciler, Previewer {

    private static final Logger log = LoggerFactory.getLogger(KongConsumerReconciler.class);
    private static final String MATCHES = "Kong matches the spec";
    private static final Duration CONFIRM_AFTER = Duration.ofMillis(300);

    private final GatewayResolver gateways;
    private final DesiredStateStore store;
    private final StatusStore statuses;
    private final SecretStore secrets;
    private final KongProperties kong;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private final dev.tether.reconcile.DeletionSafety safety;
    private final Proposals proposals;

    KongConsumerReconciler(GatewayResolver gateways, DesiredStateStore store, StatusStore statuses, SecretStore secrets,
                           KongProperties kong, Clock clock, dev.tether.reconcile.DeletionSafety safety, Proposals proposals) {
        this.safety = safety;
        this.proposals = proposals;
        this.gateways = gateways;
        this.store = store;
        this.statuses = statuses;
        this.secrets = secrets;
        this.kong = kong;
        this.clock = clock;
    }

    static String keyPurpose(String keyName) {
        return "key-auth:" + keyName;
    }

    static String credentialId(String consumer, String keyName) {
        return UUID.nameUUIDFromBytes(("tether:KongConsumer:" + consumer + ":key-auth:" + keyName)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public Kind kind() {
        return Kind.KONG_CONSUMER;
    }

    @Override
    public Outcome reconcile(StoredResource resource, ReconcileRequest request) {
        if (resource.deleting()) {
            return cleanup(resource);
        }
        KongConsumerSpec spec = (KongConsumerSpec) resource.typedSpec();
        String name = resource.name();
        String owner = KongServiceReconciler.ownerTag(Kind.KONG_CONSUMER, name);
        List<String> tags = KongServiceReconciler.tags(Kind.KONG_CONSUMER, name);
        String username = username(spec, name);
        ResourceStatus status = statuses.get(resource.id());
        KongConsumerExternal recorded = status.external(KongConsumerExternal.class);
        Instant now = clock.instant();
        List<NewEvent> generated = new ArrayList<>();
        Planned planned = observeAndPlan(resource.id(), name, spec, status, generated);
        if (planned.gateway() == null) {
            String gatewayName = spec.gateway() == null ? "default" : spec.gateway();
            PassReport report = new PassReport(resource.generation(), List.of(), List.of(), List.of(),
                    new PassReport.Blocker("WaitingForDependency", "Waiting for KongGateway/" + gatewayName + " to exist"),
                    spec.isPaused(), recorded.fields(), List.of(), MATCHES);
            return new Outcome.Waiting("KongGateway/" + gatewayName, kong.pollInterval(), StatusDerivation.derive(status, report, now));
        }
        // approve mode: drift is proposed, and carried out only once a person approved exactly it
        Proposals.Gate gate = planned.seen().failure() != null || planned.blocker() != null ? Proposals.Gate.NOTHING
                : proposals.consider(Kind.KONG_CONSUMER, resource, spec.drift(), findings(planned.plan()),
                        witness(planned), now);
        if (gate.approved().isPresent()) {
            planned = planned.replanned(spec.drift().reverting(), spec.isPaused());
        }
        KongAdminClient admin = planned.gateway().admin();
        KongConsumerPlanner.Desired desired = planned.desired();
        Observation seen = planned.seen();
        List<ActionResult> results = new ArrayList<>();
        PassReport.Blocker blocker = planned.blocker();
        KongConsumerPlanner.ConsumerPlan plan = planned.plan();
        List<String> held = List.of();
        long generation = resource.generation();
        AtomicReference<String> consumerId = new AtomicReference<>(recorded.consumerId());
        if (seen.failure() != null) {
            results.add(seen.failure());
        } else if (blocker == null) {
            if (!plan.adoptions().isEmpty()) {
                generation = adopt(resource, plan, seen.observed()).orElse(generation);
            }
            // more deletions than tether.max-deletes-per-pass: none of them this pass
            dev.tether.reconcile.DeletionSafety.Capped<KongConsumerPlanner.ConsumerPlan.Step> capped = safety.cap(plan.steps(),
                    st -> st.action() instanceof ConsumerAction.DeleteKey || st.action() instanceof ConsumerAction.LeaveGroup,
                    st -> st.action().describe(), spec.massDeleteAllowed());
            held = capped.held();
            results.addAll(apply(admin, name, seen.observed().consumer().map(ObservedConsumer::id).orElse(null), tags, desired,
                    new KongConsumerPlanner.ConsumerPlan(capped.steps(), plan.differences(), plan.adoptions()), consumerId::set));
        }
        seen.consumerId().ifPresent(consumerId::set);
        Map<String, String> shownKeys = new LinkedHashMap<>();
        desired.keys().forEach(k -> shownKeys.put(k.name(), SecretMask.MASK));
        KongConsumerExternal external = new KongConsumerExternal(consumerId.get(), username, shownKeys);

        List<PassReport.Finding> findings = findings(plan);
        PassReport report = new PassReport(generation, findings, results, held, blocker, spec.isPaused(), external.fields(),
                List.of(), MATCHES);
        StatusDerivation.Derived derived = proposals.announce(StatusDerivation.derive(status, report, now), gate, results);
        if (!generated.isEmpty()) {
            List<NewEvent> events = new ArrayList<>(generated);
            events.addAll(derived.events());
            derived = new StatusDerivation.Derived(derived.status(), events, derived.retry());
        }
        if (blocker != null) {
            return new Outcome.Failed(derived);
        }
        if (results.stream().anyMatch(r -> r instanceof ActionResult.Applied)) {
            return new Outcome.Progressing(CONFIRM_AFTER, derived);
        }
        return new Outcome.InSync(kong.pollInterval(), derived);
    }

    /** DELETE: with deletionPolicy Delete, remove the consumer Tether owns; its generated keys are forgotten either way. */
    private Outcome cleanup(StoredResource resource) {
        KongConsumerSpec spec = (KongConsumerSpec) resource.typedSpec();
        String owner = KongServiceReconciler.ownerTag(Kind.KONG_CONSUMER, resource.name());
        Optional<Gateway> gw = gateways.resolve(spec.gateway() == null ? "default" : spec.gateway());
        if (gw.isPresent() && spec.deletion() == DeletionPolicy.DELETE) {
            gw.get().admin().findConsumer(username(spec, resource.name())).filter(c -> c.tags().contains(owner))
                    .ifPresent(c -> gw.get().admin().deleteConsumer(c.id()));
        }
        secrets.deleteAll(Kind.KONG_CONSUMER.manifestName(), resource.name());
        return new Outcome.Deleted();
    }

    private static String username(KongConsumerSpec spec, String name) {
        return spec.username() != null ? spec.username() : name;
    }

    /** The desired consumer; a key declared for the first time is generated now (and says so in {@code events}). */
    /**
     * What one pass sees and decides: the gateway (null: none to act on yet), the desired
     * consumer, Kong's, and the plan. The pass and {@link #preview} both take it from here.
     */
    private record Planned(Gateway gateway, KongConsumerPlanner.Desired desired, KongConsumerPlanner.Desired lastApplied,
                           Observation seen, KongConsumerPlanner.ConsumerPlan plan, PassReport.Blocker blocker) {

        /** The same observation planned under another drift policy (an approved proposal: revert). */
        Planned replanned(DriftPolicy policy, boolean paused) {
            return new Planned(gateway, desired, lastApplied, seen,
                    KongConsumerPlanner.plan(desired, lastApplied, seen.observed(), policy, paused), blocker);
        }
    }

    /**
     * What tells one drift of the consumer's keys from another, their values being masked in a
     * proposal: a digest of the values Kong holds, keyed by the values Tether generated.
     */
    private static String witness(Planned planned) {
        List<String> held = new ArrayList<>();
        planned.desired().keys().forEach(k -> held.add(String.valueOf(planned.seen().observed().ownedKeys().get(k.credentialId()))));
        return Proposals.witness(String.join(",", planned.desired().keys().stream().map(KongConsumerPlanner.DesiredKey::value)
                .toList()), held);
    }

    /** @param generated where keys generated for this pass are announced; null for a preview, which generates none */
    private Planned observeAndPlan(Long resourceId, String name, KongConsumerSpec spec, ResourceStatus status,
                                   List<NewEvent> generated) {
        String gatewayName = spec.gateway() == null ? "default" : spec.gateway();
        Optional<Gateway> gw = gateways.resolve(gatewayName);
        if (gw.isEmpty()) {
            return new Planned(null, null, null, null, null, null);
        }
        String owner = KongServiceReconciler.ownerTag(Kind.KONG_CONSUMER, name);
        String username = username(spec, name);
        KongConsumerPlanner.Desired desired = desired(name, spec, generated);
        KongConsumerPlanner.Desired lastApplied = resourceId == null ? null : lastApplied(resourceId, name, status);
        Observation seen = observe(gw.get().admin(), username, owner);
        KongConsumerPlanner.ConsumerPlan plan = new KongConsumerPlanner.ConsumerPlan(List.of(), List.of(), List.of());
        PassReport.Blocker blocker = null;
        if (seen.failure() == null && seen.observed().consumer().isPresent()
                && !seen.observed().consumer().get().tags().contains(owner) && !spec.adoptsExisting()) {
            blocker = new PassReport.Blocker("AlreadyExists", "A Kong consumer named " + username
                    + " exists and is not managed by Tether; set spec.adoptExisting: true to manage it");
        } else if (seen.failure() == null) {
            plan = KongConsumerPlanner.plan(desired, lastApplied, seen.observed(), spec.drift(), spec.isPaused());
        }
        return new Planned(gw.get(), desired, lastApplied, seen, plan, blocker);
    }

    private static List<PassReport.Finding> findings(KongConsumerPlanner.ConsumerPlan plan) {
        return plan.differences().stream()
                .map(d -> new PassReport.Finding(d.path(), d.desired(), d.observed(), null, d.verdict())).toList();
    }

    /**
     * What the next pass would do in Kong for this consumer (stored or proposed spec): the pass's
     * own observation and plan, nothing written, no key generated. Key values are never shown.
     */
    @Override
    public List<PlanStep> preview(String name, ObjectNode specNode) {
        KongConsumerSpec spec = (KongConsumerSpec) ResourceSpec.of(Kind.KONG_CONSUMER, specNode);
        Optional<StoredResource> stored = store.find(Kind.KONG_CONSUMER, name);
        ResourceStatus status = stored.map(r -> statuses.get(r.id())).orElseGet(() -> ResourceStatus.pending(clock.instant()));
        Planned planned = observeAndPlan(stored.map(StoredResource::id).orElse(null), name, spec, status, null);
        String kind = Kind.KONG_CONSUMER.manifestName();
        if (planned.gateway() == null) {
            return List.of(PlanStep.held(kind, name, "waiting", null, null, null,
                    "Waiting for KongGateway/" + (spec.gateway() == null ? "default" : spec.gateway()) + " to exist"));
        }
        ActionResult.rethrow(planned.seen().failure());
        if (planned.blocker() != null) {
            return List.of(PlanStep.held(kind, name, "blocked", "username", null, username(spec, name), planned.blocker().message()));
        }
        Map<String, String> actions = PlanStep.actionsByPath(planned.plan().steps(), KongConsumerPlanner.ConsumerPlan.Step::paths,
                st -> st.action().describe());
        return findings(planned.plan()).stream().map(f -> PlanStep.of(kind, name, f, actions)).toList();
    }

    private KongConsumerPlanner.Desired desired(String name, KongConsumerSpec spec, List<NewEvent> events) {
        List<KongConsumerPlanner.DesiredKey> keys = new ArrayList<>();
        for (KongConsumerSpec.KeyAuth k : spec.keyAuth() == null ? List.<KongConsumerSpec.KeyAuth>of() : spec.keyAuth()) {
            Optional<String> known = secrets.get(Kind.KONG_CONSUMER.manifestName(), name, keyPurpose(k.name()));
            if (events == null) {
                // a preview generates nothing: a key not generated yet is planned with a value no credential has
                keys.add(new KongConsumerPlanner.DesiredKey(k.name(), credentialId(name, k.name()), known.orElse("")));
                continue;
            }
            String value = known.orElseGet(() -> {
                byte[] bytes = new byte[32];
                random.nextBytes(bytes);
                String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                secrets.put(Kind.KONG_CONSUMER.manifestName(), name, keyPurpose(k.name()), fresh);
                events.add(NewEvent.normal("KeyGenerated", "Generated key-auth key " + k.name()
                        + "; stored encrypted, shown once on request", "tether"));
                return fresh;
            });
            keys.add(new KongConsumerPlanner.DesiredKey(k.name(), credentialId(name, k.name()), value));
        }
        return new KongConsumerPlanner.Desired(username(spec, name), spec.customId(), keys,
                new LinkedHashSet<>(spec.acls() == null ? List.of() : spec.acls()));
    }

    /** What the last applied spec asked for (key values are the same secrets: only whether a key was declared matters). */
    private KongConsumerPlanner.Desired lastApplied(long resourceId, String name, ResourceStatus status) {
        Long applied = status.lastAppliedGeneration();
        if (applied == null) {
            return null;
        }
        return store.generationSpec(resourceId, applied).map(s -> (KongConsumerSpec) ResourceSpec.of(Kind.KONG_CONSUMER, s))
                .map(last -> new KongConsumerPlanner.Desired(username(last, name), last.customId(),
                        (last.keyAuth() == null ? List.<KongConsumerSpec.KeyAuth>of() : last.keyAuth()).stream()
                                .map(k -> new KongConsumerPlanner.DesiredKey(k.name(), credentialId(name, k.name()), null))
                                .toList(),
                        new LinkedHashSet<>(last.acls() == null ? List.of() : last.acls())))
                .orElse(null);
    }

    /** What Kong holds of the consumer; {@code failure} set when the Admin API could not be read. */
    private record Observation(KongConsumerPlanner.Observed observed, ActionResult failure) {
        Optional<String> consumerId() {
            return observed == null ? Optional.empty() : observed.consumer().map(ObservedConsumer::id);
        }
    }

    private Observation observe(KongAdminClient admin, String username, String owner) {
        KongConsumerPlanner.Observed[] seen = new KongConsumerPlanner.Observed[1];
        ActionResult r = ActionResult.attempt(List.of(), "read the Kong consumer " + username, "Observed", () -> {
            Optional<ObservedConsumer> consumer = admin.findConsumer(username);
            Map<String, String> ownedKeys = new HashMap<>();
            Set<String> ownedGroups = new HashSet<>();
            Set<String> allGroups = new HashSet<>();
            if (consumer.isPresent()) {
                admin.listKeyAuths(consumer.get().id()).stream().filter(c -> c.tags().contains(owner))
                        .forEach(c -> ownedKeys.put(c.id(), c.key()));
                admin.listAcls(consumer.get().id()).forEach(a -> {
                    allGroups.add(a.group());
                    if (a.tags().contains(owner)) {
                        ownedGroups.add(a.group());
                    }
                });
            }
            seen[0] = new KongConsumerPlanner.Observed(consumer, ownedKeys, ownedGroups, allGroups);
        });
        return r instanceof ActionResult.Applied ? new Observation(seen[0], null) : new Observation(null, r);
    }

    /** Runs each step on its own; a refused one never stops the others. */
    private List<ActionResult> apply(KongAdminClient admin, String name, String consumerId, List<String> tags,
                                     KongConsumerPlanner.Desired desired, KongConsumerPlanner.ConsumerPlan plan,
                                     Consumer<String> consumerIds) {
        Map<String, String> values = new HashMap<>();
        desired.keys().forEach(k -> values.put(k.credentialId(), k.value()));
        String[] id = {consumerId};
        List<ActionResult> results = new ArrayList<>();
        for (KongConsumerPlanner.ConsumerPlan.Step step : plan.steps()) {
            ConsumerAction a = step.action();
            ActionResult r = ActionResult.attempt(step.paths(), a.describe(), "ConsumerSet", () -> {
                switch (a) {
                    case ConsumerAction.UpsertConsumer u -> id[0] = admin.upsertConsumer(id[0] != null ? id[0] : u.username(),
                            new ConsumerSpec(u.username(), u.customId(), tags)).id();
                    case ConsumerAction.SetKey k -> admin.upsertKeyAuth(id[0], k.credentialId(), values.get(k.credentialId()), tags);
                    case ConsumerAction.DeleteKey k -> admin.deleteKeyAuth(id[0], k.credentialId());
                    case ConsumerAction.JoinGroup g -> admin.upsertAcl(id[0], g.group(), tags);
                    case ConsumerAction.LeaveGroup g -> admin.deleteAcl(id[0], g.group());
                }
            });
            if (r instanceof ActionResult.Applied) {
                log.info("resource=KongConsumer/{} action=\"{}\"", name, a.describe());
            }
            results.add(r);
        }
        if (id[0] != null) {
            consumerIds.accept(id[0]);
        }
        return results;
    }

    /** Drift policy adopt: the observed customId and ACL groups written back into the spec as a new generation. */
    private Optional<Long> adopt(StoredResource resource, KongConsumerPlanner.ConsumerPlan plan, KongConsumerPlanner.Observed observed) {
        ObjectNode spec = resource.spec().deepCopy();
        List<String> paths = new ArrayList<>();
        for (ServicePlan.Difference d : plan.adoptions()) {
            if (d.path().equals("customId")) {
                String have = observed.consumer().map(ObservedConsumer::customId).orElse(null);
                if (have == null) {
                    spec.remove("customId");
                } else {
                    spec.put("customId", have);
                }
            } else if (d.path().startsWith("acls.")) {
                String group = d.path().substring("acls.".length());
                ArrayNode acls = spec.get("acls") instanceof ArrayNode a ? a : spec.putArray("acls");
                ArrayNode kept = JsonNodeFactory.instance.arrayNode();
                acls.forEach(g -> {
                    if (!g.asString().equals(group)) {
                        kept.add(g);
                    }
                });
                if ("present".equals(d.observed())) {
                    kept.add(group);
                }
                spec.set("acls", kept);
            } else {
                continue;
            }
            paths.add(d.path());
        }
        if (paths.isEmpty()) {
            return Optional.empty();
        }
        return store.adopt(Kind.KONG_CONSUMER, resource.name(), resource.generation(), spec, null, String.join(", ", paths));
    }
}
