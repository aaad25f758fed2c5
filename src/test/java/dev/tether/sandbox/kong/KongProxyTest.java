package dev.tether.sandbox.kong;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The proxy end to end: entities created through the Admin API, requests sent through the proxy
 * port to a real loopback backend that, like a deployed app, answers 401 without its internal key.
 */
class KongProxyTest {

    static final String INTERNAL_KEY = "internal-0123456789";

    static KongEmulator kong;
    static KongHttp admin;
    static KongHttp proxy;
    static EchoBackend backend;
    static EchoBackend open;

    @BeforeAll
    static void start() {
        kong = KongEmulator.start(0, 0);
        admin = KongHttp.admin(kong);
        proxy = KongHttp.proxy(kong);
        backend = new EchoBackend(INTERNAL_KEY);
        open = new EchoBackend(null);
    }

    @AfterAll
    static void stop() {
        kong.close();
        backend.close();
        open.close();
    }

    @BeforeEach
    void clean() {
        kong.reset();
    }

    private static String post(String path, String json) {
        KongHttp.Res r = admin.post(path, json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    /** A service for the guarded backend whose request-transformer forces the internal key. */
    private static void guardedService(String name, String path) {
        post("/services", "{\"name\":\"" + name + "\",\"url\":\"" + backend.url() + "\"}");
        post("/services/" + name + "/routes", "{\"name\":\"" + name + "-route\",\"paths\":[\"" + path + "\"]}");
        post("/services/" + name + "/plugins", """
                {"name":"request-transformer","config":{"replace":{"headers":["X-Internal-API-Key:%s"]},
                 "add":{"headers":["X-Internal-API-Key:%s"]}}}""".formatted(INTERNAL_KEY, INTERNAL_KEY));
    }

    @Test
    void answers404NoRouteMatchedLikeKong() {
        KongHttp.Res r = proxy.get("/nothing-here");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("message").asString()).isEqualTo("no Route matched with those values");
        assertThat(r.header("Server")).startsWith("kong/");
    }

    @Test
    void throughTheGateway200AroundIt401() {
        guardedService("billing", "/billing");
        KongHttp.Res through = proxy.get("/billing/invoices");
        assertThat(through.status()).as(through.body()).isEqualTo(200);
        assertThat(through.header("Via")).startsWith("1.1 kong/");
        KongHttp.Res around = direct("/invoices");
        assertThat(around.status()).isEqualTo(401);
    }

    private static KongHttp.Res direct(String path) {
        try (var c = new okhttp3.OkHttpClient().newCall(new okhttp3.Request.Builder().url(backend.url() + path).build()).execute()) {
            return new KongHttp.Res(c.code(), c.body().string(), c.headers());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void requestTransformerReplacesAHeaderTheClientSent() {
        guardedService("billing", "/billing");
        KongHttp.Res r = proxy.get("/billing/x", "X-Internal-API-Key", "spoofed-by-client");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("headers").get("x-internal-api-key").asString()).isEqualTo(INTERNAL_KEY);
    }

    @Test
    void requestTransformerAddKeepsAHeaderTheClientAlreadySent() {
        // Kong's access.lua: add only sets headers the client did not send
        post("/services", "{\"name\":\"s\",\"url\":\"" + backend.url() + "\"}");
        post("/services/s/routes", "{\"paths\":[\"/s\"]}");
        post("/services/s/plugins", "{\"name\":\"request-transformer\",\"config\":{\"add\":{\"headers\":[\"X-Internal-API-Key:%s\"]}}}"
                .formatted(INTERNAL_KEY));
        assertThat(proxy.get("/s").status()).isEqualTo(200);
        assertThat(proxy.get("/s", "X-Internal-API-Key", "spoofed").status()).isEqualTo(401);
    }

    @Test
    void requestTransformerRemovesRenamesAndAppends() {
        post("/services", "{\"name\":\"s\",\"url\":\"" + open.url() + "\"}");
        post("/services/s/routes", "{\"paths\":[\"/s\"]}");
        post("/services/s/plugins", """
                {"name":"request-transformer","config":{"remove":{"headers":["X-Drop"],"querystring":["q"]},
                 "rename":{"headers":["X-Old:X-New"]},"append":{"headers":["X-Multi:two"]},
                 "add":{"querystring":["added:1"]}}}""");
        JsonNode echo = proxy.get("/s?q=1&keep=2", "X-Drop", "d", "X-Old", "o", "X-Multi", "one").json();
        JsonNode h = echo.get("headers");
        assertThat(h.has("x-drop")).isFalse();
        assertThat(h.has("x-old")).isFalse();
        assertThat(h.get("x-new").asString()).isEqualTo("o");
        assertThat(h.get("x-multi").asString()).isEqualTo("one,two");
        assertThat(echo.get("query").asString()).isEqualTo("keep=2&added=1");
    }

    @Test
    void stripPathRemovesTheMatchedPrefix() {
        post("/services", "{\"name\":\"s\",\"url\":\"" + open.url() + "\"}");
        post("/services/s/routes", "{\"paths\":[\"/api\"]}");
        JsonNode echo = proxy.get("/api/users/7?expand=true").json();
        assertThat(echo.get("path").asString()).isEqualTo("/users/7");
        assertThat(echo.get("query").asString()).isEqualTo("expand=true");
        assertThat(proxy.get("/api").json().get("path").asString()).isEqualTo("/");
    }

    @Test
    void withoutStripPathTheFullPathIsForwardedAfterTheServicePath() {
        post("/services", "{\"name\":\"s\",\"url\":\"" + open.url() + "/v1\"}");
        post("/services/s/routes", "{\"paths\":[\"/api\"],\"strip_path\":false}");
        assertThat(proxy.get("/api/users").json().get("path").asString()).isEqualTo("/v1/api/users");
    }

    @Test
    void servicePathPrefixesTheStrippedPath() {
        post("/services", "{\"name\":\"s\",\"url\":\"" + open.url() + "/v1/\"}");
        post("/services/s/routes", "{\"paths\":[\"/api\"]}");
        assertThat(proxy.get("/api/users").json().get("path").asString()).isEqualTo("/v1/users");
    }

    @Test
    void routesByHostIncludingWildcards() {
        post("/services", "{\"name\":\"a\",\"url\":\"" + open.url() + "/a\"}");
        post("/services", "{\"name\":\"b\",\"url\":\"" + open.url() + "/b\"}");
        post("/services/a/routes", "{\"hosts\":[\"a.example.test\"]}");
        post("/services/b/routes", "{\"hosts\":[\"*.b.example.test\"]}");
        assertThat(proxy.get("/", "Host", "a.example.test").json().get("path").asString()).isEqualTo("/a");
        assertThat(proxy.get("/", "Host", "x.b.example.test:8000").json().get("path").asString()).isEqualTo("/b");
        assertThat(proxy.get("/", "Host", "c.example.test").status()).isEqualTo(404);
    }

    @Test
    void longestPathAndMoreAttributesWin() {
        post("/services", "{\"name\":\"short\",\"url\":\"" + open.url() + "/short\"}");
        post("/services", "{\"name\":\"long\",\"url\":\"" + open.url() + "/long\"}");
        post("/services", "{\"name\":\"hosted\",\"url\":\"" + open.url() + "/hosted\"}");
        post("/services/short/routes", "{\"paths\":[\"/api\"]}");
        post("/services/long/routes", "{\"paths\":[\"/api/v2\"]}");
        post("/services/hosted/routes", "{\"paths\":[\"/api\"],\"hosts\":[\"h.test\"]}");
        assertThat(proxy.get("/api/v2/x").json().get("path").asString()).isEqualTo("/long/x");
        assertThat(proxy.get("/api/x").json().get("path").asString()).isEqualTo("/short/x");
        assertThat(proxy.get("/api/x", "Host", "h.test").json().get("path").asString()).isEqualTo("/hosted/x");
    }

    @Test
    void methodsRestrictARoute() {
        post("/services", "{\"name\":\"s\",\"url\":\"" + open.url() + "\"}");
        post("/services/s/routes", "{\"paths\":[\"/m\"],\"methods\":[\"POST\"]}");
        assertThat(proxy.get("/m").status()).isEqualTo(404);
        assertThat(proxy.post("/m", "{}").status()).isEqualTo(200);
    }

    @Test
    void preserveHostForwardsTheClientsHost() {
        post("/services", "{\"name\":\"s\",\"url\":\"" + open.url() + "\"}");
        post("/services/s/routes", "{\"name\":\"keep\",\"hosts\":[\"public.test\"],\"preserve_host\":true}");
        assertThat(proxy.get("/", "Host", "public.test").json().get("headers").get("host").asString()).isEqualTo("public.test");
        admin.patch("/routes/keep", "{\"preserve_host\":false}");
        assertThat(proxy.get("/", "Host", "public.test").json().get("headers").get("host").asString())
                .isEqualTo(open.url().substring("http://".length()));
    }

    @Test
    void keyAuthAnswers401WithoutAValidKeyAnd200WithOne() {
        guardedService("billing", "/billing");
        post("/services/billing/plugins", "{\"name\":\"key-auth\",\"config\":{\"hide_credentials\":true}}");
        String consumer = post("/consumers", "{\"username\":\"mobile-app\"}");
        post("/consumers/mobile-app/key-auth", "{\"key\":\"client-key-1\"}");

        KongHttp.Res none = proxy.get("/billing");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().get("message").asString()).isEqualTo("No API key found in request");
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Key realm=\"kong\"");

        KongHttp.Res wrong = proxy.get("/billing", "apikey", "nope");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("message").asString()).isEqualTo("Unauthorized");

        KongHttp.Res good = proxy.get("/billing", "apikey", "client-key-1");
        assertThat(good.status()).as(good.body()).isEqualTo(200);
        JsonNode h = good.json().get("headers");
        assertThat(h.get("x-consumer-id").asString()).isEqualTo(consumer);
        assertThat(h.get("x-consumer-username").asString()).isEqualTo("mobile-app");
        assertThat(h.has("apikey")).as("hide_credentials").isFalse();

        KongHttp.Res query = proxy.get("/billing?apikey=client-key-1");
        assertThat(query.status()).isEqualTo(200);
        assertThat(query.json().get("query").isNull()).as("hide_credentials strips the query key").isTrue();
    }

    @Test
    void aclAnswers403OutsideTheAllowedGroups() {
        guardedService("billing", "/billing");
        post("/services/billing/plugins", "{\"name\":\"key-auth\"}");
        post("/services/billing/plugins", "{\"name\":\"acl\",\"config\":{\"allow\":[\"billing-readers\"]}}");
        post("/consumers", "{\"username\":\"outsider\"}");
        post("/consumers/outsider/key-auth", "{\"key\":\"outsider-key\"}");
        post("/consumers", "{\"username\":\"reader\"}");
        post("/consumers/reader/key-auth", "{\"key\":\"reader-key\"}");
        post("/consumers/reader/acls", "{\"group\":\"billing-readers\"}");

        KongHttp.Res denied = proxy.get("/billing", "apikey", "outsider-key");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().get("message").asString()).isEqualTo("You cannot consume this service");

        KongHttp.Res allowed = proxy.get("/billing", "apikey", "reader-key");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.json().get("headers").get("x-consumer-groups").asString()).isEqualTo("billing-readers");
    }

    @Test
    void aclWithoutAuthenticatedConsumerIs401() {
        post("/services", "{\"name\":\"s\",\"url\":\"" + open.url() + "\"}");
        post("/services/s/routes", "{\"paths\":[\"/s\"]}");
        post("/services/s/plugins", "{\"name\":\"acl\",\"config\":{\"deny\":[\"banned\"]}}");
        assertThat(proxy.get("/s").status()).isEqualTo(401);
    }

    @Test
    void rateLimitingAnswers429OverTheLimit() {
        post("/services", "{\"name\":\"s\",\"url\":\"" + open.url() + "\"}");
        post("/services/s/routes", "{\"paths\":[\"/s\"]}");
        post("/services/s/plugins", "{\"name\":\"rate-limiting\",\"config\":{\"hour\":2,\"limit_by\":\"ip\"}}");
        KongHttp.Res first = proxy.get("/s");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("X-RateLimit-Limit-Hour")).isEqualTo("2");
        assertThat(first.header("X-RateLimit-Remaining-Hour")).isEqualTo("1");
        assertThat(proxy.get("/s").status()).isEqualTo(200);
        KongHttp.Res over = proxy.get("/s");
        assertThat(over.status()).isEqualTo(429);
        assertThat(over.json().get("message").asString()).isEqualTo("API rate limit exceeded");
    }

    @Test
    void disabledPluginsAndServicesAreSkipped() {
        post("/services", "{\"name\":\"s\",\"url\":\"" + open.url() + "\"}");
        post("/services/s/routes", "{\"paths\":[\"/s\"]}");
        String pid = post("/services/s/plugins", "{\"name\":\"key-auth\"}");
        assertThat(proxy.get("/s").status()).isEqualTo(401);
        admin.patch("/plugins/" + pid, "{\"enabled\":false}");
        assertThat(proxy.get("/s").status()).isEqualTo(200);
        admin.patch("/services/s", "{\"enabled\":false}");
        assertThat(proxy.get("/s").status()).isEqualTo(404);
    }

    @Test
    void routeScopedPluginOverridesServiceScopedOne() {
        post("/services", "{\"name\":\"s\",\"url\":\"" + open.url() + "\"}");
        post("/services/s/routes", "{\"name\":\"r\",\"paths\":[\"/s\"]}");
        post("/services/s/plugins", "{\"name\":\"request-transformer\",\"config\":{\"add\":{\"headers\":[\"X-Scope:service\"]}}}");
        post("/routes/r/plugins", "{\"name\":\"request-transformer\",\"config\":{\"add\":{\"headers\":[\"X-Scope:route\"]}}}");
        assertThat(proxy.get("/s").json().get("headers").get("x-scope").asString()).isEqualTo("route");
    }

    @Test
    void unreachableUpstreamIs502() {
        post("/services", "{\"name\":\"dead\",\"url\":\"http://127.0.0.1:1/\"}");
        post("/services/dead/routes", "{\"paths\":[\"/dead\"]}");
        KongHttp.Res r = proxy.get("/dead");
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.json().get("message").asString()).isEqualTo("An invalid response was received from the upstream server");
    }

    @Test
    void upstreamSeesForwardedHeaders() {
        post("/services", "{\"name\":\"s\",\"url\":\"" + open.url() + "\"}");
        post("/services/s/routes", "{\"paths\":[\"/s\"]}");
        JsonNode h = proxy.get("/s/x").json().get("headers");
        assertThat(h.get("x-forwarded-for").asString()).isEqualTo("127.0.0.1");
        assertThat(h.get("x-forwarded-proto").asString()).isEqualTo("http");
        assertThat(h.get("x-forwarded-path").asString()).isEqualTo("/s/x");
        assertThat(h.get("x-real-ip").asString()).isEqualTo("127.0.0.1");
    }

    @Test
    void httpsOnlyRouteAnswers426OverPlainHttpAndServesForwardedHttps() {
        // the heroku-kong loopback route is protocols=[https]; TLS ends at the router in front of Kong
        post("/services", "{\"name\":\"s\",\"url\":\"" + open.url() + "\"}");
        post("/services/s/routes", "{\"paths\":[\"/secure\"],\"protocols\":[\"https\"]}");
        KongHttp.Res plain = proxy.get("/secure");
        assertThat(plain.status()).isEqualTo(426);
        assertThat(plain.json().get("message").asString()).isEqualTo("Please use HTTPS protocol");
        KongHttp.Res forwarded = proxy.get("/secure", "X-Forwarded-Proto", "https");
        assertThat(forwarded.status()).isEqualTo(200);
        assertThat(forwarded.json().get("headers").get("x-forwarded-proto").asString()).isEqualTo("https");
    }

    @Test
    void adminApiBehindTheProxyWithKeyAuthLikeHerokuKong() {
        // heroku-kong ADMIN.md: service kong-admin → the Admin API, route /kong-admin, key-auth with hide_credentials
        post("/services", "{\"name\":\"kong-admin\",\"url\":\"" + kong.adminUrl() + "\"}");
        post("/services/kong-admin/routes", "{\"paths\":[\"/kong-admin\"]}");
        post("/services/kong-admin/plugins", "{\"name\":\"key-auth\",\"config\":{\"hide_credentials\":true}}");
        post("/consumers", "{\"username\":\"heroku-admin\"}");
        post("/consumers/heroku-admin/key-auth", "{\"key\":\"admin-key\"}");
        assertThat(proxy.get("/kong-admin/status").status()).isEqualTo(401);
        KongHttp.Res r = proxy.get("/kong-admin/status", "apikey", "admin-key");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("database").get("reachable").asBoolean()).isTrue();
    }

    @Test
    void requestTransformerCanReplaceTheUpstreamHost() {
        post("/services", "{\"name\":\"s\",\"url\":\"" + open.url() + "\"}");
        post("/services/s/routes", "{\"paths\":[\"/s\"]}");
        post("/services/s/plugins", "{\"name\":\"request-transformer\",\"config\":{\"replace\":{\"headers\":[\"host:app.internal\"]}}}");
        assertThat(proxy.get("/s").json().get("headers").get("host").asString()).isEqualTo("app.internal");
    }

    @Test
    void requestSizeLimitingAnswers413AboveTheAllowedSize() {
        post("/services", "{\"name\":\"s\",\"url\":\"" + open.url() + "\"}");
        post("/services/s/routes", "{\"paths\":[\"/s\"]}");
        post("/services/s/plugins", "{\"name\":\"request-size-limiting\",\"config\":{\"allowed_payload_size\":8,\"size_unit\":\"bytes\"}}");
        assertThat(proxy.post("/s", "{\"a\":1}").status()).isEqualTo(200);
        KongHttp.Res big = proxy.post("/s", "{\"a\":\"0123456789\"}");
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.json().get("message").asString()).isEqualTo("Request size limit exceeded");
    }
}
