package dev.tether.reconcile;

import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.Kind;
import dev.tether.manifest.StoredResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/plan}: what the next pass would do, for everything or one resource. */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class PlanController {

    private final DesiredStateStore store;
    private final Previews previews;

    PlanController(DesiredStateStore store, Previews previews) {
        this.store = store;
        this.previews = previews;
    }

    @GetMapping("/plan")
    Map<String, Object> plan(@RequestParam(name = "kind", required = false) String kind,
                             @RequestParam(name = "name", required = false) String name) {
        Optional<Kind> k = Optional.ofNullable(kind).map(Kind::fromPath);
        List<StoredResource> resources = name != null && k.isPresent()
                ? List.of(store.get(k.get(), name))
                : store.list(k, Map.of()).stream().filter(r -> name == null || r.name().equals(name)).toList();
        List<PlanStep> steps = new ArrayList<>();
        List<String> unplanned = new ArrayList<>();
        for (StoredResource r : resources) {
            if (!previews.canPreview(r.kind())) {
                unplanned.add(r.key());
                continue;
            }
            if (r.deleting()) {
                steps.add(new PlanStep(r.kind().manifestName(), r.name(), "delete", null, null, null,
                        "carry out deletionPolicy " + r.typedSpec().deletion()));
                continue;
            }
            steps.addAll(previews.preview(r.kind(), r.name(), r.spec()));
        }
        return unplanned.isEmpty() ? Map.of("items", steps) : Map.of("items", steps, "notPlanned", unplanned);
    }
}
