package dev.tether.keys;

import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.Kind;
import dev.tether.manifest.ResourceConflictException;
import dev.tether.manifest.StoredResource;
import dev.tether.manifest.ResourceKey;
import dev.tether.reconcile.WorkQueue;
import dev.tether.status.EventType;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/resources/ApiKey/{name}/rotate}: asks for a rotation now. The request is
 * recorded in status (so it survives a restart) and the key is queued; the reconciler does the
 * three steps. The answer never carries a key. While a rotation is requested or running, another
 * request is refused with 409 rather than merged into it.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class RotationController {

    private final DesiredStateStore store;
    private final StatusStore statuses;
    private final WorkQueue queue;
    private final Clock clock;

    RotationController(DesiredStateStore store, StatusStore statuses, WorkQueue queue, Clock clock) {
        this.store = store;
        this.statuses = statuses;
        this.queue = queue;
        this.clock = clock;
    }

    @PostMapping("/resources/ApiKey/{name}/rotate")
    ResponseEntity<Map<String, Object>> rotate(@PathVariable("name") String name) {
        StoredResource r = store.get(Kind.API_KEY, name);
        Instant now = clock.instant();
        ResourceStatus s = statuses.update(r.id(), st -> {
            String busy = inProgress(st);
            if (busy != null) {
                // Merging a second request into a running rotation would answer 202 for a rotation
                // that never happens on its own: say so instead, nothing is recorded.
                throw new ResourceConflictException("ApiKey/" + name + ": " + busy + "; ask again once it has finished");
            }
            return st.withExternal(st.external(ApiKeyExternal.class).withRotateRequestedAt(now));
        });
        store.recordEvent(r.id(), EventType.Normal, "RotationRequested", "Rotation requested through the API", "api");
        queue.enqueue(new ResourceKey(Kind.API_KEY, name), now, "RotationRequested", false);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", Kind.API_KEY.manifestName());
        body.put("name", name);
        body.put("rotationRequestedAt", now.toString());
        body.put("keyVersion", ApiKeys.version(s));
        return ResponseEntity.accepted().body(body);
    }

    /** Why a rotation cannot be requested now (one is running, or one asked for has not started), or null. */
    static String inProgress(ResourceStatus status) {
        RotationPhase phase = ApiKeys.phase(status);
        if (phase != RotationPhase.STEADY) {
            return "a rotation to key version " + (ApiKeys.version(status) + 1) + " is in progress (" + phase + ")";
        }
        ApiKeyExternal ext = status.external(ApiKeyExternal.class);
        Instant requested = ext.rotateRequestedAt();
        Instant rotated = ext.rotatedAt();
        if (requested != null && (rotated == null || requested.isAfter(rotated))) {
            return "a rotation requested at " + requested + " has not started yet";
        }
        return null;
    }
}
