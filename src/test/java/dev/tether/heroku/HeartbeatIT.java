package dev.tether.heroku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.AppCalls;
import dev.tether.SandboxTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The heartbeat (DESIGN §7: ≤ 3 Heroku calls per app per hour with webhooks in place): a routine
 * safety poll of a quiet app whose webhooks work is one conditional releases read, a full
 * observation runs only when the last one is {@code tether.webhooks.full-observation-every} old,
 * and a release no delivery announced makes the app fall back to full polls until deliveries
 * arrive again. Every Platform API call about the app is counted by the emulator, over real HTTP;
 * the safety poll runs every 2 s, a full observation is due every hour.
 */
class HeartbeatIT extends SandboxTestBase {

    @DynamicPropertySource
    static void heartbeatProperties(DynamicPropertyRegistry r) {
        r.add("tether.webhooks.full-observation-every", () -> "1h");
    }

    @Autowired
    JdbcClient jdbc;

    private String applyAndAwaitHeartbeats(String name) {
        assertThat(api.yaml("apiVersion: tether.dev/v1\nkind: HerokuApp\nmetadata:\n  name: " + name
                + "\nspec:\n  configVars:\n    LOG_LEVEL: info\n  domains: [" + name + ".example.com]\n").status()).isEqualTo(200);
        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode r = resource(name);
            assertThat(r.at("/status/conditions").toString()).contains("\"type\":\"Ready\",\"status\":\"True\"");
            assertThat(r.at("/status/observedGeneration").asLong()).isEqualTo(r.at("/metadata/generation").asLong());
            assertThat(r.at("/status/external/webhook").asBoolean()).isTrue();
            assertThat(r.at("/status/external/observation/fullAt").isMissingNode()).isFalse();
        });
        String id = resource(name).at("/status/external/id").asString();
        // settled: the converge's own writes and their deliveries are behind it once a heartbeat ran
        AppCalls.awaitHeartbeatsOnly(heroku, id, CONVERGE);
        return id;
    }

    private JsonNode resource(String name) {
        return api.get("/api/v1/resources/HerokuApp/" + name).json();
    }

    @Test
    void safetyPollsOfAnUnchangedAppReadOnlyTheNewestReleaseUntilAFullObservationIsDue() {
        String id = applyAndAwaitHeartbeats("heartbeat-api");
        try (AppCalls r = new AppCalls(heroku, id)) {
            await().atMost(CONVERGE).until(() -> r.count("GET /apps/{app}/releases") >= 6);
            assertThat(r.seen()).as("six safety polls, one conditional releases read each: %s", r.routes())
                    .allSatisfy(e -> {
                        assertThat(e.method() + " " + e.template()).isEqualTo("GET /apps/{app}/releases");
                        assertThat(e.status()).isEqualTo(304);
                    });
        }

        // the last full observation (and subscription check) is now seven hours old: the next poll is a full one
        String sevenHoursAgo = java.time.Instant.now().minus(java.time.Duration.ofHours(7)).toString();
        jdbc.sql("""
                        UPDATE resource_status s SET status = jsonb_set(jsonb_set(s.status,
                            '{external,observation,fullAt}', to_jsonb(CAST(:at AS text))),
                            '{external,observation,hookCheckedAt}', to_jsonb(CAST(:at AS text)))
                        FROM resources r WHERE r.id = s.resource_id AND r.kind = 'HerokuApp' AND r.name = 'heartbeat-api'""")
                .param("at", sevenHoursAgo).update();
        try (AppCalls r = new AppCalls(heroku, id)) {
            await().atMost(CONVERGE).until(() -> r.count("GET /apps/{app}") >= 1 && r.count("GET /apps/{app}/releases") >= 4);
            assertThat(r.count("GET /apps/{app}")).as("one full observation: %s", r.routes()).isEqualTo(1);
            assertThat(r.routes()).as("the full observation lists the subscription once").filteredOn(s -> s.startsWith("GET /apps/{app}/webhooks"))
                    .hasSize(1);
            assertThat(r.routes()).as("the full observation's parts").anyMatch(s -> s.startsWith("GET /apps/{app}/formation"))
                    .anyMatch(s -> s.startsWith("GET /apps/{app}/domains"));
            // the full pass: app, release, formation, domains, buildpacks, webhooks; every other poll one releases read
            long polls = r.count("GET /apps/{app}/releases");
            assertThat(r.seen()).as("one full observation, then heartbeats: %s", r.routes()).hasSize((int) (5 + polls));
        }
        assertThat(resource("heartbeat-api").at("/status/external/observation/fullAt").asString())
                .as("the full observation was recorded").isNotBlank();
    }

    @Test
    void aReleaseNoDeliveryAnnouncedMakesTheAppPollInFullUntilADeliveryArrives() {
        String id = applyAndAwaitHeartbeats("deaf-api");
        String webhookId = heroku.app(id).orElseThrow().webhooks().getFirst().id();

        // deliveries lost: the subscription is gone, and a change Tether does not manage cuts a release
        dashboard.call("DELETE", "/apps/" + id + "/webhooks/" + webhookId, null);
        dashboard.setConfigVar("deaf-api", "UNMANAGED_FLAG", "on");

        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(resource("deaf-api").at("/status/external/observation/deliveriesLostSince").asString()).isNotBlank();
            assertThat(heroku.app(id).orElseThrow().webhooks()).as("the subscription is checked and made again").singleElement()
                    .satisfies(w -> assertThat(w.id()).isNotEqualTo(webhookId));
        });
        try (AppCalls r = new AppCalls(heroku, id)) {
            await().atMost(CONVERGE).until(() -> r.count("GET /apps/{app}/releases") >= 3);
            assertThat(r.count("GET /apps/{app}")).as("full polls, not heartbeats: %s", r.routes())
                    .isGreaterThanOrEqualTo(r.count("GET /apps/{app}/releases") - 1);
        }

        // a Dashboard change is delivered again: reverted, and the app is back on heartbeats
        dashboard.setConfigVar("deaf-api", "LOG_LEVEL", "trace");
        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(heroku.app(id).orElseThrow().config()).containsEntry("LOG_LEVEL", "info");
            assertThat(resource("deaf-api").at("/status/external/observation/deliveriesLostSince").isMissingNode()).isTrue();
        });
        try (AppCalls r = new AppCalls(heroku, id)) {
            await().atMost(CONVERGE).until(() -> r.seen().size() >= 4 && r.seen().subList(r.seen().size() - 3, r.seen().size()).stream()
                    .allMatch(e -> e.template().equals("/apps/{app}/releases")));
        }
    }
}
