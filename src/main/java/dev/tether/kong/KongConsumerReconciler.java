package dev.tether.kong;

import dev.tether.secrets.SecretStore;
import dev.tether.manifest.DeletionPolicy;
import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.Kind;
import dev.tether.manifest.KongConsumerSpec;
import dev.tether.manifest.StoredResource;
import dev.tether.reconcile.Outcome;
import dev.tether.reconcile.ReconcileRequest;
import dev.tether.reconcile.Reconciler;
import dev.tether.status.Condition;
import dev.tether.status.Conditions;
import dev.tether.status.EventType;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps each {@code KongConsumer} true: the consumer, a generated key-auth key per declared
 * key (kept encrypted in the {@link SecretStore}; shown once on request, see
 * {@link ConsumerKeyController}), and its ACL groups. Out-of-band changes to the key or the
 * groups are reverted unless the drift policy says report.
 */
@Component
class KongConsumerReconciler implements Reconciler {

    private static final Logger log = LoggerFactory.getLogger(KongConsumerReconciler.class);

    private final GatewayResolver gateways;
    private final DesiredStateStore store;
    private final StatusStore statuses;
    private final SecretStore secrets;
    private final KongProperties kong;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    KongConsumerReconciler(GatewayResolver gateways, DesiredStateStore store, StatusStore statuses, SecretStore secrets,
                           KongProperties kong, Clock clock) {
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
        KongConsumerSpec spec = (KongConsumerSpec) resource.typedSpec();
        String name = resource.name();
        String owner = KongServiceReconciler.ownerTag(Kind.KONG_CONSUMER, name);
        List<String> tags = KongServiceReconciler.tags(Kind.KONG_CONSUMER, name);
        String username = spec.username() != null ? spec.username() : name;
        ResourceStatus status = statuses.get(resource.id());
        String gatewayName = spec.gateway() == null ? "default" : spec.gateway();
        Optional<Gateway> gw = gateways.resolve(gatewayName);

        if (resource.deleting()) {
            if (gw.isPresent() && spec.deletion() == DeletionPolicy.DELETE) {
                gw.get().admin().findConsumer(username).filter(c -> c.tags().contains(owner))
                        .ifPresent(c -> gw.get().admin().deleteConsumer(c.id()));
            }
            secrets.deleteAll(Kind.KONG_CONSUMER.manifestName(), name);
            return new Outcome.Deleted();
        }
        if (gw.isEmpty()) {
            setStatus(resource, status, "False", "WaitingForDependency", "Waiting for KongGateway/" + gatewayName, status.external());
            return new Outcome.Waiting("KongGateway/" + gatewayName, Duration.ofSeconds(3));
        }
        KongAdminClient admin = gw.get().admin();

        Optional<ObservedConsumer> consumer = admin.findConsumer(username);
        if (consumer.isPresent() && !consumer.get().tags().contains(owner) && !spec.adoptsExisting()) {
            setStatus(resource, status, "False", "AlreadyExists", "A Kong consumer named " + username
                    + " exists and is not managed by Tether; set spec.adoptExisting: true to manage it", status.external());
            return new Outcome.Failed();
        }

        List<KongConsumerPlanner.DesiredKey> keys = new ArrayList<>();
        for (KongConsumerSpec.KeyAuth k : spec.keyAuth() == null ? List.<KongConsumerSpec.KeyAuth>of() : spec.keyAuth()) {
            String value = secrets.get(Kind.KONG_CONSUMER.manifestName(), name, keyPurpose(k.name())).orElseGet(() -> {
                byte[] bytes = new byte[32];
                random.nextBytes(bytes);
                String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                secrets.put(Kind.KONG_CONSUMER.manifestName(), name, keyPurpose(k.name()), generated);
                store.recordEvent(resource.id(), EventType.Normal, "KeyGenerated", "Generated key-auth key " + k.name()
                        + "; stored encrypted, shown once on request", "tether");
                return generated;
            });
            keys.add(new KongConsumerPlanner.DesiredKey(k.name(), credentialId(name, k.name()), value));
        }
        Set<String> groups = new LinkedHashSet<>(spec.acls() == null ? List.of() : spec.acls());

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
        List<ConsumerAction> actions = KongConsumerPlanner.plan(
                new KongConsumerPlanner.Desired(username, spec.customId(), keys, groups),
                new KongConsumerPlanner.Observed(consumer, ownedKeys, ownedGroups, allGroups));

        boolean specChanged = status.observedGeneration() == null || status.observedGeneration() != resource.generation();
        boolean report = !specChanged && (spec.isPaused() || spec.drift().mode() != dev.tether.manifest.DriftPolicy.Mode.REVERT);
        if (!actions.isEmpty() && !specChanged) {
            store.recordEvent(resource.id(), EventType.Warning, "DriftDetected", "Changed in Kong outside Tether: "
                    + String.join("; ", actions.stream().map(ConsumerAction::describe).toList()) + " needed", null);
        }
        String consumerId = consumer.map(ObservedConsumer::id).orElse(null);
        if (!report) {
            Map<String, String> values = new HashMap<>();
            keys.forEach(k -> values.put(k.credentialId(), k.value()));
            for (ConsumerAction a : actions) {
                switch (a) {
                    case ConsumerAction.UpsertConsumer u ->
                            consumerId = admin.upsertConsumer(consumerId != null ? consumerId : u.username(),
                                    new ConsumerSpec(u.username(), u.customId(), tags)).id();
                    case ConsumerAction.SetKey k -> admin.upsertKeyAuth(consumerId, k.credentialId(), values.get(k.credentialId()), tags);
                    case ConsumerAction.DeleteKey k -> admin.deleteKeyAuth(consumerId, k.credentialId());
                    case ConsumerAction.JoinGroup g -> admin.upsertAcl(consumerId, g.group(), tags);
                    case ConsumerAction.LeaveGroup g -> admin.deleteAcl(consumerId, g.group());
                }
                store.recordEvent(resource.id(), EventType.Normal, "ConsumerSet", capitalize(a.describe()), "tether");
                log.info("resource=KongConsumer/{} action=\"{}\"", name, a.describe());
            }
        }

        Map<String, Object> external = new LinkedHashMap<>(status.external());
        if (consumerId != null) {
            external.put("consumerId", consumerId);
        }
        external.put("username", username);
        Map<String, Object> shownKeys = new LinkedHashMap<>();
        keys.forEach(k -> shownKeys.put(k.name(), dev.tether.manifest.SecretMask.MASK));
        external.put("keyAuth", shownKeys);
        boolean inSync = actions.isEmpty();
        boolean ready = inSync || report;
        String message = inSync ? "Kong matches the spec" : (report ? actions.size() + " difference(s) reported, not reverted"
                : "Applied: " + String.join("; ", actions.stream().map(ConsumerAction::describe).toList()));
        Instant now = clock.instant();
        List<Condition> c = Conditions.set(status.conditions(), Condition.READY, ready ? "True" : "False",
                inSync ? "InSync" : report ? "DriftReported" : "Progressing", message, now);
        c = Conditions.set(c, Condition.SYNCED, inSync ? "True" : "False", inSync ? "InSync" : "Differs", message, now);
        c = Conditions.set(c, Condition.DRIFTED, report && !inSync ? "True" : "False", report && !inSync ? "DriftDetected" : "NoDrift",
                report && !inSync ? message : "No drift", now);
        statuses.put(resource.id(), new ResourceStatus(inSync || !report ? Long.valueOf(resource.generation()) : status.observedGeneration(),
                c, now, external, status.drift()));
        return !inSync && !report ? new Outcome.Progressing(Duration.ofMillis(300)) : new Outcome.InSync(kong.pollInterval());
    }

    private void setStatus(StoredResource resource, ResourceStatus status, String ready, String reason, String message,
                           Map<String, Object> external) {
        Instant now = clock.instant();
        List<Condition> c = Conditions.set(status.conditions(), Condition.READY, ready, reason, message, now);
        c = Conditions.set(c, Condition.SYNCED, ready, reason, message, now);
        statuses.put(resource.id(), new ResourceStatus(status.observedGeneration(), c, now, external, status.drift()));
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
