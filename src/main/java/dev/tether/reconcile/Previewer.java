package dev.tether.reconcile;

import dev.tether.manifest.Kind;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Says what a pass would do for a spec without doing it: observes (reads only) and plans. One
 * per kind whose reconciler can tell.
 */
public interface Previewer {

    Kind kind();

    /**
     * @param name the resource name
     * @param spec the spec to plan for (stored or, for a dry run, proposed)
     */
    List<PlanStep> preview(String name, ObjectNode spec);

    /**
     * The same, for one document of a dry run: a kind that refers to others plans against those
     * of the same apply as it would leave them ({@link InThisApply}); others ignore them.
     */
    default List<PlanStep> preview(String name, ObjectNode spec, InThisApply others) {
        return preview(name, spec);
    }
}
