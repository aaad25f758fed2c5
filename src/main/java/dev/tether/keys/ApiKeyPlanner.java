package dev.tether.keys;

import dev.tether.manifest.ApiKeySpec.RotationFormat;
import dev.tether.manifest.DriftPolicy;
import dev.tether.reconcile.DriftDecision;
import dev.tether.reconcile.DriftDecision.Verdict;
import dev.tether.reconcile.PassReport;
import dev.tether.reconcile.PassReport.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;

/**
 * Decides what an {@code ApiKey} needs, from facts only (no clock, no I/O): whether a key
 * exists, the rotation phase, what each target's config var holds, and whether the gateway
 * already sends the new key. The order of the rotation steps is what makes it lossless:
 * targets accept old and new before the gateway switches, and drop the old one only after the
 * gateway has switched and the grace period is over.
 *
 * <p>Each target that does not hold what the phase expects is classified by
 * {@link DriftDecision}: what the target should hold moved since Tether last set it (a new
 * target, a rotation step, a recreated app, another form) is a spec change, never drift; a
 * target Tether had set to exactly what is expected now and that holds something else has
 * drifted. Drift made by Tether's own account right after Tether reverted it is a second owner
 * fighting over the var: the planner holds off (growing delays) instead of flipping it every pass.
 */
final class ApiKeyPlanner {

    /** The first hold of a var two owners fight over; doubled on each fight after it. */
    static final Duration CONFLICT_BASE = Duration.ofSeconds(30);
    static final Duration CONFLICT_CAP = Duration.ofMinutes(30);

    private ApiKeyPlanner() {
    }

    /**
     * One target: the app resource and its current Heroku id, its config var (and the
     * {@code _PREVIOUS} companion with {@code separateVar}, else null), what they hold now (null:
     * unset), what Tether last set or confirmed there ({@code recorded}, a label), whether the last
     * applied spec had this target, who made the latest change to the app and whether that was
     * Tether's own account, and the run of Tether-account reverts on it.
     */
    record Target(String app, String appId, String configVar, String previousVar, String observed,
                  String observedPrevious, String recorded, boolean inLastApplied, String changedBy,
                  boolean changedByTether, Streak streak) {

        /** A target of the {@code list} form nothing was recorded for (every difference is a spec change). */
        static Target of(String app, String configVar, String observed) {
            return new Target(app, "id-" + app, configVar, null, observed, null, null, false, null, false, null);
        }

        Target withActor(String actor, boolean tether) {
            return new Target(app, appId, configVar, previousVar, observed, observedPrevious, recorded, inLastApplied,
                    actor, tether, streak);
        }

        String key() {
            return app + "/" + configVar;
        }

        RotationFormat format() {
            return previousVar == null ? RotationFormat.LIST : RotationFormat.SEPARATE_VAR;
        }

        @Override
        public String toString() {
            return "Target[app=" + app + ", configVar=" + configVar + ", observed=" + (observed == null ? "unset" : "<redacted>")
                    + ", recorded=" + recorded + "]";
        }
    }

    /**
     * Tether-account reverts of one target in a row, and until when the next one is held
     * (null: not holding).
     */
    record Streak(int reverts, Instant holdUntil) {
    }

    /** What is known about the key now. Values are compared, never put in an action. */
    record Facts(String current, String next, RotationPhase phase, Instant rotatedAt, Instant rotateRequestedAt,
                 Instant graceUntil, boolean gatewaySendsNext, Instant now, Duration rotateEvery, int version,
                 DriftPolicy policy, boolean paused) {

        Facts(String current, String next, RotationPhase phase, Instant rotatedAt, Instant rotateRequestedAt,
              Instant graceUntil, boolean gatewaySendsNext, Instant now, Duration rotateEvery) {
            this(current, next, phase, rotatedAt, rotateRequestedAt, graceUntil, gatewaySendsNext, now, rotateEvery, 1,
                    DriftPolicy.DEFAULT, false);
        }

        /** The facts once {@code key} is version 1 (just generated or adopted): what the pass after that one plans from. */
        Facts withKey(String key) {
            return new Facts(key, null, RotationPhase.STEADY, now, null, null, false, now, rotateEvery, 1, policy, paused);
        }

        /** The same facts under another drift policy. */
        Facts withPolicy(DriftPolicy other) {
            return new Facts(current, next, phase, rotatedAt, rotateRequestedAt, graceUntil, gatewaySendsNext, now, rotateEvery,
                    version, other, paused);
        }

        @Override
        public String toString() {
            return "Facts[phase=" + phase + ", version=" + version + ", rotatedAt=" + rotatedAt + ", now=" + now + "]";
        }
    }

    /** A var two owners fight over: not reverted again before {@code holdUntil}. */
    record Conflict(String app, String configVar, String changedBy, Instant holdUntil) {
    }

    /**
     * The plan of one pass.
     *
     * @param actions   in order
     * @param findings  every target that does not hold what it should, with its verdict
     * @param confirmed labels of the targets that already hold what they should (by target key)
     * @param streaks   the fight record to keep per target key (absent: none)
     * @param conflicts the vars held back this pass
     */
    record Plan(List<KeyAction> actions, List<Finding> findings, Map<String, String> confirmed,
                Map<String, Streak> streaks, List<Conflict> conflicts) {
    }

    static List<KeyAction> plan(List<Target> targets, Facts f) {
        return planPass(targets, f).actions();
    }

    static Plan planPass(List<Target> targets, Facts f) {
        return planPass(targets, f, false, true);
    }

    /**
     * The plan of one pass. With {@code adoptExisting} and no key yet, the value a target already
     * holds becomes version 1 ({@link KeyAction.AdoptKey}) instead of a new key, so what runs is
     * not changed (an import from Terraform); while a target could not be read yet
     * ({@code targetsComplete} false) and none holds a value, nothing is generated: the pass waits.
     */
    static Plan planPass(List<Target> targets, Facts f, boolean adoptExisting, boolean targetsComplete) {
        List<KeyAction> actions = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        Map<String, String> confirmed = new LinkedHashMap<>();
        Map<String, Streak> streaks = new HashMap<>();
        List<Conflict> conflicts = new ArrayList<>();
        Plan plan = new Plan(actions, findings, confirmed, streaks, conflicts);
        if (f.current() == null) {
            if (f.paused()) {
                return plan;
            }
            if (adoptExisting) {
                Optional<Target> holder = targets.stream().filter(t -> t.observed() != null && !t.observed().isEmpty())
                        .findFirst();
                if (holder.isPresent()) {
                    actions.add(new KeyAction.AdoptKey(holder.get().app(), holder.get().configVar()));
                    return plan;
                }
                if (!targetsComplete) {
                    return plan;
                }
            }
            actions.add(new KeyAction.GenerateKey());
            return plan;
        }
        if (f.phase() == RotationPhase.STEADY && !f.paused()) {
            String why = rotationDue(f);
            if (why != null) {
                actions.add(new KeyAction.StartRotation(why));
                return plan;
            }
        }
        KeyAction.Value expected = expected(f);
        boolean allHold = true;
        boolean allSet = true;
        for (Target t : targets) {
            String label = label(t, expected, f);
            if (holds(t, expected, f)) {
                confirmed.put(t.key(), label);
                continue;
            }
            allHold = false;
            String path = path(t.app(), t.configVar());
            boolean specChanged = !t.inLastApplied() || !label.equals(t.recorded());
            Verdict verdict = DriftDecision.decide(path, specChanged, false, f.policy(), f.paused());
            String desired = "key " + versions(expected, f);
            String observed = t.observed() == null ? "unset" : "a value Tether did not set";
            KeyAction.SetTarget set = new KeyAction.SetTarget(t.app(), t.configVar(), t.previousVar(), expected, label);
            switch (verdict) {
                case APPLY -> {
                    actions.add(set);
                    findings.add(new Finding(path, desired, observed, null, verdict));
                }
                case REVERT -> {
                    Streak s = t.streak();
                    boolean fighting = t.changedByTether() && s != null && s.reverts() >= 1;
                    if (fighting && (s.holdUntil() == null || f.now().isBefore(s.holdUntil()))) {
                        Instant until = s.holdUntil() != null ? s.holdUntil() : f.now().plus(hold(s.reverts()));
                        streaks.put(t.key(), new Streak(s.reverts(), until));
                        conflicts.add(new Conflict(t.app(), t.configVar(), t.changedBy(), until));
                        findings.add(new Finding(path, desired, observed, t.changedBy(), Verdict.REPORT));
                        allSet = false;
                    } else {
                        // a person's change, or the first (or a held-off) revert of Tether's own account's
                        if (t.changedByTether()) {
                            streaks.put(t.key(), new Streak(s == null ? 1 : s.reverts() + 1, null));
                        }
                        actions.add(set);
                        findings.add(new Finding(path, desired, observed, t.changedBy(), verdict));
                    }
                }
                case IGNORE -> allSet = false;
                default -> {
                    if (t.streak() != null) {
                        streaks.put(t.key(), t.streak());
                    }
                    findings.add(new Finding(path, desired, observed, t.changedBy(), verdict));
                    allSet = false;
                }
            }
        }
        if (f.paused()) {
            return plan;
        }
        switch (f.phase()) {
            case ACCEPT_BOTH -> {
                if (allHold) {
                    actions.add(new KeyAction.SwitchGateway());
                }
            }
            case SEND_NEW -> {
                if (allHold && f.gatewaySendsNext()) {
                    actions.add(new KeyAction.StartGrace());
                }
            }
            case GRACE -> {
                if (expected == KeyAction.Value.NEXT && allSet) {
                    actions.add(new KeyAction.FinishRotation());
                }
            }
            case STEADY -> {
            }
        }
        return plan;
    }

    /**
     * Why the key cannot be Ready while vars are fought over ({@code OwnershipConflict}, naming
     * each var, who changed it and until when it is left alone), or null when none is.
     */
    static PassReport.Blocker ownershipBlocker(List<Conflict> conflicts) {
        if (conflicts.isEmpty()) {
            return null;
        }
        return new PassReport.Blocker("OwnershipConflict", String.join("; ", conflicts.stream()
                .map(c -> c.configVar() + " on " + c.app() + " is changed back by Tether's own account"
                        + (c.changedBy() == null ? "" : " (" + c.changedBy() + ")")
                        + " after each revert: another owner (a HerokuApp's configVars or another ApiKey) claims it;"
                        + " not reverting it again before " + c.holdUntil()).toList()));
    }

    /** What every target should hold in this phase. */
    static KeyAction.Value expected(Facts f) {
        return switch (f.phase()) {
            case STEADY -> KeyAction.Value.CURRENT;
            case ACCEPT_BOTH, SEND_NEW -> KeyAction.Value.CURRENT_AND_NEXT;
            case GRACE -> f.graceUntil() != null && !f.now().isBefore(f.graceUntil())
                    ? KeyAction.Value.NEXT : KeyAction.Value.CURRENT_AND_NEXT;
        };
    }

    /** True when the target does not hold what it should and the difference is drift, not a spec change. */
    static boolean drifted(Target t, Facts f) {
        KeyAction.Value expected = expected(f);
        return f.current() != null && !holds(t, expected, f) && t.inLastApplied() && label(t, expected, f).equals(t.recorded());
    }

    /** How long a fought-over var is left alone after the {@code reverts}-th revert. */
    static Duration hold(int reverts) {
        Duration d = CONFLICT_BASE.multipliedBy(1L << Math.min(Math.max(reverts - 1, 0), 16));
        return d.compareTo(CONFLICT_CAP) > 0 ? CONFLICT_CAP : d;
    }

    /** Why a rotation is due now, or null. */
    static String rotationDue(Facts f) {
        if (f.rotateRequestedAt() != null && (f.rotatedAt() == null || f.rotateRequestedAt().isAfter(f.rotatedAt()))) {
            return "requested";
        }
        if (f.rotateEvery() != null && f.rotatedAt() != null && !f.now().isBefore(f.rotatedAt().plus(f.rotateEvery()))) {
            return "every " + f.rotateEvery();
        }
        return null;
    }

    /** The spec path of a target's var, as drift records and {@code driftPolicy.ignore} name it. */
    static String path(String app, String configVar) {
        return "targets." + app + "." + configVar;
    }

    private static boolean holds(Target t, KeyAction.Value v, Facts f) {
        if (t.previousVar() == null) {
            return Objects.equals(t.observed(), valueFor(v, f.current(), f.next()));
        }
        String[] want = separate(v, f.current(), f.next());
        return Objects.equals(t.observed(), want[0]) && Objects.equals(t.observedPrevious(), want[1]);
    }

    /** What a target holds once set for {@code v}: its app id, its form and the key versions; never a value. */
    static String label(Target t, KeyAction.Value v, Facts f) {
        return t.appId() + "/" + (t.previousVar() == null ? "list" : "separateVar") + "/" + versions(v, f);
    }

    private static String versions(KeyAction.Value v, Facts f) {
        boolean two = f.next() != null && !f.next().equals(f.current());
        return switch (v) {
            case CURRENT -> "v" + f.version();
            case CURRENT_AND_NEXT -> two ? "v" + f.version() + "+v" + (f.version() + 1) : "v" + f.version();
            case NEXT -> "v" + (f.version() + 1);
        };
    }

    /** The {@code list} form's value for an action: one key, or {@code old,new} during a rotation. */
    static String valueFor(KeyAction.Value value, String current, String next) {
        return switch (value) {
            case CURRENT -> current;
            case CURRENT_AND_NEXT -> next == null || next.equals(current) ? current : current + "," + next;
            case NEXT -> next;
        };
    }

    /** The {@code separateVar} form: {the var's value, the previous var's value or null (unset)}. */
    private static String[] separate(KeyAction.Value value, String current, String next) {
        return switch (value) {
            case CURRENT -> new String[] {current, null};
            case CURRENT_AND_NEXT -> next == null || next.equals(current) ? new String[] {current, null} : new String[] {next, current};
            case NEXT -> new String[] {next, null};
        };
    }

    /** The config var change one {@link KeyAction.SetTarget} makes (null: unset), in one PATCH. */
    static Map<String, String> values(KeyAction.SetTarget s, String current, String next) {
        Map<String, String> out = new HashMap<>();
        if (s.previousVar() == null) {
            out.put(s.configVar(), valueFor(s.value(), current, next));
        } else {
            String[] v = separate(s.value(), current, next);
            out.put(s.configVar(), v[0]);
            out.put(s.previousVar(), v[1]);
        }
        return out;
    }
}
