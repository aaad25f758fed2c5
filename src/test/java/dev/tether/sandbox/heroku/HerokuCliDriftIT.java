package dev.tether.sandbox.heroku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.SandboxTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The README's promise, end to end: a change made with the real Heroku CLI (11.10, from npm)
 * against the sandbox is reverted by Tether within seconds and shows up in the resource's
 * events with the CLI user's name.
 */
class HerokuCliDriftIT extends SandboxTestBase {

    @Test
    void revertsAConfigSetMadeWithTheRealHerokuCli() throws Exception {
        HerokuCli cli = HerokuCli.install(heroku.baseUrl(), HerokuEmulator.DASHBOARD_TOKEN);
        assertThat(api.yaml("""
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata:
                  name: cli-drift
                spec:
                  configVars:
                    LOG_LEVEL: info
                  release: ${SAMPLE_RELEASE}
                  formation:
                    web:
                      quantity: 1
                """).status()).isEqualTo(200);
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(api.get("/api/v1/resources/HerokuApp/cli-drift").json()
                .at("/status/conditions").toString()).contains("\"type\":\"Ready\",\"status\":\"True\""));

        HerokuCli.Result set = cli.heroku("config:set", "LOG_LEVEL=debug", "-a", "cli-drift");
        assertThat(set.exitCode()).as(set.output()).isZero();

        await().atMost(CONVERGE).untilAsserted(() -> {
            HerokuCli.Result config = cli.heroku("config:get", "LOG_LEVEL", "-a", "cli-drift");
            String lastLine = config.output().lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("").strip();
            assertThat(lastLine).as(config.output()).isEqualTo("info");
            JsonNode events = api.get("/api/v1/resources/HerokuApp/cli-drift/events").json().get("items");
            assertThat(events).anySatisfy(e -> {
                assertThat(e.get("reason").asString()).isEqualTo("DriftDetected");
                assertThat(e.path("actor").asString()).isEqualTo("dashboard@example.com");
            });
            assertThat(events).anySatisfy(e -> assertThat(e.get("reason").asString()).isEqualTo("DriftReverted"));
        });
    }
}
