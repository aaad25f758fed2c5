package dev.tether.keys;

/** One step the {@link ApiKeyPlanner} asks for. None of them carries a key value. */
sealed interface KeyAction {

    String describe();

    /** Which key(s) a target config var must hold. */
    enum Value {
        CURRENT, CURRENT_AND_NEXT, NEXT
    }

    /**
     * Take the value the target already holds as version 1 (adoptExisting: a key made before
     * Tether, e.g. Terraform's random_password); the value is read from the target, never carried here.
     */
    record AdoptKey(String app, String configVar) implements KeyAction {
        public String describe() {
            return "adopt the key " + app + " holds in " + configVar;
        }
    }

    /** Generate the first key. */
    record GenerateKey() implements KeyAction {
        public String describe() {
            return "generate the key";
        }
    }

    /**
     * Set one target app's config var (and, with {@code rotationFormat: separateVar}, its
     * {@code _PREVIOUS} companion in the same change). {@code label} names what the target then
     * holds (app id, form, key versions; never a value), recorded so that the next pass tells
     * Tether's own writes from drift.
     */
    record SetTarget(String app, String configVar, String previousVar, Value value, String label) implements KeyAction {
        public String describe() {
            if (previousVar != null) {
                return "set " + configVar + " on " + app + " to " + switch (value) {
                    case CURRENT -> "the current key";
                    case CURRENT_AND_NEXT -> "the new key and " + previousVar + " to the current one";
                    case NEXT -> "the new key only (" + previousVar + " removed)";
                };
            }
            return "set " + configVar + " on " + app + " to " + switch (value) {
                case CURRENT -> "the current key";
                case CURRENT_AND_NEXT -> "the current and the new key";
                case NEXT -> "the new key only";
            };
        }

        /** The spec path this action keeps true. */
        public String path() {
            return ApiKeyPlanner.path(app, configVar);
        }
    }

    /** Step 1 begins: generate the next key; targets will accept both. */
    record StartRotation(String why) implements KeyAction {
        public String describe() {
            return "start a rotation (" + why + ")";
        }
    }

    /** Step 2: the gateway sends the new key. */
    record SwitchGateway() implements KeyAction {
        public String describe() {
            return "switch the gateway to the new key";
        }
    }

    /** The gateway confirmed; wait out the grace period. */
    record StartGrace() implements KeyAction {
        public String describe() {
            return "keep the old key valid for the grace period";
        }
    }

    /** Step 3: the new key becomes the only key. */
    record FinishRotation() implements KeyAction {
        public String describe() {
            return "retire the old key";
        }
    }
}
