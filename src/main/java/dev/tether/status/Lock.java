package dev.tether.status;

/**
 * What a resource's {@code Secured} condition says about the lock between a gateway and its
 * backend, in the words every summary uses (overview, {@code tether get}, the topology): a
 * broken lock ({@code Secured=False}) is a failure and an unproven one ({@code Unknown}) a
 * warning, so neither is ever summed up as "Ready".
 */
public enum Lock {
    /** The backend refuses requests without the key and accepts the gateway's. */
    SECURED("Secured"),
    /** Requests reach the backend without the key, or the gateway's are refused: a failure. */
    UNSECURED("Unsecured"),
    /** Not proven either way (backend down or in maintenance, no probe yet): a warning. */
    UNPROVEN("Unproven"),
    /** The resource has no lock to prove. */
    NONE("");

    /** The condition type the lock probe writes. */
    public static final String CONDITION = "Secured";

    private final String label;

    Lock(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Lock of(ResourceStatus s) {
        return s.condition(CONDITION).map(c -> switch (c.status()) {
            case TRUE -> SECURED;
            case FALSE -> UNSECURED;
            default -> UNPROVEN;
        }).orElse(NONE);
    }
}
