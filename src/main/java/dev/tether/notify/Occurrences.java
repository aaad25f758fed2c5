package dev.tether.notify;

import dev.tether.status.Condition;
import dev.tether.status.Lock;
import dev.tether.status.NewEvent;
import dev.tether.status.Readiness;
import dev.tether.status.ResourceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which occurrences one pass began or cleared: a pure function of the status before and after
 * the pass and the timeline entries it recorded. Level-based where a condition says it (a lock
 * broken until it holds again, a resource failing until it is Ready), so an occurrence is told
 * once however many passes see it, and its clearing once.
 */
final class Occurrences {

    static final String DRIFT = "DriftDetected";
    static final String LOCK = "LockBroken";
    static final String FAILED = "ReconcileFailed";
    static final String HELD = "DestructiveActionHeld";
    static final String PROPOSAL = "ProposalCreated";

    private Occurrences() {
    }

    static List<Occurrence> of(ResourceStatus before, ResourceStatus after, List<NewEvent> events) {
        List<Occurrence> out = new ArrayList<>();
        drift(before, after, events, out);

        Lock was = Lock.of(before);
        Lock now = Lock.of(after);
        if (now == Lock.UNSECURED && was != Lock.UNSECURED) {
            out.add(new Occurrence(LOCK, false, "The lock is broken: " + condition(after, Lock.CONDITION), null));
        } else if (was == Lock.UNSECURED && now == Lock.SECURED) {
            out.add(new Occurrence(LOCK, true, "The lock holds again: " + condition(after, Lock.CONDITION), null));
        }

        boolean held = held(before);
        boolean holds = held(after);
        if (holds && !held) {
            out.add(new Occurrence(HELD, false, "A destructive action is held: " + condition(after, Condition.READY), null));
        } else if (held && !holds) {
            out.add(new Occurrence(HELD, true, "No destructive action is held any more", null));
        }

        boolean failed = Readiness.failing(before) && !held;
        boolean fails = Readiness.failing(after) && !holds;
        if (fails && !failed) {
            out.add(new Occurrence(FAILED, false, "Failing: " + condition(after, Condition.READY), null));
        } else if (failed && ready(after)) {
            out.add(new Occurrence(FAILED, true, "Ready again: " + condition(after, Condition.READY), null));
        }

        for (NewEvent e : events) {
            if (PROPOSAL.equals(e.reason())) {
                out.add(new Occurrence(PROPOSAL, false, e.message(), e.actor()));
            }
        }
        return out;
    }

    /**
     * A drift begins when the resource had none and the pass saw some (shown, or reverted at
     * once), and clears when none is left. Only paths are named: the event's own message
     * carries the values, which may be secrets.
     */
    private static void drift(ResourceStatus before, ResourceStatus after, List<NewEvent> events, List<Occurrence> out) {
        Optional<NewEvent> detected = events.stream().filter(e -> DRIFT.equals(e.reason())).findFirst();
        boolean was = !before.drift().isEmpty();
        boolean is = !after.drift().isEmpty();
        if (!was && (is || detected.isPresent())) {
            String actor = detected.map(NewEvent::actor)
                    .orElse(after.drift().stream().map(ResourceStatus.Drift::actor).filter(Objects::nonNull).findFirst().orElse(null));
            List<String> paths = is ? after.drift().stream().map(ResourceStatus.Drift::path).toList() : revertedPaths(events);
            out.add(new Occurrence(DRIFT, false, "Changed outside Tether" + (paths.isEmpty() ? "" : " at " + String.join(", ", paths))
                    + (actor == null ? "" : " by " + actor), actor));
        }
        if ((was || detected.isPresent()) && !is) {
            boolean reverted = events.stream().anyMatch(e -> "DriftReverted".equals(e.reason()));
            boolean adopted = events.stream().anyMatch(e -> "DriftAdopted".equals(e.reason()));
            out.add(new Occurrence(DRIFT, true, reverted ? "Drift reverted: the world matches the spec again"
                    : adopted ? "Drift adopted into the spec" : "No drift left", null));
        }
    }

    /** The paths of a {@code DriftReverted} entry ("Reverted drift at a, b (changed by x)"): paths only. */
    private static List<String> revertedPaths(List<NewEvent> events) {
        for (NewEvent e : events) {
            if ("DriftReverted".equals(e.reason()) && e.message() != null && e.message().startsWith("Reverted drift at ")) {
                String rest = e.message().substring("Reverted drift at ".length());
                int by = rest.indexOf(" (changed by ");
                return List.of((by < 0 ? rest : rest.substring(0, by)).split(", "));
            }
        }
        return List.of();
    }

    private static boolean held(ResourceStatus s) {
        return s.condition(Condition.READY).map(c -> HELD.equals(c.reason()) && !c.isTrue()).orElse(false);
    }

    private static boolean ready(ResourceStatus s) {
        return s.condition(Condition.READY).map(Condition::isTrue).orElse(false);
    }

    private static String condition(ResourceStatus s, String type) {
        return s.condition(type).map(c -> c.reason() + (c.message() == null || c.message().isBlank() ? "" : ": " + c.message()))
                .orElse(type);
    }
}
