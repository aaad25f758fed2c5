package dev.tether.manifest;

import dev.tether.status.EventType;
import dev.tether.status.ResourceEvents;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The desired-state store: applies validated manifests atomically (all documents or none),
 * keeps every spec generation, and refuses writes that race a newer one. Specs that did not
 * change keep their generation, so re-applying the same files is a no-op.
 */
@Service
public class DesiredStateStore {

    /** Names per locking query: well inside PostgreSQL's limit on bind parameters. */
    private static final int LOCK_CHUNK = 1000;
    /** The advisory-lock space of config-var claims (the first key), and its stripes (the second). */
    private static final int CLAIM_LOCK_SPACE = 0x7e7e_0001;
    private static final int CLAIM_STRIPES = 64;

    private final ResourceRepository resources;
    private final GenerationRepository generations;
    private final StatusStore statuses;
    private final ResourceEvents events;
    private final JdbcClient jdbc;
    private final JsonMapper mapper;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final WorkIntake queue;
    private final SecretData secretData;
    private final ResourceReferences references;

    public DesiredStateStore(ResourceRepository resources, GenerationRepository generations, StatusStore statuses,
                             ResourceEvents events, JdbcClient jdbc, JsonMapper mapper, Clock clock,
                             PlatformTransactionManager txManager, WorkIntake queue, SecretData secretData,
                             ResourceReferences references) {
        this.references = references;
        this.queue = queue;
        this.secretData = secretData;
        this.resources = resources;
        this.generations = generations;
        this.statuses = statuses;
        this.events = events;
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.clock = clock;
        this.tx = new TransactionTemplate(txManager);
    }

    /**
     * Applies every manifest in one transaction. With {@code dryRun} the very same work is done
     * and then rolled back, so a dry run reports exactly what the real apply would do.
     *
     * @param ifMatch a resourceVersion the single document's resource must have (If-Match), or null
     */
    public ApplyResult apply(List<Manifest> manifests, String actor, boolean dryRun, Long ifMatch) {
        if (ifMatch != null && manifests.size() != 1) {
            throw new ResourceConflictException("If-Match applies to one resource; this request holds " + manifests.size()
                    + " documents (put metadata.resourceVersion in each instead)");
        }
        try {
            return tx.execute(status -> {
                refuseSecondOwners(manifests);
                Map<String, ResourceEntity> stored = lockStored(manifests);
                List<ApplyResult.Item> items = new ArrayList<>();
                List<ApplyResult.PlanEntry> plan = new ArrayList<>();
                List<ApplyResult.Warning> warnings = new ArrayList<>();
                for (Manifest m : manifests) {
                    Long expected = ifMatch != null ? ifMatch : m.resourceVersion();
                    ApplyResult.Item item = applyOne(m, stored.get(m.key()), expected, actor, plan);
                    items.add(item);
                    warnings.addAll(warnLiteralSecrets(m, item, actor));
                    // level-triggered: every apply asks the loop to look, changed or not
                    queue.enqueue(new ResourceKey(m.kind(), m.name()), clock.instant(), "Applied", false);
                }
                // one flush for the whole request: a flush per document dirty-checked every entity
                // loaded so far, which made a large apply quadratic
                resources.flush();
                if (dryRun) {
                    status.setRollbackOnly();
                }
                return new ApplyResult(items, dryRun ? plan : null).withWarnings(warnings);
            });
        } catch (DataIntegrityViolationException e) {
            // Another request created one of these resources between our read and our insert.
            throw new ResourceConflictException("a resource in this request was created concurrently by another request; apply again");
        }
    }

    /**
     * Locks the stored rows of every resource the request names with one query per kind (per
     * thousand names) rather than one per document, in name order so that two applies over the
     * same resources queue up instead of deadlocking.
     */
    private Map<String, ResourceEntity> lockStored(List<Manifest> manifests) {
        Map<Kind, SortedSet<String>> names = new EnumMap<>(Kind.class);
        for (Manifest m : manifests) {
            names.computeIfAbsent(m.kind(), k -> new TreeSet<>()).add(m.name());
        }
        Map<String, ResourceEntity> stored = new HashMap<>();
        names.forEach((kind, kindNames) -> {
            List<String> all = new ArrayList<>(kindNames);
            for (int from = 0; from < all.size(); from += LOCK_CHUNK) {
                for (ResourceEntity r : resources.findAllForUpdate(kind.manifestName(),
                        all.subList(from, Math.min(all.size(), from + LOCK_CHUNK)))) {
                    stored.put(r.kind() + "/" + r.name(), r);
                }
            }
        });
        return stored;
    }

    private void refuseSecondOwners(List<Manifest> manifests) {
        List<ConfigVarOwnership.Claimant> requested = new ArrayList<>();
        for (int document = 0; document < manifests.size(); document++) {
            requested.add(ConfigVarOwnership.Claimant.of(document, manifests.get(document)));
        }
        refuseSecondClaims(requested);
    }

    /**
     * Refuses (422, nothing stored) specs that claim a config var another resource owns (DESIGN
     * §2): checked against what is stored, less the resources the request replaces and those
     * being deleted, and against the request's own earlier documents. The claims are read under
     * transaction-scoped advisory locks, one per stripe of the apps involved, so two concurrent
     * applies cannot both take one var while applies on other apps rarely wait for each other.
     */
    private void refuseSecondClaims(List<ConfigVarOwnership.Claimant> requested) {
        Set<String> apps = ConfigVarOwnership.appsClaimedOn(requested);
        if (apps.isEmpty()) {
            return;
        }
        SortedSet<Integer> stripes = new TreeSet<>();
        apps.forEach(app -> stripes.add(Math.floorMod(app.hashCode(), CLAIM_STRIPES)));
        for (int stripe : stripes) {
            jdbc.sql("SELECT pg_advisory_xact_lock(:space, :stripe)")
                    .param("space", CLAIM_LOCK_SPACE).param("stripe", stripe).query().singleRow();
        }
        Set<String> replaced = new HashSet<>();
        requested.forEach(c -> replaced.add(c.key()));
        List<ConfigVarOwnership.Claimant> stored = jdbc.sql("""
                        WITH apps AS (SELECT jsonb_array_elements_text(CAST(:apps AS jsonb)) AS app)
                        SELECT kind, name, spec FROM resources
                        WHERE deletion_requested_at IS NULL AND (
                            (kind = :appKind AND name IN (SELECT app FROM apps))
                            OR (kind = :keyKind AND jsonb_typeof(spec -> 'targets') = 'array' AND EXISTS (
                                SELECT 1 FROM jsonb_array_elements(spec -> 'targets') t
                                WHERE t ->> 'app' IN (SELECT app FROM apps))))
                        ORDER BY kind, name""")
                .param("appKind", Kind.HEROKU_APP.manifestName())
                .param("keyKind", Kind.API_KEY.manifestName())
                .param("apps", mapper.writeValueAsString(apps))
                .query((rs, n) -> new ConfigVarOwnership.Claimant(null, Kind.fromName(rs.getString("kind")).orElseThrow(),
                        rs.getString("name"), (ObjectNode) mapper.readTree(rs.getString("spec"))))
                .list()
                .stream()
                .filter(c -> !replaced.contains(c.key()))
                .toList();
        List<ManifestProblem> problems = ConfigVarOwnership.conflicts(stored, requested);
        if (!problems.isEmpty()) {
            throw new ManifestException.Invalid(problems);
        }
    }

    private ApplyResult.Item applyOne(Manifest m, ResourceEntity stored, Long expectedVersion, String actor,
                                      List<ApplyResult.PlanEntry> plan) {
        Instant now = clock.instant();
        String kind = m.kind().manifestName();
        Optional<ResourceEntity> found = Optional.ofNullable(stored);
        if (expectedVersion != null) {
            long have = found.map(ResourceEntity::resourceVersion).orElse(0L);
            if (found.isEmpty() || have != expectedVersion) {
                throw new ResourceConflictException(m.key() + ": resourceVersion " + expectedVersion + " is stale"
                        + (found.isEmpty() ? " (the resource does not exist)" : " (it is now " + have + ")")
                        + "; read it again and reapply your change");
            }
        }
        // a Secret's values never reach the desired-state tables: its stored spec holds fingerprints
        ObjectNode spec = m.kind() == Kind.SECRET ? secretData.sealedSpec(m) : m.spec();
        String specJson = mapper.writeValueAsString(spec);
        String labelsJson = mapper.writeValueAsString(m.labels());
        if (found.isEmpty()) {
            // IDENTITY: the insert runs now and gives the id, without flushing the whole context
            ResourceEntity created = resources.save(new ResourceEntity(kind, m.name(), specJson, labelsJson, now));
            references.write(created.id(), m.kind(), spec);
            generations.save(new GenerationEntity(created.id(), 1, specJson, actor, "Applied", now));
            statuses.put(created.id(), ResourceStatus.pending(now));
            events.record(created.id(), EventType.Normal, "Created", "Generation 1 applied", actor);
            storeSecretValues(m);
            plan.add(new ApplyResult.PlanEntry(kind, m.name(), "create", "spec", null,
                    SecretMask.mask("spec", SecretData.shown(m.kind(), spec))));
            return new ApplyResult.Item(kind, m.name(), 1, created.resourceVersion(), true, "created");
        }
        ResourceEntity r = found.get();
        if (r.deletionRequestedAt() != null) {
            throw new ResourceConflictException(m.key() + " is being deleted; apply it again once the deletion has finished");
        }
        JsonNode storedSpec = mapper.readTree(r.spec());
        boolean specChanged = !storedSpec.equals(spec);
        boolean labelsChanged = !readLabels(r.labels()).equals(m.labels());
        if (specChanged) {
            storeSecretValues(m);
            for (SpecDiff.Change c : SpecDiff.diff(storedSpec, spec, "spec")) {
                plan.add(new ApplyResult.PlanEntry(kind, m.name(), "update", c.path(),
                        SecretMask.mask(c.path(), c.from()), SecretMask.mask(c.path(), c.to())));
            }
            r.newSpec(specJson, now);
            references.write(r.id(), m.kind(), spec);
            generations.save(new GenerationEntity(r.id(), r.generation(), specJson, actor, "Applied", now));
            events.record(r.id(), EventType.Normal, "Updated", "Generation " + r.generation() + " applied", actor);
        }
        if (labelsChanged) {
            plan.add(new ApplyResult.PlanEntry(kind, m.name(), "update", "metadata.labels",
                    mapper.valueToTree(readLabels(r.labels())), mapper.valueToTree(m.labels())));
            r.newLabels(labelsJson, now);
            if (!specChanged) {
                events.record(r.id(), EventType.Normal, "LabelsUpdated", "Labels changed; the spec is unchanged", actor);
            }
        }
        boolean changed = specChanged || labelsChanged;
        return new ApplyResult.Item(kind, m.name(), r.generation(), r.resourceVersion(), changed,
                changed ? "updated" : "unchanged");
    }

    /** The apply's warnings for this document; each is also a Warning event when it came with a new generation. */
    private List<ApplyResult.Warning> warnLiteralSecrets(Manifest m, ApplyResult.Item item, String actor) {
        List<ApplyResult.Warning> warnings = LiteralSecretWarnings.of(m);
        if (!warnings.isEmpty() && item.changed()) {
            resources.findByKindAndName(m.kind().manifestName(), m.name()).ifPresent(r -> warnings.forEach(w ->
                    events.record(r.id(), EventType.Warning, w.reason(), w.message(), actor)));
        }
        return warnings;
    }

    private void storeSecretValues(Manifest m) {
        if (m.kind() == Kind.SECRET) {
            secretData.store(m);
        }
    }

    /** Makes an old generation's spec current again, as a new generation. */
    public ApplyResult.Item rollback(Kind kind, String name, long toGeneration, Long ifMatch, String actor) {
        if (kind == Kind.SECRET) {
            // only the current values are kept (encrypted); an old generation holds fingerprints, not values
            throw new ResourceConflictException(kind + "/" + name + " cannot be rolled back: a Secret keeps only its current"
                    + " values; apply the old values again instead");
        }
        return tx.execute(status -> {
            // generations never change: read the old spec first, so that its config-var claims are
            // locked (as an apply locks them) before the resource's row
            // (plain SQL, so that no stale copy of the row enters the persistence context before its lock)
            jdbc.sql("""
                            SELECT g.spec FROM resource_generations g JOIN resources r ON r.id = g.resource_id
                            WHERE r.kind = :kind AND r.name = :name AND g.generation = :generation""")
                    .param("kind", kind.manifestName()).param("name", name).param("generation", toGeneration)
                    .query(String.class).optional()
                    // a rollback is an apply of an old spec: it may not take a var another resource now owns
                    .ifPresent(spec -> refuseSecondClaims(List.of(
                            new ConfigVarOwnership.Claimant(null, kind, name, (ObjectNode) mapper.readTree(spec)))));
            ResourceEntity r = lockExisting(kind, name, ifMatch);
            if (r.deletionRequestedAt() != null) {
                throw new ResourceConflictException(kind + "/" + name + " is being deleted");
            }
            GenerationEntity target = generations.findByResourceIdAndGeneration(r.id(), toGeneration)
                    .orElseThrow(() -> new ResourceNotFoundException(kind + "/" + name + " has no generation " + toGeneration
                            + " (it has 1 to " + r.generation() + ")"));
            JsonNode current = mapper.readTree(r.spec());
            if (current.equals(mapper.readTree(target.spec()))) {
                return new ApplyResult.Item(kind.manifestName(), name, r.generation(), r.resourceVersion(), false, "unchanged");
            }
            Instant now = clock.instant();
            r.newSpec(target.spec(), now);
            references.write(r.id(), kind, target.spec());
            generations.save(new GenerationEntity(r.id(), r.generation(), target.spec(), actor,
                    "RolledBack from " + toGeneration, now));
            events.record(r.id(), EventType.Normal, "RolledBack",
                    "Generation " + r.generation() + " restores the spec of generation " + toGeneration, actor);
            resources.flush();
            queue.enqueue(new ResourceKey(kind, name), now, "RolledBack", false);
            return new ApplyResult.Item(kind.manifestName(), name, r.generation(), r.resourceVersion(), true, "updated");
        });
    }

    /**
     * Marks the resource as deleting. The control loop carries out its deletion policy and then
     * removes it; until then it stays visible with its deletion time.
     */
    public StoredResource markDeleting(Kind kind, String name, Long ifMatch, String actor) {
        return markDeleting(kind, name, ifMatch, actor, List.of());
    }

    /**
     * The same, with allowances the person deleting gives ({@code allowDestroyData},
     * {@code allowMassDelete}): each is set to true in the spec, as a new generation recorded with
     * the actor, before the deletion is marked. Given again for a resource already being deleted
     * (its deletion held), they lift the hold.
     */
    public StoredResource markDeleting(Kind kind, String name, Long ifMatch, String actor, List<String> allows) {
        return tx.execute(status -> {
            ResourceEntity r = lockExisting(kind, name, ifMatch);
            ObjectNode spec = (ObjectNode) mapper.readTree(r.spec());
            List<String> added = allows.stream().filter(a -> !spec.path(a).asBoolean(false)).toList();
            if (!added.isEmpty()) {
                added.forEach(a -> spec.put(a, true));
                String json = mapper.writeValueAsString(spec);
                Instant now = clock.instant();
                r.newSpec(json, now);
                references.write(r.id(), kind, spec);
                generations.save(new GenerationEntity(r.id(), r.generation(), json, actor, "Deleted with " + String.join(", ", added), now));
                events.record(r.id(), EventType.Normal, "Updated", "Generation " + r.generation() + " allows the deletion: "
                        + String.join(", ", added.stream().map(a -> a + ": true").toList()), actor);
                resources.flush();
                queue.enqueue(new ResourceKey(kind, name), clock.instant(), "Deleted", false);
            }
            if (r.deletionRequestedAt() == null) {
                r.markDeleting(clock.instant());
                events.record(r.id(), EventType.Normal, "DeletionRequested",
                        "Deletion requested; the deletion policy is carried out by the control loop", actor);
                resources.flush();
                queue.enqueue(new ResourceKey(kind, name), clock.instant(), "Deleted", false);
            }
            return view(r);
        });
    }

    /**
     * Removes a resource whose deletion the loop has carried out (its spec history goes with it;
     * its timeline stays, readable by kind and name, ending with a {@code Deleted} event). Does
     * nothing unless a deletion was requested.
     */
    public void forget(Kind kind, String name) {
        tx.executeWithoutResult(status -> resources.findForUpdate(kind.manifestName(), name)
                .filter(r -> r.deletionRequestedAt() != null)
                .ifPresent(r -> {
                    if (Kind.SECRET.manifestName().equals(r.kind())) {
                        secretData.forget(r.name());
                    }
                    events.record(r.id(), EventType.Normal, "Deleted", "Deletion finished; " + kind.manifestName() + "/" + name
                            + " is no longer managed by Tether (this timeline stays readable)", "tether");
                    resources.delete(r);
                }));
    }

    /** Records an event on a resource's timeline, in a transaction of its own. */
    public void recordEvent(long resourceId, EventType type, String reason, String message, String actor) {
        tx.executeWithoutResult(status -> events.record(resourceId, type, reason, message, actor));
    }

    /** The spec a resource had at one generation, if that generation exists. */
    public Optional<ObjectNode> generationSpec(long resourceId, long generation) {
        return generations.findByResourceIdAndGeneration(resourceId, generation)
                .map(g -> (ObjectNode) mapper.readTree(g.spec()));
    }

    /**
     * Writes drift back into the spec as a new generation (drift policy {@code adopt}), recorded
     * with who made the change. Refused (empty) when the spec moved on since {@code basedOn}:
     * a user's newer apply wins over an adoption planned against the old one.
     */
    public Optional<Long> adopt(Kind kind, String name, long basedOn, ObjectNode newSpec, String actor, String message) {
        return tx.execute(status -> {
            ResourceEntity r = resources.findForUpdate(kind.manifestName(), name).orElse(null);
            if (r == null || r.generation() != basedOn || r.deletionRequestedAt() != null) {
                return Optional.<Long>empty();
            }
            String json = mapper.writeValueAsString(newSpec);
            Instant now = clock.instant();
            r.newSpec(json, now);
            references.write(r.id(), kind, newSpec);
            generations.save(new GenerationEntity(r.id(), r.generation(), json, actor == null ? "unknown" : actor,
                    "Adopted drift", now));
            events.record(r.id(), EventType.Normal, "DriftAdopted",
                    "Generation " + r.generation() + " adopts " + message, actor);
            resources.flush();
            return Optional.of(r.generation());
        });
    }

    /**
     * The resources whose spec refers to {@code key} (deleting ones included, never {@code key}
     * itself), in kind and name order: one indexed lookup ({@link ResourceReferences}).
     */
    public List<ResourceKey> referring(ResourceKey key) {
        return references.referring(key);
    }

    public Optional<StoredResource> find(Kind kind, String name) {
        return resources.findByKindAndName(kind.manifestName(), name).map(this::view);
    }

    public StoredResource get(Kind kind, String name) {
        return find(kind, name).orElseThrow(() -> notFound(kind, name));
    }

    /**
     * Resources in kind and name order, optionally of one kind and carrying all the given labels.
     */
    public List<StoredResource> list(Optional<Kind> kind, Map<String, String> labels) {
        String labelJson = mapper.writeValueAsString(labels);
        List<Long> ids = jdbc.sql("""
                        SELECT id FROM resources
                        WHERE (CAST(:kind AS text) IS NULL OR kind = :kind) AND labels @> CAST(:labels AS jsonb)
                        ORDER BY kind, name""")
                .param("kind", kind.map(Kind::manifestName).orElse(null))
                .param("labels", labelJson)
                .query(Long.class)
                .list();
        Map<Long, ResourceEntity> byId = new LinkedHashMap<>();
        resources.findAllById(ids).forEach(r -> byId.put(r.id(), r));
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).map(this::view).toList();
    }

    /** The resources with these ids that still exist, in no particular order. */
    public List<StoredResource> byIds(java.util.Collection<Long> ids) {
        List<StoredResource> out = new ArrayList<>(ids.size());
        resources.findAllById(ids).forEach(r -> out.add(view(r)));
        return out;
    }

    public List<GenerationView> generations(Kind kind, String name) {
        StoredResource r = get(kind, name);
        return generations.findByResourceIdOrderByGenerationDesc(r.id()).stream()
                .map(g -> new GenerationView(g.generation(), SecretData.shown(kind, (ObjectNode) mapper.readTree(g.spec())),
                        g.actor(), g.cause(), g.createdAt()))
                .toList();
    }

    private ResourceEntity lockExisting(Kind kind, String name, Long ifMatch) {
        ResourceEntity r = resources.findForUpdate(kind.manifestName(), name).orElseThrow(() -> notFound(kind, name));
        if (ifMatch != null && r.resourceVersion() != ifMatch) {
            throw new ResourceConflictException(kind + "/" + name + ": resourceVersion " + ifMatch
                    + " is stale (it is now " + r.resourceVersion() + "); read it again and retry");
        }
        return r;
    }

    private static ResourceNotFoundException notFound(Kind kind, String name) {
        return new ResourceNotFoundException(kind.manifestName() + "/" + name + " does not exist");
    }

    private Map<String, String> readLabels(String json) {
        return mapper.readValue(json, new TypeReference<Map<String, String>>() { });
    }

    private StoredResource view(ResourceEntity r) {
        Kind kind = Kind.fromName(r.kind()).orElseThrow();
        return new StoredResource(r.id(), kind, r.name(), readLabels(r.labels()),
                SecretData.shown(kind, (ObjectNode) mapper.readTree(r.spec())), r.generation(), r.resourceVersion(),
                r.deletionRequestedAt(), r.createdAt(), r.updatedAt());
    }
}
