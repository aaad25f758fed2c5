package dev.tether.heroku;

/**
 * Where an app's replacement is (DESIGN §2). Each phase is written to status before its effects
 * are made, and each step inside a phase is checked against what Heroku holds before it is
 * made, so a restart resumes at the same step and never creates a second app.
 */
public enum ReplacementPhase {
    /** The new app is being created under its temporary name (the create marker is written first). */
    CREATE,
    /**
     * The new app gets the old one's config vars, add-ons (attached), code and formation; once its
     * web dynos are up the resource's identity moves to it, which moves its dependents.
     */
    PREPARE,
    /** Dependents point at the new app; waiting until each KongService proves it through the gateway. */
    PROVE,
    /** The old app is scaled to zero and renamed out of the way (kept until deleted explicitly). */
    RETIRE,
    /** The new app takes the declared name. */
    NAME
}
