package dev.tether.reconcile;

import dev.tether.manifest.Kind;
import dev.tether.manifest.StoredResource;
import java.util.List;

/**
 * Says what deleting a resource would destroy, without deleting anything (DESIGN §3 "Safety",
 * {@code DELETE …?dryRun=true}): reads the world, as the kind's clean-up would, and answers one
 * {@link PlanStep} per thing destroyed ({@code destroy}), left running ({@code orphan}) or held
 * ({@code held}, with what allows it). One per kind whose clean-up touches Heroku or Kong.
 */
public interface DeletionPreviewer {

    Kind kind();

    List<PlanStep> previewDelete(StoredResource resource);
}
