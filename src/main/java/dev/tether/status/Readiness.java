package dev.tether.status;

import java.util.Set;

/** What a resource's {@code Ready} condition means for a person: working on it, or failing. */
public final class Readiness {

    /** Ready=False reasons that mean "working on it" rather than "needs a person". */
    public static final Set<String> PROGRESSING_REASONS = Set.of(
            "Progressing", "Pending", "WaitingForDependency", "NotReconciledYet", "Creating", "Reconciling",
            "Rotating", "Probing", "Replacing");

    private Readiness() {
    }

    /** Ready=False for a reason that needs a person (not progress, not a pause). */
    public static boolean failing(ResourceStatus s) {
        return s.condition(Condition.READY).map(c -> c.status() == ConditionStatus.FALSE && !PROGRESSING_REASONS.contains(c.reason())
                && !"Paused".equals(c.reason())).orElse(false);
    }
}
