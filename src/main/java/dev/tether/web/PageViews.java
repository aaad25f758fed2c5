package dev.tether.web;

import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.GenerationView;
import dev.tether.manifest.Kind;
import dev.tether.manifest.SecretMask;
import dev.tether.manifest.SpecDiff;
import dev.tether.manifest.StoredResource;
import dev.tether.status.Condition;
import dev.tether.status.Lock;
import dev.tether.status.ResourceEvent;
import dev.tether.status.ResourceEvents;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the store, statuses, timeline and budget and turns them into {@link Pages}
 * records. Reads only: it never calls Heroku or Kong. Every value that could be a secret goes
 * through {@link SecretMask} (spec and drift) or {@link #maskExternal} (status fields) first.
 */
@Component
class PageViews {

    static final String TOPOLOGY_LABEL = "topology";
    static final String NO_TOPOLOGY = "(no topology label)";
    static final int EVENTS_PER_PAGE = 25;

    /** Status fields whose names say they could hold a key; shown masked even though reconcilers never write values there. */
    private static final Pattern SECRET_FIELD = Pattern.compile(
            "(?i)(.*(value|secret|token|password|plaintext|ciphertext|credential)|key|apikey|currentkey|previouskey)");

    private final DesiredStateStore store;
    private final StatusStore statuses;
    private final ResourceEvents events;
    private final BudgetHistory budget;
    private final Clock clock;

    PageViews(DesiredStateStore store, StatusStore statuses, ResourceEvents events, BudgetHistory budget, Clock clock) {
        this.store = store;
        this.statuses = statuses;
        this.events = events;
        this.budget = budget;
        this.clock = clock;
    }

    // ----- overview

    /** Order on the overview: what needs a person first, Ready last. */
    private static final List<Health> WORST_FIRST = List.of(Health.UNSECURED, Health.FAILED, Health.DRIFTED,
            Health.UNPROVEN, Health.DELETING, Health.PAUSED, Health.PROGRESSING, Health.READY);

    /** A health's place on the overview, 0 first. */
    static int rank(Health h) {
        return WORST_FIRST.indexOf(h);
    }

    static String reasonLine(Health h, StoredResource r, ResourceStatus s) {
        return switch (h) {
            case DELETING -> "Deletion requested " + Ago.exact(r.deletionRequestedAt()) + "; the deletion policy is being carried out";
            case PAUSED -> "Paused: Tether observes and reports, and changes nothing";
            case UNSECURED, UNPROVEN -> s.condition(Lock.CONDITION).map(c -> h.label() + " (Secured=" + c.status() + "): "
                    + c.reason() + (c.message() == null || c.message().isBlank() ? "" : ": " + c.message())).orElse(h.label());
            case DRIFTED -> {
                List<ResourceStatus.Drift> d = s.drift();
                if (d.isEmpty()) {
                    yield s.condition(Condition.DRIFTED).map(c -> c.reason() + ": " + c.message()).orElse("Drifted");
                }
                String who = d.stream().map(ResourceStatus.Drift::actor).filter(a -> a != null).findFirst().orElse(null);
                yield d.size() + (d.size() == 1 ? " field differs: " : " fields differ: ")
                        + String.join(", ", d.stream().limit(3).map(ResourceStatus.Drift::path).toList())
                        + (d.size() > 3 ? ", ..." : "") + (who == null ? "" : " (changed by " + who + ")");
            }
            default -> s.condition(Condition.READY)
                    .map(c -> c.reason() + (c.message() == null || c.message().isBlank() ? "" : ": " + c.message()))
                    .orElse("No status yet");
        };
    }

    Pages.Budget budgetView() {
        int remaining = budget.remaining();
        if (remaining < 0) {
            return new Pages.Budget(false, 0, BudgetHistory.LIMIT, "unknown", "", "This process makes no Heroku calls");
        }
        List<BudgetHistory.Sample> samples = budget.samples();
        StringBuilder points = new StringBuilder();
        double w = 240, h = 48;
        int cap = BudgetHistory.CAPACITY;
        int offset = cap - samples.size();
        for (int i = 0; i < samples.size(); i++) {
            double x = (offset + i) * w / (cap - 1);
            double y = h - 2 - (samples.get(i).remaining() / (double) BudgetHistory.LIMIT) * (h - 4);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        String level = remaining >= 1500 ? "ok" : remaining >= 500 ? "low" : "critical";
        String summary = samples.isEmpty() ? "No samples yet"
                : "Over the last " + Ago.span(Duration.between(samples.getFirst().at(), clock.instant()).toSeconds())
                + ": from " + samples.getFirst().remaining() + " to " + samples.getLast().remaining()
                + ", lowest " + samples.stream().mapToInt(BudgetHistory.Sample::remaining).min().orElse(remaining);
        return new Pages.Budget(true, remaining, BudgetHistory.LIMIT, level, points.toString().strip(), summary);
    }

    // ----- one resource

    Pages.ResourcePage resource(Kind kind, String name, Long beforeEvent, Long diffFrom, Long diffTo, String notice,
                                String error, String csrf) {
        Instant now = clock.instant();
        StoredResource r = store.get(kind, name);
        ResourceStatus s = statuses.get(r.id());
        Health h = Health.of(r.deleting(), r.typedSpec().isPaused(), r.generation(), s);
        String headline = h == Health.READY
                ? s.condition(Condition.READY).map(c -> c.reason() + (c.message() == null ? "" : ": " + c.message())).orElse("Ready")
                : reasonLine(h, r, s);

        List<Pages.Pair> labels = r.labels().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new Pages.Pair(e.getKey(), e.getValue())).toList();
        boolean confirmed = h == Health.READY || h == Health.DRIFTED && s.observedGeneration() != null
                && s.observedGeneration() == r.generation();
        List<Pages.SpecRow> rows = specRows(r.spec(), s.drift(), confirmed);
        int differences = (int) rows.stream().filter(x -> x.state().equals("differs")).count();

        List<Pages.ConditionView> conditions = s.conditions().stream().map(c -> conditionView(c, now)).toList();
        List<Pages.DriftView> drift = s.drift().stream().map(d -> new Pages.DriftView(d.path(),
                show(SecretMask.mask(d.path(), node(d.desired()))), show(SecretMask.mask(d.path(), node(d.observed()))),
                Pages.When.of(d.firstSeen(), now), d.actor() == null ? "unknown" : d.actor())).toList();

        List<ResourceEvent> page = events.list(r.id(), EVENTS_PER_PAGE, beforeEvent);
        List<Pages.EventView> timeline = page.stream().map(e -> new Pages.EventView(e.id(), e.type().name(), e.reason(),
                e.message(), e.actor() == null ? "unknown" : e.actor(), Pages.When.of(e.time(), now))).toList();
        String older = page.size() == EVENTS_PER_PAGE ? href(kind.manifestName(), name) + "?before=" + page.getLast().id() + "#timeline" : null;

        List<GenerationView> gens = store.generations(kind, name);
        List<Pages.GenerationRow> generationRows = gens.stream().map(g -> new Pages.GenerationRow(g.generation(),
                g.actor(), g.cause(), Pages.When.of(g.createdAt(), now), g.generation() == r.generation())).toList();
        Pages.DiffView diff = null;
        if (gens.size() >= 2 || diffFrom != null) {
            long to = diffTo != null ? diffTo : r.generation();
            long from = diffFrom != null ? diffFrom : Math.max(1, to - 1);
            diff = new Pages.DiffView(from, to, diffLines(r.id(), from, to));
        }

        return new Pages.ResourcePage(r.id(), kind.manifestName(), r.name(), href(kind.manifestName(), r.name()),
                r.generation(), String.valueOf(r.resourceVersion()), s.observedGeneration(), h, headline,
                r.typedSpec().isPaused(), r.deleting(), labels, rows, differences, maskExternal(s.external()), conditions,
                drift, timeline, older, beforeEvent == null, generationRows, diff,
                kind == Kind.KONG_SERVICE ? kongService(r.spec(), s, now) : null,
                kind == Kind.API_KEY ? apiKey(r.spec(), s) : null,
                Pages.When.of(s.lastReconciledAt(), now), notice, error, csrf);
    }

    /** A resource that is gone but whose timeline is kept; empty when nothing ever had that name. */
    Optional<Pages.DeletedPage> deleted(Kind kind, String name, Long beforeEvent) {
        Instant now = clock.instant();
        List<ResourceEvent> page = events.search(new dev.tether.status.ResourceEvents.Query(kind.manifestName(), name, null, null,
                beforeEvent, EVENTS_PER_PAGE));
        if (page.isEmpty() && beforeEvent == null) {
            return Optional.empty();
        }
        List<Pages.EventView> timeline = page.stream().map(e -> new Pages.EventView(e.id(), e.type().name(), e.reason(),
                e.message(), e.actor() == null ? "unknown" : e.actor(), Pages.When.of(e.time(), now))).toList();
        String older = page.size() == EVENTS_PER_PAGE ? href(kind.manifestName(), name) + "?before=" + page.getLast().id() + "#timeline" : null;
        return Optional.of(new Pages.DeletedPage(kind.manifestName(), name, timeline, older));
    }

    List<Pages.DiffLine> diffLines(long resourceId, long from, long to) {
        Optional<ObjectNode> a = store.generationSpec(resourceId, from);
        Optional<ObjectNode> b = store.generationSpec(resourceId, to);
        if (a.isEmpty() || b.isEmpty()) {
            return List.of(new Pages.DiffLine("", "", "", "Generation " + (a.isEmpty() ? from : to) + " does not exist"));
        }
        return SpecDiff.diff(a.get(), b.get(), "").stream().map(c -> new Pages.DiffLine(c.path(),
                c.from() == null ? "" : show(SecretMask.mask(c.path(), c.from())),
                c.to() == null ? "" : show(SecretMask.mask(c.path(), c.to())),
                c.from() == null ? "added" : c.to() == null ? "removed" : "changed")).toList();
    }

    private static Pages.ConditionView conditionView(Condition c, Instant now) {
        String css = switch (c.status()) {
            case TRUE -> c.type().equals(Condition.DRIFTED) ? "drift" : "ok";
            case FALSE -> c.type().equals(Condition.DRIFTED) ? "ok"
                    : Health.PROGRESSING_REASONS.contains(c.reason()) ? "progress" : "fail";
            case UNKNOWN -> "progress";
        };
        return new Pages.ConditionView(c.type(), c.status().label(), c.reason(), c.message(), Pages.When.of(c.lastTransitionTime(), now), css);
    }

    static List<Pages.SpecRow> specRows(ObjectNode spec, List<ResourceStatus.Drift> drift, boolean confirmed) {
        List<Map.Entry<String, JsonNode>> leaves = new ArrayList<>();
        flatten("", spec, leaves);
        // PostgreSQL's jsonb keeps keys in its own order; a person scans them alphabetically
        leaves.sort(Map.Entry.comparingByKey());
        List<Pages.SpecRow> rows = new ArrayList<>();
        List<ResourceStatus.Drift> unmatched = new ArrayList<>(drift);
        for (var leaf : leaves) {
            String path = leaf.getKey();
            String desired = show(SecretMask.mask(path, leaf.getValue()));
            Optional<ResourceStatus.Drift> d = drift.stream().filter(x -> covers(x.path(), path)).findFirst();
            if (d.isPresent()) {
                unmatched.remove(d.get());
                String observed = d.get().path().equals(path)
                        ? show(SecretMask.mask(path, node(d.get().observed())))
                        : show(SecretMask.mask(d.get().path(), node(d.get().observed()))) + " (at " + d.get().path() + ")";
                rows.add(new Pages.SpecRow(path, desired, observed, "differs",
                        "differs" + (d.get().actor() == null ? "" : ", changed by " + d.get().actor())));
            } else if (confirmed) {
                rows.add(new Pages.SpecRow(path, desired, desired, "same", "matches"));
            } else {
                rows.add(new Pages.SpecRow(path, desired, "", "unknown", "not yet confirmed"));
            }
        }
        for (ResourceStatus.Drift d : unmatched) {
            rows.add(new Pages.SpecRow(d.path(), show(SecretMask.mask(d.path(), node(d.desired()))),
                    show(SecretMask.mask(d.path(), node(d.observed()))), "differs",
                    "differs" + (d.actor() == null ? "" : ", changed by " + d.actor())));
        }
        return rows;
    }

    private static boolean covers(String driftPath, String leafPath) {
        return leafPath.equals(driftPath) || leafPath.startsWith(driftPath + ".") || leafPath.startsWith(driftPath + "[")
                || driftPath.startsWith(leafPath + ".") || driftPath.startsWith(leafPath + "[");
    }

    static void flatten(String path, JsonNode n, List<Map.Entry<String, JsonNode>> out) {
        if (n.isObject() && !n.isEmpty()) {
            for (String f : n.propertyNames()) {
                flatten(path.isEmpty() ? f : path + "." + f, n.get(f), out);
            }
        } else if (n.isArray() && hasObjects(n)) {
            for (int i = 0; i < n.size(); i++) {
                flatten(path + "[" + i + "]", n.get(i), out);
            }
        } else {
            out.add(Map.entry(path, n));
        }
    }

    private static boolean hasObjects(JsonNode array) {
        for (JsonNode e : array) {
            if (e.isObject()) {
                return true;
            }
        }
        return false;
    }

    private static final tools.jackson.databind.json.JsonMapper MAPPER = tools.jackson.databind.json.JsonMapper.builder().build();

    static JsonNode node(Object value) {
        return value == null ? JsonNodeFactory.instance.nullNode() : MAPPER.valueToTree(value);
    }

    static String show(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "(absent)";
        }
        return v.isString() ? v.asString() : v.toString();
    }

    static List<Pages.Pair> maskExternal(Map<String, Object> external) {
        List<Pages.Pair> out = new ArrayList<>();
        new TreeMap<>(external).forEach((k, v) -> out.add(new Pages.Pair(k,
                SECRET_FIELD.matcher(k).matches() ? SecretMask.MASK : show(node(v)))));
        return out;
    }

    private Pages.KongServiceView kongService(ObjectNode spec, ResourceStatus s, Instant now) {
        Pages.ConditionView secured = s.condition("Secured").map(c -> conditionView(c, now)).orElse(null);
        JsonNode up = spec.path("upstream");
        String upstream = up.has("app") ? "HerokuApp " + up.get("app").asString() : up.has("url") ? up.get("url").asString() : "";
        List<Pages.RouteRow> routes = new ArrayList<>();
        for (JsonNode r : spec.path("routes")) {
            routes.add(new Pages.RouteRow(r.path("name").asString(""), list(r.path("paths")), list(r.path("hosts")),
                    list(r.path("methods")), list(r.path("protocols")), r.has("stripPath") ? r.get("stripPath").toString() : "default",
                    r.has("preserveHost") ? r.get("preserveHost").toString() : "default"));
        }
        List<String> plugins = new ArrayList<>();
        for (JsonNode p : spec.path("plugins")) {
            plugins.add(p.path("name").asString("") + (p.has("route") ? " (route " + p.get("route").asString() + ")" : ""));
        }
        if (spec.hasNonNull("apiKeyRef")) {
            plugins.add("upstream key from ApiKey " + spec.get("apiKeyRef").asString());
        }
        return new Pages.KongServiceView(secured, upstream, routes, plugins);
    }

    private static Pages.ApiKeyView apiKey(ObjectNode spec, ResourceStatus s) {
        List<Pages.Pair> targets = new ArrayList<>();
        for (JsonNode t : spec.path("targets")) {
            targets.add(new Pages.Pair(t.path("app").asString(""), t.path("configVar").asString("INTERNAL_API_KEY")));
        }
        return new Pages.ApiKeyView(spec.path("rotateEvery").asString("never"), spec.path("gracePeriod").asString("none"),
                spec.path("header").asString("X-Internal-API-Key"), targets, maskExternal(s.external()));
    }

    private static String list(JsonNode array) {
        if (!array.isArray() || array.isEmpty()) {
            return "";
        }
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asString()));
        return String.join(", ", out);
    }

    static String href(String kind, String name) {
        return "/resources/" + URLEncoder.encode(kind, StandardCharsets.UTF_8) + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}
