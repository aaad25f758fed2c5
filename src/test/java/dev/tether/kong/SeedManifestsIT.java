package dev.tether.kong;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every topology in {@code manifests/} converges in sandbox mode: each resource Ready=True, and
 * every KongService with an apiKeyRef Secured=True (the backend refuses a direct request, the
 * gateway's is accepted).
 */
class SeedManifestsIT extends GatewayTestBase {

    @Test
    void everySeedManifestConvergesReadyAndSecured() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("manifests"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(6);
        for (Path file : files) {
            String yaml = Files.readString(file);
            // kong-gateway.yaml names the sandbox's default Admin API port (8001); this test's
            // emulator listens on an ephemeral port instead
            yaml = yaml.replace("http://127.0.0.1:8001", kong.adminUrl());
            apply(yaml);
        }
        for (Path file : files) {
            for (String doc : Files.readString(file).split("(?m)^---$")) {
                String kind = field(doc, "kind");
                String name = field(doc, "name");
                if (kind == null || name == null) {
                    continue;
                }
                awaitCondition(kind, name, "Ready", "True");
                if (doc.contains("apiKeyRef:")) {
                    awaitCondition(kind, name, "Secured", "True");
                }
            }
        }
        // the common-runtime topology as a user sees it: through 8000 works, the backend refuses
        HttpResponse<String> orders = proxy("/orders", Map.of());
        assertThat(orders.statusCode()).as(orders.body()).isEqualTo(200);
        assertThat(send("GET", webUrl("orders-api"), Map.of(), null).statusCode()).isEqualTo(401);
        // weather: key-auth in front, so a request without a consumer key is refused by the gateway
        assertThat(proxy("/weather", Map.of()).statusCode()).isEqualTo(401);
        // the mesh: each sidecar shares the controller's Postgres and follows its web URL
        var controller = heroku.app("kong-mesh-controller").orElseThrow();
        for (String sidecar : List.of("catalog-sidecar", "inventory-sidecar")) {
            assertThat(heroku.app(sidecar).orElseThrow().config())
                    .containsEntry("KONG_PG_URL", controller.config().get("DATABASE_URL"))
                    .containsEntry("KONG_ORIGINS", controller.webUrl());
        }
        assertThat(heroku.app("inventory-sidecar").orElseThrow().currentRelease().slugId()).as("promoted from catalog-sidecar")
                .isEqualTo(heroku.app("catalog-sidecar").orElseThrow().currentRelease().slugId()).isNotNull();
        JsonNode ledger = resource("HerokuApp", "ledger-internal").at("/status/external");
        assertThat(heroku.app(ledger.path("id").asString()).orElseThrow().space()).isEqualTo("acme-prod");
    }

    private static String field(String doc, String key) {
        for (String line : doc.split("\n")) {
            String t = line.strip();
            if ((key.equals("kind") && line.startsWith("kind:")) || (key.equals("name") && line.startsWith("  name:"))) {
                return t.substring(t.indexOf(':') + 1).strip();
            }
        }
        return null;
    }
}
