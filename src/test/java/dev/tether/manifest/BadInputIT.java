package dev.tether.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.ApiTestBase;
import dev.tether.TetherApi;
import dev.tether.TetherApi.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Bad input of every sort gets the right 4xx with a problem body that names where the problem
 * is, and leaves the store exactly as it was.
 */
class BadInputIT extends ApiTestBase {

    private static final String YAML = "application/yaml";
    private static final String JSON = "application/json";

    /** One bad request: what is sent, and what must come back. */
    record Case(String name, String method, String path, String contentType, byte[] body,
                Map<String, String> headers, int status, String errorPath) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case apply(String name, String yaml, int status, String errorPath) {
        return new Case(name, "POST", "/api/v1/manifests", YAML, yaml.getBytes(StandardCharsets.UTF_8), Map.of(), status, errorPath);
    }

    private static Case applyJson(String name, String json, int status, String errorPath) {
        return new Case(name, "POST", "/api/v1/manifests", JSON, json.getBytes(StandardCharsets.UTF_8), Map.of(), status, errorPath);
    }

    private static Case raw(String name, String method, String path, String contentType, byte[] body,
                            Map<String, String> headers, int status, String errorPath) {
        return new Case(name, method, path, contentType, body, headers, status, errorPath);
    }

    private static String doc(String kind, String name, String spec) {
        return "apiVersion: tether.dev/v1\nkind: " + kind + "\nmetadata:\n  name: " + name + "\nspec:\n"
                + spec.indent(2);
    }

    private static String app(String spec) {
        return doc("HerokuApp", "bad-input-app", spec);
    }

    private static String service(String spec) {
        return doc("KongService", "bad-svc", spec);
    }

    private static final String SEED = doc("HerokuApp", "seeded-app", "formation:\n  web:\n    quantity: 1\n");
    /** Paused, so its deletion waits and it stays "being deleted" for the whole test. */
    private static final String DELETING = doc("HerokuApp", "deleting-app", "formation:\n  web:\n    quantity: 1\npaused: true\n");

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        // --- bodies that cannot be read: 400
        c.add(apply("unclosed YAML flow sequence", "kind: [HerokuApp\nmetadata: {}\n", 400, ""));
        c.add(applyJson("truncated JSON", "{\"apiVersion\": ", 400, ""));
        c.add(applyJson("JSON with trailing comma", "{\"kind\": \"HerokuApp\",}", 400, ""));
        c.add(apply("YAML duplicate key", "apiVersion: tether.dev/v1\nkind: HerokuApp\nkind: ApiKey\n", 400, ""));
        c.add(applyJson("JSON duplicate key", "{\"kind\":\"HerokuApp\",\"kind\":\"ApiKey\"}", 400, ""));
        c.add(apply("empty YAML body", "", 400, ""));
        c.add(apply("whitespace-only body", "   \n\n  ", 400, ""));
        c.add(applyJson("empty JSON array", "[]", 400, ""));
        c.add(apply("only document separators", "---\n---\n", 400, ""));
        c.add(raw("invalid UTF-8", "POST", "/api/v1/manifests", YAML,
                new byte[] {'k', 'i', 'n', 'd', ':', ' ', (byte) 0xC3, (byte) 0x28}, Map.of(), 400, ""));
        c.add(apply("YAML tab indentation", "apiVersion: tether.dev/v1\nmetadata:\n\tname: x\n", 400, ""));
        c.add(applyJson("JSON nested 5000 deep", "[".repeat(5000) + "]".repeat(5000), 400, ""));
        c.add(applyJson("two JSON values", "{\"kind\":\"HerokuApp\"} {\"kind\":\"ApiKey\"}", 400, ""));
        // --- documents that are not manifests: 422
        c.add(applyJson("document is a string", "\"hello\"", 422, ""));
        c.add(apply("YAML document is a sequence", "- a\n- b\n", 422, ""));
        c.add(apply("missing kind", "apiVersion: tether.dev/v1\nmetadata:\n  name: x\nspec: {}\n", 422, "kind"));
        c.add(apply("unknown kind", doc("Deployment", "x", "{}"), 422, "kind"));
        c.add(apply("kind in the wrong case", doc("herokuapp", "x", "{}"), 422, "kind"));
        c.add(apply("kind is a number", "apiVersion: tether.dev/v1\nkind: 7\nmetadata:\n  name: x\nspec: {}\n", 422, "kind"));
        c.add(apply("missing apiVersion", "kind: HerokuApp\nmetadata:\n  name: bad-input-app\nspec: {}\n", 422, "apiVersion"));
        c.add(apply("wrong apiVersion", app("{}").replace("tether.dev/v1", "v1"), 422, "apiVersion"));
        c.add(apply("missing metadata", "apiVersion: tether.dev/v1\nkind: HerokuApp\nspec: {}\n", 422, "metadata"));
        c.add(apply("missing name", "apiVersion: tether.dev/v1\nkind: HerokuApp\nmetadata:\n  labels: {}\nspec: {}\n", 422, "metadata.name"));
        c.add(apply("empty name", doc("HerokuApp", "\"\"", "{}"), 422, "metadata.name"));
        c.add(apply("upper-case name", doc("HerokuApp", "MyApp", "{}"), 422, "metadata.name"));
        c.add(apply("app name longer than Heroku's 30", doc("HerokuApp", "a".repeat(31), "{}"), 422, "metadata.name"));
        c.add(apply("name starting with a digit", doc("HerokuApp", "1app", "{}"), 422, "metadata.name"));
        c.add(apply("name with an underscore", doc("ApiKey", "my_key", "{}"), 422, "metadata.name"));
        c.add(apply("name ending with a dash", doc("KongService", "svc-", "upstream:\n  url: http://x"), 422, "metadata.name"));
        c.add(apply("name is a number", doc("HerokuApp", "42", "{}"), 422, "metadata.name"));
        c.add(apply("10,000-character name", doc("HerokuApp", "a".repeat(10_000), "{}"), 422, "metadata.name"));
        c.add(apply("same resource twice in one POST", app("{}") + "---\n" + app("{}"), 422, "metadata.name"));
        c.add(apply("missing spec", "apiVersion: tether.dev/v1\nkind: HerokuApp\nmetadata:\n  name: bad-input-app\n", 422, "spec"));
        c.add(apply("spec is a string", "apiVersion: tether.dev/v1\nkind: HerokuApp\nmetadata:\n  name: bad-input-app\nspec: big\n", 422, "spec"));
        c.add(apply("unknown top-level field", app("{}") + "status: {}\n", 422, "status"));
        c.add(apply("unknown spec field", app("replicas: 3"), 422, "spec.replicas"));
        c.add(apply("unknown metadata field", app("{}").replace("metadata:\n", "metadata:\n  namespace: prod\n"), 422, "metadata.namespace"));
        c.add(apply("label value with spaces", app("{}").replace("metadata:\n", "metadata:\n  labels:\n    team: the core team\n"), 422, "metadata.labels.team"));
        c.add(apply("label value is a number", app("{}").replace("metadata:\n", "metadata:\n  labels:\n    tier: 1\n"), 422, "metadata.labels.tier"));
        c.add(apply("resourceVersion not a number", app("{}").replace("metadata:\n", "metadata:\n  resourceVersion: abc\n"), 422, "metadata.resourceVersion"));
        // --- HerokuApp fields
        c.add(apply("negative dyno quantity", app("formation:\n  web:\n    quantity: -1"), 422, "spec.formation.web.quantity"));
        c.add(apply("quantity as a word", app("formation:\n  web:\n    quantity: two"), 422, "spec.formation.web.quantity"));
        c.add(apply("fractional quantity", app("formation:\n  web:\n    quantity: 1.5"), 422, "spec.formation.web.quantity"));
        c.add(apply("quantity above 100", app("formation:\n  web:\n    quantity: 1000"), 422, "spec.formation.web.quantity"));
        c.add(apply("unknown dyno size", app("formation:\n  web:\n    size: huge"), 422, "spec.formation.web.size"));
        c.add(apply("empty process entry", app("formation:\n  web: {}"), 422, "spec.formation.web"));
        c.add(apply("bad process type name", app("formation:\n  Web!: {quantity: 1}"), 422, "spec.formation"));
        c.add(apply("unknown field in a process", app("formation:\n  web:\n    replicas: 2"), 422, "spec.formation.web.replicas"));
        c.add(apply("config var value is a number", app("configVars:\n  WEB_CONCURRENCY: 4"), 422, "spec.configVars.WEB_CONCURRENCY"));
        c.add(apply("config var name starting with a digit", app("configVars:\n  1BAD: x"), 422, "spec.configVars"));
        c.add(apply("unknown region", app("region: mars"), 422, "spec.region"));
        c.add(apply("unknown stack", app("stack: cedar"), 422, "spec.stack"));
        c.add(apply("add-on without a plan", app("addons:\n  - as: DATABASE"), 422, "spec.addons[0].plan"));
        c.add(apply("add-on plan with spaces", app("addons:\n  - plan: Heroku Postgres"), 422, "spec.addons[0].plan"));
        c.add(apply("two add-ons attached as the same name", app("addons:\n  - plan: heroku-redis\n    as: CACHE\n  - plan: memcachier\n    as: CACHE"), 422, "spec.addons[1].as"));
        c.add(apply("domain that is not a host name", app("domains: [\"not a domain\"]"), 422, "spec.domains[0]"));
        c.add(apply("the same domain twice", app("domains: [a.example.com, a.example.com]"), 422, "spec.domains"));
        c.add(apply("space without a team", app("space: prod-space"), 422, "spec.space"));
        c.add(apply("internal routing outside a space", app("internalRouting: true"), 422, "spec.internalRouting"));
        c.add(apply("maintenance as a string", app("maintenance: \"on\""), 422, "spec.maintenance"));
        c.add(apply("unknown drift mode", app("driftPolicy:\n  mode: fix"), 422, "spec.driftPolicy.mode"));
        c.add(apply("drift ignore not a list", app("driftPolicy:\n  ignore: formation.web.quantity"), 422, "spec.driftPolicy.ignore"));
        c.add(apply("deletion policy in lower case", app("deletionPolicy: delete"), 422, "spec.deletionPolicy"));
        c.add(apply("paused as a string", app("paused: \"yes\""), 422, "spec.paused"));
        c.add(apply("configVarsPolicy unknown", app("configVarsPolicy: strict"), 422, "spec.configVarsPolicy"));
        // --- ApiKey
        c.add(apply("key shorter than 16 bytes", doc("ApiKey", "k", "length: 8"), 422, "spec.length"));
        c.add(apply("rotation period in words", doc("ApiKey", "k", "rotateEvery: 30 days"), 422, "spec.rotateEvery"));
        c.add(apply("target without an app", doc("ApiKey", "k", "targets:\n  - configVar: KEY"), 422, "spec.targets[0].app"));
        c.add(apply("the same target twice", doc("ApiKey", "k", "targets:\n  - app: orders\n  - app: orders"), 422, "spec.targets[1]"));
        c.add(apply("header with a space", doc("ApiKey", "k", "header: X Internal"), 422, "spec.header"));
        c.add(apply("grace period longer than the rotation period", doc("ApiKey", "k", "rotateEvery: 1h\ngracePeriod: 2h"), 422, "spec.gracePeriod"));
        c.add(apply("key injected as Host", doc("ApiKey", "k", "header: Host"), 422, "spec.header"));
        c.add(apply("key injected as content-length", doc("ApiKey", "k", "header: content-length"), 422, "spec.header"));
        c.add(apply("key injected as Authorization", doc("ApiKey", "k", "header: Authorization"), 422, "spec.header"));
        // --- YAML tags are refused, not coerced
        c.add(apply("YAML !!binary tag", app("configVars:\n  BLOB: !!binary aGVsbG8="), 400, "spec.configVars.BLOB"));
        c.add(apply("YAML !!float tag", app("formation:\n  web:\n    quantity: !!float 1"), 400, "spec.formation.web.quantity"));
        c.add(apply("YAML local tag", app("configVars:\n  MODE: !foo bar"), 400, "spec.configVars.MODE"));
        c.add(apply("YAML tag on a list item", doc("ApiKey", "k", "targets:\n  - !!map {app: orders}"), 400, "spec.targets[0]"));
        // --- KongService
        c.add(apply("service without upstream", service("routes: []"), 422, "spec.upstream"));
        c.add(apply("upstream with both app and url", service("upstream:\n  app: orders\n  url: http://x"), 422, "spec.upstream"));
        c.add(apply("upstream with an ftp url", service("upstream:\n  url: ftp://files"), 422, "spec.upstream.url"));
        c.add(apply("route matching nothing", service("upstream:\n  url: http://x\nroutes:\n  - name: r1"), 422, "spec.routes[0]"));
        c.add(apply("route path without a slash", service("upstream:\n  url: http://x\nroutes:\n  - name: r1\n    paths: [orders]"), 422, "spec.routes[0].paths[0]"));
        c.add(apply("two routes with one name", service("upstream:\n  url: http://x\nroutes:\n  - name: r1\n    paths: [/a]\n  - name: r1\n    paths: [/b]"), 422, "spec.routes[1].name"));
        c.add(apply("unknown HTTP method", service("upstream:\n  url: http://x\nroutes:\n  - name: r1\n    methods: [FETCH]"), 422, "spec.routes[0].methods[0]"));
        c.add(apply("plugin on an undeclared route", service("upstream:\n  url: http://x\nplugins:\n  - name: acl\n    route: nowhere"), 422, "spec.plugins[0].route"));
        c.add(apply("the same plugin twice", service("upstream:\n  url: http://x\nplugins:\n  - name: cors\n  - name: cors"), 422, "spec.plugins[1].name"));
        c.add(apply("plugin config is a list", service("upstream:\n  url: http://x\nplugins:\n  - name: cors\n    config: [1]"), 422, "spec.plugins[0].config"));
        // --- KongConsumer and KongGateway
        c.add(apply("consumer without username or custom id", doc("KongConsumer", "c", "acls: [ops]"), 422, "spec"));
        c.add(apply("consumer key-auth keys with one name", doc("KongConsumer", "c", "username: c\nkeyAuth:\n  - name: k\n  - name: k"), 422, "spec.keyAuth[1].name"));
        c.add(apply("gateway without admin url", doc("KongGateway", "g", "adminTokenEnv: TOKEN"), 422, "spec.adminUrl"));
        c.add(apply("gateway token from Tether's own Heroku key", doc("KongGateway", "g", "adminUrl: http://kong:8001\nadminTokenEnv: HEROKU_API_KEY"), 422, "spec.adminTokenEnv"));
        c.add(apply("gateway token env in lower case", doc("KongGateway", "g", "adminUrl: http://kong:8001\nadminTokenEnv: token"), 422, "spec.adminTokenEnv"));
        // --- transport, auth and concurrency
        byte[] big = ("# " + "x".repeat(1024 * 1024) + "\n" + SEED).getBytes(StandardCharsets.UTF_8);
        c.add(raw("body over 1 MiB", "POST", "/api/v1/manifests", YAML, big, Map.of(), 413, ""));
        c.add(raw("text/plain body", "POST", "/api/v1/manifests", "text/plain", SEED.getBytes(), Map.of(), 415, ""));
        c.add(raw("no content type", "POST", "/api/v1/manifests", null, SEED.getBytes(), Map.of(), 415, ""));
        c.add(raw("form-encoded body", "POST", "/api/v1/manifests", "application/x-www-form-urlencoded", "a=b".getBytes(), Map.of(), 415, ""));
        c.add(raw("no token", "POST", "/api/v1/manifests", YAML, SEED.getBytes(), Map.of("Authorization", ""), 401, "Authorization"));
        c.add(raw("wrong token", "POST", "/api/v1/manifests", YAML, SEED.getBytes(), Map.of("Authorization", "Bearer nope"), 401, "Authorization"));
        c.add(raw("basic auth instead of bearer", "POST", "/api/v1/manifests", YAML, SEED.getBytes(), Map.of("Authorization", "Basic dXNlcjpwYXNz"), 401, "Authorization"));
        c.add(raw("token on a read", "GET", "/api/v1/resources", null, null, Map.of("Authorization", "Bearer wrong"), 401, "Authorization"));
        c.add(apply("stale resourceVersion", SEED.replace("metadata:\n", "metadata:\n  resourceVersion: \"999\"\n")
                .replace("quantity: 1", "quantity: 2"), 409, null));
        c.add(raw("If-Match with two documents", "POST", "/api/v1/manifests", YAML, (SEED + "---\n" + app("{}")).getBytes(),
                Map.of("If-Match", "\"1\""), 409, null));
        c.add(raw("If-Match that is not a version", "POST", "/api/v1/manifests", YAML, SEED.getBytes(), Map.of("If-Match", "abc"), 400, ""));
        c.add(apply("change to a resource being deleted", DELETING.replace("quantity: 1", "quantity: 3"), 409, null));
        c.add(raw("rollback to a generation that never was", "POST", "/api/v1/resources/HerokuApp/seeded-app/rollback", JSON,
                "{\"generation\": 99}".getBytes(), Map.of(), 404, null));
        c.add(raw("rollback to a generation beyond any number", "POST", "/api/v1/resources/HerokuApp/seeded-app/rollback", JSON,
                "{\"generation\": 99999999999999999999999}".getBytes(), Map.of(), 400, "generation"));
        c.add(raw("rollback to generation zero", "POST", "/api/v1/resources/HerokuApp/seeded-app/rollback", JSON,
                "{\"generation\": 0}".getBytes(), Map.of(), 422, "generation"));
        c.add(raw("rollback without a generation", "POST", "/api/v1/resources/HerokuApp/seeded-app/rollback", JSON,
                "{}".getBytes(), Map.of(), 422, "generation"));
        c.add(raw("rollback of an unknown resource", "POST", "/api/v1/resources/HerokuApp/ghost/rollback", JSON,
                "{\"generation\": 1}".getBytes(), Map.of(), 404, null));
        c.add(raw("read of an unknown kind", "GET", "/api/v1/resources/Deployment/x", null, null, Map.of(), 404, null));
        c.add(raw("delete of an unknown resource", "DELETE", "/api/v1/resources/HerokuApp/ghost", null, null, Map.of(), 404, null));
        c.add(raw("list with a malformed label selector", "GET", "/api/v1/resources?label=topology", null, null, Map.of(), 400, ""));
        c.add(raw("events with a zero limit", "GET", "/api/v1/resources/HerokuApp/seeded-app/events?limit=0", null, null, Map.of(), 400, ""));
        return c.stream();
    }

    @BeforeEach
    void seed() {
        assertThat(api.yaml(SEED).status()).isEqualTo(200);
        if (api.get("/api/v1/resources/HerokuApp/deleting-app").status() == 404) {
            assertThat(api.yaml(DELETING).status()).isEqualTo(200);
            assertThat(api.delete("/api/v1/resources/HerokuApp/deleting-app").status()).isEqualTo(202);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersA4xxNamingTheProblemAndStoresNothing(Case c) {
        String before = snapshot();

        Response r = send(c);

        assertThat(r.status()).as(c.name() + ": " + r.body()).isEqualTo(c.status());
        assertThat(r.header("Content-Type")).as(c.name()).startsWith("application/problem+json");
        JsonNode problem = r.json();
        assertThat(problem.get("status").asInt()).isEqualTo(c.status());
        assertThat(problem.get("detail").asString()).as(c.name()).isNotBlank();
        if (c.errorPath() != null) {
            List<String> paths = problem.get("errors").findValuesAsString("path");
            assertThat(paths).as(c.name() + ": " + r.body()).contains(c.errorPath());
            for (JsonNode e : problem.get("errors")) {
                if (!e.get("path").asString().isEmpty()) {
                    assertThat(e.get("message").asString()).startsWith(e.get("path").asString() + ":");
                }
            }
        }
        assertThat(snapshot()).as("store unchanged after " + c.name()).isEqualTo(before);
    }

    private Response send(Case c) {
        Map<String, String> headers = new LinkedHashMap<>(c.headers());
        TetherApi client = api;
        if (headers.containsKey("Authorization")) {
            String auth = headers.remove("Authorization");
            client = api.withToken(null);
            if (!auth.isEmpty()) {
                headers.put("Authorization", auth);
            }
        }
        return client.withHeaders(c.method(), c.path(), headers, c.contentType(),
                null, c.body());
    }

    /**
     * Everything a user applied and could read back: every resource's identity, versions and
     * labels, the spec history and the API's own timeline entries. (Status is left out: the
     * control loop writes it on its own schedule.)
     */
    private String snapshot() {
        StringBuilder sb = new StringBuilder();
        for (JsonNode item : api.get("/api/v1/resources").json().get("items")) {
            sb.append(item.get("kind").asString()).append('/').append(item.get("name").asString())
                    .append(" g").append(item.get("generation").asLong())
                    .append(" rv").append(item.get("resourceVersion").asString())
                    .append(' ').append(item.get("labels")).append('\n');
        }
        for (String name : Arrays.asList("seeded-app", "deleting-app")) {
            sb.append(api.get("/api/v1/resources/HerokuApp/" + name).json().get("spec"));
            sb.append(api.get("/api/v1/resources/HerokuApp/" + name + "/generations").body());
            for (JsonNode e : api.get("/api/v1/resources/HerokuApp/" + name + "/events").json().get("items")) {
                if ("api".equals(e.path("actor").asString())) {
                    sb.append(e).append('\n');
                }
            }
        }
        return sb.toString();
    }
}
