package dev.tether.reconcile;

import dev.tether.manifest.ResourceKey;
import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.Kind;
import dev.tether.manifest.ResourceNotFoundException;
import java.time.Clock;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Asking the loop to look now: one resource, or everything (DESIGN §5). */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class LoopController {

    private final DesiredStateStore store;
    private final WorkQueue queue;
    private final Resyncs resyncs;
    private final Clock clock;

    LoopController(DesiredStateStore store, WorkQueue queue, Resyncs resyncs, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.resyncs = resyncs;
        this.clock = clock;
    }

    @PostMapping("/resources/{kind}/{name}/reconcile")
    ResponseEntity<Map<String, Object>> reconcile(@PathVariable("kind") String kind, @PathVariable("name") String name) {
        Kind k = Kind.fromPath(kind);
        store.get(k, name);
        queue.enqueue(new ResourceKey(k, name), clock.instant(), "Requested", true);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("kind", k.manifestName(), "name", name, "queued", true));
    }

    @PostMapping("/resync")
    ResponseEntity<Resyncs.Progress> resync() {
        Resyncs.Progress p = resyncs.start("api");
        return ResponseEntity.status(HttpStatus.ACCEPTED).header("Location", "/api/v1/resync/" + p.id()).body(p);
    }

    @GetMapping("/resync/{id}")
    Resyncs.Progress progress(@PathVariable("id") long id) {
        return resyncs.get(id).orElseThrow(() -> new ResourceNotFoundException("resync " + id + " does not exist"));
    }
}
