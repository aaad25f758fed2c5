package dev.tether.manifest;

import dev.tether.status.ResourceEvent;
import dev.tether.status.ResourceEvents;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;

/** The read side and the per-resource actions of the REST API (DESIGN §5). */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class ResourceController {

    private static final int MAX_EVENTS = 500;

    private final DesiredStateStore store;
    private final StatusStore statuses;
    private final ResourceEvents events;
    private final ManifestSchemas schemas;
    private final java.time.Clock clock;

    ResourceController(DesiredStateStore store, StatusStore statuses, ResourceEvents events, ManifestSchemas schemas,
                       java.time.Clock clock) {
        this.clock = clock;
        this.store = store;
        this.statuses = statuses;
        this.events = events;
        this.schemas = schemas;
    }

    @GetMapping("/resources")
    Map<String, Object> list(@RequestParam(name = "kind", required = false) String kind,
                             @RequestParam(name = "label", required = false) List<String> labels) {
        Optional<Kind> k = kind == null ? Optional.empty() : Optional.of(kind(kind));
        Map<String, String> selector = new LinkedHashMap<>();
        if (labels != null) {
            for (String l : labels) {
                int eq = l.indexOf('=');
                if (eq <= 0) {
                    throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                            "label: '" + l + "' is not key=value");
                }
                selector.put(l.substring(0, eq), l.substring(eq + 1));
            }
        }
        List<StoredResource> found = store.list(k, selector);
        Map<Long, ResourceStatus> status = statuses.getAll(found.stream().map(StoredResource::id).toList());
        List<Map<String, Object>> items = found.stream().map(r -> summary(r, status.get(r.id()))).toList();
        return Map.of("items", items);
    }

    @GetMapping("/resources/{kind}/{name}")
    ResponseEntity<Map<String, Object>> get(@PathVariable("kind") String kind, @PathVariable("name") String name) {
        StoredResource r = store.get(kind(kind), name);
        return ResponseEntity.ok().eTag(ResourceVersions.etag(r.resourceVersion())).body(document(r, statuses.get(r.id())));
    }

    @DeleteMapping("/resources/{kind}/{name}")
    ResponseEntity<Map<String, Object>> delete(@PathVariable("kind") String kind, @PathVariable("name") String name,
                                               @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                               @RequestParam(name = "allowDestroyData", defaultValue = "false") boolean allowDestroyData,
                                               @RequestParam(name = "allowMassDelete", defaultValue = "false") boolean allowMassDelete) {
        Kind k = kind(kind);
        List<String> allows = new java.util.ArrayList<>();
        if (allowDestroyData) {
            allows.add(allowed(k, "allowDestroyData", Kind.HEROKU_APP));
        }
        if (allowMassDelete) {
            allows.add(allowed(k, "allowMassDelete", Kind.HEROKU_APP, Kind.KONG_SERVICE, Kind.KONG_CONSUMER));
        }
        StoredResource r = store.markDeleting(k, name, ResourceVersions.parseIfMatch(ifMatch), ManifestController.API_ACTOR, allows);
        return ResponseEntity.accepted().eTag(ResourceVersions.etag(r.resourceVersion())).body(document(r, statuses.get(r.id())));
    }

    @GetMapping("/resources/{kind}/{name}/events")
    Map<String, Object> events(@PathVariable("kind") String kind, @PathVariable("name") String name,
                               @RequestParam(name = "limit", defaultValue = "100") int limit,
                               @RequestParam(name = "before", required = false) Long before) {
        if (limit < 1 || limit > MAX_EVENTS) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit: " + limit + " is not between 1 and " + MAX_EVENTS);
        }
        Kind k = kind(kind);
        Optional<StoredResource> r = store.find(k, name);
        // a deleted resource's timeline stays readable under its kind and name
        List<ResourceEvent> page = r.isPresent() ? events.list(r.get().id(), limit, before)
                : events.search(new ResourceEvents.Query(k.manifestName(), name, null, null, before, limit));
        if (r.isEmpty() && page.isEmpty() && before == null) {
            store.get(k, name);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page);
        if (page.size() == limit) {
            body.put("next", "?limit=" + limit + "&before=" + page.getLast().id());
        }
        return body;
    }

    /**
     * Every resource's events, deleted resources' included, newest first (DESIGN §5): filtered by
     * {@code kind}, {@code name}, {@code reason} and {@code since} (an ISO-8601 time such as
     * {@code 2026-12-01T10:00:00Z}, or an age such as {@code 30m}, {@code 2h}, {@code 7d}).
     */
    @GetMapping("/events")
    Map<String, Object> allEvents(@RequestParam(name = "kind", required = false) String kind,
                                  @RequestParam(name = "name", required = false) String name,
                                  @RequestParam(name = "reason", required = false) String reason,
                                  @RequestParam(name = "since", required = false) String since,
                                  @RequestParam(name = "limit", defaultValue = "100") int limit,
                                  @RequestParam(name = "before", required = false) Long before) {
        if (limit < 1 || limit > MAX_EVENTS) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit: " + limit + " is not between 1 and " + MAX_EVENTS);
        }
        String k = kind == null ? null : Kind.fromName(kind).map(Kind::manifestName).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.BAD_REQUEST, "kind: '" + kind + "' is not one of " + Kind.allNames()));
        List<ResourceEvent> page = events.search(new ResourceEvents.Query(k, blankToNull(name), blankToNull(reason),
                since(since), before, limit));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page);
        if (page.size() == limit) {
            StringBuilder next = new StringBuilder("?limit=" + limit + "&before=" + page.getLast().id());
            if (k != null) {
                next.append("&kind=").append(k);
            }
            appendParam(next, "name", name);
            appendParam(next, "reason", reason);
            appendParam(next, "since", since);
            body.put("next", next.toString());
        }
        return body;
    }

    private static void appendParam(StringBuilder query, String key, String value) {
        if (value != null && !value.isBlank()) {
            query.append('&').append(key).append('=').append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** {@code since}: an instant, or an age back from now ({@code 90s}, {@code 30m}, {@code 2h}, {@code 7d}). */
    private java.time.Instant since(String since) {
        if (since == null || since.isBlank()) {
            return null;
        }
        java.util.regex.Matcher age = java.util.regex.Pattern.compile("(\\d{1,9})([smhd])").matcher(since.trim());
        if (age.matches()) {
            long n = Long.parseLong(age.group(1));
            java.time.Duration d = switch (age.group(2)) {
                case "s" -> java.time.Duration.ofSeconds(n);
                case "m" -> java.time.Duration.ofMinutes(n);
                case "h" -> java.time.Duration.ofHours(n);
                default -> java.time.Duration.ofDays(n);
            };
            return clock.instant().minus(d);
        }
        try {
            return java.time.OffsetDateTime.parse(since.trim()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "since: '" + since
                    + "' is neither an ISO-8601 time (2026-12-01T10:00:00Z) nor an age (30m, 2h, 7d)");
        }
    }

    @GetMapping("/resources/{kind}/{name}/generations")
    Map<String, Object> generations(@PathVariable("kind") String kind, @PathVariable("name") String name) {
        return Map.of("items", store.generations(kind(kind), name));
    }

    @PostMapping(path = "/resources/{kind}/{name}/rollback", consumes = MediaType.APPLICATION_JSON_VALUE)
    ApplyResult.Item rollback(@PathVariable("kind") String kind, @PathVariable("name") String name,
                              @RequestBody JsonNode body,
                              @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        JsonNode g = body == null ? null : body.get("generation");
        if (g != null && g.isIntegralNumber() && !g.canConvertToLong()) {
            String message = "generation: " + g + " is not a generation number (too large)";
            throw new ManifestException.Malformed(message, List.of(new ManifestProblem(null, null, name, "generation", message, g)));
        }
        if (g == null || !g.isIntegralNumber() || g.asLong() < 1) {
            throw new ManifestException.Invalid(List.of(new ManifestProblem(null, null, name, "generation",
                    "generation: " + (g == null ? "is required" : g + " is not a generation number (1 or more)"), g)));
        }
        return store.rollback(kind(kind), name, g.asLong(), ResourceVersions.parseIfMatch(ifMatch), ManifestController.API_ACTOR);
    }

    @GetMapping("/schemas/{kind}")
    JsonNode schema(@PathVariable("kind") String kind) {
        return schemas.schema(kind(kind));
    }

    /** An allowance a DELETE may carry, only for the kinds whose spec has the field. */
    private static String allowed(Kind kind, String field, Kind... kinds) {
        if (!List.of(kinds).contains(kind)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, field + ": a " + kind.manifestName()
                    + " has no such field (only " + String.join(", ", java.util.Arrays.stream(kinds).map(Kind::manifestName).toList()) + ")");
        }
        return field;
    }

    static Kind kind(String kind) {
        return Kind.fromPath(kind);
    }

    private static Map<String, Object> summary(StoredResource r, ResourceStatus status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", r.kind().manifestName());
        m.put("name", r.name());
        m.put("labels", r.labels());
        m.put("generation", r.generation());
        m.put("resourceVersion", String.valueOf(r.resourceVersion()));
        if (r.deleting()) {
            m.put("deletionTimestamp", r.deletionRequestedAt());
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("observedGeneration", status.observedGeneration());
        status.condition(dev.tether.status.Condition.READY).ifPresent(c -> {
            s.put("ready", c.status());
            s.put("reason", c.reason());
            s.put("message", c.message());
        });
        s.put("drifted", !status.drift().isEmpty());
        status.condition(dev.tether.status.Lock.CONDITION).ifPresent(c -> {
            s.put("secured", c.status());
            s.put("securedReason", c.reason());
            s.put("lock", dev.tether.status.Lock.of(status).label());
        });
        s.put("lastReconciledAt", status.lastReconciledAt());
        m.put("status", s);
        return m;
    }

    static Map<String, Object> document(StoredResource r, ResourceStatus status) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", r.name());
        metadata.put("labels", r.labels());
        metadata.put("generation", r.generation());
        metadata.put("resourceVersion", String.valueOf(r.resourceVersion()));
        metadata.put("creationTimestamp", r.createdAt());
        if (r.deleting()) {
            metadata.put("deletionTimestamp", r.deletionRequestedAt());
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", ManifestSchemas.API_VERSION);
        doc.put("kind", r.kind().manifestName());
        doc.put("metadata", metadata);
        doc.put("spec", r.spec());
        doc.put("status", status);
        return doc;
    }
}
