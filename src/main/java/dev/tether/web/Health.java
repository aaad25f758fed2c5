package dev.tether.web;

import dev.tether.status.Condition;
import dev.tether.status.Lock;
import dev.tether.status.Readiness;
import dev.tether.status.ConditionStatus;
import dev.tether.status.ResourceStatus;
import java.util.Optional;
import java.util.Set;

/**
 * A resource's health at a glance, as the overview shows it: one word (never only a colour),
 * a symbol and a CSS class. Decided from the resource's status in this order: Deleting, Paused,
 * Unsecured (the lock is broken: a failure), Failed, Drifted, Progressing, Unproven (the lock is
 * not proven: a warning), Ready, so the worst news is what a person sees and a resource whose
 * lock is broken or unproven is never "Ready".
 */
public enum Health {
    READY("Ready", "ok", "\u2713"),
    PROGRESSING("Progressing", "progress", "\u21BB"),
    UNPROVEN("Unproven", "drift", "?"),
    DRIFTED("Drifted", "drift", "\u2260"),
    FAILED("Failed", "fail", "\u2715"),
    UNSECURED("Unsecured", "fail", "\u26A0"),
    PAUSED("Paused", "paused", "\u2016"),
    DELETING("Deleting", "deleting", "\u2298");

    /** Ready=False reasons that mean "working on it" rather than "needs a person". */
    static final Set<String> PROGRESSING_REASONS = Readiness.PROGRESSING_REASONS;

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
        Lock lock = Lock.of(s);
        if (lock == Lock.UNSECURED) {
            return UNSECURED;
        }
        Optional<Condition> ready = s.condition(Condition.READY);
        if (Readiness.failing(s)) {
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
        return lock == Lock.UNPROVEN ? UNPROVEN : READY;
    }
}
