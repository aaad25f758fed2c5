package dev.tether.kong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.TetherApi.Response;
import dev.tether.TetherTestSupport;
import dev.tether.sandbox.heroku.AppSnapshot;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Nothing lost (DESIGN §3 "Safety"), end to end over real HTTP: an app whose add-ons hold data is
 * not destroyed by a delete until allowed, a dry-run delete says what would go and changes
 * nothing, a pass that would delete more Kong entities than the cap deletes none of them, and a
 * deleted resource's timeline stays readable.
 */
class DeletionSafetyIT extends GatewayTestBase {

    private void app(String name, String spec) {
        Response r = api.yaml("apiVersion: tether.dev/v1\nkind: HerokuApp\nmetadata:\n  name: " + name + "\nspec:\n" + spec.indent(2));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private String awaitReady(String kind, String name) {
        awaitCondition(kind, name, "Ready", "True");
        return resource(kind, name).at("/status/external/id").asString();
    }

    private AppSnapshot herokuApp(String id) {
        return heroku.app(id).orElseThrow(() -> new AssertionError("no app " + id + " in the emulator"));
    }

    private List<JsonNode> allEvents(String query) {
        Response r = api.get("/api/v1/events?" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().get("items").forEach(out::add);
        return out;
    }

    private static List<String> reasons(List<JsonNode> events) {
        return events.stream().map(e -> e.get("reason").asString()).toList();
    }

    @Test
    void theDeleteOfAnAppWithAPostgresAddonIsHeldAndSaidUntilAllowed() {
        app("keep-db", """
                deletionPolicy: Delete
                addons:
                  - plan: heroku-postgresql:standard-2
                    as: DATABASE
                """);
        String id = awaitReady("HerokuApp", "keep-db");

        assertThat(api.delete("/api/v1/resources/HerokuApp/keep-db").status()).isEqualTo(202);

        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode ready = resource("HerokuApp", "keep-db").at("/status/conditions/0");
            assertThat(ready.get("reason").asString()).isEqualTo("DestructiveActionHeld");
            assertThat(ready.get("status").asString()).isEqualTo("False");
            assertThat(ready.get("message").asString()).contains("heroku-postgresql:standard-2", "allowDestroyData");
        });
        assertThat(events("HerokuApp", "keep-db")).anySatisfy(e -> {
            assertThat(e.get("reason").asString()).isEqualTo("DestructiveActionHeld");
            assertThat(e.get("type").asString()).isEqualTo("Warning");
        });
        assertThat(herokuApp(id).addons()).extracting(AppSnapshot.Addon::plan).containsExactly("heroku-postgresql:standard-2");

        // the person deleting gives the allowance: the app and its database go
        assertThat(api.delete("/api/v1/resources/HerokuApp/keep-db?allowDestroyData=true").status()).isEqualTo(202);
        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(heroku.app(id)).isEmpty();
            assertThat(api.get("/api/v1/resources/HerokuApp/keep-db").status()).isEqualTo(404);
        });

        // the timeline outlives the resource, with who asked and what was destroyed
        List<JsonNode> timeline = allEvents("kind=HerokuApp&name=keep-db&limit=500");
        assertThat(reasons(timeline)).contains("Created", "DeletionRequested", "DestructiveActionHeld", "AppDestroyed", "Deleted");
        assertThat(timeline).allSatisfy(e -> assertThat(e.get("name").asString()).isEqualTo("keep-db"));
        assertThat(timeline.stream().filter(e -> e.get("reason").asString().equals("DeletionRequested")).findFirst().orElseThrow()
                .get("actor").asString()).isEqualTo("api");
        assertThat(timeline.stream().filter(e -> e.get("reason").asString().equals("AppDestroyed")).findFirst().orElseThrow()
                .get("message").asString()).contains("heroku-postgresql:standard-2");
        assertThat(reasons(allEvents("reason=DestructiveActionHeld&kind=HerokuApp"))).isNotEmpty().containsOnly("DestructiveActionHeld");
        assertThat(allEvents("kind=HerokuApp&name=keep-db&since=2099-01-01T00:00:00Z")).isEmpty();
        assertThat(reasons(allEvents("kind=HerokuApp&name=keep-db&since=1h"))).contains("Deleted");
        assertThat(reasons(api.get("/api/v1/resources/HerokuApp/keep-db/events").json().get("items").valueStream().toList()))
                .contains("AppDestroyed", "Deleted");

        // and the status page keeps it reachable
        HttpResponse<String> page = send("GET", "http://127.0.0.1:" + port + "/resources/HerokuApp/keep-db",
                Map.of("Accept", "text/html", "Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("ops:" + TetherTestSupport.API_TOKEN).getBytes(StandardCharsets.UTF_8))), null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("deleted", "AppDestroyed", "DestructiveActionHeld");
    }

    @Test
    void withAllowDestroyDataInTheSpecTheDeleteGoesWithTheDatabase() {
        app("drop-db", """
                deletionPolicy: Delete
                allowDestroyData: true
                addons:
                  - plan: heroku-redis:mini
                    as: REDIS
                """);
        String id = awaitReady("HerokuApp", "drop-db");
        assertThat(herokuApp(id).addons()).hasSize(1);

        api.delete("/api/v1/resources/HerokuApp/drop-db");

        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(heroku.app(id)).isEmpty();
            assertThat(reasons(allEvents("kind=HerokuApp&name=drop-db"))).contains("AppDestroyed", "Deleted");
        });
        assertThat(reasons(allEvents("kind=HerokuApp&name=drop-db"))).doesNotContain("DestructiveActionHeld");
    }

    @Test
    void aDryRunDeleteListsWhatItWouldDestroyAndChangesNothing() {
        app("dry-app", """
                deletionPolicy: Delete
                addons:
                  - plan: heroku-postgresql:essential-0
                    as: DATABASE
                  - plan: papertrail:choklad
                """);
        String id = awaitReady("HerokuApp", "dry-app");
        apply("""
                apiVersion: tether.dev/v1
                kind: KongService
                metadata: {name: dry-svc}
                spec:
                  deletionPolicy: Delete
                  upstream: {url: "http://127.0.0.1:9/"}
                  routes:
                    - {name: dry-a, paths: [/dry-a]}
                    - {name: dry-b, paths: [/dry-b]}
                """);
        awaitReady("KongService", "dry-svc");
        long eventsBefore = allEvents("kind=HerokuApp&name=dry-app&limit=500").size();
        long generation = resource("HerokuApp", "dry-app").at("/metadata/generation").asLong();

        Response dry = api.delete("/api/v1/resources/HerokuApp/dry-app?dryRun=true");

        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        JsonNode answer = dry.json();
        assertThat(answer.get("dryRun").asBoolean()).isTrue();
        assertThat(answer.get("deletionPolicy").asString()).isEqualTo("Delete");
        List<String> lines = answer.get("items").valueStream().map(s -> s.get("action").asString() + ": " + s.get("description").asString())
                .toList();
        assertThat(lines).anyMatch(l -> l.startsWith("destroy: destroy app dry-app (" + id + ")"))
                .anyMatch(l -> l.startsWith("destroy: destroy add-on") && l.contains("heroku-postgresql:essential-0") && l.contains("holds data"))
                .anyMatch(l -> l.startsWith("destroy: destroy add-on") && l.contains("papertrail:choklad") && !l.contains("holds data"))
                .anyMatch(l -> l.startsWith("held: ") && l.contains("allowDestroyData"));
        assertThat(answer.get("held").asBoolean()).isTrue();

        Response kongDry = api.delete("/api/v1/resources/KongService/dry-svc?dryRun=true");
        assertThat(kongDry.json().get("items").valueStream().map(s -> s.get("description").asString()).toList())
                .contains("delete route dry-a from gateway default", "delete route dry-b from gateway default",
                        "delete service dry-svc from gateway default");

        // nothing changed: not deleting, same generation, no new event, the app, add-ons and routes still there
        JsonNode after = resource("HerokuApp", "dry-app");
        assertThat(after.at("/metadata/deletionTimestamp").isMissingNode()).isTrue();
        assertThat(after.at("/metadata/generation").asLong()).isEqualTo(generation);
        assertThat(allEvents("kind=HerokuApp&name=dry-app&limit=500")).hasSize((int) eventsBefore);
        assertThat(herokuApp(id).addons()).hasSize(2);
        assertThat(kong.find("routes", "dry-a")).isPresent();
        assertThat(resource("KongService", "dry-svc").at("/metadata/deletionTimestamp").isMissingNode()).isTrue();

        api.delete("/api/v1/resources/HerokuApp/dry-app?allowDestroyData=true");
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(heroku.app(id)).isEmpty());
    }

    @Test
    void aPassThatWouldDeleteMoreRoutesThanTheCapDeletesNoneUntilAllowed() {
        String routes = IntStream.rangeClosed(1, 12).mapToObj(i -> "    - {name: mass-" + i + ", paths: [/mass-" + i + "]}")
                .collect(Collectors.joining("\n"));
        String service = """
                apiVersion: tether.dev/v1
                kind: KongService
                metadata: {name: mass}
                spec:
                  upstream: {url: "http://127.0.0.1:9/"}
                %s
                  routes:
                %s
                """;
        apply(service.formatted("", routes));
        awaitReady("KongService", "mass");
        assertThat(IntStream.rangeClosed(1, 12).filter(i -> kong.find("routes", "mass-" + i).isPresent()).count()).isEqualTo(12);

        // the spec loses all but one route: 11 deletions, above the default cap of 10
        apply(service.formatted("", "    - {name: mass-1, paths: [/mass-1, /mass-one]}"));

        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode ready = resource("KongService", "mass").at("/status/conditions/0");
            assertThat(ready.get("reason").asString()).isEqualTo("DestructiveActionHeld");
            assertThat(ready.get("message").asString()).contains("11 deletions", "tether.max-deletes-per-pass (10)", "allowMassDelete");
            // the rest of the pass still applied
            assertThat(kong.find("routes", "mass-1").orElseThrow().get("paths").toString()).contains("/mass-one");
        });
        assertThat(IntStream.rangeClosed(2, 12).filter(i -> kong.find("routes", "mass-" + i).isPresent()).count()).isEqualTo(11);
        assertThat(events("KongService", "mass")).anySatisfy(e -> {
            assertThat(e.get("reason").asString()).isEqualTo("DestructiveActionHeld");
            assertThat(e.get("type").asString()).isEqualTo("Warning");
            assertThat(e.get("message").asString()).contains("delete route mass-");
        });

        apply(service.formatted("  allowMassDelete: true", "    - {name: mass-1, paths: [/mass-1, /mass-one]}"));

        await().atMost(CONVERGE).untilAsserted(() ->
                assertThat(IntStream.rangeClosed(2, 12).filter(i -> kong.find("routes", "mass-" + i).isPresent()).count()).isZero());
        awaitReady("KongService", "mass");
    }
}
