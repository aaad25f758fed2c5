package dev.tether.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sets a condition in a list the way Kubernetes does: {@code lastTransitionTime} moves only
 * when the condition's status changes, so "Ready=False since 10:02" stays true across passes.
 */
public final class Conditions {

    private Conditions() {
    }

    public static List<Condition> set(List<Condition> current, String type, ConditionStatus status, String reason,
                                      String message, Instant now) {
        List<Condition> out = new ArrayList<>();
        boolean found = false;
        for (Condition c : current) {
            if (c.type().equals(type)) {
                Instant since = c.status().equals(status) && c.lastTransitionTime() != null ? c.lastTransitionTime() : now;
                out.add(new Condition(type, status, reason, message, since));
                found = true;
            } else {
                out.add(c);
            }
        }
        if (!found) {
            out.add(new Condition(type, status, reason, message, now));
        }
        return out;
    }
}
