package dev.tether.reconcile;

import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.Kind;
import dev.tether.manifest.StoredResource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code DELETE /api/v1/resources/{kind}/{name}?dryRun=true}: what the delete would destroy (the
 * app, its add-ons, the Kong entities), what it would leave running, and what would be held,
 * while nothing is changed: the resource is not marked, nothing is written to Heroku or Kong.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class DeletionPreviewController {

    private final DesiredStateStore store;
    private final Map<Kind, DeletionPreviewer> previewers = new EnumMap<>(Kind.class);

    DeletionPreviewController(DesiredStateStore store, List<DeletionPreviewer> previewers) {
        this.store = store;
        previewers.forEach(p -> this.previewers.put(p.kind(), p));
    }

    @DeleteMapping(path = "/resources/{kind}/{name}", params = "dryRun=true")
    Map<String, Object> dryRun(@PathVariable("kind") String kind, @PathVariable("name") String name) {
        Kind k = Kind.fromPath(kind);
        StoredResource r = store.get(k, name);
        DeletionPreviewer p = previewers.get(k);
        boolean delete = r.typedSpec().deletion() == dev.tether.manifest.DeletionPolicy.DELETE;
        List<PlanStep> steps = new ArrayList<>(p != null ? p.previewDelete(r) : List.of(delete
                ? new PlanStep(k.manifestName(), name, "cleanup", null, null, null, "carry out deletionPolicy: Delete for " + r.key()
                        + " (what its clean-up removes is not previewed for this kind)")
                : new PlanStep(k.manifestName(), name, "forget", null, null, null, "forget " + r.key()
                        + "; nothing in Heroku or Kong is deleted (deletionPolicy: Orphan)")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dryRun", true);
        body.put("kind", k.manifestName());
        body.put("name", name);
        body.put("deletionPolicy", r.typedSpec().deletion() == dev.tether.manifest.DeletionPolicy.DELETE ? "Delete" : "Orphan");
        body.put("items", steps);
        body.put("held", steps.stream().anyMatch(s -> s.action().equals("held")));
        return body;
    }
}
