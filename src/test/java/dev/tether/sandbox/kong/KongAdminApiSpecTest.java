package dev.tether.sandbox.kong;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Assertions ported from Kong's own Admin API integration specs (Kong/kong @ 22246ef,
 * {@code spec/02-integration/04-admin_api/} unless stated), run against the emulator over real
 * HTTP. Each test names the spec file and the {@code it(...)} it ports. Every JSON response is
 * also validated against the OpenAPI subset by {@link KongHttp}.
 */
class KongAdminApiSpecTest {

    static KongEmulator kong;
    static KongHttp admin;

    @BeforeAll
    static void start() {
        kong = KongEmulator.start(0, 0);
        admin = KongHttp.admin(kong);
    }

    @AfterAll
    static void stop() {
        kong.close();
    }

    @BeforeEach
    void clean() {
        kong.reset();
    }

    private static JsonNode created(KongHttp.Res r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private static JsonNode ok(KongHttp.Res r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** The stored node as a client would parse it (number node types aside). */
    private static JsonNode same(JsonNode stored) {
        return KongHttp.JSON.readTree(stored.toString());
    }

    private static String service(String name) {
        return created(admin.post("/services", "{\"name\":\"" + name + "\",\"host\":\"127.0.0.1\",\"port\":15555}"))
                .get("id").asString();
    }

    // ---- 02-kong_routes_spec.lua ------------------------------------------------------------

    @Test
    void rootReportsVersionEditionAndTagline() {
        // 02-kong_routes_spec.lua: it("returns Kong's version number, edition info and tagline")
        JsonNode j = ok(admin.get("/"));
        assertThat(j.get("version").asString()).matches("^\\d+\\.\\d+\\.\\d+$");
        assertThat(j.get("edition").asString()).isEqualTo("community");
        assertThat(j.get("tagline").asString()).isEqualTo("Welcome to kong");
    }

    @Test
    void rootReportsAUuidNodeId() {
        // 02-kong_routes_spec.lua: it("returns a UUID as the node_id")
        assertThat(ok(admin.get("/")).get("node_id").asString()).matches(SchemaValidator.UUID);
    }

    @Test
    void serverHeaderNamesKongAndItsVersion() {
        // 02-kong_routes_spec.lua: it("response has the correct Server header")
        KongHttp.Res r = admin.get("/");
        assertThat(r.header("Server")).isEqualTo("kong/" + r.json().get("version").asString());
    }

    @Test
    void rootRefusesOtherMethodsWith405() {
        // 02-kong_routes_spec.lua: it("returns 405 on invalid method")
        for (String method : List.of("POST", "PUT", "DELETE")) {
            KongHttp.Res r = admin.send(method, "/", "{}", "application/json");
            assertThat(r.status()).isEqualTo(405);
            assertThat(r.json().get("message").asString()).isEqualTo("Method not allowed");
        }
    }

    @Test
    void rootExposesConfigurationWithPostgresDatabase() {
        // 02-kong_routes_spec.lua: it("exposes the node's configuration")
        JsonNode conf = ok(admin.get("/")).get("configuration");
        assertThat(conf.isObject()).isTrue();
        assertThat(conf.get("database").asString()).isEqualTo("postgres");
    }

    @Test
    void enabledInClusterIsAnArray() {
        // 02-kong_routes_spec.lua: it("enabled_in_cluster property is an array")
        KongHttp.Res r = admin.get("/");
        assertThat(r.body()).contains("\"enabled_in_cluster\":[]");
    }

    @Test
    void rootObfuscatesThePostgresPassword() {
        // 02-kong_routes_spec.lua: it("obfuscates sensitive settings from the configuration")
        assertThat(ok(admin.get("/")).get("configuration").get("pg_password").asString()).isEqualTo("******");
    }

    @Test
    void optionsOnRootAnswersAllowAndCors() {
        // 02-kong_routes_spec.lua: it("returns allow and CORS headers with OPTIONS method")
        KongHttp.Res r = admin.send("OPTIONS", "/", null, null);
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(r.body()).isEmpty();
    }

    @Test
    void statusReportsServerDatabaseAndMemory() {
        // 02-kong_routes_spec.lua: it("returns status info")
        JsonNode j = ok(admin.get("/status"));
        assertThat(j.get("database").get("reachable").asBoolean()).isTrue();
        for (String k : List.of("connections_accepted", "connections_active", "connections_handled",
                "connections_reading", "connections_writing", "connections_waiting", "total_requests")) {
            assertThat(j.get("server").has(k)).as(k).isTrue();
        }
        assertThat(j.get("memory").get("lua_shared_dicts").has("kong")).isTrue();
        assertThat(j.has("configuration_hash")).as("no configuration_hash in DB mode").isFalse();
    }

    @Test
    void unknownPathsAnswer404WithKongsMessage() {
        // 02-kong_routes_spec.lua: it("returns 404 with GET") / ("… with POST") / ("… with PUT") / ("… with DELETE")
        for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
            KongHttp.Res r = admin.send(method, "/non-existing", method.equals("GET") || method.equals("DELETE") ? null : "{}",
                    "application/json");
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.json().get("message").asString()).isEqualTo("Not found");
        }
    }

    @Test
    void entitySchemaIsServedAndUnknownEntityIs404() {
        // 02-kong_routes_spec.lua: it("returns the schema of all DB entities") / it("returns 404 on a missing entity")
        for (String e : List.of("services", "routes", "consumers", "plugins")) {
            assertThat(ok(admin.get("/schemas/" + e)).get("fields").isArray()).as(e).isTrue();
        }
        assertThat(admin.get("/schemas/not-an-entity").status()).isEqualTo(404);
    }

    // ---- 04-plugins_routes_spec.lua ---------------------------------------------------------

    @Test
    void pluginSchemasAreServedAndUnknownPluginIs404() {
        // 04-plugins_routes_spec.lua: it("returns the schema of all bundled plugins") / it("returns 404 on invalid plugin")
        for (String p : List.of("key-auth", "acl", "rate-limiting", "request-transformer")) {
            assertThat(ok(admin.get("/schemas/plugins/" + p)).get("fields").isArray()).as(p).isTrue();
        }
        KongHttp.Res r = admin.get("/schemas/plugins/foobar");
        assertThat(r.status()).isEqualTo(404);
    }

    @Test
    void listsEnabledPlugins() {
        // 04-plugins_routes_spec.lua: it("returns a list of enabled plugins on this node")
        JsonNode j = ok(admin.get("/plugins/enabled"));
        assertThat(Json.stringList(j.get("enabled_plugins"))).contains("key-auth", "acl", "rate-limiting", "request-transformer");
    }

    @Test
    void putCreatesAPluginByInstanceName() {
        // 04-plugins_routes_spec.lua: it("can create a plugin by instance_name")
        String sid = service("svc");
        JsonNode j = ok(admin.put("/plugins/my-key-auth", "{\"name\":\"key-auth\",\"service\":{\"id\":\"" + sid + "\"}}"));
        assertThat(j.get("instance_name").asString()).isEqualTo("my-key-auth");
        assertThat(ok(admin.get("/plugins/my-key-auth")).get("id").asString()).isEqualTo(j.get("id").asString());
    }

    @Test
    void patchNullRemovesThePluginsServiceReference() {
        // 04-plugins_routes_spec.lua: it("updates a plugin (removing foreign key reference)")
        String sid = service("svc");
        String pid = created(admin.post("/services/" + sid + "/plugins", "{\"name\":\"key-auth\"}")).get("id").asString();
        JsonNode j = ok(admin.patch("/plugins/" + pid, "{\"service\":null}"));
        assertThat(j.get("service").isNull()).isTrue();
        assertThat(kong.find("plugins", pid).orElseThrow().get("service").isNull()).isTrue();
    }

    @Test
    void patchWithUnknownFieldIsRejectedAndLeavesThePluginUnchanged() {
        // 04-plugins_routes_spec.lua: it("handles invalid input")
        String pid = created(admin.post("/plugins", "{\"name\":\"key-auth\",\"config\":{\"key_names\":[\"testkey\"]}}"))
                .get("id").asString();
        JsonNode before = kong.find("plugins", pid).orElseThrow();
        KongHttp.Res r = admin.patch("/plugins/" + pid, "{\"foo\":\"bar\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json()).isEqualTo(KongHttp.JSON.readTree("""
                {"message":"schema violation (foo: unknown field)","name":"schema violation",
                 "fields":{"foo":"unknown field"},"code":2}"""));
        assertThat(kong.find("plugins", pid).orElseThrow()).isEqualTo(before);
    }

    @Test
    void patchWithNonRecordConfigIsRejected() {
        // 04-plugins_routes_spec.lua: it("handles invalid config, see #9224")
        String pid = created(admin.post("/plugins", "{\"name\":\"key-auth\",\"config\":{\"key_names\":[\"testkey\"]}}"))
                .get("id").asString();
        KongHttp.Res r = admin.patch("/plugins/" + pid, "{\"config\":\"bar\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json()).isEqualTo(KongHttp.JSON.readTree("""
                {"message":"schema violation (config: expected a record)","name":"schema violation",
                 "fields":{"config":"expected a record"},"code":2}"""));
        assertThat(Json.stringList(kong.find("plugins", pid).orElseThrow().get("config").get("key_names")))
                .containsExactly("testkey");
    }

    @Test
    void patchOnMissingPluginIs404() {
        // 04-plugins_routes_spec.lua: it("returns 404 if not found")
        assertThat(admin.patch("/plugins/f4aecadc-05c7-11e6-8d41-1f3b3d5fa15c", "{\"enabled\":false}").status()).isEqualTo(404);
    }

    @Test
    void deletingAMissingPluginIs204() {
        // 04-plugins_routes_spec.lua: it("returns 204 if not found") / it("returns 204 if not found by instance_name")
        assertThat(admin.delete("/plugins/f4aecadc-05c7-11e6-8d41-1f3b3d5fa15c").status()).isEqualTo(204);
        assertThat(admin.delete("/plugins/not-found").status()).isEqualTo(204);
    }

    // ---- 10-services_routes_spec.lua --------------------------------------------------------

    @Test
    void createsAServiceWithDefaults() {
        // 10-services_routes_spec.lua: it_content_types("creates a service")
        JsonNode j = created(admin.post("/services", "{\"protocol\":\"http\",\"host\":\"service.test\"}"));
        assertThat(j.get("id").isString()).isTrue();
        assertThat(j.get("created_at").isIntegralNumber()).isTrue();
        assertThat(j.get("updated_at").isIntegralNumber()).isTrue();
        assertThat(j.get("name").isNull()).isTrue();
        assertThat(j.get("protocol").asString()).isEqualTo("http");
        assertThat(j.get("host").asString()).isEqualTo("service.test");
        assertThat(j.get("port").asInt()).isEqualTo(80);
        assertThat(j.get("connect_timeout").asInt()).isEqualTo(60000);
        assertThat(j.get("write_timeout").asInt()).isEqualTo(60000);
        assertThat(j.get("read_timeout").asInt()).isEqualTo(60000);
    }

    @Test
    void createsAServiceFromAFormBody() {
        // 10-services_routes_spec.lua: it_content_types("creates a service") with application/x-www-form-urlencoded
        KongHttp.Res r = admin.form("POST", "/services", "protocol=http&host=service.test&port=8080&tags[]=a&tags[]=b");
        JsonNode j = created(r);
        assertThat(j.get("port").asInt()).isEqualTo(8080);
        assertThat(Json.stringList(j.get("tags"))).containsExactly("a", "b");
    }

    @Test
    void createsAServiceWithUrl() {
        // 10-services_routes_spec.lua: it_content_types("creates a service with url")
        JsonNode j = created(admin.post("/services", "{\"url\":\"http://service.test/\"}"));
        assertThat(j.get("protocol").asString()).isEqualTo("http");
        assertThat(j.get("host").asString()).isEqualTo("service.test");
        assertThat(j.get("path").asString()).isEqualTo("/");
        assertThat(j.get("port").asInt()).isEqualTo(80);
        assertThat(j.has("url")).as("url is write-only").isFalse();
    }

    @Test
    void httpsUrlDefaultsPortTo443() {
        // 10-services_routes_spec.lua: it_content_types("'port' defaults to 443 when 'url' scheme is https")
        JsonNode j = created(admin.post("/services", "{\"url\":\"https://service.test/\"}"));
        assertThat(j.get("protocol").asString()).isEqualTo("https");
        assertThat(j.get("port").asInt()).isEqualTo(443);
    }

    @Test
    void emptyOrBlankUrlIsAClientError() {
        // 10-services_routes_spec.lua: it_content_types("client error with with empty url") / ("client error with invalid url")
        assertThat(admin.post("/services", "{\"url\":\"\"}").status()).isEqualTo(400);
        assertThat(admin.post("/services", "{\"url\":\" \"}").status()).isEqualTo(400);
    }

    @Test
    void listsTheFirstPageAndPaginatesASet() {
        // 10-services_routes_spec.lua: it("retrieves the first page") / it("paginates a set")
        for (int i = 0; i < 10; i++) {
            service("service-" + i);
        }
        assertThat(ok(admin.get("/services")).get("data").size()).isEqualTo(10);
        Set<String> seen = new HashSet<>();
        String offset = null;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JsonNode page = ok(admin.get("/services?size=3" + (offset == null ? "" : "&offset=" + URLEncoder.encode(offset, StandardCharsets.UTF_8))));
            sizes.add(page.get("data").size());
            page.get("data").forEach(s -> seen.add(s.get("id").asString()));
            offset = page.has("offset") ? page.get("offset").asString() : null;
        }
        assertThat(sizes).containsExactly(3, 3, 3, 1);
        assertThat(seen).hasSize(10);
        assertThat(offset).as("the last page has no offset").isNull();
    }

    @Test
    void pagesAreOrderedById() {
        // kong/db/strategies/postgres/init.lua page(): ORDER BY id (notes §2.2)
        for (int i = 0; i < 6; i++) {
            service("s" + i);
        }
        List<String> ids = new ArrayList<>();
        ok(admin.get("/services")).get("data").forEach(s -> ids.add(s.get("id").asString()));
        assertThat(ids).isSorted();
    }

    @Test
    void nextCarriesOffsetAndPageSize() {
        // 10-services_routes_spec.lua: it("propagate in next a page size")
        for (int i = 0; i < 5; i++) {
            service("service-" + i);
        }
        JsonNode j = ok(admin.get("/services?size=3"));
        String offset = j.get("offset").asString();
        assertThat(j.get("next").asString()).isEqualTo("/services?offset=" + ListQuery.escape(offset) + "&size=3");
        assertThat(ok(admin.get(j.get("next").asString())).get("data").size()).isEqualTo(2);
    }

    @Test
    void emptyListHasAnArrayNotAHash() {
        // 10-services_routes_spec.lua: it("data property is an empty array and not an empty hash")
        KongHttp.Res r = admin.get("/services");
        assertThat(r.body()).contains("\"data\":[]");
        assertThat(r.json()).isEqualTo(KongHttp.JSON.readTree("{\"data\":[],\"next\":null}"));
    }

    @Test
    void unknownQueryFiltersAreIgnored() {
        // 10-services_routes_spec.lua: it("handles invalid filters")
        KongHttp.Res r = admin.get("/services?foo=bar");
        assertThat(r.json()).isEqualTo(KongHttp.JSON.readTree("{\"data\":[],\"next\":null}"));
    }

    @Test
    void retrievesAServiceByIdAndByName() {
        // 10-services_routes_spec.lua: it("retrieves by id") / it("retrieves by name")
        String id = service("my-service");
        assertThat(ok(admin.get("/services/" + id)).get("name").asString()).isEqualTo("my-service");
        assertThat(ok(admin.get("/services/my-service")).get("id").asString()).isEqualTo(id);
    }

    @Test
    void retrievesByUtf8NameAndPercentEscapedName() {
        // 10-services_routes_spec.lua: it("retrieves by utf-8 name and percent-escaped utf-8 name")
        String id = service("円");
        assertThat(ok(admin.get("/services/" + URLEncoder.encode("円", StandardCharsets.UTF_8))).get("id").asString()).isEqualTo(id);
    }

    @Test
    void missingServiceIs404ByIdAndByName() {
        // 10-services_routes_spec.lua: it("returns 404 if not found") / it("returns 404 if not found by name")
        KongHttp.Res byId = admin.get("/services/" + UUID.randomUUID());
        assertThat(byId.status()).isEqualTo(404);
        assertThat(byId.body()).isEqualTo("{\"message\":\"Not found\"}");
        assertThat(admin.get("/services/not-found").status()).isEqualTo(404);
    }

    @Test
    void patchUpdatesAServiceAndNullClearsItsName() {
        // 10-services_routes_spec.lua: it_content_types("updates if found")
        String id = service("to-patch");
        JsonNode j = ok(admin.patch("/services/" + id, "{\"name\":null,\"protocol\":\"https\"}"));
        assertThat(j.get("name").isNull()).isTrue();
        assertThat(j.get("protocol").asString()).isEqualTo("https");
        assertThat(j.get("id").asString()).isEqualTo(id);
        assertThat(same(kong.find("services", id).orElseThrow())).isEqualTo(j);
    }

    @Test
    void patchWithUrlRewritesProtocolHostPortAndPath() {
        // 10-services_routes_spec.lua: it_content_types("updates with url")
        String id = service("url-patch");
        JsonNode a = ok(admin.patch("/services/" + id, "{\"url\":\"http://example.test:443\"}"));
        assertThat(List.of(a.get("protocol").asString(), a.get("host").asString(), a.get("port").asString()))
                .containsExactly("http", "example.test", "443");
        assertThat(a.get("path").isNull()).isTrue();
        JsonNode b = ok(admin.patch("/services/" + id, "{\"url\":\"https://example2.test:80/\"}"));
        assertThat(b.get("port").asInt()).isEqualTo(80);
        assertThat(b.get("path").asString()).isEqualTo("/");
        JsonNode c = ok(admin.patch("/services/" + id, "{\"url\":\"http://example2.test\"}"));
        assertThat(c.get("port").asInt()).isEqualTo(80);
        assertThat(c.get("path").isNull()).isTrue();
    }

    @Test
    void deletingAServiceIs204AndAMissingOneToo() {
        // 10-services_routes_spec.lua: it("deletes a service") / it("returns HTTP 204 even if not found") / ("… by name")
        String id = service("gone");
        assertThat(admin.delete("/services/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/services/" + id).status()).isEqualTo(404);
        assertThat(admin.delete("/services/" + id).status()).isEqualTo(204);
        assertThat(admin.delete("/services/never-existed").status()).isEqualTo(204);
    }

    @Test
    void listsOnlyTheRoutesOfAService() {
        // 10-services_routes_spec.lua: it_content_types("lists all routes belonging to service")
        String sid = service("svc");
        JsonNode route = created(admin.post("/services/" + sid + "/routes", "{\"hosts\":[\"service.test\"]}"));
        created(admin.post("/routes", "{\"hosts\":[\"service.test\"]}"));
        JsonNode j = ok(admin.get("/services/" + sid + "/routes"));
        assertThat(j).isEqualTo(KongHttp.JSON.readTree("{\"data\":[" + route + "],\"next\":null}"));
        assertThat(admin.get("/services/" + UUID.randomUUID() + "/routes").status()).isEqualTo(404);
    }

    @Test
    void pluginWithoutNameIsASchemaViolation() {
        // 10-services_routes_spec.lua: it_content_types("handles invalid input") under /services/{service}/plugins
        String sid = service("svc");
        KongHttp.Res r = admin.post("/services/" + sid + "/plugins", "{}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json()).isEqualTo(KongHttp.JSON.readTree("""
                {"code":2,"name":"schema violation","message":"schema violation (name: required field missing)",
                 "fields":{"name":"required field missing"}}"""));
    }

    @Test
    void secondPluginOfTheSameNameOnAServiceIs409() {
        // 10-services_routes_spec.lua: it_content_types("returns 409 on conflict (same plugin name)")
        // (ported with key-auth: the emulator enables only the plugins Tether uses, not basic-auth)
        String sid = service("svc");
        created(admin.post("/services/" + sid + "/plugins", "{\"name\":\"key-auth\"}"));
        KongHttp.Res r = admin.post("/services/" + sid + "/plugins", "{\"name\":\"key-auth\"}");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json()).isEqualTo(KongHttp.JSON.readTree("""
                {"code":5,"name":"unique constraint violation",
                 "fields":{"consumer":null,"name":"key-auth","route":null,"service":{"id":"%s"}},
                 "message":"UNIQUE violation detected on '{consumer=null,name=\\"key-auth\\",route=null,service={id=\\"%s\\"}}'"}"""
                .formatted(sid, sid)));
    }

    @Test
    void malformedJsonBodyIs400() {
        // 10-services_routes_spec.lua / 09-routes_routes_spec.lua: it("handles malformed JSON body")
        KongHttp.Res r = admin.post("/routes", "{\"hello\": \"world\"");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"message\":\"Cannot parse JSON body\"}");
        assertThat(admin.put("/services/x", "{\"hello\"").body()).isEqualTo("{\"message\":\"Cannot parse JSON body\"}");
    }

    // ---- 09-routes_routes_spec.lua ----------------------------------------------------------

    @Test
    void routeWithoutMatchingAttributesIsAnEntityViolation() {
        // 09-routes_routes_spec.lua: it_content_types("handles invalid input"): missing params, missing https params
        String expected = """
                {"code":2,"name":"schema violation",
                 "message":"schema violation (must set one of 'methods', 'hosts', 'headers', 'paths', 'snis' when 'protocols' is 'https')",
                 "fields":{"@entity":["must set one of 'methods', 'hosts', 'headers', 'paths', 'snis' when 'protocols' is 'https'"]}}""";
        assertThat(admin.post("/routes", "{}").json()).isEqualTo(KongHttp.JSON.readTree(expected));
        assertThat(admin.post("/routes", "{\"protocols\":[\"https\"]}").json()).isEqualTo(KongHttp.JSON.readTree(expected));
    }

    @Test
    void unknownProtocolIsReportedPerElement() {
        // 09-routes_routes_spec.lua: it_content_types("handles invalid input"): invalid parameter
        KongHttp.Res r = admin.post("/routes", "{\"methods\":[\"GET\"],\"protocols\":[\"foo\",\"http\"]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json()).isEqualTo(KongHttp.JSON.readTree("""
                {"code":2,"name":"schema violation",
                 "message":"schema violation (protocols.1: expected one of: grpc, grpcs, http, https, tcp, tls, tls_passthrough, udp)",
                 "fields":{"protocols":["expected one of: grpc, grpcs, http, https, tcp, tls, tls_passthrough, udp"]}}"""));
    }

    @Test
    void invalidForeignEntityFieldsAreReportedUnderTheForeignKey() {
        // 09-routes_routes_spec.lua: it_content_types("handles invalid input"): invalid foreign entity
        KongHttp.Res r = admin.post("/routes", "{\"methods\":[\"GET\"],\"protocols\":[\"foo\",\"http\"],\"service\":{\"protocol\":\"foo\"}}");
        assertThat(r.json()).isEqualTo(KongHttp.JSON.readTree("""
                {"code":2,"name":"schema violation",
                 "message":"2 schema violations (protocols.1: expected one of: grpc, grpcs, http, https, tcp, tls, tls_passthrough, udp; service.protocol: expected one of: grpc, grpcs, http, https, tcp, tls, tls_passthrough, udp)",
                 "fields":{"protocols":["expected one of: grpc, grpcs, http, https, tcp, tls, tls_passthrough, udp"],
                           "service":{"protocol":"expected one of: grpc, grpcs, http, https, tcp, tls, tls_passthrough, udp"}}}"""));
    }

    @Test
    void unresolvableForeignNameIsCode13() {
        // 09-routes_routes_spec.lua: it_content_types("handles invalid input"): invalid foreign entity reference
        KongHttp.Res r = admin.post("/routes", "{\"methods\":[\"GET\"],\"service\":{\"name\":\"non-existing\"}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json()).isEqualTo(KongHttp.JSON.readTree("""
                {"code":13,"name":"foreign keys unresolved",
                 "message":"foreign key unresolved (service.name: the foreign key cannot be resolved with '{name=\\"non-existing\\"}' for an existing 'services' entity)",
                 "fields":{"service":{"name":"the foreign key cannot be resolved with '{name=\\"non-existing\\"}' for an existing 'services' entity"}}}"""));
    }

    @Test
    void foreignKeyWithoutPrimaryKeyIsASchemaViolation() {
        // 09-routes_routes_spec.lua: it_content_types("handles invalid input"): foreign entity cannot be resolved
        String expected = """
                {"code":2,"name":"schema violation","message":"schema violation (service.id: missing primary key)",
                 "fields":{"service":{"id":"missing primary key"}}}""";
        assertThat(admin.post("/routes", "{\"methods\":[\"GET\"],\"service\":{\"name\":null}}").json())
                .isEqualTo(KongHttp.JSON.readTree(expected));
        assertThat(admin.post("/routes", "{\"methods\":[\"GET\"],\"service\":{\"protocol\":\"http\"}}").json())
                .isEqualTo(KongHttp.JSON.readTree(expected));
    }

    @Test
    void foreignKeyByNameResolvesToTheId() {
        // 09-routes_routes_spec.lua: POST with service = { name = … } (notes §2.4 "Foreign keys may be given by endpoint key")
        String sid = service("by-name");
        JsonNode j = created(admin.post("/routes", "{\"paths\":[\"/x\"],\"service\":{\"name\":\"by-name\"}}"));
        assertThat(j.get("service")).isEqualTo(KongHttp.JSON.readTree("{\"id\":\"" + sid + "\"}"));
    }

    @Test
    void invalidSizeIsCode9() {
        // 09-routes_routes_spec.lua: it("handles invalid size")
        KongHttp.Res r = admin.get("/routes?size=x");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json()).isEqualTo(KongHttp.JSON.readTree("{\"code\":9,\"name\":\"invalid size\",\"message\":\"size must be a number\"}"));
        KongHttp.Res big = admin.get("/routes?size=1001");
        assertThat(big.json().get("message").asString()).isEqualTo("size must be an integer between 1 and 1000");
    }

    @Test
    void invalidOffsetIsCode7() {
        // 09-routes_routes_spec.lua: it("handles invalid offsets")
        KongHttp.Res r = admin.get("/routes?offset=x");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json()).isEqualTo(KongHttp.JSON.readTree(
                "{\"code\":7,\"name\":\"invalid offset\",\"message\":\"'x' is not a valid offset: bad base64 encoding\"}"));
        KongHttp.Res potato = admin.get("/routes?offset=%7Cpotato%7C");
        assertThat(potato.json().get("code").asInt()).isEqualTo(7);
    }

    @Test
    void unsupportedMethodOnACollectionIs405() {
        // 09-routes_routes_spec.lua: it("returns HTTP 405 on invalid method")
        for (String m : List.of("DELETE", "PUT", "PATCH")) {
            KongHttp.Res r = admin.send(m, "/routes", m.equals("DELETE") ? null : "{}", "application/json");
            assertThat(r.status()).as(m).isEqualTo(405);
            assertThat(r.json().get("message").asString()).isEqualTo("Method not allowed");
        }
    }

    @Test
    void putCreatesARouteWith200AndNullsForUnsetFields() {
        // 09-routes_routes_spec.lua: it_content_types("creates if not found") (PUT)
        String sid = service("svc");
        String id = UUID.randomUUID().toString();
        JsonNode j = ok(admin.put("/routes/" + id, "{\"paths\":[\"/updated-paths\"],\"service\":{\"id\":\"" + sid + "\"}}"));
        assertThat(Json.stringList(j.get("paths"))).containsExactly("/updated-paths");
        assertThat(j.get("hosts").isNull()).isTrue();
        assertThat(j.get("methods").isNull()).isTrue();
        assertThat(j.get("id").asString()).isEqualTo(id);
        assertThat(same(kong.find("routes", id).orElseThrow())).isEqualTo(j);
    }

    @Test
    void putReplacesTheWholeRoute() {
        // 09-routes_routes_spec.lua: PUT "updates if found" — fields left out return to defaults/null
        String id = UUID.randomUUID().toString();
        ok(admin.put("/routes/" + id, "{\"paths\":[\"/a\"],\"hosts\":[\"a.test\"],\"strip_path\":false}"));
        JsonNode j = ok(admin.put("/routes/" + id, "{\"paths\":[\"/b\"]}"));
        assertThat(j.get("hosts").isNull()).isTrue();
        assertThat(j.get("strip_path").asBoolean()).isTrue();
    }

    @Test
    void patchNullRemovesOptionalRouteFields() {
        // 09-routes_routes_spec.lua: it("with application/json removes optional field with ngx.null")
        String id = created(admin.post("/routes", "{\"paths\":[\"/my-route\"]}")).get("id").asString();
        JsonNode j = ok(admin.patch("/routes/" + id, "{\"methods\":null,\"paths\":null,\"hosts\":[\"my-updated.tld\"]}"));
        assertThat(j.get("paths").isNull()).isTrue();
        assertThat(j.get("methods").isNull()).isTrue();
        assertThat(Json.stringList(j.get("hosts"))).containsExactly("my-updated.tld");
    }

    @Test
    void patchReplacesSetsAndArraysWithEmptyArrays() {
        // 09-routes_routes_spec.lua: it("allows updating sets and arrays with en empty array")
        String id = created(admin.post("/routes", "{\"paths\":[\"/my-route\"]}")).get("id").asString();
        KongHttp.Res r = admin.patch("/routes/" + id, "{\"methods\":[],\"paths\":[],\"hosts\":[\"my-updated.tld\"]}");
        assertThat(r.body()).contains("\"methods\":[]").contains("\"paths\":[]");
    }

    @Test
    void deleteOnARoutesServiceEndpointIs405And404WhenTheRouteIsMissing() {
        // 09-routes_routes_spec.lua: it("returns HTTP 405 when trying to delete a service that is referenced")
        //                            it("returns HTTP 404 with non-existing route") / ("… by name")
        String id = created(admin.post("/routes", "{\"paths\":[\"/my-route\"]}")).get("id").asString();
        KongHttp.Res r = admin.delete("/routes/" + id + "/service");
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.json()).isEqualTo(KongHttp.JSON.readTree("{\"message\":\"Method not allowed\"}"));
        assertThat(admin.delete("/routes/" + UUID.randomUUID() + "/service").status()).isEqualTo(404);
        assertThat(admin.delete("/routes/in-existent-route/service").status()).isEqualTo(404);
    }

    @Test
    void routesServiceEndpointReturnsTheService() {
        // 09-routes_routes_spec.lua: describe("/routes/{route}/service") it("retrieves by id") / ("retrieves by name")
        String sid = service("svc");
        created(admin.post("/services/svc/routes", "{\"name\":\"r\",\"paths\":[\"/r\"]}"));
        assertThat(ok(admin.get("/routes/r/service")).get("id").asString()).isEqualTo(sid);
    }

    // ---- 03-consumers_routes_spec.lua -------------------------------------------------------

    @Test
    void consumerNeedsAUsernameOrCustomId() {
        // 03-consumers_routes_spec.lua: it_content_types("handles invalid input")
        KongHttp.Res r = admin.post("/consumers", "{}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("name").asString()).isEqualTo("schema violation");
        assertThat(Json.stringList(r.json().get("fields").get("@entity")))
                .containsExactly("at least one of these fields must be non-empty: 'custom_id', 'username'");
    }

    @Test
    void conflictingUsernameOrCustomIdIs409() {
        // 03-consumers_routes_spec.lua: it_content_types("returns 409 on conflicting username") / ("… custom_id")
        created(admin.post("/consumers", "{\"username\":\"bob\",\"custom_id\":\"c-1\"}"));
        KongHttp.Res r = admin.post("/consumers", "{\"username\":\"bob\"}");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("name").asString()).isEqualTo("unique constraint violation");
        assertThat(r.json().get("message").asString()).isEqualTo("UNIQUE violation detected on '{username=\"bob\"}'");
        KongHttp.Res c = admin.post("/consumers", "{\"username\":\"tom\",\"custom_id\":\"c-1\"}");
        assertThat(c.status()).isEqualTo(409);
        assertThat(c.json().get("message").asString()).isEqualTo("UNIQUE violation detected on '{custom_id=\"c-1\"}'");
    }

    @Test
    void filtersConsumersByCustomId() {
        // 03-consumers_routes_spec.lua: it("allows filtering by custom_id") / ("returns empty json array when consumer does not exist")
        JsonNode c = created(admin.post("/consumers", "{\"custom_id\":\"abc def\"}"));
        JsonNode j = ok(admin.get("/consumers?custom_id=abc%20def"));
        assertThat(j.get("data").size()).isEqualTo(1);
        assertThat(j.get("data").get(0)).isEqualTo(c);
        assertThat(admin.get("/consumers?custom_id=does-not-exist").body()).contains("\"data\":[]");
    }

    @Test
    void emptyCustomIdFilterIs400() {
        // 03-consumers_routes_spec.lua: it("not crashed by empty custom_id #KAG-867")
        assertThat(admin.get("/consumers?custom_id=").status()).isEqualTo(400);
        assertThat(admin.get("/consumers?custom_id").status()).isEqualTo(400);
    }

    @Test
    void emptyTagsFilterIs400() {
        // 03-consumers_routes_spec.lua: it("returns bad request for empty tags"); 14-tags_spec.lua: it("filter by empty tag")
        KongHttp.Res r = admin.get("/consumers?tags=");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asString()).isEqualTo("invalid option (tags: cannot be null)");
    }

    @Test
    void consumerPluginIsOnlyFoundUnderItsOwnConsumer() {
        // 03-consumers_routes_spec.lua: it("only retrieves if associated to the correct consumer")
        created(admin.post("/consumers", "{\"username\":\"bob\"}"));
        created(admin.post("/consumers", "{\"username\":\"alice\"}"));
        String pid = created(admin.post("/consumers/bob/plugins", "{\"name\":\"rate-limiting\",\"config\":{\"minute\":10}}"))
                .get("id").asString();
        assertThat(admin.get("/consumers/bob/plugins/" + pid).status()).isEqualTo(200);
        assertThat(admin.get("/consumers/alice/plugins/" + pid).status()).isEqualTo(404);
    }

    @Test
    void partialPatchDoesNotOverrideThePluginConfig() {
        // 03-consumers_routes_spec.lua: it("doesn't override a plugin config if partial with …")
        created(admin.post("/consumers", "{\"username\":\"bob\"}"));
        String pid = created(admin.post("/consumers/bob/plugins",
                "{\"name\":\"rate-limiting\",\"config\":{\"second\":10,\"minute\":100}}")).get("id").asString();
        JsonNode j = ok(admin.patch("/consumers/bob/plugins/" + pid, "{\"config\":{\"minute\":200}}"));
        assertThat(j.get("config").get("second").asInt()).isEqualTo(10);
        assertThat(j.get("config").get("minute").asInt()).isEqualTo(200);
        assertThat(j.get("config").get("policy").asString()).isEqualTo("local");
    }

    @Test
    void putCreatesAConsumerPluginIfNotFound() {
        // 03-consumers_routes_spec.lua: it("creates if not found with …") (PUT /consumers/{c}/plugins/{id})
        String cid = created(admin.post("/consumers", "{\"username\":\"bob\"}")).get("id").asString();
        String pid = UUID.randomUUID().toString();
        JsonNode j = ok(admin.put("/consumers/bob/plugins/" + pid, "{\"name\":\"rate-limiting\",\"config\":{\"minute\":5}}"));
        assertThat(j.get("id").asString()).isEqualTo(pid);
        assertThat(j.get("consumer").get("id").asString()).isEqualTo(cid);
    }

    @Test
    void nestedDeleteOfAMissingPluginIs404() {
        // 03-consumers_routes_spec.lua: it("returns 404 if not found") (DELETE /consumers/{c}/plugins/{id})
        created(admin.post("/consumers", "{\"username\":\"bob\"}"));
        assertThat(admin.delete("/consumers/bob/plugins/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void unknownPluginNameIsNotEnabled() {
        // 03-consumers_routes_spec.lua: errors, "plugin 'foo' not enabled; add it to the 'plugins' configuration property"
        created(admin.post("/consumers", "{\"username\":\"bob\"}"));
        KongHttp.Res r = admin.post("/consumers/bob/plugins", "{\"name\":\"foo\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("fields").get("name").asString())
                .isEqualTo("plugin 'foo' not enabled; add it to the 'plugins' configuration property");
    }

    @Test
    void keyAuthCannotBeScopedToAConsumer() {
        // kong/plugins/key-auth/schema.lua: consumer = typedefs.no_consumer (notes §3)
        created(admin.post("/consumers", "{\"username\":\"bob\"}"));
        KongHttp.Res r = admin.post("/consumers/bob/plugins", "{\"name\":\"key-auth\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("fields").get("consumer").asString()).isEqualTo("value must be null");
    }

    // ---- spec/03-plugins/09-key-auth/01-api_spec.lua ----------------------------------------

    @Test
    void createsKeyAuthCredentialsWithAndWithoutAKey() {
        // 09-key-auth/01-api_spec.lua: it("creates a key-auth credential with key") / ("… auto-generating a unique key")
        String cid = created(admin.post("/consumers", "{\"username\":\"bob\"}")).get("id").asString();
        JsonNode given = created(admin.post("/consumers/bob/key-auth", "{\"key\":\"1234\"}"));
        assertThat(given.get("consumer").get("id").asString()).isEqualTo(cid);
        assertThat(given.get("key").asString()).isEqualTo("1234");
        String first = created(admin.post("/consumers/bob/key-auth", "{}")).get("key").asString();
        String second = created(admin.post("/consumers/bob/key-auth", "{}")).get("key").asString();
        assertThat(first).hasSize(32).isNotEqualTo(second);
    }

    @Test
    void credentialIsOnlyFoundUnderItsOwnConsumer() {
        // 09-key-auth/01-api_spec.lua: it("retrieves credential by id only if the credential belongs to the specified consumer")
        created(admin.post("/consumers", "{\"username\":\"bob\"}"));
        created(admin.post("/consumers", "{\"username\":\"alice\"}"));
        String id = created(admin.post("/consumers/bob/key-auth", "{\"key\":\"k-bob\"}")).get("id").asString();
        assertThat(admin.get("/consumers/bob/key-auth/" + id).status()).isEqualTo(200);
        assertThat(admin.get("/consumers/bob/key-auth/k-bob").status()).isEqualTo(200);
        assertThat(admin.get("/consumers/alice/key-auth/" + id).status()).isEqualTo(404);
    }

    @Test
    void nestedCredentialDeleteIs204ThenMissingIs404() {
        // 09-key-auth/01-api_spec.lua: it("deletes a credential") / it("returns 400 on invalid input") / ("returns 404 if not found")
        created(admin.post("/consumers", "{\"username\":\"bob\"}"));
        String id = created(admin.post("/consumers/bob/key-auth", "{}")).get("id").asString();
        assertThat(admin.delete("/consumers/bob/key-auth/" + id).status()).isEqualTo(204);
        assertThat(admin.delete("/consumers/bob/key-auth/blah").status()).isEqualTo(404);
        assertThat(admin.delete("/consumers/bob/key-auth/00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
    }

    @Test
    void keyNamesMustBeValidHeaderNames() {
        // 09-key-auth/01-api_spec.lua: it("fails with invalid key_names") / it("succeeds with valid key_names")
        KongHttp.Res r = admin.post("/plugins", "{\"name\":\"key-auth\",\"config\":{\"key_names\":[\"hello\\\\world\"]}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("fields").get("config").get("key_names").get(0).asString())
                .isEqualTo("bad header name 'hello\\world', allowed characters are A-Z, a-z, 0-9, '_', and '-'");
        created(admin.post("/plugins", "{\"name\":\"key-auth\",\"config\":{\"key_names\":[\"hello-world\"]}}"));
    }

    @Test
    void topLevelCredentialNeedsAConsumer() {
        // 09-key-auth/01-api_spec.lua: it("does not create key-auth credential when missing consumer")
        KongHttp.Res r = admin.post("/key-auths", "{\"key\":\"1234\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asString()).isEqualTo("schema violation (consumer: required field missing)");
    }

    @Test
    void credentialsConsumerEndpointReturnsTheConsumer() {
        // 09-key-auth/01-api_spec.lua: it("retrieve a Consumer from a credential's key") / ("returns 404 for a random non-existing id")
        String cid = created(admin.post("/consumers", "{\"username\":\"bob\"}")).get("id").asString();
        created(admin.post("/consumers/bob/key-auth", "{\"key\":\"bobs-key\"}"));
        assertThat(ok(admin.get("/key-auths/bobs-key/consumer")).get("id").asString()).isEqualTo(cid);
        assertThat(admin.get("/key-auths/" + UUID.randomUUID() + "/consumer").status()).isEqualTo(404);
    }

    @Test
    void credentialWithTtlReportsRemainingSeconds() {
        // 09-key-auth/01-api_spec.lua: it("creates a key-auth credential with a ttl") / it("entries contain ttl when specified")
        created(admin.post("/consumers", "{\"username\":\"bob\"}"));
        JsonNode j = created(admin.post("/consumers/bob/key-auth", "{\"key\":\"t\",\"ttl\":10}"));
        assertThat(j.get("ttl").asInt()).isBetween(9, 10);
        JsonNode listed = ok(admin.get("/consumers/bob/key-auth")).get("data").get(0);
        assertThat(listed.get("ttl").asInt()).isBetween(9, 10);
    }

    // ---- 14-tags_spec.lua -------------------------------------------------------------------

    private void tagFixtures() {
        created(admin.post("/consumers", "{\"username\":\"adminapi-filter-by-tag-1\",\"tags\":[\"corp_ a\",\"consumer_ 1\",\"🦍\"]}"));
        created(admin.post("/consumers", "{\"username\":\"adminapi-filter-by-tag-2\",\"tags\":[\"corp_ a\",\"consumer_ 2\",\"🦍\"]}"));
        created(admin.post("/consumers", "{\"username\":\"adminapi-filter-by-tag-3\",\"tags\":[\"corp_ b\",\"consumer_ 3\"]}"));
    }

    @Test
    void filtersByASingleUnicodeTag() {
        // 14-tags_spec.lua: it("filter by single unicode tag")
        tagFixtures();
        JsonNode j = ok(admin.get("/consumers?tags=" + URLEncoder.encode("🦍", StandardCharsets.UTF_8)));
        assertThat(j.get("data").size()).isEqualTo(2);
    }

    @Test
    void commaSeparatedTagsAreAnded() {
        // 14-tags_spec.lua: it("filter by multiple tags with AND")
        tagFixtures();
        JsonNode j = ok(admin.get("/consumers?tags=corp_%20a,consumer_%201"));
        assertThat(j.get("data").size()).isEqualTo(1);
        assertThat(Json.stringList(j.get("data").get(0).get("tags"))).containsExactly("corp_ a", "consumer_ 1", "🦍");
    }

    @Test
    void slashSeparatedTagsAreOred() {
        // 14-tags_spec.lua: it("filter by multiple tags with OR")
        tagFixtures();
        assertThat(ok(admin.get("/consumers?tags=consumer_%202/consumer_%201")).get("data").size()).isEqualTo(2);
    }

    @Test
    void emptyStringTagMatchesNothing() {
        // 14-tags_spec.lua: it("filter by empty string tag")
        tagFixtures();
        assertThat(ok(admin.get("/consumers?tags=''")).get("data").size()).isZero();
    }

    @Test
    void nestedListsIgnoreTags() {
        // 14-tags_spec.lua: it("ignores tags when filtering by multiple filters #6779")
        tagFixtures();
        created(admin.post("/consumers/adminapi-filter-by-tag-1/plugins",
                "{\"name\":\"rate-limiting\",\"config\":{\"minute\":1},\"tags\":[\"corp_ a\",\"consumer_ 1\"]}"));
        JsonNode j = ok(admin.get("/consumers/adminapi-filter-by-tag-1/plugins?tags=consumer_%202"));
        assertThat(j.get("data").size()).isEqualTo(1);
    }

    @Test
    void mixingAndWithOrIsAnInvalidFilter() {
        // 14-tags_spec.lua: it("errors if filter by mix of AND and OR")
        for (String q : List.of("consumer_%203,consumer_%202/consumer_%201", "consumer_%203/consumer_%202,consumer_%201")) {
            KongHttp.Res r = admin.get("/consumers?tags=" + q);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("message").asString()).isEqualTo("invalid option (tags: invalid filter syntax)");
        }
    }

    @Test
    void atMostFiveTagsPerQuery() {
        // spec/02-integration/03-db/07-tags_spec.lua: "tags: cannot query more than 5 tags"
        KongHttp.Res r = admin.get("/services?tags=a,b,c,d,e,f");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asString()).isEqualTo("invalid option (tags: cannot query more than 5 tags)");
        assertThat(admin.get("/services?tags=a,b,c,d,e").status()).isEqualTo(200);
    }

    @Test
    void nextKeepsTheTagsArgument() {
        // 14-tags_spec.lua: it("returns the correct 'next' arg")
        tagFixtures();
        JsonNode j = ok(admin.get("/consumers?tags=corp_%20a&size=1"));
        assertThat(j.get("data").size()).isEqualTo(1);
        assertThat(j.get("next").asString()).contains("tags=corp_%20a");
    }

    @Test
    void tagsEndpointListsEveryTaggedEntity() {
        // 14-tags_spec.lua: describe("/tags") it("/tags") / it("/tags/:tags")
        tagFixtures();
        String sid = created(admin.post("/services", "{\"host\":\"h.test\",\"tags\":[\"corp_ a\"]}")).get("id").asString();
        JsonNode all = ok(admin.get("/tags"));
        assertThat(all.get("data").size()).isEqualTo(9);
        JsonNode one = ok(admin.get("/tags/corp_%20a"));
        assertThat(one.get("data").size()).isEqualTo(3);
        assertThat(one.get("data").valueStream().map(r -> r.get("entity_name").asString()).toList())
                .containsExactlyInAnyOrder("consumers", "consumers", "services");
        assertThat(one.get("data").valueStream().anyMatch(r -> r.get("entity_id").asString().equals(sid))).isTrue();
    }

    // ---- integrity: 03-db/02-db_core_entities_spec.lua and the plugin/credential DAOs ------

    @Test
    void serviceWithRoutesCannotBeDeleted() {
        // spec/02-integration/03-db/02-db_core_entities_spec.lua: it(":delete() a Service is not allowed if a Route is associated to it")
        String sid = service("busy");
        created(admin.post("/services/busy/routes", "{\"paths\":[\"/b\"]}"));
        KongHttp.Res r = admin.delete("/services/" + sid);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json()).isEqualTo(KongHttp.JSON.readTree("""
                {"code":4,"name":"foreign key violation",
                 "message":"an existing 'routes' entity references this 'services' entity",
                 "fields":{"@referenced_by":"routes"}}"""));
        assertThat(kong.find("services", sid)).isPresent();
    }

    @Test
    void pluginsCascadeWithTheirServiceRouteAndConsumer() {
        // kong/db/schema/entities/plugins.lua: service/route/consumer on_delete = "cascade"
        String sid = service("svc");
        String rid = created(admin.post("/routes", "{\"paths\":[\"/r\"]}")).get("id").asString();
        created(admin.post("/consumers", "{\"username\":\"bob\"}"));
        created(admin.post("/services/svc/plugins", "{\"name\":\"key-auth\"}"));
        created(admin.post("/routes/" + rid + "/plugins", "{\"name\":\"key-auth\"}"));
        created(admin.post("/consumers/bob/plugins", "{\"name\":\"rate-limiting\",\"config\":{\"minute\":3}}"));
        created(admin.post("/plugins", "{\"name\":\"acl\",\"config\":{\"allow\":[\"g\"]}}"));
        assertThat(admin.delete("/services/" + sid).status()).isEqualTo(204);
        assertThat(admin.delete("/routes/" + rid).status()).isEqualTo(204);
        assertThat(admin.delete("/consumers/bob").status()).isEqualTo(204);
        assertThat(kong.list("plugins")).extracting(p -> p.get("name").asString()).containsExactly("acl");
    }

    @Test
    void credentialsAndAclsCascadeWithTheirConsumer() {
        // kong/plugins/key-auth/daos.lua, kong/plugins/acl/daos.lua: consumer on_delete = "cascade"
        created(admin.post("/consumers", "{\"username\":\"bob\"}"));
        created(admin.post("/consumers/bob/key-auth", "{}"));
        created(admin.post("/consumers/bob/acls", "{\"group\":\"admins\"}"));
        assertThat(admin.delete("/consumers/bob").status()).isEqualTo(204);
        assertThat(kong.list("keyauth_credentials")).isEmpty();
        assertThat(kong.list("acls")).isEmpty();
    }

    @Test
    void aclGroupIsUniquePerConsumerAndPutByGroupIsIdempotent() {
        // kong/plugins/acl/daos.lua: cache_key = { "consumer", "group" }; api.lua PUT by group name
        String cid = created(admin.post("/consumers", "{\"username\":\"bob\"}")).get("id").asString();
        JsonNode first = ok(admin.put("/consumers/bob/acls/admins", "{}"));
        assertThat(first.get("group").asString()).isEqualTo("admins");
        JsonNode again = ok(admin.put("/consumers/bob/acls/admins", "{\"tags\":[\"t\"]}"));
        assertThat(again.get("id").asString()).isEqualTo(first.get("id").asString());
        KongHttp.Res dup = admin.post("/consumers/bob/acls", "{\"group\":\"admins\"}");
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.json().get("fields")).isEqualTo(KongHttp.JSON.readTree(
                "{\"consumer\":{\"id\":\"" + cid + "\"},\"group\":\"admins\"}"));
    }

    @Test
    void putResetsCreatedAtAndRefreshesUpdatedAt() {
        // kong/db/strategies/postgres/init.lua upsert + Kong/kong PR #10987 (notes §2.1): PUT resets created_at
        ok(admin.put("/services/ts", "{\"host\":\"a.test\",\"created_at\":1000}"));
        JsonNode j = ok(admin.put("/services/ts", "{\"host\":\"b.test\"}"));
        assertThat(j.get("created_at").asLong()).isGreaterThan(1000);
        assertThat(j.get("updated_at").asLong()).isGreaterThanOrEqualTo(j.get("created_at").asLong());
        assertThat(j.get("name").asString()).as("the path's name wins").isEqualTo("ts");
    }

    @Test
    void postWithAnExistingIdIsAPrimaryKeyViolation() {
        // kong/db/strategies/postgres: primary key violation, code 3 → 400 (notes §2.4)
        String id = UUID.randomUUID().toString();
        created(admin.post("/services", "{\"id\":\"" + id + "\",\"host\":\"a.test\"}"));
        KongHttp.Res r = admin.post("/services", "{\"id\":\"" + id + "\",\"host\":\"b.test\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asInt()).isEqualTo(3);
    }

    @Test
    void setsAreDeduplicatedKeepingFirstSeenOrder() {
        // kong/db/schema/init.lua make_set (notes §2.1)
        JsonNode j = created(admin.post("/routes", "{\"paths\":[\"/x\"],\"methods\":[\"GET\",\"POST\",\"GET\"],\"tags\":[\"b\",\"a\",\"b\"]}"));
        assertThat(Json.stringList(j.get("methods"))).containsExactly("GET", "POST");
        assertThat(Json.stringList(j.get("tags"))).containsExactly("b", "a");
    }

    @Test
    void pluginConfigIsFilledWithDefaults() {
        // kong/plugins/request-transformer/schema.lua (notes §3): every config record echoed with its defaults
        JsonNode j = created(admin.post("/plugins",
                "{\"name\":\"request-transformer\",\"config\":{\"add\":{\"headers\":[\"X-Internal-API-Key:s3cr3t\"]}}}"));
        assertThat(j.get("config")).isEqualTo(KongHttp.JSON.readTree("""
                {"http_method":null,
                 "remove": {"body":[],"headers":[],"querystring":[]},
                 "rename": {"body":[],"headers":[],"querystring":[]},
                 "replace":{"body":[],"headers":[],"querystring":[],"uri":null},
                 "add":    {"body":[],"headers":["X-Internal-API-Key:s3cr3t"],"querystring":[]},
                 "append": {"body":[],"headers":[],"querystring":[]}}"""));
        assertThat(j.get("protocols").size()).isEqualTo(4);
        assertThat(j.get("enabled").asBoolean()).isTrue();
    }

    @Test
    void aclNeedsExactlyOneOfAllowOrDeny() {
        // kong/plugins/acl/schema.lua: only_one_of / at_least_one_of { "config.allow", "config.deny" }
        KongHttp.Res none = admin.post("/plugins", "{\"name\":\"acl\"}");
        assertThat(none.status()).isEqualTo(400);
        assertThat(Json.stringList(none.json().get("fields").get("@entity")))
                .containsExactly("at least one of these fields must be non-empty: 'config.allow', 'config.deny'");
        KongHttp.Res both = admin.post("/plugins", "{\"name\":\"acl\",\"config\":{\"allow\":[\"a\"],\"deny\":[\"b\"]}}");
        assertThat(Json.stringList(both.json().get("fields").get("@entity")))
                .containsExactly("only one of these fields must be non-empty: 'config.allow', 'config.deny'");
    }

    @Test
    void everyFieldIsEchoedWithNullWhenUnset() {
        // kong/api/endpoints.lua: entities are returned with nulls = true (notes §2.1)
        JsonNode c = created(admin.post("/consumers", "{\"username\":\"bob\"}"));
        assertThat(c.get("custom_id").isNull()).isTrue();
        assertThat(c.get("tags").isNull()).isTrue();
        JsonNode r = created(admin.post("/routes", "{\"paths\":[\"/x\"]}"));
        for (String f : List.of("name", "methods", "hosts", "headers", "snis", "sources", "destinations", "service")) {
            assertThat(r.get(f).isNull()).as(f).isTrue();
        }
        assertThat(r.get("https_redirect_status_code").asInt()).isEqualTo(426);
        assertThat(r.get("path_handling").asString()).isEqualTo("v0");
    }

    @Test
    void optionsOnACollectionAnswersAllow() {
        // 09-routes_routes_spec.lua: it("returns allow and CORS headers with OPTIONS method") (/routes and /routes/{route})
        KongHttp.Res r = admin.send("OPTIONS", "/routes", null, null);
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.header("Allow")).isEqualTo("GET, HEAD, OPTIONS, POST");
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
        String id = created(admin.post("/routes", "{\"paths\":[\"/o\"]}")).get("id").asString();
        assertThat(admin.send("OPTIONS", "/routes/" + id, null, null).header("Allow"))
                .isEqualTo("DELETE, GET, HEAD, OPTIONS, PATCH, PUT");
    }

    @Test
    void nestedPutOnAnotherParentsChildIs404() {
        // kong/api/endpoints.lua put_entity_endpoint: the child must belong to the parent in the path
        service("a");
        service("b");
        String rid = created(admin.post("/services/a/routes", "{\"paths\":[\"/a\"]}")).get("id").asString();
        assertThat(admin.put("/services/b/routes/" + rid, "{\"paths\":[\"/b\"]}").status()).isEqualTo(404);
        assertThat(admin.patch("/services/b/routes/" + rid, "{\"paths\":[\"/b\"]}").status()).isEqualTo(404);
        assertThat(Json.stringList(kong.find("routes", rid).orElseThrow().get("paths"))).containsExactly("/a");
    }

    @Test
    void createsAServicePluginFromJsonOrFormReferencingTheServiceByIdOrName() {
        // 10-services_routes_spec.lua: it_content_types("creates a plugin config for a Service")
        //                              it_content_types("references a Service by name")
        String sid = service("named");
        JsonNode json = created(admin.post("/services/" + sid + "/plugins",
                "{\"name\":\"key-auth\",\"config\":{\"key_names\":[\"apikey\",\"key\"]}}"));
        assertThat(json.get("name").asString()).isEqualTo("key-auth");
        assertThat(Json.stringList(json.get("config").get("key_names"))).containsExactly("apikey", "key");
        admin.delete("/plugins/" + json.get("id").asString());
        JsonNode form = created(admin.form("POST", "/services/named/plugins",
                "name=key-auth&config.key_names%5B1%5D=apikey&config.key_names%5B2%5D=key&config.hide_credentials=true"));
        assertThat(Json.stringList(form.get("config").get("key_names"))).containsExactly("apikey", "key");
        assertThat(form.get("config").get("hide_credentials").asBoolean()).isTrue();
        assertThat(form.get("service").get("id").asString()).isEqualTo(sid);
    }

    @Test
    void patchWithTheWholeEntityAsReadTogglesEnabled() {
        // 10-services_routes_spec.lua: it("updates a plugin") / it("updates a plugin bis")
        String sid = service("svc");
        JsonNode plugin = created(admin.post("/services/" + sid + "/plugins", "{\"name\":\"key-auth\"}"));
        tools.jackson.databind.node.ObjectNode body = (tools.jackson.databind.node.ObjectNode) plugin.deepCopy();
        body.put("enabled", false);
        body.remove("created_at");
        body.remove("updated_at");
        JsonNode j = ok(admin.patch("/services/" + sid + "/plugins/" + plugin.get("id").asString(), body.toString()));
        assertThat(j.get("enabled").asBoolean()).isFalse();
        assertThat(same(kong.find("plugins", plugin.get("id").asString()).orElseThrow())).isEqualTo(j);
    }

    @Test
    void declarativeConfigIsRefusedInDbMode() {
        // kong/api/routes/config.lua (notes §2.8): GET /config in DB mode is a 400
        KongHttp.Res r = admin.get("/config");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asString())
                .isEqualTo("this endpoint is only available when Kong is configured to not use a database");
    }
}
