package dev.tether.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides what an {@code ApiKey} needs, from facts only (no clock, no I/O): whether a key
 * exists, the rotation phase, what each target's config var holds, and whether the gateway
 * already sends the new key. The order of the rotation steps is what makes it lossless:
 * targets accept old and new before the gateway switches, and drop the old one only after the
 * gateway has switched and the grace period is over.
 */
final class ApiKeyPlanner {

    private ApiKeyPlanner() {
    }

    /** One target: the app resource, its config var, and the value it holds now (null: unset). */
    record Target(String app, String configVar, String observed) {
        @Override
        public String toString() {
            return "Target[app=" + app + ", configVar=" + configVar + ", observed=" + (observed == null ? "unset" : "<redacted>") + "]";
        }
    }

    /** What is known about the key now. Values are compared, never put in an action. */
    record Facts(String current, String next, RotationPhase phase, Instant rotatedAt, Instant rotateRequestedAt,
                 Instant graceUntil, boolean gatewaySendsNext, Instant now, Duration rotateEvery) {
        @Override
        public String toString() {
            return "Facts[phase=" + phase + ", rotatedAt=" + rotatedAt + ", now=" + now + "]";
        }
    }

    static List<KeyAction> plan(List<Target> targets, Facts f) {
        if (f.current() == null) {
            return List.of(new KeyAction.GenerateKey());
        }
        List<KeyAction> actions = new ArrayList<>();
        switch (f.phase()) {
            case STEADY -> {
                String why = rotationDue(f);
                if (why != null) {
                    return List.of(new KeyAction.StartRotation(why));
                }
                mismatched(targets, f.current(), KeyAction.Value.CURRENT, actions);
            }
            case ACCEPT_BOTH -> {
                mismatched(targets, both(f), KeyAction.Value.CURRENT_AND_NEXT, actions);
                if (actions.isEmpty()) {
                    actions.add(new KeyAction.SwitchGateway());
                }
            }
            case SEND_NEW -> {
                mismatched(targets, both(f), KeyAction.Value.CURRENT_AND_NEXT, actions);
                if (actions.isEmpty() && f.gatewaySendsNext()) {
                    actions.add(new KeyAction.StartGrace());
                }
            }
            case GRACE -> {
                if (f.graceUntil() != null && !f.now().isBefore(f.graceUntil())) {
                    mismatched(targets, f.next(), KeyAction.Value.NEXT, actions);
                    actions.add(new KeyAction.FinishRotation());
                } else {
                    mismatched(targets, both(f), KeyAction.Value.CURRENT_AND_NEXT, actions);
                }
            }
        }
        return actions;
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

    private static String both(Facts f) {
        return f.next() == null || f.next().equals(f.current()) ? f.current() : f.current() + "," + f.next();
    }

    private static void mismatched(List<Target> targets, String expected, KeyAction.Value value, List<KeyAction> out) {
        for (Target t : targets) {
            if (!Objects.equals(t.observed(), expected)) {
                out.add(new KeyAction.SetTarget(t.app(), t.configVar(), value));
            }
        }
    }

    /** The config var value a target should hold for an action (the applier's only use of values). */
    static String valueFor(KeyAction.Value value, String current, String next) {
        return switch (value) {
            case CURRENT -> current;
            case CURRENT_AND_NEXT -> next == null || next.equals(current) ? current : current + "," + next;
            case NEXT -> next;
        };
    }
}
