package dev.tether.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.TetherApi;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The leak scan of GatewayIT's {@code noApiKeyValueAppearsInLogsEventsOrApiResponses}, made
 * reusable: reads everything a user or operator can see (the resource list, every resource, its
 * events and generations, its status page, the overview page, the metrics) plus the given log
 * text, and fails if any secret value appears in any of it.
 */
public final class SecretScan {

    /** What was scanned, for the summary. */
    public record Result(int values, int resources, long bytesScanned) {
    }

    private SecretScan() {
    }

    public static Result assertNoSecretIn(TetherApi api, String apiToken, String logs, List<String> secretValues) {
        assertThat(secretValues).as("secret values to look for").isNotEmpty();
        StringBuilder seen = new StringBuilder();
        seen.append(api.get("/api/v1/resources").body());
        Map<String, String> basic = Map.of("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((":" + apiToken).getBytes(StandardCharsets.UTF_8)));
        int scanned = 0;
        for (JsonNode item : api.get("/api/v1/resources").json().get("items")) {
            String kind = item.path("kind").asString();
            String name = item.path("name").asString();
            for (String path : List.of("/api/v1/resources/" + kind + "/" + name,
                    "/api/v1/resources/" + kind + "/" + name + "/events?limit=500",
                    "/api/v1/resources/" + kind + "/" + name + "/generations")) {
                TetherApi.Response r = api.get(path);
                assertThat(r.status()).as(path).isEqualTo(200);
                seen.append(r.body());
            }
            TetherApi.Response page = api.withHeaders("GET", "/resources/" + kind + "/" + name, basic, null, null, null);
            assertThat(page.status()).as("page of " + kind + "/" + name).isEqualTo(200);
            seen.append(page.body());
            scanned++;
        }
        TetherApi.Response overview = api.withHeaders("GET", "/", basic, null, null, null);
        assertThat(overview.status()).isEqualTo(200);
        seen.append(overview.body()).append(api.get("/actuator/prometheus").body());
        assertThat(logs).as("the log capture works").isNotBlank();
        String everything = seen.toString();
        for (String v : secretValues) {
            assertThat(everything).as("API responses, events and pages contain a secret").doesNotContain(v);
            assertThat(logs).as("log lines contain a secret").doesNotContain(v);
        }
        return new Result(secretValues.size(), scanned, everything.length() + (long) logs.length());
    }
}
