package dev.tether.manifest;

import java.util.List;

/**
 * What the next pass would do in Heroku and Kong for the manifests a dry run applied: answered by
 * the reconcile package (its previews), so the desired-state store's REST imports no reconciler.
 */
public interface DryRunPreview {

    /** One step of what the next pass would do; serialised as it is (the plan API's step). */
    interface Action {
    }

    /** What the next pass would do for these manifests, in their order; nothing is written. */
    List<? extends Action> preview(List<Manifest> manifests);
}
