package dev.tether.web;

import dev.tether.status.Readiness;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusHealth;
import java.util.Set;

/**
 * A resource's health at a glance, as the overview shows it: one word (never only a colour),
 * a symbol and a CSS class. Decided from the resource's status in this order: Deleting, Paused,
 * Unsecured (the lock is broken: a failure), Failed, Drifted, Progressing, Unproven (the lock is
 * not proven: a warning), Ready, so the worst news is what a person sees and a resource whose
 * lock is broken or unproven is never "Ready". What the status says is {@link StatusHealth}'s;
 * this adds what the spec says.
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
        return of(deleting, paused, behind(s.observedGeneration(), generation), StatusHealth.of(s));
    }

    /**
     * The health of a resource from what its spec says (being deleted, paused, at a generation
     * its status has not caught up with) and what its status says: the one place the two are
     * combined, for a row's status document as for the overview's counts of stored ones.
     */
    public static Health of(boolean deleting, boolean paused, boolean behind, StatusHealth status) {
        if (deleting) {
            return DELETING;
        }
        if (paused) {
            return PAUSED;
        }
        if (behind && !status.outlivesANewGeneration()) {
            return PROGRESSING;
        }
        return switch (status) {
            case UNSECURED -> UNSECURED;
            case FAILED -> FAILED;
            case DRIFTED -> DRIFTED;
            case PROGRESSING -> PROGRESSING;
            case UNPROVEN -> UNPROVEN;
            case READY -> READY;
        };
    }

    /** Whether the status describes an older generation than the spec's (or none yet). */
    static boolean behind(Long observedGeneration, long generation) {
        return observedGeneration == null || observedGeneration < generation;
    }
}
