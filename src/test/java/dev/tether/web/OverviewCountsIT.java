package dev.tether.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.TetherApi;
import dev.tether.TetherTestSupport;
import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.Kind;
import dev.tether.manifest.StoredResource;
import dev.tether.status.Condition;
import dev.tether.status.ConditionStatus;
import dev.tether.status.Conditions;
import dev.tether.status.Lock;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The overview's counts (worked out in SQL from the health stored with each status) against a
 * known population of every health, over real HTTP with the loop off so each status stays as
 * written: exact counters, per-topology summaries, the rows left off counted by health and kind,
 * and the order of the rows; then statuses and specs change and the counts follow the rows, on
 * an open page too (headless Chromium; its screenshot is {@code target/screenshots/overview.png}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OverviewCountsIT {

    private static final java.nio.file.Path DATA_DIR = TetherTestSupport.freshDataDir();
    private static final String TOKEN = TetherTestSupport.API_TOKEN;
    private static boolean populated;

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
    JdbcClient jdbc;

    TetherApi api;
    PageClient alice;

    @BeforeEach
    void populate() {
        api = new TetherApi(port, TOKEN);
        alice = PageClient.basic(port, "alice", TOKEN);
        if (populated) {
            return;
        }
        // "mix": one of every health
        List<String> mix = new ArrayList<>();
        for (String n : List.of("ready-1", "ready-2", "ready-3", "drifted", "failed", "progressing", "nostatus", "behind", "going")) {
            mix.add(doc("ApiKey", n, "mix", "rotateEvery: 30d"));
        }
        mix.add(doc("ApiKey", "held", "mix", "paused: true"));
        mix.add(doc("HerokuApp", "mix-web", "mix", "configVars:\n  LOG_LEVEL: info"));
        for (String n : List.of("open-gw", "unproven-gw")) {
            mix.add(doc("KongService", n, "mix", "upstream:\n  url: https://backend.example.com\nroutes:\n  - name: " + n + "-r\n    paths: [/" + n + "]"));
        }
        apply(String.join("---\n", mix));
        for (String n : List.of("ready-1", "ready-2", "ready-3", "behind")) {
            ready(Kind.API_KEY, n);
        }
        ready(Kind.HEROKU_APP, "mix-web");
        put(Kind.API_KEY, "drifted", ConditionStatus.TRUE, "DriftReported",
                List.of(new ResourceStatus.Drift("rotateEvery", "30d", "7d", Instant.now(), "dashboard@example.com")), null);
        put(Kind.API_KEY, "failed", ConditionStatus.FALSE, "ApiError", List.of(), null);
        put(Kind.API_KEY, "progressing", ConditionStatus.FALSE, "Progressing", List.of(), null);
        put(Kind.API_KEY, "held", ConditionStatus.FALSE, "Paused", List.of(), null);
        put(Kind.KONG_SERVICE, "open-gw", ConditionStatus.TRUE, "InSync", List.of(), ConditionStatus.FALSE);
        put(Kind.KONG_SERVICE, "unproven-gw", ConditionStatus.TRUE, "InSync", List.of(), ConditionStatus.UNKNOWN);
        ready(Kind.API_KEY, "going");
        store.markDeleting(Kind.API_KEY, "going", null, "api");
        // a spec change the loop has not seen yet: its Ready status is about the generation before
        apply(doc("ApiKey", "behind", "mix", "rotateEvery: 7d"));

        // "wide": more than a topology lists, of two kinds and three healths
        List<String> wide = new ArrayList<>();
        wide.add(doc("ApiKey", "wide-drifted", "wide", "rotateEvery: 30d"));
        IntStream.range(0, 26).forEach(i -> wide.add(doc("HerokuApp", "wide-app-%02d".formatted(i), "wide", "configVars:\n  A: \"1\"")));
        IntStream.range(0, 2).forEach(i -> wide.add(doc("ApiKey", "wide-new-%d".formatted(i), "wide", "rotateEvery: 30d")));
        IntStream.range(0, 3).forEach(i -> wide.add(doc("ApiKey", "wide-ok-%d".formatted(i), "wide", "rotateEvery: 30d")));
        apply(String.join("---\n", wide));
        put(Kind.API_KEY, "wide-drifted", ConditionStatus.TRUE, "DriftReported",
                List.of(new ResourceStatus.Drift("rotateEvery", "30d", "1d", Instant.now(), null)), null);
        IntStream.range(0, 3).forEach(i -> ready(Kind.API_KEY, "wide-ok-%d".formatted(i)));
        populated = true;
    }

    @Test
    @Order(1)
    void countsEveryHealthExactlyAndListsTheWorstFirst() {
        Document page = alice.doc("/");
        assertThat(counters(page)).containsExactlyEntriesOf(ordered(7, 31, 1, 2, 1, 1, 1, 1));
        assertThat(page.selectFirst("#groups .count").text()).isEqualTo("45 resources");
        assertThat(counters(alice.doc("/?fragment=summary"))).containsExactlyEntriesOf(counters(page));

        Element mix = topology(page, "mix");
        assertThat(mix.selectFirst("h2 small").text())
                .isEqualTo("13 · 4 Ready, 3 Progressing, 1 Unproven, 1 Drifted, 1 Failed, 1 Unsecured, 1 Paused, 1 Deleting");
        assertThat(rows(mix)).containsExactly(
                "Unsecured KongService/open-gw", "Failed ApiKey/failed", "Drifted ApiKey/drifted",
                "Unproven KongService/unproven-gw", "Deleting ApiKey/going", "Paused ApiKey/held",
                "Progressing ApiKey/behind", "Progressing ApiKey/nostatus", "Progressing ApiKey/progressing",
                "Ready HerokuApp/mix-web", "Ready ApiKey/ready-1", "Ready ApiKey/ready-2", "Ready ApiKey/ready-3");
        assertThat(mix.selectFirst(".more")).isNull();

        Element wide = topology(page, "wide");
        assertThat(wide.selectFirst("h2 small").text()).isEqualTo("32 · 3 Ready, 28 Progressing, 1 Drifted");
        List<String> listed = rows(wide);
        // as many rows as the overview gives each of its topologies (fewer when there are many)
        assertThat(listed).hasSize(OverviewViews.rowsPerTopology(page.select("section.topology").size()));
        assertThat(listed.getFirst()).isEqualTo("Drifted ApiKey/wide-drifted");
        assertThat(listed.get(1)).isEqualTo("Progressing HerokuApp/wide-app-00");
        assertThat(listed.getLast()).isEqualTo("Progressing HerokuApp/wide-app-23");
        assertThat(wide.selectFirst(".more span").text())
                .isEqualTo("7 more: 4 Progressing (2 HerokuApp, 2 ApiKey), 3 Ready (3 ApiKey)");

        Document all = alice.doc("/?topology=wide&page=1");
        assertThat(all.selectFirst("#groups .count").text()).isEqualTo("32 of 45 resources match");
        assertThat(rows(topology(all, "wide"))).startsWith(listed.toArray(String[]::new)).hasSize(32)
                .endsWith("Progressing HerokuApp/wide-app-24", "Progressing HerokuApp/wide-app-25",
                        "Progressing ApiKey/wide-new-0", "Progressing ApiKey/wide-new-1",
                        "Ready ApiKey/wide-ok-0", "Ready ApiKey/wide-ok-1", "Ready ApiKey/wide-ok-2");
    }

    @Test
    @Order(2)
    void aResourceThatDriftsMovesInTheCountersAndItsRowAgrees() {
        put(Kind.API_KEY, "ready-1", ConditionStatus.TRUE, "DriftReported",
                List.of(new ResourceStatus.Drift("rotateEvery", "30d", "2d", Instant.now(), "dashboard@example.com")), null);
        Document page = alice.doc("/");
        assertThat(counters(page)).containsExactlyEntriesOf(ordered(6, 31, 1, 3, 1, 1, 1, 1));
        Element mix = topology(page, "mix");
        assertThat(mix.selectFirst("h2 small").text())
                .isEqualTo("13 · 3 Ready, 3 Progressing, 1 Unproven, 2 Drifted, 1 Failed, 1 Unsecured, 1 Paused, 1 Deleting");
        assertThat(rows(mix).subList(2, 4)).containsExactly("Drifted ApiKey/drifted", "Drifted ApiKey/ready-1");

        // a spec change (no status written) and a pause move it on; the drift fixed, it is Ready again
        apply(doc("ApiKey", "ready-2", "mix", "rotateEvery: 1d"));
        apply(doc("ApiKey", "ready-3", "mix", "paused: true"));
        ready(Kind.API_KEY, "ready-1");
        Document after = alice.doc("/");
        assertThat(counters(after)).containsExactlyEntriesOf(ordered(5, 32, 1, 2, 1, 1, 2, 1));
        assertThat(rows(topology(after, "mix"))).contains("Progressing ApiKey/ready-2", "Paused ApiKey/ready-3", "Ready ApiKey/ready-1");
        assertCountersAgreeWithEveryRow(after);
    }

    @Test
    @Order(3)
    void statusesWrittenBeforeHealthWasStoredAreCountedFromTheirDocuments() {
        Map<String, Long> before = counters(alice.doc("/"));
        // as migration V61 leaves the rows that were there before it
        jdbc.sql("UPDATE resource_status SET health = NULL, observed_generation = NULL, reconciled_at = NULL").update();

        Document page = alice.doc("/");
        assertThat(counters(page)).containsExactlyEntriesOf(before);
        assertThat(jdbc.sql("SELECT count(*) FROM resource_status WHERE health IS NULL").query(Long.class).single()).isZero();
        assertCountersAgreeWithEveryRow(page);
        assertThat(page.selectFirst("#kong p").text()).startsWith("Kong last observed");
    }

    @Test
    @Order(4)
    void anOpenOverviewFollowsAFailureInItsCountersAndRowsWithoutAReload() throws Exception {
        Path profile = Files.createTempDirectory("tether-chromium-");
        ChromeDriver browser = Chromium.start(profile);
        try {
            browser.get("http://127.0.0.1:" + port + "/login");
            browser.findElement(By.id("token")).sendKeys(TOKEN);
            browser.findElement(By.id("name")).sendKeys("olivia");
            browser.findElement(By.id("login")).click();
            await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() -> browser.getTitle().equals("Overview · Tether"));
            await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(Chromium.text(browser, "#live-state")).isEqualTo("Live"));
            long failed = Long.parseLong(Chromium.text(browser, ".counter.fail[data-health=Failed] .n"));
            Files.createDirectories(StatusPagesBrowserIT.SHOTS);
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), StatusPagesBrowserIT.SHOTS.resolve("overview.png"),
                    StandardCopyOption.REPLACE_EXISTING);

            Chromium.markDocument(browser);
            put(Kind.API_KEY, "wide-ok-0", ConditionStatus.FALSE, "ApiError", List.of(), null);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(Long.parseLong(Chromium.text(browser, ".counter.fail[data-health=Failed] .n"))).isEqualTo(failed + 1);
                assertThat(Chromium.health(browser, "wide-ok-0")).isEqualTo("Failed");
            });
            Chromium.assertNotReloaded(browser);
        } finally {
            browser.quit();
        }
    }

    // ----- helpers

    private void assertCountersAgreeWithEveryRow(Document overview) {
        Map<String, Long> byRow = new LinkedHashMap<>();
        counters(overview).keySet().forEach(h -> byRow.put(h, 0L));
        for (String t : List.of("mix", "wide")) {
            Element group = topology(alice.doc("/?topology=" + t + "&page=1"), t);
            group.select("tbody tr").forEach(tr -> byRow.merge(tr.attr("data-health"), 1L, Long::sum));
        }
        assertThat(byRow).as("rows by their own health").containsExactlyEntriesOf(counters(overview));
    }

    private void apply(String yaml) {
        TetherApi.Response r = api.yaml(yaml);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private static String doc(String kind, String name, String topology, String spec) {
        return "apiVersion: tether.dev/v1\nkind: " + kind + "\nmetadata:\n  name: " + name
                + "\n  labels:\n    topology: " + topology + "\nspec:\n" + spec.indent(2);
    }

    private void ready(Kind kind, String name) {
        put(kind, name, ConditionStatus.TRUE, "InSync", List.of(), null);
    }

    private void put(Kind kind, String name, ConditionStatus ready, String reason, List<ResourceStatus.Drift> drift, ConditionStatus secured) {
        StoredResource r = store.get(kind, name);
        Instant now = Instant.now();
        List<Condition> c = Conditions.set(List.of(), Condition.READY, ready, reason, "m", now);
        if (secured != null) {
            c = Conditions.set(c, Lock.CONDITION, secured, "Probe", "probed", now);
        }
        statuses.put(r.id(), ResourceStatus.pending(now).withConditions(c).withDrift(drift)
                .reconciled(r.generation(), now.minusSeconds(5)).withAppliedGeneration(r.generation()));
    }

    private static Map<String, Long> ordered(long ready, long progressing, long unproven, long drifted, long failed,
                                             long unsecured, long paused, long deleting) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("Ready", ready);
        m.put("Progressing", progressing);
        m.put("Unproven", unproven);
        m.put("Drifted", drifted);
        m.put("Failed", failed);
        m.put("Unsecured", unsecured);
        m.put("Paused", paused);
        m.put("Deleting", deleting);
        return m;
    }

    private static Map<String, Long> counters(Document page) {
        return page.select(".counter").stream().collect(Collectors.toMap(e -> e.attr("data-health"),
                e -> Long.parseLong(e.selectFirst(".n").text()), (a, b) -> a, LinkedHashMap::new));
    }

    private static Element topology(Document page, String name) {
        return page.select("#groups section.topology").stream()
                .filter(s -> s.selectFirst("h2 span").text().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no topology " + name + " on the page"));
    }

    private static List<String> rows(Element group) {
        return group.select("tbody tr").stream()
                .map(tr -> tr.attr("data-health") + " " + tr.selectFirst("td.kind").text() + "/" + tr.selectFirst("th a").text())
                .toList();
    }
}
