package dev.tether.reconcile;

import dev.tether.manifest.Kind;
import dev.tether.manifest.StoredResource;

/**
 * Keeps one kind of resource true. {@code reconcile} re-reads the desired spec it is given and
 * the observed world, plans with a pure function, applies idempotent actions, writes status, and
 * says when to look again. It ignores what triggered it.
 */
public interface Reconciler {

    Kind kind();

    /**
     * @throws dev.tether.http.RetryableException when the outside world failed in a way a later
     *         attempt may not (the loop backs off, honouring Retry-After)
     * @throws dev.tether.http.PermanentException when the API refused in a way retrying cannot fix
     */
    Outcome reconcile(StoredResource resource, ReconcileRequest request);
}
