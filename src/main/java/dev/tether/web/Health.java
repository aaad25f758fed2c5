package dev.tether.web;

import dev.tether.status.Condition;
import dev.tether.status.ConditionStatus;
import dev.tether.status.ResourceStatus;
import java.util.Optional;
import java.util.Set;

/**
 * A resource's health at a glance, as the overview shows it: one word (never only a colour),
 * a symbol and a CSS class. Decided from the resource's status in this order: Deleting, Paused,
 * Failed, Drifted, Progressing, Ready, so the worst news is what a person sees.
 */
public enum Health {
    READY("Ready", "ok", "\u2713"),
    PROGRESSING("Progressing", "progress", "\u21BB"),
    DRIFTED("Drifted", "drift", "\u2260"),
    FAILED("Failed", "fail", "\u2715"),
    PAUSED("Paused", "paused", "\u2016"),
    DELETING("Deleting", "deleting", "\u2298");

    /** Ready=False reasons that mean "working on it" rather than "needs a person". */
    static final Set<String> PROGRESSING_REASONS = Set.of(
            "Progressing", "Pending", "WaitingForDependency", "NotReconciledYet", "Creating", "Reconciling",
            "Rotating", "Probing");

    private final String label;
    private final String css;
    private final String symbol;

    Health(String label, String css, String symbol) {
        this.label = label;
        this.css = css;
        this.symbol = symbol;
    }

    public String label() {
        return label;
    }

    public String css() {
        return css;
    }

    public String symbol() {
        return symbol;
    }

    /** The health of a resource at {@code generation} whose status is {@code s}. */
    public static Health of(boolean deleting, boolean paused, long generation, ResourceStatus s) {
        if (deleting) {
            return DELETING;
        }
        if (paused) {
            return PAUSED;
        }
        Optional<Condition> ready = s.condition(Condition.READY);
        if (ready.isPresent() && ready.get().status() == ConditionStatus.FALSE
                && !PROGRESSING_REASONS.contains(ready.get().reason()) && !"Paused".equals(ready.get().reason())) {
            return FAILED;
        }
        boolean drifted = !s.drift().isEmpty() || s.condition(Condition.DRIFTED).map(Condition::isTrue).orElse(false);
        if (drifted) {
            return DRIFTED;
        }
        if (ready.isEmpty() || !ready.get().isTrue()) {
            return PROGRESSING;
        }
        if (s.observedGeneration() == null || s.observedGeneration() < generation) {
            return PROGRESSING;
        }
        return READY;
    }
}
