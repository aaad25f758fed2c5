package dev.tether.reconcile;

import dev.tether.manifest.Kind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/** The world-level plan for a spec, by whichever {@link Previewer} knows its kind. */
@Component
public class Previews {

    private final Map<Kind, Previewer> previewers = new EnumMap<>(Kind.class);

    public Previews(List<Previewer> previewers) {
        previewers.forEach(p -> this.previewers.put(p.kind(), p));
    }

    public boolean canPreview(Kind kind) {
        return previewers.containsKey(kind);
    }

    /** Steps the next pass would take for this spec; empty when the kind has no previewer. */
    public List<PlanStep> preview(Kind kind, String name, ObjectNode spec) {
        Previewer p = previewers.get(kind);
        return p == null ? List.of() : p.preview(name, spec);
    }
}
