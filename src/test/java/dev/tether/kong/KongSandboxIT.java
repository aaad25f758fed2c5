package dev.tether.kong;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.TetherTestSupport;
import dev.tether.sandbox.kong.KongEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Sandbox mode starts the Kong emulator in Tether's process and points the default gateway at
 * it: a service and route written with Tether's client proxy through the emulator's proxy port.
 */
@SpringBootTest
class KongSandboxIT {

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("tether.data-dir", () -> TetherTestSupport.freshDataDir().toString());
        r.add("tether.api-token", () -> TetherTestSupport.API_TOKEN);
    }

    @Autowired
    KongGateways gateways;

    @Autowired
    KongEmulator emulator;

    @Autowired
    KongProperties properties;

    @Test
    void defaultGatewayIsTheRunningEmulator() throws Exception {
        KongAdminClient kong = gateways.defaultGateway();
        assertThat(kong.adminUrl()).isEqualTo(emulator.adminUrl() + "/");
        assertThat(kong.version()).isEqualTo("3.9.1");
        assertThat(properties.pollInterval()).hasSeconds(30);

        ObservedService s = kong.upsertService("status", new ServiceSpec("status", emulator.adminUrl() + "/status", List.of()));
        kong.upsertRoute("status", new RouteSpec("status", s.id(), List.of("/kong-status"), null, null, null, null, null, List.of()));
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(emulator.proxyUrl() + "/kong-status")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"database\":{\"reachable\":true}");
    }
}
