package dev.tether.status;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A condition's status, as Kubernetes spells it in JSON ({@code "True"}, {@code "False"},
 * {@code "Unknown"}), so stored statuses, the API and the CLI keep reading what they always did.
 */
public enum ConditionStatus {
    TRUE("True"),
    FALSE("False"),
    UNKNOWN("Unknown");

    private final String label;

    ConditionStatus(String label) {
        this.label = label;
    }

    /** {@link #TRUE} or {@link #FALSE}. */
    public static ConditionStatus of(boolean value) {
        return value ? TRUE : FALSE;
    }

    /** {@link #UNKNOWN} for null, else {@link #of(boolean)}. */
    public static ConditionStatus of(Boolean value) {
        return value == null ? UNKNOWN : of(value.booleanValue());
    }

    /** The JSON word; a value not one of the three (never written by Tether) reads as Unknown. */
    @JsonCreator
    public static ConditionStatus fromLabel(String label) {
        for (ConditionStatus s : values()) {
            if (s.label.equalsIgnoreCase(label)) {
                return s;
            }
        }
        return UNKNOWN;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
