package dev.tether.reconcile;

import dev.tether.manifest.DriftPolicy;
import dev.tether.manifest.Kind;
import dev.tether.manifest.ResourceConflictException;
import dev.tether.manifest.ResourceNotFoundException;
import dev.tether.manifest.StoredResource;
import dev.tether.status.NewEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The proposals {@code driftPolicy.mode: approve} waits on (DESIGN §2c), in PostgreSQL. A pass
 * that finds drift to propose asks {@link #gate}: the same drift (same spec generation, same
 * paths, same from/to) is proposed once; a proposal lapses when the world or the spec moves on
 * (the drift changed or went, the spec has a new generation), and the next pass proposes again. An
 * approved proposal is carried out by the next pass whose drift still matches it; a rejected one
 * is left alone until the drift changes. Values in a proposal are already masked by the planner.
 */
@Component
public class Proposals {

    /** One difference a proposal would put right: the world's value {@code from}, the spec's {@code to}. */
    public record Change(String path, Object from, Object to) {
    }

    /**
     * @param state {@code open} (waiting for a person), {@code approved}, {@code rejected},
     *              {@code lapsed} (the world or the spec moved on) or {@code applied}
     */
    public record Proposal(long id, String kind, String name, long generation, List<Change> actions, String driftActor,
                           Instant driftAt, Instant createdAt, String state, String decidedBy, Instant decidedAt) {
    }

    /**
     * What a pass may do about the drift it would propose.
     *
     * @param approved a proposal for exactly this drift that a person approved: carry it out
     * @param created  a proposal this pass just made (announce it: {@code ProposalCreated})
     */
    public record Gate(Optional<Proposal> approved, Optional<Proposal> created) {
        public static final Gate NOTHING = new Gate(Optional.empty(), Optional.empty());
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    public Proposals(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Approve mode's part of a pass, the same for every kind: nothing unless the resource's
     * {@code driftPolicy.mode} is {@code approve}; else the pass's findings that the drift decision
     * said to propose ({@link DriftDecision.Verdict#APPROVE}) go through {@link #gate}. When the
     * answer carries an approved proposal, the pass plans again in revert mode and carries it out.
     */
    public Gate consider(Kind kind, StoredResource resource, DriftPolicy policy, List<PassReport.Finding> findings, Instant now) {
        return consider(kind, resource, policy, findings, null, now);
    }

    /**
     * As {@link #consider(Kind, StoredResource, DriftPolicy, List, Instant)}, for a kind whose
     * from/to are masked (a key's value is never shown): {@code witness} tells one drift from
     * another without showing it (a keyed digest of the values found), so a second hand-made
     * change after a rejection is proposed again though its from/to read the same.
     */
    public Gate consider(Kind kind, StoredResource resource, DriftPolicy policy, List<PassReport.Finding> findings,
                         String witness, Instant now) {
        if (policy.mode() != DriftPolicy.Mode.APPROVE) {
            return Gate.NOTHING;
        }
        List<PassReport.Finding> proposed = findings.stream().filter(f -> f.verdict() == DriftDecision.Verdict.APPROVE).toList();
        return gate(kind, resource.name(), resource.generation(), proposed, witness, now);
    }

    /**
     * Lapses proposals the world or the spec has moved past, makes a new one for drift not yet
     * proposed, and says whether an approved one may be carried out.
     */
    private Gate gate(Kind kind, String name, long generation, List<PassReport.Finding> proposed, String witness, Instant now) {
        String fingerprint = fingerprint(generation, proposed) + (witness == null || proposed.isEmpty() ? "" : "|#" + witness);
        Optional<Current> latest = jdbc.sql("""
                        SELECT id, fingerprint, state FROM drift_proposals
                        WHERE kind = :kind AND name = :name AND state IN ('open', 'approved', 'rejected')
                        ORDER BY id DESC LIMIT 1""")
                .param("kind", kind.manifestName()).param("name", name)
                .query((rs, n) -> new Current(rs.getLong("id"), rs.getString("fingerprint"), rs.getString("state")))
                .optional();
        if (!proposed.isEmpty() && latest.isPresent() && latest.get().fingerprint().equals(fingerprint)) {
            return latest.get().state().equals("approved") ? new Gate(get(latest.get().id()), Optional.empty()) : Gate.NOTHING;
        }
        jdbc.sql("""
                        UPDATE drift_proposals SET state = 'lapsed'
                        WHERE kind = :kind AND name = :name AND state IN ('open', 'approved')""")
                .param("kind", kind.manifestName()).param("name", name).update();
        if (proposed.isEmpty()) {
            return Gate.NOTHING;
        }
        List<Change> changes = proposed.stream().map(f -> new Change(f.path(), f.observed(), f.desired())).toList();
        String actor = proposed.stream().map(PassReport.Finding::actor).filter(a -> a != null).findFirst().orElse(null);
        long id = jdbc.sql("""
                        INSERT INTO drift_proposals (kind, name, generation, fingerprint, actions, drift_actor, drift_at, created_at, state)
                        VALUES (:kind, :name, :generation, :fingerprint, CAST(:actions AS jsonb), :actor, :now, :now, 'open')
                        RETURNING id""")
                .param("kind", kind.manifestName()).param("name", name).param("generation", generation)
                .param("fingerprint", fingerprint).param("actions", JSON.writeValueAsString(changes))
                .param("actor", actor).param("now", Timestamp.from(now))
                .query(Long.class).single();
        return new Gate(Optional.empty(), get(id));
    }

    /**
     * A digest of secret {@code values} keyed by {@code secret} (HMAC-SHA256): the same values
     * give the same witness, other values another, and neither can be read back from it, nor
     * guessed without the secret.
     */
    public static String witness(String secret, List<String> values) {
        if (secret == null || secret.isEmpty()) {
            return null;
        }
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            for (String v : values) {
                mac.update(String.valueOf(v).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                mac.update((byte) 0);
            }
            return java.util.HexFormat.of().formatHex(mac.doFinal());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** The approved proposal was carried out by a pass. */
    public void carriedOut(long id) {
        jdbc.sql("UPDATE drift_proposals SET state = 'applied' WHERE id = :id AND state = 'approved'").param("id", id).update();
    }

    /**
     * The pass's status and events with what {@link #gate} said: {@code ProposalCreated} for a new
     * proposal; for an approved one whose every revert applied, {@code ProposalApplied} attributed
     * to the person who approved it (and the proposal marked carried out).
     */
    public StatusDerivation.Derived announce(StatusDerivation.Derived derived, Gate gate, List<ActionResult> results) {
        List<NewEvent> events = new ArrayList<>(derived.events());
        gate.created().ifPresent(p -> events.add(NewEvent.warning("ProposalCreated", "Proposal #" + p.id() + " waits for approval: revert "
                + String.join(", ", p.actions().stream().map(c -> c.path() + " (" + c.from() + " → " + c.to() + ")").toList())
                + " (POST /api/v1/proposals/" + p.id() + "/approve or tether approve " + p.id() + ")", p.driftActor())));
        if (gate.approved().isPresent()) {
            Proposal p = gate.approved().get();
            java.util.Set<String> applied = new java.util.HashSet<>();
            results.stream().filter(r -> r instanceof ActionResult.Applied).forEach(r -> applied.addAll(r.paths()));
            if (p.actions().stream().allMatch(c -> applied.contains(c.path()))) {
                carriedOut(p.id());
                events.add(NewEvent.normal("ProposalApplied", "Carried out proposal #" + p.id() + " approved by " + p.decidedBy()
                        + ": reverted " + String.join(", ", p.actions().stream().map(Change::path).toList()), p.decidedBy()));
            }
        }
        return new StatusDerivation.Derived(derived.status(), events, derived.retry());
    }

    /** The spec as it would be in revert mode: what an approved proposal is carried out with. */
    public static tools.jackson.databind.node.ObjectNode reverting(tools.jackson.databind.node.ObjectNode spec) {
        tools.jackson.databind.node.ObjectNode copy = spec.deepCopy();
        tools.jackson.databind.JsonNode policy = copy.get("driftPolicy");
        tools.jackson.databind.node.ObjectNode p = policy instanceof tools.jackson.databind.node.ObjectNode o ? o
                : copy.putObject("driftPolicy");
        p.put("mode", "revert");
        return copy;
    }

    /**
     * A person's decision on an open proposal, recorded with who decided.
     *
     * @throws ResourceNotFoundException when there is no such proposal
     * @throws ResourceConflictException when it is no longer open (decided, lapsed or carried out)
     */
    public Proposal decide(long id, boolean approve, String by, Instant now) {
        Proposal p = get(id).orElseThrow(() -> new ResourceNotFoundException("proposal " + id + " does not exist"));
        int updated = jdbc.sql("""
                        UPDATE drift_proposals SET state = :state, decided_by = :by, decided_at = :now
                        WHERE id = :id AND state = 'open'""")
                .param("state", approve ? "approved" : "rejected").param("by", by).param("now", Timestamp.from(now))
                .param("id", id).update();
        if (updated == 0) {
            throw new ResourceConflictException("proposal " + id + " for " + p.kind() + "/" + p.name() + " is " + p.state()
                    + (p.decidedBy() == null ? "" : " (by " + p.decidedBy() + ")") + ", not open: only an open proposal can be decided");
        }
        return get(id).orElseThrow();
    }

    public Optional<Proposal> get(long id) {
        return jdbc.sql("SELECT * FROM drift_proposals WHERE id = :id").param("id", id).query(Proposals::row).optional();
    }

    /** Proposals, newest first, filtered by state, kind and name when given. */
    public List<Proposal> list(String state, Kind kind, String name) {
        return jdbc.sql("""
                        SELECT * FROM drift_proposals
                        WHERE (CAST(:state AS text) IS NULL OR state = :state)
                          AND (CAST(:kind AS text) IS NULL OR kind = :kind)
                          AND (CAST(:name AS text) IS NULL OR name = :name)
                        ORDER BY id DESC LIMIT 500""")
                .param("state", state).param("kind", kind == null ? null : kind.manifestName()).param("name", name)
                .query(Proposals::row).list();
    }

    private record Current(long id, String fingerprint, String state) {
    }

    /** The generation and each difference's path, from and to, in path order. */
    static String fingerprint(long generation, List<PassReport.Finding> proposed) {
        List<PassReport.Finding> sorted = new ArrayList<>(proposed);
        sorted.sort(Comparator.comparing(PassReport.Finding::path));
        StringBuilder sb = new StringBuilder().append(generation);
        for (PassReport.Finding f : sorted) {
            sb.append('|').append(f.path()).append('=').append(JSON.writeValueAsString(f.observed()))
                    .append("->").append(JSON.writeValueAsString(f.desired()));
        }
        return sb.toString();
    }

    private static Proposal row(ResultSet rs, int n) throws SQLException {
        List<Change> actions = JSON.readValue(rs.getString("actions"), new TypeReference<List<Change>>() { });
        return new Proposal(rs.getLong("id"), rs.getString("kind"), rs.getString("name"), rs.getLong("generation"), actions,
                rs.getString("drift_actor"), instant(rs.getTimestamp("drift_at")), instant(rs.getTimestamp("created_at")),
                rs.getString("state"), rs.getString("decided_by"), instant(rs.getTimestamp("decided_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
