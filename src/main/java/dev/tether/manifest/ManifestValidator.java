package dev.tether.manifest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns parsed documents into {@link Manifest}s, or reports every problem at once: the kind's
 * JSON Schema first, then the rules that span fields or documents (a name declared twice in one
 * POST, two routes with one name). References to other resources are checked only for shape:
 * a missing target is a status matter, not an error here.
 */
@Component
public class ManifestValidator {

    private final ManifestSchemas schemas;

    public ManifestValidator(ManifestSchemas schemas) {
        this.schemas = schemas;
    }

    public List<Manifest> validate(List<JsonNode> documents) {
        List<ManifestProblem> problems = new ArrayList<>();
        List<Manifest> manifests = new ArrayList<>();
        Map<String, Integer> firstSeen = new HashMap<>();
        for (int i = 0; i < documents.size(); i++) {
            JsonNode doc = documents.get(i);
            if (!doc.isObject()) {
                problems.add(new ManifestProblem(i, null, null, "", "document: is not an object (a manifest has apiVersion, kind, metadata and spec)", null));
                continue;
            }
            JsonNode kindNode = doc.get("kind");
            String name = doc.path("metadata").path("name").isString() ? doc.path("metadata").path("name").asString() : null;
            if (kindNode == null || !kindNode.isString()) {
                problems.add(new ManifestProblem(i, null, name, "kind", "kind: is required, one of " + Kind.allNames(), kindNode));
                continue;
            }
            var kind = Kind.fromName(kindNode.asString()).filter(k -> k.manifestName().equals(kindNode.asString()));
            if (kind.isEmpty()) {
                problems.add(new ManifestProblem(i, null, name, "kind",
                        "kind: '" + kindNode.asString() + "' is not one of " + Kind.allNames(), kindNode));
                continue;
            }
            List<ManifestProblem> found = new ArrayList<>(schemas.validate(kind.get(), doc, i, name));
            if (found.isEmpty()) {
                found.addAll(crossFieldProblems(kind.get(), (ObjectNode) doc.get("spec"), i, name));
            }
            if (name != null) {
                String key = kind.get().manifestName() + "/" + name;
                Integer earlier = firstSeen.putIfAbsent(key, i);
                if (earlier != null) {
                    found.add(new ManifestProblem(i, kind.get().manifestName(), name, "metadata.name",
                            "metadata.name: " + key + " is declared twice in this request (documents " + earlier + " and " + i + ")",
                            doc.path("metadata").get("name")));
                }
            }
            problems.addAll(found);
            if (found.isEmpty()) {
                manifests.add(toManifest(kind.get(), (ObjectNode) doc));
            }
        }
        if (!problems.isEmpty()) {
            throw new ManifestException.Invalid(problems);
        }
        return manifests;
    }

    /** What an app's generation cannot have (DESIGN §2a): internal routing and classic buildpacks on Fir, OCI images on Cedar; nor a promotion of itself. */
    private void generationProblems(ObjectNode spec, int i, Kind kind, String name, List<ManifestProblem> problems) {
        boolean fir = "fir".equals(spec.path("generation").asString("cedar"));
        if (fir && spec.has("internalRouting")) {
            problems.add(problem(i, kind, name, "spec.internalRouting", "Fir apps have no internal routing (a Cedar Private Space feature)", spec.get("internalRouting")));
        }
        if (fir && spec.has("buildpacks")) {
            problems.add(problem(i, kind, name, "spec.buildpacks", "Fir apps build with Cloud Native Buildpacks, not classic buildpacks", spec.get("buildpacks")));
        }
        if (!fir && spec.path("release").has("ociImage")) {
            problems.add(problem(i, kind, name, "spec.release.ociImage", "OCI images run only on Fir apps (set spec.generation: fir)", spec.path("release").get("ociImage")));
        }
        if (name != null && name.equals(spec.path("release").path("fromApp").asString(null))) {
            problems.add(problem(i, kind, name, "spec.release.fromApp", "an app cannot promote its own slug: name another HerokuApp", spec.path("release").get("fromApp")));
        }
    }

    /** Rules JSON Schema cannot say: uniqueness inside lists and fields that need each other. */
    private List<ManifestProblem> crossFieldProblems(Kind kind, ObjectNode spec, int i, String name) {
        List<ManifestProblem> problems = new ArrayList<>();
        switch (kind) {
            case HEROKU_APP -> {
                if (spec.has("space") && !spec.has("team")) {
                    problems.add(problem(i, kind, name, "spec.space", "an app in a space needs spec.team (spaces belong to teams)", spec.get("space")));
                }
                if (spec.path("internalRouting").asBoolean(false) && !spec.has("space")) {
                    problems.add(problem(i, kind, name, "spec.internalRouting", "internal routing needs spec.space (it exists only in private spaces)", spec.get("internalRouting")));
                }
                unique(spec.path("addons"), "as", "spec.addons", i, kind, name, problems);
                generationProblems(spec, i, kind, name, problems);
                spec.path("configVars").propertyNames().forEach(var -> AddonConfigVars.ownerInSpec(var, spec.path("addons"))
                        .ifPresent(owner -> problems.add(problem(i, kind, name, "spec.configVars." + var, "is set by " + owner
                                + ": Heroku refuses to overwrite an add-on's config var, so it cannot be declared; remove it",
                                null))));  // the value (a database URL with its password) is never echoed
            }
            case KONG_SERVICE -> {
                Set<String> routes = unique(spec.path("routes"), "name", "spec.routes", i, kind, name, problems);
                JsonNode plugins = spec.path("plugins");
                Set<String> scopes = new HashSet<>();
                for (int p = 0; p < plugins.size(); p++) {
                    JsonNode plugin = plugins.get(p);
                    String route = plugin.path("route").asString(null);
                    if (route != null && !routes.contains(route)) {
                        problems.add(problem(i, kind, name, "spec.plugins[" + p + "].route",
                                "'" + route + "' is not one of this service's routes", plugin.get("route")));
                    }
                    String scope = plugin.path("name").asString() + "@" + (route == null ? "" : route);
                    if (!scopes.add(scope)) {
                        problems.add(problem(i, kind, name, "spec.plugins[" + p + "].name",
                                "plugin '" + plugin.path("name").asString() + "' is declared twice for the same "
                                        + (route == null ? "service" : "route"), plugin.get("name")));
                    }
                }
            }
            case KONG_CONSUMER -> unique(spec.path("keyAuth"), "name", "spec.keyAuth", i, kind, name, problems);
            case API_KEY -> {
                java.time.Duration every = period(spec.get("rotateEvery"));
                java.time.Duration grace = period(spec.get("gracePeriod"));
                if (every != null && grace != null && grace.compareTo(every) > 0) {
                    problems.add(problem(i, kind, name, "spec.gracePeriod", "'" + spec.get("gracePeriod").asString()
                            + "' is longer than spec.rotateEvery '" + spec.get("rotateEvery").asString()
                            + "': the old key would stay valid longer than a key is meant to live", spec.get("gracePeriod")));
                }
                JsonNode header = spec.get("header");
                if (header != null && header.isString() && RESERVED_HEADERS.contains(header.asString().toLowerCase(java.util.Locale.ROOT))) {
                    problems.add(problem(i, kind, name, "spec.header", "'" + header.asString()
                            + "' cannot carry the key: the gateway and HTTP itself own it (reserved: " + String.join(", ", RESERVED_HEADER_NAMES) + ")", header));
                }
                JsonNode targets = spec.path("targets");
                Set<String> seen = new HashSet<>();
                for (int t = 0; t < targets.size(); t++) {
                    JsonNode target = targets.get(t);
                    String key = target.path("app").asString() + "/" + target.path("configVar").asString("INTERNAL_API_KEY");
                    if (!seen.add(key)) {
                        problems.add(problem(i, kind, name, "spec.targets[" + t + "]",
                                "app and config var " + key + " are targeted twice", null));
                    }
                }
            }
            case KONG_GATEWAY -> {
                JsonNode env = spec.get("adminTokenEnv");
                if (env != null && env.isString() && !KongGatewaySpec.tokenEnvAllowed(env.asString())) {
                    problems.add(problem(i, kind, name, "spec.adminTokenEnv", "'" + env.asString()
                            + "' is not allowed: the admin token must come from a variable whose name starts with "
                            + KongGatewaySpec.TOKEN_ENV_PREFIX + " (Tether never sends its own credentials to a gateway)", env));
                }
            }
            case SECRET -> { }
            case NOTIFIER -> {
                JsonNode env = spec.get("urlEnv");
                if (env != null && env.isString() && !NotifierSpec.urlEnvAllowed(env.asString())) {
                    problems.add(problem(i, kind, name, "spec.urlEnv", "'" + env.asString()
                            + "' is not allowed: the target URL must come from a variable whose name starts with "
                            + NotifierSpec.URL_ENV_PREFIX + " (Tether never points its messages at its own settings)", env));
                }
            }
        }
        return problems;
    }

    /**
     * Headers an ApiKey may not be injected as: hop-by-hop and framing headers (replacing them
     * breaks the request), the ones Kong sets for the upstream (forwarding), and the client's own
     * credentials, which must reach the backend untouched.
     */
    private static final List<String> RESERVED_HEADER_NAMES = List.of(
            "Host", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "TE", "Trailer",
            "Expect", "Proxy-Connection", "Proxy-Authorization", "Proxy-Authenticate", "Authorization", "Cookie",
            "Forwarded", "Via", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Port",
            "X-Forwarded-Path", "X-Forwarded-Prefix", "X-Real-IP");
    private static final Set<String> RESERVED_HEADERS = RESERVED_HEADER_NAMES.stream()
            .map(h -> h.toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** A period the schema already checked ({@code 30d}, {@code 12h}, {@code 10m}, {@code 5s}), or null. */
    private static java.time.Duration period(JsonNode node) {
        if (node == null || !node.isString()) {
            return null;
        }
        String text = node.asString();
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> java.time.Duration.ofSeconds(n);
            case 'm' -> java.time.Duration.ofMinutes(n);
            case 'h' -> java.time.Duration.ofHours(n);
            case 'd' -> java.time.Duration.ofDays(n);
            default -> null;
        };
    }

    private static Set<String> unique(JsonNode items, String field, String path, int i, Kind kind, String name,
                                      List<ManifestProblem> problems) {
        Set<String> seen = new HashSet<>();
        for (int n = 0; n < items.size(); n++) {
            JsonNode value = items.get(n).get(field);
            if (value != null && value.isString() && !seen.add(value.asString())) {
                problems.add(problem(i, kind, name, path + "[" + n + "]." + field,
                        "'" + value.asString() + "' is used twice", value));
            }
        }
        return seen;
    }

    private static ManifestProblem problem(int i, Kind kind, String name, String path, String message, JsonNode value) {
        return new ManifestProblem(i, kind.manifestName(), name, path, path + ": " + message, value);
    }

    private static Manifest toManifest(Kind kind, ObjectNode doc) {
        JsonNode metadata = doc.get("metadata");
        Map<String, String> labels = new LinkedHashMap<>();
        metadata.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
        JsonNode rv = metadata.get("resourceVersion");
        return new Manifest(kind, metadata.get("name").asString(), labels,
                rv == null ? null : rv.isNumber() ? rv.asLong() : Long.parseLong(rv.asString()), (ObjectNode) doc.get("spec"));
    }
}
