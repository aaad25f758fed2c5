package dev.tether.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.TetherApi;
import dev.tether.TetherApplication;
import dev.tether.TetherTestSupport;
import dev.tether.sandbox.heroku.AppSnapshot;
import dev.tether.sandbox.heroku.HerokuEmulator;
import dev.tether.sandbox.kong.KongEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The emulated world survives a restart of the sandbox on the same TETHER_DATA_DIR, as the
 * README promises: the apps and gateway entities are still there with the same ids, and Tether
 * finds everything as it left it, so it creates nothing again. A fresh directory starts empty.
 */
class SandboxWorldRestartIT {

    private static final List<String[]> RESOURCES = List.of(
            new String[] {"HerokuApp", "weather-backend"}, new String[] {"ApiKey", "weather-key"},
            new String[] {"KongService", "weather"}, new String[] {"KongConsumer", "weather-mobile"});

    /** Creates on either emulator: every POST the Platform API or the Admin API answered. */
    private static final List<String> HEROKU_CREATES = List.of("/apps", "/teams/apps", "/apps/{app}/builds",
            "/apps/{app}/releases", "/apps/{app}/slugs", "/apps/{app}/addons", "/apps/{app}/domains", "/apps/{app}/webhooks");

    private record Ports(int server, int heroku, int kongAdmin, int kongProxy) {
    }

    private static ConfigurableApplicationContext start(Path dataDir, Ports ports) {
        List<String> props = new ArrayList<>(List.of(
                "server.port=" + ports.server(), "tether.sandbox.heroku-port=" + ports.heroku(),
                "tether.sandbox.kong-admin-port=" + ports.kongAdmin(), "tether.sandbox.kong-proxy-port=" + ports.kongProxy(),
                "tether.data-dir=" + dataDir, "tether.api-token=" + TetherTestSupport.API_TOKEN, "tether.mode=sandbox",
                "tether.loop.resync-interval=1s", "tether.webhooks.safety-resync=1s",
                "tether.loop.backoff-base=100ms", "tether.loop.backoff-cap=2s"));
        return new SpringApplicationBuilder(TetherApplication.class)
                .run(props.stream().map(p -> "--" + p).toArray(String[]::new));
    }

    private static Ports ports(ConfigurableApplicationContext ctx) {
        KongEmulator kong = ctx.getBean(KongEmulator.class);
        return new Ports(Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port")),
                ctx.getBean(HerokuEmulator.class).port(), kong.adminPort(), kong.proxyPort());
    }

    private static TetherApi api(ConfigurableApplicationContext ctx) {
        return new TetherApi(ports(ctx).server(), TetherTestSupport.API_TOKEN);
    }

    private static JsonNode resource(TetherApi api, String kind, String name) {
        return api.get("/api/v1/resources/" + kind + "/" + name).json();
    }

    private static boolean ready(JsonNode resource) {
        for (JsonNode c : resource.at("/status/conditions")) {
            if (c.path("type").asString().equals("Ready")) {
                return c.path("status").asString().equals("True");
            }
        }
        return false;
    }

    private static boolean reconciledSince(JsonNode resource, Instant since) {
        String at = resource.at("/status/lastReconciledAt").asString("");
        return !at.isEmpty() && Instant.parse(at).isAfter(since);
    }

    /** Ids of every gateway entity, per table. */
    private static Map<String, List<String>> kongIds(KongEmulator kong) {
        Map<String, List<String>> ids = new TreeMap<>();
        for (String table : List.of("services", "routes", "plugins", "consumers", "keyauth_credentials")) {
            ids.put(table, kong.list(table).stream().map(r -> r.get("id").asString()).sorted().toList());
        }
        return ids;
    }

    private static long herokuCreates(HerokuEmulator heroku) {
        return HEROKU_CREATES.stream().mapToLong(t -> heroku.callCount("POST", t)).sum();
    }

    private static long kongCreates(KongEmulator kong) {
        return kong.calls().entrySet().stream().filter(e -> e.getKey().startsWith("POST ") || e.getKey().startsWith("PUT "))
                .mapToLong(Map.Entry::getValue).sum();
    }

    @Test
    void aRestartOnTheSameDataDirectoryKeepsTheEmulatedWorldAndTetherCreatesNothingAgain() throws Exception {
        Path dataDir = TetherTestSupport.freshDataDir();
        Ports ports;
        AppSnapshot before;
        Map<String, List<String>> kongBefore;
        String credentialKey;
        try (ConfigurableApplicationContext first = start(dataDir, new Ports(0, 0, 0, 0))) {
            TetherApi api = api(first);
            assertThat(api.yaml(Files.readString(Path.of("manifests/weather-api.yaml"))).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    RESOURCES.stream().allMatch(r -> ready(resource(api, r[0], r[1]))));
            ports = ports(first);
            before = first.getBean(HerokuEmulator.class).app("weather-backend").orElseThrow();
            KongEmulator kong = first.getBean(KongEmulator.class);
            kongBefore = kongIds(kong);
            credentialKey = kong.list("keyauth_credentials").getFirst().get("key").asString();
        }
        assertThat(kongBefore.get("services")).hasSize(1);
        assertThat(kongBefore.get("consumers")).hasSize(1);
        for (String file : List.of("heroku.json", "kong.json")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("sandbox").resolve(file))))
                    .as(file).isEqualTo("rw-------");
        }

        Instant restartedAt = Instant.now();
        try (ConfigurableApplicationContext second = start(dataDir, ports)) {
            HerokuEmulator heroku = second.getBean(HerokuEmulator.class);
            KongEmulator kong = second.getBean(KongEmulator.class);
            AppSnapshot after = heroku.app("weather-backend").orElseThrow();
            assertThat(after.id()).isEqualTo(before.id());
            assertThat(after.config()).isEqualTo(before.config());
            assertThat(after.releases()).isEqualTo(before.releases());
            assertThat(after.formation()).isEqualTo(before.formation());
            assertThat(after.webUrl()).isEqualTo(before.webUrl());
            assertThat(after.webhooks()).isEqualTo(before.webhooks());
            assertThat(kongIds(kong)).isEqualTo(kongBefore);
            assertThat(kong.list("keyauth_credentials").getFirst().get("key").asString()).isEqualTo(credentialKey);

            TetherApi api = api(second);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    RESOURCES.stream().allMatch(r -> reconciledSince(resource(api, r[0], r[1]), restartedAt)));
            assertThat(RESOURCES).allSatisfy(r -> assertThat(ready(resource(api, r[0], r[1]))).as(r[0] + "/" + r[1]).isTrue());
            assertThat(herokuCreates(heroku)).as("Heroku creates after the restart").isZero();
            assertThat(kongCreates(kong)).as("Kong creates after the restart: " + kong.calls()).isZero();
            assertThat(heroku.app("weather-backend").orElseThrow().releases()).isEqualTo(before.releases());
            assertThat(kongIds(kong)).isEqualTo(kongBefore);
        }
    }

    @Test
    void aFreshDataDirectoryStartsWithAnEmptyEmulatedWorld() {
        try (ConfigurableApplicationContext ctx = start(TetherTestSupport.freshDataDir(), new Ports(0, 0, 0, 0))) {
            assertThat(ctx.getBean(HerokuEmulator.class).apps()).isEmpty();
            assertThat(ctx.getBean(KongEmulator.class).counts().values()).allMatch(n -> n == 0);
        }
    }
}
