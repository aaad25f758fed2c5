package dev.tether.heroku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.SandboxTestBase;
import dev.tether.sandbox.heroku.RecordedExchange;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a full safety poll costs (DESIGN §7: at most 12 Heroku calls per app per hour without
 * webhooks, 304s counted) and that the cheaper poll still finds what it must: every Platform API call Tether makes
 * about one app is counted by the emulator, over real HTTP. The safety poll here runs every 2 s.
 */
class HerokuThriftIT extends SandboxTestBase {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private String applyAndAwaitHooked(String name) {
        assertThat(api.yaml("apiVersion: tether.dev/v1\nkind: HerokuApp\nmetadata:\n  name: " + name
                + "\nspec:\n  configVars:\n    LOG_LEVEL: info\n  addons:\n    - plan: heroku-postgresql:essential-0\n      as: DATABASE\n"
                + "  domains: [" + name + ".example.com]\n").status()).isEqualTo(200);
        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode r = api.get("/api/v1/resources/HerokuApp/" + name).json();
            assertThat(r.at("/status/conditions").toString()).contains("\"type\":\"Ready\",\"status\":\"True\"");
            assertThat(r.at("/status/observedGeneration").asLong()).isEqualTo(r.at("/metadata/generation").asLong());
            assertThat(r.at("/status/external/webhook").asBoolean()).isTrue();
        });
        return api.get("/api/v1/resources/HerokuApp/" + name).json().at("/status/external/id").asString();
    }

    private List<JsonNode> events(String name) {
        List<JsonNode> out = new java.util.ArrayList<>();
        api.get("/api/v1/resources/HerokuApp/" + name + "/events?limit=500").json().get("items").forEach(out::add);
        return out;
    }

    @Test
    void aFullPollOfAnUnchangedAppWithoutWorkingWebhooksMakesAtMostFiveCalls() {
        String id = applyAndAwaitHooked("thrifty-api");
        // deliveries lost: every safety poll is a full observation, as for an app without webhooks (HeartbeatIT
        // covers the heartbeats of an app whose deliveries arrive). Marked from an hour ahead, so that no
        // delivery from the converge's own writes clears it, and the subscription counts as checked until then.
        String later = java.time.Instant.now().plus(java.time.Duration.ofHours(1)).toString();
        jdbc.sql("""
                        UPDATE resource_status s SET status = jsonb_set(jsonb_set(s.status,
                            '{external,observation,deliveriesLostSince}', to_jsonb(CAST(:at AS text))),
                            '{external,observation,hookCheckedAt}', to_jsonb(CAST(:at AS text)))
                        FROM resources r WHERE r.id = s.resource_id AND r.kind = 'HerokuApp' AND r.name = 'thrifty-api'""")
                .param("at", later).update();
        List<RecordedExchange> seen = new CopyOnWriteArrayList<>();
        Consumer<RecordedExchange> listener = e -> {
            if (e.path().startsWith("/apps/" + id)) {
                seen.add(e);
            }
        };
        heroku.addExchangeListener(listener);
        try {
            // eight passes of the 2 s safety poll
            await().atMost(CONVERGE).until(() -> seen.stream().filter(e -> "/apps/{app}".equals(e.template())).count() >= 8);
        } finally {
            heroku.removeExchangeListener(listener);
        }
        List<RecordedExchange> calls = List.copyOf(seen);
        long passes = calls.stream().filter(e -> "/apps/{app}".equals(e.template())).count();
        Map<String, Long> byRoute = calls.stream()
                .collect(Collectors.groupingBy(e -> e.method() + " " + e.template(), Collectors.counting()));

        org.slf4j.LoggerFactory.getLogger(HerokuThriftIT.class)
                .info("safety poll of an unchanged app: {} calls over {} passes: {}", calls.size(), passes, byRoute);
        assertThat(byRoute.keySet()).as("only the app, its latest release, formation, domains and buildpacks are read")
                .allMatch(r -> r.startsWith("GET "))
                .doesNotContain("GET /apps/{app}/config-vars", "GET /apps/{app}/addons", "GET /apps/{app}/webhooks");
        // a pass that was under way when counting began may add its last four calls
        assertThat((long) calls.size()).as("calls %s over %d passes", byRoute, passes).isLessThanOrEqualTo(5 * passes + 4);
        assertThat(calls).as("unchanged parts answer 304: %s", calls.stream().map(e -> e.method() + " " + e.template() + " " + e.status()).toList())
                .allMatch(e -> e.status() == 304);
    }

    @Test
    void aConfigVarChangedWhileTheWebhookIsGoneIsFoundByTheSafetyPollAndTheWebhookComesBack() {
        String id = applyAndAwaitHooked("unhooked-api");
        String webhookId = heroku.app(id).orElseThrow().webhooks().getFirst().id();

        dashboard.call("DELETE", "/apps/" + id + "/webhooks/" + webhookId, null);
        dashboard.setConfigVar("unhooked-api", "LOG_LEVEL", "trace");

        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(heroku.app(id).orElseThrow().config()).containsEntry("LOG_LEVEL", "info");
            assertThat(events("unhooked-api")).anySatisfy(e -> {
                assertThat(e.get("reason").asString()).isEqualTo("DriftDetected");
                assertThat(e.path("message").asString()).contains("configVars.LOG_LEVEL");
                assertThat(e.path("actor").asString()).isEqualTo("dashboard@example.com");
            });
            // drift no delivery announced: the subscription is checked and made again
            assertThat(heroku.app(id).orElseThrow().webhooks()).singleElement()
                    .satisfies(w -> assertThat(w.id()).isNotEqualTo(webhookId));
        });
    }
}
