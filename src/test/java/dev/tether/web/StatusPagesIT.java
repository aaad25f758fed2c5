package dev.tether.web;

import static dev.tether.web.PageClient.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.TetherApi;
import dev.tether.TetherTestSupport;
import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.Kind;
import dev.tether.manifest.StoredResource;
import dev.tether.reconcile.WorkQueue;
import dev.tether.status.Condition;
import dev.tether.status.ConditionStatus;
import dev.tether.status.Conditions;
import dev.tether.status.EventType;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What a person sees on the status pages, over real HTTP against the whole app and PostgreSQL.
 * The control loop is off here, so each status this test writes through {@link StatusStore}
 * stays exactly as written while the page is read.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusPagesIT {

    private static final java.nio.file.Path DATA_DIR = TetherTestSupport.freshDataDir();
    private static final String TOKEN = TetherTestSupport.API_TOKEN;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("tether.data-dir", DATA_DIR::toString);
        r.add("tether.api-token", () -> TOKEN);
        r.add("tether.mode", () -> "sandbox");
        r.add("tether.loop.enabled", () -> "false");
    }

    @LocalServerPort
    int port;
    @Autowired
    StatusStore statuses;
    @Autowired
    DesiredStateStore store;
    @Autowired
    WorkQueue queue;

    TetherApi api;
    PageClient alice;

    @BeforeEach
    void connect() {
        api = new TetherApi(port, TOKEN);
        alice = PageClient.basic(port, "alice", TOKEN);
    }

    private void apply(String yaml) {
        TetherApi.Response r = api.yaml(yaml);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private static String doc(String kind, String name, String topology, String spec) {
        return "apiVersion: tether.dev/v1\nkind: " + kind + "\nmetadata:\n  name: " + name
                + (topology == null ? "" : "\n  labels:\n    topology: " + topology) + "\nspec:\n" + spec.indent(2);
    }

    private StoredResource resource(Kind kind, String name) {
        return store.get(kind, name);
    }

    private void status(StoredResource r, String readyStatus, String reason, String message, List<ResourceStatus.Drift> drift,
                        Map<String, Object> external) {
        Instant now = Instant.now();
        ConditionStatus ready = ConditionStatus.fromLabel(readyStatus);
        List<Condition> c = Conditions.set(List.of(), Condition.READY, ready, reason, message, now.minusSeconds(90));
        c = Conditions.set(c, Condition.SYNCED, ConditionStatus.of(ready == ConditionStatus.TRUE), reason, message, now);
        c = Conditions.set(c, Condition.DRIFTED, ConditionStatus.of(!drift.isEmpty()), drift.isEmpty() ? "NoDrift" : "DriftDetected",
                drift.isEmpty() ? "No drift" : "Drift found", now);
        statuses.put(r.id(), ResourceStatus.pending(now).withConditions(c).withExternal(external).withDrift(drift)
                .reconciled(r.generation(), now.minusSeconds(12)).withAppliedGeneration(r.generation()));
    }

    private static Element row(Document overview, String name) {
        return overview.select("#groups tr").stream()
                .filter(tr -> tr.selectFirst("th a") != null && tr.selectFirst("th a").text().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no row for " + name + " on the overview"));
    }

    private static String csrf(Document page) {
        Element input = page.selectFirst("input[name=_csrf]");
        assertThat(input).as("a form with the CSRF token").isNotNull();
        return input.val();
    }

    // ----- the overview

    @Test
    @Order(1)
    void showsAnEmptyTopologyWithZeroCountersAndHowToStart() {
        Document page = alice.doc("/");
        assertThat(page.title()).isEqualTo("Overview · Tether");
        assertThat(page.select(".counter")).extracting(e -> e.attr("data-health"))
                .containsExactly("Ready", "Progressing", "Unproven", "Drifted", "Failed", "Unsecured", "Paused", "Deleting");
        assertThat(page.select(".counter .n")).allSatisfy(n -> assertThat(n.text()).isEqualTo("0"));
        assertThat(page.selectFirst("#groups .empty").text()).contains("No resources yet").contains("/api/v1/manifests");
        assertThat(page.selectFirst("#kong").text()).contains("no Kong poll yet");
        assertThat(page.selectFirst("#queue").text()).contains("nothing due");
        assertThat(page.selectFirst("#budget").text()).contains("4500 of 4500 calls left");
        assertThat(page.selectFirst("meter#budget-meter").attr("value")).isEqualTo("4500");
        assertThat(page.selectFirst("label[for=filter]").text()).isEqualTo("Filter resources");
        assertThat(page.select("header, main, footer, nav")).hasSizeGreaterThanOrEqualTo(4);
        assertThat(page.selectFirst("html").attr("lang")).isEqualTo("en");
    }

    @ParameterizedTest(name = "Ready={1} reason={0} shows {2}")
    @CsvSource({
            "InSync, True, Ready",
            "Progressing, False, Progressing",
            "WaitingForDependency, False, Progressing",
            "Pending, Unknown, Progressing",
            "NotReconciledYet, Unknown, Progressing",
            "ApiError, False, Failed",
            "RateLimited, False, Failed",
            "InternalError, False, Failed",
            "AlreadyExists, False, Failed",
            "RequiresReplacement, False, Failed",
            "DestructiveActionHeld, False, Failed",
            "AppMissing, False, Failed",
            "DriftReported, True, Drifted",
    })
    void showsEachConditionReasonAsAHealthWordWithItsReason(String reason, String readyStatus, String health) {
        String name = "reason-" + reason.toLowerCase();
        apply(doc("ApiKey", name, "reasons", "rotateEvery: 30d"));
        StoredResource r = resource(Kind.API_KEY, name);
        List<ResourceStatus.Drift> drift = health.equals("Drifted")
                ? List.of(new ResourceStatus.Drift("rotateEvery", "30d", "7d", Instant.now(), "dashboard@example.com"))
                : List.of();
        status(r, readyStatus, reason, "message for " + reason, drift, Map.of());

        Element row = row(alice.doc("/"), name);
        assertThat(row.selectFirst(".badge .label").text()).isEqualTo(health);
        assertThat(row.attr("data-health")).isEqualTo(health);
        assertThat(row.selectFirst("time.age").text()).isEqualTo("12 s ago");
        String why = row.selectFirst("td.reason").text();
        switch (health) {
            case "Ready" -> assertThat(why).isEmpty();
            case "Drifted" -> assertThat(why).contains("rotateEvery").contains("dashboard@example.com");
            default -> assertThat(why).isEqualTo(reason + ": message for " + reason);
        }

        Document page = alice.doc("/resources/ApiKey/" + name);
        assertThat(page.selectFirst("#health .label").text()).isEqualTo(health);
        Element ready = page.selectFirst("#conditions tr[data-type=Ready]");
        assertThat(ready.text()).contains(readyStatus).contains(reason).contains("message for " + reason).contains("1 min ago");
    }

    @Test
    void showsPausedAndDeletingResourcesAsSuch() {
        apply(doc("ApiKey", "paused-key", "states", "paused: true"));
        apply(doc("ApiKey", "going-key", "states", "rotateEvery: 1d"));
        status(resource(Kind.API_KEY, "paused-key"), "False", "Paused", "Paused by spec", List.of(), Map.of());
        store.markDeleting(Kind.API_KEY, "going-key", null, "api");

        Document page = alice.doc("/?q=states");
        assertThat(row(page, "paused-key").selectFirst(".label").text()).isEqualTo("Paused");
        assertThat(row(page, "paused-key").selectFirst("td.reason").text()).contains("changes nothing");
        assertThat(row(page, "going-key").selectFirst(".label").text()).isEqualTo("Deleting");
        assertThat(page.select("#groups tbody tr")).hasSize(2);
        Document resourcePage = alice.doc("/resources/ApiKey/paused-key");
        assertThat(resourcePage.selectFirst("#pause-toggle").text()).isEqualTo("Resume");
        assertThat(alice.doc("/resources/ApiKey/going-key").select("#pause-toggle")).isEmpty();
    }

    @Test
    void groupsByTopologyThenKindAndCountsEveryHealth() {
        apply(doc("HerokuApp", "grp-web", "grp", "configVars:\n  LOG_LEVEL: info"));
        apply(doc("ApiKey", "grp-key", "grp", "rotateEvery: 30d"));
        apply(doc("ApiKey", "loose-key", null, "rotateEvery: 30d"));
        Document page = alice.doc("/");
        Element shop = page.select("#groups section.topology").stream()
                .filter(s -> s.selectFirst("h2 span").text().equals("grp")).findFirst().orElseThrow();
        // one table, one header for the whole topology; the kind is a column, not a block of its own
        assertThat(shop.select("table")).hasSize(1);
        assertThat(shop.select("thead tr")).hasSize(1);
        assertThat(shop.select("thead th")).extracting(Element::text)
                .containsExactly("Health", "Kind", "Name", "Last reconcile", "Reason");
        assertThat(shop.select("tbody tr")).extracting(tr -> tr.selectFirst("td.kind").text() + "/" + tr.selectFirst("th a").text())
                .containsExactly("HerokuApp/grp-web", "ApiKey/grp-key");
        assertThat(shop.selectFirst("h2 small").text()).startsWith("2 ·");
        assertThat(page.select("#groups thead")).hasSameSizeAs(page.select("#groups section.topology"));
        assertThat(page.select("#groups section.topology").last().selectFirst("h2 span").text()).isEqualTo("(no topology label)");
        // every resource is in one topology's count, and each topology lists its rows or counts the rest
        long counted = page.select(".counter .n").stream().mapToLong(n -> Long.parseLong(n.text())).sum();
        long inGroups = 0;
        for (Element g : page.select("#groups section.topology")) {
            long size = Long.parseLong(g.selectFirst("h2 small").text().split(" ")[0]);
            Element more = g.selectFirst(".more span");
            long listed = g.select("tbody tr").size();
            assertThat(listed + (more == null ? 0 : Long.parseLong(more.text().split(" ")[0])))
                    .as("rows and the count of those left off in " + g.selectFirst("h2 span").text()).isEqualTo(size);
            inGroups += size;
        }
        assertThat(counted).isEqualTo(inGroups);
    }

    // ----- one resource

    @Test
    void resourcePageShowsDesiredAgainstObservedDriftAndTimelineWithoutAnySecret() {
        apply(doc("HerokuApp", "shop-api", "shop", """
                configVars:
                  LOG_LEVEL: info
                  DATABASE_PASSWORD: hunter2-secret-value
                  API_TOKEN: tok-desired-raw
                release: ${SAMPLE_RELEASE}
                formation:
                  web:
                    quantity: 2
                """));
        StoredResource r = resource(Kind.HEROKU_APP, "shop-api");
        Instant seen = Instant.now().minusSeconds(30);
        status(r, "False", "Progressing", "Reverting drift", List.of(
                new ResourceStatus.Drift("configVars.LOG_LEVEL", "info", "debug", seen, "dashboard@example.com"),
                new ResourceStatus.Drift("configVars.API_TOKEN", "tok-desired-raw", "tok-observed-raw", seen, null)),
                Map.of("id", "01234567-89ab-cdef-0123-456789abcdef", "webUrl", "http://127.0.0.1:1234/", "keyValue", "raw-key-material"));
        store.recordEvent(r.id(), EventType.Warning, "DriftDetected", "configVars.LOG_LEVEL changed outside Tether", "dashboard@example.com");
        store.recordEvent(r.id(), EventType.Normal, "DriftReverted", "Reverted drift at configVars.LOG_LEVEL", "tether");

        TetherApi.Response raw = new TetherApi(port, null).get("/"); // sanity: the page itself needs auth
        assertThat(raw.status()).isEqualTo(401);
        PageClient.Page page = alice.get("/resources/HerokuApp/shop-api");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("hunter2-secret-value", "tok-desired-raw", "tok-observed-raw", "raw-key-material", TOKEN);
        Document d = page.doc();

        assertThat(d.selectFirst("h1").text()).isEqualTo("HerokuApp shop-api");
        assertThat(d.selectFirst("#health .label").text()).isEqualTo("Drifted");
        Map<String, Element> compare = d.select("#compare tbody tr").stream()
                .collect(Collectors.toMap(tr -> tr.selectFirst("th").text(), tr -> tr));
        assertThat(compare.get("configVars.LOG_LEVEL").className()).isEqualTo("differs");
        assertThat(compare.get("configVars.LOG_LEVEL").select("td").eachText())
                .containsExactly("info", "debug", "differs, changed by dashboard@example.com");
        assertThat(compare.get("configVars.DATABASE_PASSWORD").select("td").get(0).text()).isEqualTo("(secret)");
        assertThat(compare.get("configVars.API_TOKEN").select("td").eachText()).startsWith("(secret)", "(secret)");
        // observed at this generation: everything but the drift matches
        assertThat(compare.get("formation.web.quantity").select("td").eachText()).containsExactly("2", "2", "matches");
        assertThat(d.selectFirst("#compare-h + p").text()).isEqualTo("2 field(s) differ from the spec.");

        assertThat(d.select("#drift tbody tr")).hasSize(2);
        assertThat(d.selectFirst("#drift tbody tr").select("td").eachText())
                .containsExactly("info", "debug", "30 s ago", "dashboard@example.com");
        assertThat(d.select("#external dt").eachText()).containsExactly("id", "keyValue", "webUrl");
        assertThat(d.select("#external dd").eachText()).contains("(secret)", "http://127.0.0.1:1234/");

        List<Element> events = d.select("#timeline li");
        // the two literal secret-looking vars were applied with a warning each, suggesting a Secret
        assertThat(events).extracting(e -> e.attr("data-reason"))
                .containsExactly("DriftReverted", "DriftDetected", "LiteralSecretValue", "LiteralSecretValue", "Created");
        assertThat(events.get(1).selectFirst(".actor").text()).isEqualTo("dashboard@example.com");
        assertThat(events.get(4).selectFirst(".actor").text()).isEqualTo("api");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'");
    }

    @Test
    void timelinePagesToOlderEventsNewestFirst() {
        apply(doc("ApiKey", "chatty-key", "paging", "rotateEvery: 30d"));
        StoredResource r = resource(Kind.API_KEY, "chatty-key");
        for (int i = 1; i <= 30; i++) {
            store.recordEvent(r.id(), EventType.Normal, "Step", "step " + i, "tether");
        }
        Document first = alice.doc("/resources/ApiKey/chatty-key");
        assertThat(first.select("#compare tbody tr").first().select("td").stream().map(Element::text).toList())
                .as("nothing reconciled it yet").containsExactly("30d", "", "not yet confirmed");
        List<String> messages = first.select("#timeline li .message").eachText();
        assertThat(messages).hasSize(PageViews.EVENTS_PER_PAGE).startsWith("step 30", "step 29");
        String older = first.selectFirst("#timeline a[rel=next]").attr("href");
        Document second = alice.doc(older);
        assertThat(second.select("#timeline li .message").eachText()).containsExactly(
                "step 5", "step 4", "step 3", "step 2", "step 1", "Generation 1 applied");
        assertThat(second.selectFirst("main").attr("data-newest")).isEqualTo("false");
        assertThat(second.select("#timeline a[rel=next]")).isEmpty();
    }

    @Test
    void actionsNeedTheCsrfTokenAndAreRecordedWithThePerson() {
        apply(doc("HerokuApp", "act-api", "actions", "configVars:\n  LOG_LEVEL: info"));
        apply(doc("HerokuApp", "act-api", "actions", "configVars:\n  LOG_LEVEL: debug"));
        String path = "/resources/HerokuApp/act-api";
        Document page = alice.doc(path);
        String csrf = csrf(page);

        PageClient.Page refused = alice.post(path + "/reconcile", form());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.doc().selectFirst(".error").text()).contains("reload the page");
        assertThat(alice.post(path + "/reconcile", form("_csrf", "forged")).status()).isEqualTo(403);
        assertThat(alice.doc(path).select("#timeline li[data-reason=ReconcileRequested]")).isEmpty();

        PageClient.Page done = alice.post(path + "/reconcile", form("_csrf", csrf));
        assertThat(done.status()).isEqualTo(302);
        assertThat(done.header("Location")).endsWith(path + "?done=reconcile");
        Document after = alice.doc(path + "?done=reconcile");
        assertThat(after.selectFirst(".notice").text()).startsWith("Reconcile requested");
        assertThat(after.selectFirst("#timeline li[data-reason=ReconcileRequested] .actor").text()).isEqualTo("web:alice");
        assertThat(queue.depth().due()).isGreaterThanOrEqualTo(1);

        String rv = after.selectFirst("input[name=resourceVersion]").val();
        assertThat(alice.post(path + "/pause", form("_csrf", csrf, "resourceVersion", "999")).status()).isEqualTo(409);
        assertThat(alice.post(path + "/pause", form("_csrf", csrf, "resourceVersion", rv)).status()).isEqualTo(302);
        assertThat(api.get("/api/v1/" + path.substring(1)).json().at("/spec/paused").asBoolean()).isTrue();
        Document paused = alice.doc(path);
        assertThat(paused.selectFirst("#health .label").text()).isEqualTo("Paused");
        assertThat(paused.selectFirst("#generations tbody tr").select("td").eachText()).startsWith("web:alice", "Applied");
        assertThat(paused.selectFirst("#pause-toggle").text()).isEqualTo("Resume");

        String rv2 = paused.selectFirst("input[name=resourceVersion]").val();
        assertThat(alice.post(path + "/resume", form("_csrf", csrf, "resourceVersion", rv2)).status()).isEqualTo(302);
        assertThat(api.get("/api/v1/" + path.substring(1)).json().at("/spec").has("paused")).isFalse();

        Document confirm = alice.doc(path + "/rollback?generation=1");
        assertThat(confirm.selectFirst("h1").text()).isEqualTo("Roll back HerokuApp/act-api to generation 1?");
        assertThat(confirm.select("#rollback-diff tbody tr").first().select("td").eachText()).containsExactly("changed", "debug", "info");
        PageClient.Page rolled = alice.post(path + "/rollback", form("_csrf", csrf(confirm), "generation", "1",
                "resourceVersion", confirm.selectFirst("input[name=resourceVersion]").val()));
        assertThat(rolled.status()).isEqualTo(302);
        var now = api.get("/api/v1/" + path.substring(1)).json();
        assertThat(now.at("/spec/configVars/LOG_LEVEL").asString()).isEqualTo("info");
        assertThat(now.at("/metadata/generation").asLong()).isEqualTo(5);
        Document history = alice.doc(path + "?from=2&to=5");
        assertThat(history.selectFirst("#generations tbody tr").select("td").eachText()).startsWith("web:alice", "RolledBack from 1");
        assertThat(history.selectFirst("#diff h3").text()).isEqualTo("Generation 2 → 5");
        assertThat(history.select("#diff tbody tr").first().text()).contains("configVars.LOG_LEVEL", "changed", "debug", "info");
        assertThat(alice.get(path + "/rollback?generation=9").status()).isEqualTo(404);
    }

    @Test
    void kongServicePageShowsTheSecuredProbeAndRouteTable() {
        apply(doc("KongService", "shop-gw", "shop", """
                upstream:
                  app: shop-api
                apiKeyRef: shop-key
                routes:
                  - name: shop-public
                    paths: [/shop, /store]
                    methods: [GET, POST]
                    stripPath: false
                plugins:
                  - name: rate-limiting
                    config:
                      minute: 60
                """));
        Document before = alice.doc("/resources/KongService/shop-gw");
        assertThat(before.selectFirst("#secured").text()).isEqualTo("Secured: no probe result yet.");
        StoredResource r = resource(Kind.KONG_SERVICE, "shop-gw");
        statuses.update(r.id(), s -> s.withConditions(Conditions.set(s.conditions(), "Secured", ConditionStatus.FALSE,
                "BackendOpen", "The backend answered 200 without the key", Instant.now())));
        Document page = alice.doc("/resources/KongService/shop-gw");
        assertThat(page.selectFirst("#secured").text()).contains("Secured: False", "BackendOpen: The backend answered 200 without the key");
        assertThat(page.selectFirst("#conditions tr[data-type=Secured]").text()).contains("BackendOpen");
        assertThat(page.select("#routes tbody tr").first().select("th, td").stream().map(Element::text).toList())
                .containsExactly("shop-public", "/shop, /store", "", "GET, POST", "", "false", "default");
        assertThat(page.text()).contains("Upstream: HerokuApp shop-api", "rate-limiting", "upstream key from ApiKey shop-key");
    }

    @Test
    void apiKeyPageShowsRotationStateButNeverTheKey() {
        apply(doc("ApiKey", "shop-key", "shop", """
                rotateEvery: 30d
                gracePeriod: 10m
                targets:
                  - app: shop-api
                """));
        StoredResource r = resource(Kind.API_KEY, "shop-key");
        status(r, "True", "InSync", "Key in place", List.of(), Map.of("rotatedAt", "2026-11-20T10:00:00Z",
                "nextRotationAt", "2026-12-20T10:00:00Z", "value", "sk-live-never-shown", "fingerprint", "sha256:ab12"));
        PageClient.Page page = alice.get("/resources/ApiKey/shop-key");
        assertThat(page.body()).doesNotContain("sk-live-never-shown");
        Element rotation = page.doc().selectFirst("#rotation");
        assertThat(rotation.text()).contains("Rotates every 30d", "old key accepted for 10m", "X-Internal-API-Key",
                "HerokuApp shop-api, config var INTERNAL_API_KEY", "nextRotationAt", "2026-12-20T10:00:00Z", "sha256:ab12");
        assertThat(rotation.select("dd").eachText()).contains("(secret)");
    }

    @Test
    void unknownResourcesAndKindsAnswerAReadableNotFoundPage() {
        PageClient.Page missing = alice.get("/resources/HerokuApp/nope-nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.doc().selectFirst("h1").text()).isEqualTo("Not found");
        assertThat(missing.doc().selectFirst(".error").text()).isEqualTo("HerokuApp/nope-nope does not exist");
        assertThat(alice.get("/resources/Gadget/x").status()).isEqualTo(404);
    }

    // ----- auth

    @Test
    void sendsABrowserToTheLoginFormAndKeepsTheApiBearerOnly() {
        PageClient anon = PageClient.anonymous(port);
        PageClient.Page redirect = anon.get("/resources/ApiKey/x?before=3");
        assertThat(redirect.status()).isEqualTo(303);
        assertThat(redirect.header("Location")).isEqualTo("/login?next=%2Fresources%2FApiKey%2Fx%3Fbefore%3D3");
        PageClient.Page script = anon.get("/live", Map.of("Accept", "text/event-stream"));
        assertThat(script.status()).isEqualTo(401);
        assertThat(script.header("WWW-Authenticate")).startsWith("Basic realm=\"tether\"");
        assertThat(anon.get("/assets/tether.css", Map.of()).status()).isEqualTo(200);
        assertThat(anon.get("/assets/live.js", Map.of()).status()).isEqualTo(200);
        assertThat(anon.doc("/login").select("input[type=password]#token")).hasSize(1);
        // the variable's name is never broken mid-word, and the sandbox says where its token is kept
        assertThat(anon.doc("/login").select("code:containsOwn(TETHER_API_TOKEN)")).isNotEmpty().allMatch(c -> c.hasClass("nowrap"));
        assertThat(anon.get("/assets/tether.css", Map.of()).body()).contains("code.nowrap { white-space: nowrap; word-break: normal; }");
        assertThat(anon.doc("/login").select("#token-file").text()).endsWith("/api-token.").doesNotContain(TOKEN);

        assertThat(alice.get("/api/v1/resources", Map.of()).status()).as("Basic is for pages only").isEqualTo(401);
        assertThat(PageClient.basic(port, "mallory", "wrong-token").get("/").status()).isEqualTo(303);
        assertThat(api.get("/api/v1/resources").status()).isEqualTo(200);
    }

    @Test
    void loginSetsAnHttpOnlyStrictCookieThatOpensThePagesButNotTheApi() throws Exception {
        PageClient anon = PageClient.anonymous(port);
        PageClient.Page wrong = anon.post("/login", form("token", "not-it", "next", "/"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.header("Set-Cookie")).isNull();
        assertThat(wrong.doc().selectFirst("[role=alert]").text()).contains("not Tether's API token");

        PageClient.Page ok = anon.post("/login", form("token", TOKEN, "name", "bob", "next", "/?q=shop"));
        assertThat(ok.status()).isEqualTo(302);
        assertThat(ok.header("Location")).endsWith("/?q=shop");
        String setCookie = ok.header("Set-Cookie");
        assertThat(setCookie).startsWith(dev.tether.runtime.WebSessions.COOKIE + "=").contains("HttpOnly", "SameSite=Strict", "Path=/")
                .doesNotContain(TOKEN);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        Document page = anon.get("/", Map.of("Accept", "text/html", "Cookie", cookie)).doc();
        assertThat(page.selectFirst(".who").text()).isEqualTo("Signed in as web:bob");
        assertThat(page.select("form[action=/logout]")).hasSize(1);
        assertThat(anon.get("/api/v1/resources", Map.of("Cookie", cookie)).status()).isEqualTo(401);
        String tampered = cookie.substring(0, cookie.length() - 2) + (cookie.endsWith("A") ? "BB" : "AA");
        assertThat(anon.get("/", Map.of("Accept", "text/html", "Cookie", tampered)).status()).isEqualTo(303);

        assertThat(anon.post("/login", form("token", TOKEN, "next", "//evil.example/")).header("Location")).doesNotContain("evil");
        PageClient.Page out = anon.post("/logout", form("_csrf", csrf(page)), Map.of("Cookie", cookie));
        assertThat(out.status()).isEqualTo(302);
        assertThat(out.header("Set-Cookie")).contains("Max-Age=0");
    }

    // ----- live

    @Test
    void liveStreamSaysWhichResourceChanged() {
        apply(doc("ApiKey", "live-key", "live", "rotateEvery: 30d"));
        StoredResource r = resource(Kind.API_KEY, "live-key");
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/live"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("carol:" + TOKEN).getBytes(StandardCharsets.UTF_8)))
                .build();
        var stream = HttpClient.newHttpClient().sendAsync(req, HttpResponse.BodyHandlers.ofLines())
                .thenAccept(resp -> resp.body().forEach(lines::add));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> lines.contains("event:hello"));
            statuses.setCondition(r.id(), Condition.READY, ConditionStatus.FALSE, "ApiError", "boom");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                List<String> changed = new ArrayList<>();
                for (int i = 0; i + 1 < lines.size(); i++) {
                    if (lines.get(i).equals("event:changed")) {
                        changed.add(lines.get(i + 1));
                    }
                }
                assertThat(changed).anySatisfy(data -> assertThat(data.substring("data:".length()).split(","))
                        .contains(String.valueOf(r.id())));
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> lines.contains("event:tick"));
        } finally {
            stream.cancel(true);
        }
    }

    // ----- scale

    @Test
    @Order(100)
    void atScaleTheOverviewShowsFailingAndDriftingFirstAndPagesTheRest() {
        for (int batch = 0; batch < 12; batch++) {
            int from = batch * 100;
            String docs = IntStream.range(from, from + 100).mapToObj(i -> """
                    {"apiVersion":"tether.dev/v1","kind":"ApiKey","metadata":{"name":"bulk-%04d","labels":{"topology":"bulk"}},"spec":{"rotateEvery":"30d"}}"""
                    .formatted(i)).collect(Collectors.joining(",", "[", "]"));
            TetherApi.Response applied = api.post("/api/v1/manifests", "application/json", docs);
            assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        }
        // the ones a person must look at sit far down the alphabet; ready ones are the most numerous
        status(resource(Kind.API_KEY, "bulk-1100"), "False", "ApiError", "Heroku answered 503", List.of(), Map.of());
        status(resource(Kind.API_KEY, "bulk-0900"), "True", "DriftReported", "drift",
                List.of(new ResourceStatus.Drift("rotateEvery", "30d", "7d", Instant.now(), "dashboard@example.com")), Map.of());
        for (int i = 0; i < 600; i++) {
            status(resource(Kind.API_KEY, "bulk-%04d".formatted(i)), "True", "InSync", "In sync", List.of(), Map.of());
        }

        Document page = alice.doc("/");
        Element bulk = bulk(page);
        assertThat(bulk.selectFirst("h2 small").text()).isEqualTo("1200 · 600 Ready, 598 Progressing, 1 Drifted, 1 Failed");
        // failing first, then drifting, then the ones still progressing; Ready ones are only counted
        List<String> names = names(bulk);
        // as many rows as the overview gives each of its topologies (fewer when there are many)
        assertThat(names).hasSize(OverviewViews.rowsPerTopology(page.select("section.topology").size()));
        assertThat(names.subList(0, 3)).containsExactly("bulk-1100", "bulk-0900", "bulk-0600");
        assertThat(bulk.select("tbody tr")).extracting(tr -> tr.attr("data-health")).doesNotContain("Ready");
        assertThat(bulk.select("thead")).hasSize(1);
        assertThat(bulk.selectFirst(".more").text())
                .startsWith("1175 more: 575 Progressing (575 ApiKey), 600 Ready (600 ApiKey)");
        assertThat(row(page, "bulk-1100").selectFirst("td.reason").text()).isEqualTo("ApiError: Heroku answered 503");
        // the counters count every resource, shown or not
        long counted = page.select(".counter .n").stream().mapToLong(n -> Long.parseLong(n.text())).sum();
        assertThat(counted).isEqualTo(Long.parseLong(page.selectFirst("#groups .count").text().split(" ")[0]));
        assertThat(page.selectFirst("#groups .count").text()).doesNotContain("match");

        // the link pages through every resource of the topology exactly once, worst first
        String more = bulk.selectFirst(".more a").attr("href");
        assertThat(more).isEqualTo("/?topology=bulk&page=1");
        List<String> all = new java.util.ArrayList<>();
        String next = more;
        int pages = 0;
        while (next != null) {
            Document p = alice.doc(next);
            assertThat(p.select("#groups section.topology")).hasSize(1);
            assertThat(p.select("#groups tbody tr")).hasSizeLessThanOrEqualTo(OverviewViews.PAGE_ROWS);
            all.addAll(names(bulk(p)));
            Element n = p.selectFirst("#groups .pager a[rel=next]");
            next = n == null ? null : n.attr("href");
            pages++;
        }
        assertThat(pages).isEqualTo(12);
        assertThat(all).hasSize(1200).doesNotHaveDuplicates();
        assertThat(all.getFirst()).isEqualTo("bulk-1100");
        assertThat(all.getLast()).isEqualTo("bulk-0599");
        Document second = alice.doc("/?topology=bulk&page=2");
        assertThat(second.selectFirst("#groups .pager .range").text()).isEqualTo("Rows 101\u2013200 of 1200 (page 2 of 12)");
        assertThat(second.selectFirst("#groups .pager a[rel=prev]").attr("href")).isEqualTo("/?topology=bulk&page=1");
        // the live refresh asks for the fragment of the page it shows
        assertThat(names(bulk(alice.doc("/?fragment=groups&topology=bulk&page=2")))).isEqualTo(names(bulk(second)));

        Document filtered = alice.doc("/?q=failed+bulk");
        assertThat(filtered.select("#groups tbody tr")).extracting(tr -> tr.selectFirst("th a").text()).containsExactly("bulk-1100");
    }

    private static Element bulk(Document page) {
        return page.select("#groups section.topology").stream()
                .filter(s -> s.selectFirst("h2 span").text().equals("bulk")).findFirst().orElseThrow();
    }

    private static List<String> names(Element group) {
        return group.select("tbody tr th a").stream().map(Element::text).toList();
    }
}
