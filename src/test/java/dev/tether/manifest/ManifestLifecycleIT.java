package dev.tether.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.ApiTestBase;
import dev.tether.TetherApi.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Apply, read back, re-apply, change, roll back, race: what a user of the API goes through. */
class ManifestLifecycleIT extends ApiTestBase {

    private static String app(String name, int quantity, String logLevel) {
        return """
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata:
                  name: %s
                  labels:
                    topology: lifecycle
                spec:
                  configVars:
                    LOG_LEVEL: %s
                  release: ${SAMPLE_RELEASE}
                  formation:
                    web:
                      quantity: %d
                      size: Basic
                """.formatted(name, logLevel, quantity);
    }

    @Test
    void keepsGenerationsAcrossApplyReapplyChangeAndRollback() {
        Response created = api.yaml(app("life-api", 1, "info"));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.json().at("/items/0/generation").asLong()).isEqualTo(1);
        assertThat(created.json().at("/items/0/changed").asBoolean()).isTrue();
        assertThat(created.json().at("/items/0/action").asString()).isEqualTo("created");

        Response read = api.get("/api/v1/resources/HerokuApp/life-api");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().at("/spec/formation/web/quantity").asInt()).isEqualTo(1);
        assertThat(read.json().at("/metadata/generation").asLong()).isEqualTo(1);
        assertThat(read.json().at("/metadata/labels/topology").asString()).isEqualTo("lifecycle");
        assertThat(read.json().at("/status/conditions/0/type").asString()).isEqualTo("Ready");
        assertThat(read.json().at("/status/conditions/0/status").asString()).isEqualTo("Unknown");
        String rv1 = read.json().at("/metadata/resourceVersion").asString();
        assertThat(read.header("ETag")).isEqualTo("\"" + rv1 + "\"");

        Response again = api.yaml(app("life-api", 1, "info"));
        assertThat(again.json().at("/items/0/generation").asLong()).isEqualTo(1);
        assertThat(again.json().at("/items/0/changed").asBoolean()).isFalse();
        assertThat(api.get("/api/v1/resources/HerokuApp/life-api").json().at("/metadata/resourceVersion").asString())
                .isEqualTo(rv1);

        Response changed = api.yaml(app("life-api", 3, "debug"));
        assertThat(changed.json().at("/items/0/generation").asLong()).isEqualTo(2);
        assertThat(changed.json().at("/items/0/changed").asBoolean()).isTrue();

        JsonNode history = api.get("/api/v1/resources/HerokuApp/life-api/generations").json().get("items");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("generation").asLong()).isEqualTo(2);
        assertThat(history.get(0).at("/spec/formation/web/quantity").asInt()).isEqualTo(3);
        assertThat(history.get(1).at("/spec/formation/web/quantity").asInt()).isEqualTo(1);

        Response rolledBack = api.post("/api/v1/resources/herokuapp/life-api/rollback", "application/json", "{\"generation\":1}");
        assertThat(rolledBack.status()).isEqualTo(200);
        assertThat(rolledBack.json().get("generation").asLong()).isEqualTo(3);
        JsonNode now = api.get("/api/v1/resources/HerokuApp/life-api").json();
        assertThat(now.at("/spec/formation/web/quantity").asInt()).isEqualTo(1);
        assertThat(now.at("/spec/configVars/LOG_LEVEL").asString()).isEqualTo("info");
        assertThat(api.get("/api/v1/resources/HerokuApp/life-api/generations").json().at("/items/0/cause").asString())
                .isEqualTo("RolledBack from 1");

        JsonNode events = api.get("/api/v1/resources/HerokuApp/life-api/events").json().get("items");
        List<String> byApi = new java.util.ArrayList<>();
        events.forEach(e -> {
            if ("api".equals(e.path("actor").asString())) {
                byApi.add(e.get("reason").asString());
            }
        });
        assertThat(byApi).containsExactly("RolledBack", "Updated", "Created");
    }

    @Test
    void refusesAStaleResourceVersionAndStoresNothing() {
        api.yaml(app("race-api", 1, "info"));
        String rv = api.get("/api/v1/resources/HerokuApp/race-api").json().at("/metadata/resourceVersion").asString();
        // someone else changes it first
        assertThat(api.yaml(app("race-api", 2, "info")).status()).isEqualTo(200);

        String stale = app("race-api", 5, "info").replace("  name: race-api\n", "  name: race-api\n  resourceVersion: \"" + rv + "\"\n");
        Response conflict = api.yaml(stale);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.header("Content-Type")).startsWith("application/problem+json");
        assertThat(conflict.json().get("detail").asString()).contains("HerokuApp/race-api", "stale");
        assertThat(api.get("/api/v1/resources/HerokuApp/race-api").json().at("/spec/formation/web/quantity").asInt()).isEqualTo(2);

        Response ifMatch = api.post("/api/v1/manifests", "application/yaml",
                app("race-api", 7, "info").getBytes(), Map.of("If-Match", "\"" + rv + "\""));
        assertThat(ifMatch.status()).isEqualTo(409);

        String current = api.get("/api/v1/resources/HerokuApp/race-api").header("ETag");
        Response fresh = api.post("/api/v1/manifests", "application/yaml",
                app("race-api", 7, "info").getBytes(), Map.of("If-Match", current));
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.json().at("/items/0/generation").asLong()).isEqualTo(3);
    }

    @Test
    void appliesManyDocumentsAtomically() {
        String good = app("atomic-one", 1, "info");
        String bad = app("atomic-two", -1, "info");
        Response r = api.yaml(good + "---\n" + bad);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().at("/errors/0/document").asInt()).isEqualTo(1);
        assertThat(r.json().at("/errors/0/path").asString()).isEqualTo("spec.formation.web.quantity");
        assertThat(r.json().at("/errors/0/message").asString()).isEqualTo("spec.formation.web.quantity: must be at least 0, got -1");
        assertThat(api.get("/api/v1/resources/HerokuApp/atomic-one").status()).isEqualTo(404);
    }

    @Test
    void dryRunReportsTheChangesAndStoresNothing() {
        api.yaml(app("dry-api", 1, "info"));
        Response dry = api.post("/api/v1/manifests?dryRun=true", "application/yaml",
                (app("dry-api", 4, "info").replace("LOG_LEVEL: info", "LOG_LEVEL: info\n    STRIPE_SECRET_KEY: sk_live_abc")
                        + "---\n" + app("dry-new", 1, "info")).getBytes(), Map.of());
        assertThat(dry.status()).isEqualTo(200);
        assertThat(dry.json().at("/items/0/generation").asLong()).isEqualTo(2);
        assertThat(dry.json().at("/items/1/action").asString()).isEqualTo("created");
        List<String> paths = dry.json().get("plan").findValuesAsString("path");
        assertThat(paths).contains("spec.formation.web.quantity", "spec.configVars.STRIPE_SECRET_KEY", "spec");
        assertThat(dry.body()).doesNotContain("sk_live_abc");

        assertThat(api.get("/api/v1/resources/HerokuApp/dry-api").json().at("/metadata/generation").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/resources/HerokuApp/dry-new").status()).isEqualTo(404);
    }

    @Test
    void listsByKindAndLabelAndMarksDeletion() {
        api.yaml(app("list-a", 1, "info").replace("topology: lifecycle", "topology: listing"));
        // paused: its deletion waits, so it stays visible as "being deleted"
        api.yaml(app("list-b", 1, "info").replace("topology: lifecycle", "topology: listing") + "  paused: true\n");
        JsonNode listed = api.get("/api/v1/resources?kind=herokuapp&label=topology=listing").json().get("items");
        assertThat(listed.findValuesAsString("name")).containsExactly("list-a", "list-b");
        assertThat(listed.get(0).at("/status/ready").asString()).isIn("Unknown", "True", "False");
        assertThat(listed.get(0).at("/status/reason").asString()).isNotBlank();
        assertThat(api.get("/api/v1/resources?kind=ApiKey&label=topology=listing").json().get("items")).isEmpty();

        Response deleted = api.delete("/api/v1/resources/HerokuApp/list-b");
        assertThat(deleted.status()).isEqualTo(202);
        JsonNode after = api.get("/api/v1/resources/HerokuApp/list-b").json();
        assertThat(after.at("/metadata/deletionTimestamp").isMissingNode()).isFalse();
        assertThat(api.yaml(app("list-b", 2, "info") + "  paused: true\n").status()).isEqualTo(409);
        assertThat(api.get("/api/v1/resources/HerokuApp/list-b/events").json().at("/items/0/reason").asString())
                .isEqualTo("DeletionRequested");
    }

    @Test
    void servesTheSchemaThatValidationUses() {
        Response schema = api.get("/api/v1/schemas/HerokuApp");
        assertThat(schema.status()).isEqualTo(200);
        JsonNode quantity = schema.json().at("/properties/spec/properties/formation/additionalProperties/properties/quantity");
        assertThat(quantity.get("minimum").asInt()).isEqualTo(0);
        assertThat(schema.json().at("/properties/spec/properties/driftPolicy/properties/mode/enum").toString())
                .contains("revert", "adopt", "report");
        assertThat(api.get("/api/v1/schemas/NoSuchKind").status()).isEqualTo(404);
        for (String kind : List.of("ApiKey", "KongService", "KongConsumer", "KongGateway")) {
            assertThat(api.get("/api/v1/schemas/" + kind).json().at("/properties/kind/const").asString()).isEqualTo(kind);
        }
    }

    @Test
    void appliesEveryExampleManifestAsItIs() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("manifests"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(5);
        for (Path file : files) {
            Response r = api.yaml(Files.readString(file));
            assertThat(r.status()).as(file + ": " + r.body()).isEqualTo(200);
        }
        JsonNode all = api.get("/api/v1/resources").json().get("items");
        assertThat(all.findValuesAsString("kind"))
                .contains("HerokuApp", "ApiKey", "KongService", "KongConsumer", "KongGateway");
    }
}
