package dev.tether.status;

/**
 * What a resource's status alone says about its health, before anything about its spec (being
 * deleted, paused, or a generation newer than the one the status describes) is taken into
 * account: the overview's {@code Health} combines the two. Decided here, in one place, and stored
 * with the status ({@link StatusStore#put}) so the overview can count resources by it in SQL.
 * The order of the checks is the order of the news: a broken lock, then a failure, then drift,
 * then work in progress, then an unproven lock; only what passes all of them is Ready.
 */
public enum StatusHealth {
    UNSECURED,
    FAILED,
    DRIFTED,
    PROGRESSING,
    UNPROVEN,
    READY;

    public static StatusHealth of(ResourceStatus s) {
        Lock lock = Lock.of(s);
        if (lock == Lock.UNSECURED) {
            return UNSECURED;
        }
        if (Readiness.failing(s)) {
            return FAILED;
        }
        if (!s.drift().isEmpty() || s.condition(Condition.DRIFTED).map(Condition::isTrue).orElse(false)) {
            return DRIFTED;
        }
        if (!s.condition(Condition.READY).map(Condition::isTrue).orElse(false)) {
            return PROGRESSING;
        }
        return lock == Lock.UNPROVEN ? UNPROVEN : READY;
    }

    /** Whether a status that says this still holds once the spec has moved past it: only news of a problem does. */
    public boolean outlivesANewGeneration() {
        return this != READY && this != UNPROVEN;
    }
}
