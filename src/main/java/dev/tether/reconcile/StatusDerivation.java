package dev.tether.reconcile;

import dev.tether.reconcile.ActionResult.Applied;
import dev.tether.reconcile.ActionResult.Refused;
import dev.tether.reconcile.ActionResult.Retryable;
import dev.tether.reconcile.DriftDecision.Verdict;
import dev.tether.reconcile.PassReport.Finding;
import dev.tether.status.Condition;
import dev.tether.status.ConditionStatus;
import dev.tether.status.Conditions;
import dev.tether.status.NewEvent;
import dev.tether.status.ResourceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one pass into the resource's status and timeline entries: a pure function of
 * (previous status, what the pass found and did, now), the same for every kind, so Ready,
 * Synced and Drifted mean the same everywhere (DESIGN §4).
 *
 * <ul>
 *   <li><b>Ready</b> is False while something stops the resource being what the spec says: a
 *       blocker ({@code RequiresReplacement}, {@code WaitingForDependency}), a refused action (its
 *       reason, e.g. {@code ProcessTypeMissing}, with the path and the API's message), a held
 *       destructive action, or changes just applied ({@code Progressing}, until a pass confirms).
 *       A transient failure leaves Ready as it was: the world did not change because a call failed.</li>
 *   <li><b>Synced</b> is True only when nothing differs and every call of the pass succeeded.</li>
 *   <li><b>Drifted</b> is True while drift is shown (reported, paused, or not yet reverted).</li>
 *   <li>Events: new drift once ({@code DriftDetected}, with its actor), each applied action, the
 *       revert ({@code DriftReverted}), each new refusal or failure ({@code ReconcileFailed}), and each
 *       destructive action when it is first held ({@code DestructiveActionHeld}, a Warning).</li>
 * </ul>
 */
public final class StatusDerivation {

    static final String TETHER = "tether";

    private StatusDerivation() {
    }

    /**
     * @param status the status to write
     * @param events the timeline entries to record, in order
     * @param retry  set when a call failed in a way a later attempt may not: the loop backs off
     */
    public record Derived(ResourceStatus status, List<NewEvent> events, Optional<Retry> retry) {
    }

    /** A transient failure: requeue after backoff, or after the server's Retry-After. */
    public record Retry(String message, Optional<Duration> retryAfter, boolean rateLimited) {
    }

    public static Derived derive(ResourceStatus previous, PassReport report, Instant now) {
        List<Applied> applied = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        List<Retryable> retryable = new ArrayList<>();
        for (ActionResult r : report.results()) {
            switch (r) {
                case Applied a -> applied.add(a);
                case Refused f -> refused.add(f);
                case Retryable t -> retryable.add(t);
            }
        }
        Set<String> fixed = new HashSet<>();
        applied.forEach(a -> fixed.addAll(a.paths()));

        // drift: what stays visible, with when it was first seen and by whom
        Map<String, ResourceStatus.Drift> before = new HashMap<>();
        previous.drift().forEach(d -> before.put(d.path(), d));
        List<ResourceStatus.Drift> drift = new ArrayList<>();
        List<Finding> fresh = new ArrayList<>();
        List<Finding> reverted = new ArrayList<>();
        for (Finding f : report.findings()) {
            if (!f.verdict().shown()) {
                continue;
            }
            if (!before.containsKey(f.path()) && f.verdict() != Verdict.ADOPT) {
                fresh.add(f);
            }
            if (f.verdict() == Verdict.REVERT && fixed.contains(f.path())) {
                reverted.add(f);
                continue;
            }
            if (f.verdict() == Verdict.ADOPT) {
                continue; // written back into the spec by the reconciler: no longer a difference
            }
            ResourceStatus.Drift old = before.get(f.path());
            drift.add(new ResourceStatus.Drift(f.path(), f.desired(), f.observed(),
                    old != null ? old.firstSeen() : now, old != null && old.actor() != null ? old.actor() : f.actor()));
        }

        List<NewEvent> events = new ArrayList<>();
        if (!fresh.isEmpty()) {
            events.add(NewEvent.warning("DriftDetected", "Changed outside Tether: " + String.join(", ", fresh.stream()
                    .map(f -> f.path() + " (" + f.desired() + " → " + f.observed() + ")").toList()), fresh.getFirst().actor()));
        }
        for (Applied a : applied) {
            events.add(NewEvent.normal(a.eventReason(), capitalize(a.description()), TETHER));
        }
        if (!reverted.isEmpty()) {
            String actor = reverted.stream().map(Finding::actor).filter(java.util.Objects::nonNull).findFirst().orElse(null);
            events.add(NewEvent.normal("DriftReverted", "Reverted drift at " + String.join(", ",
                    reverted.stream().map(Finding::path).toList()) + (actor == null ? "" : " (changed by " + actor + ")"), TETHER));
        }
        String previousFailures = previous.condition(Condition.READY).map(Condition::message).orElse("")
                + "\n" + previous.condition(Condition.SYNCED).map(Condition::message).orElse("");
        for (Refused f : refused) {
            if (!previousFailures.contains(f.message())) {
                events.add(NewEvent.warning("ReconcileFailed", "Could not " + f.description() + ": " + f.message(), TETHER));
            }
        }
        for (String h : report.held()) {
            // a destructive action held back is said once, when it is first held
            if (!previousFailures.contains(h)) {
                events.add(NewEvent.warning("DestructiveActionHeld", "Held: " + h, TETHER));
            }
        }
        for (Retryable t : retryable) {
            if (!previousFailures.contains(t.message())) {
                events.add(NewEvent.warning("ReconcileFailed", "Could not " + t.description() + " (will retry): " + t.message(), TETHER));
            }
        }

        // Ready
        ConditionStatus ready;
        String reason;
        String message;
        Optional<Condition> wasReady = previous.condition(Condition.READY);
        if (report.blocker() != null) {
            ready = ConditionStatus.FALSE;
            reason = report.blocker().reason();
            message = report.blocker().message();
        } else if (!refused.isEmpty()) {
            ready = ConditionStatus.FALSE;
            reason = refused.getFirst().reason();
            message = String.join("; ", refused.stream().map(StatusDerivation::refusal).toList());
        } else if (!report.held().isEmpty()) {
            ready = ConditionStatus.FALSE;
            reason = "DestructiveActionHeld";
            message = "Held: " + String.join("; ", report.held());
        } else if (report.paused()) {
            ready = ConditionStatus.of(drift.isEmpty());
            reason = "Paused";
            message = drift.isEmpty() ? "Paused; " + lower(report.what()) : "Paused; " + drift.size() + " difference(s) not acted on";
        } else if (!retryable.isEmpty() && wasReady.isPresent() && !"Pending".equals(wasReady.get().reason())) {
            ready = wasReady.get().status();
            reason = wasReady.get().reason();
            message = wasReady.get().message();
        } else if (!retryable.isEmpty()) {
            ready = ConditionStatus.UNKNOWN;
            reason = retryable.getFirst().rateLimited() ? "RateLimited" : "ApiError";
            message = retryable.getFirst().message();
        } else if (!applied.isEmpty()) {
            ready = ConditionStatus.FALSE;
            reason = "Progressing";
            message = "Applied: " + String.join("; ", applied.stream().map(Applied::description).toList());
        } else {
            ready = ConditionStatus.TRUE;
            reason = drift.isEmpty() ? "InSync" : "DriftReported";
            message = drift.isEmpty() ? report.what() : drift.size() + " difference(s) reported, not reverted (drift policy)";
        }

        // Synced
        boolean synced = report.findings().isEmpty() && report.results().isEmpty() && report.held().isEmpty()
                && report.blocker() == null;
        String syncedReason;
        String syncedMessage;
        if (synced) {
            syncedReason = "InSync";
            syncedMessage = "Every managed field matches";
        } else if (!retryable.isEmpty() && refused.isEmpty() && report.blocker() == null) {
            syncedReason = retryable.getFirst().rateLimited() ? "RateLimited" : "ApiError";
            syncedMessage = String.join("; ", retryable.stream().map(t -> t.description() + ": " + t.message()).toList());
        } else {
            syncedReason = reason;
            syncedMessage = message;
        }

        List<Condition> c = Conditions.set(previous.conditions(), Condition.READY, ready, reason, message, now);
        c = Conditions.set(c, Condition.SYNCED, ConditionStatus.of(synced), syncedReason, syncedMessage, now);
        c = Conditions.set(c, Condition.DRIFTED, ConditionStatus.of(!drift.isEmpty()), drift.isEmpty() ? "NoDrift" : "DriftDetected",
                drift.isEmpty() ? "No drift" : String.join(", ", drift.stream().map(ResourceStatus.Drift::path).toList()), now);
        for (Condition x : report.extra()) {
            c = Conditions.set(c, x.type(), x.status(), x.reason(), x.message(), now);
        }

        // The spec counts as applied once a pass finds no spec change left to make (a confirming
        // pass after the writes), so a read that lags Tether's own write is never taken for drift.
        boolean allApplied = !report.partial() && report.blocker() == null && report.held().isEmpty()
                && report.findings().stream().noneMatch(f -> f.verdict() == Verdict.APPLY || f.verdict() == Verdict.PAUSED);
        Long appliedBefore = previous.lastAppliedGeneration();
        Long appliedGeneration = allApplied ? Long.valueOf(report.generation())
                : appliedBefore != null ? appliedBefore : Long.valueOf(ResourceStatus.NOTHING_APPLIED);
        ResourceStatus status = previous.withConditions(c).withExternal(report.external()).withDrift(drift)
                .reconciled(report.generation(), now).withAppliedGeneration(appliedGeneration);

        Optional<Retry> retry = retryable.isEmpty() ? Optional.empty() : Optional.of(new Retry(
                retryable.getFirst().message(),
                retryable.stream().map(Retryable::retryAfter).flatMap(Optional::stream).max(Duration::compareTo),
                retryable.stream().anyMatch(Retryable::rateLimited)));
        return new Derived(status, events, retry);
    }

    private static String refusal(Refused f) {
        return (f.paths().isEmpty() ? f.description() : String.join(", ", f.paths())) + ": " + f.message();
    }

    static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String lower(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
