package dev.tether.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tether.ApiTestBase;
import dev.tether.TetherApi.Response;
import dev.tether.TetherTestSupport;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The edges of the API a caller runs into: auth scheme case, Spring's error path, where it listens. */
class ApiEdgesIT extends ApiTestBase {

    @Test
    void acceptsTheBearerSchemeInAnyCase() {
        for (String scheme : new String[] {"bearer", "BEARER", "Bearer"}) {
            Response r = api.withToken(null).withHeaders("GET", "/api/v1/resources",
                    Map.of("Authorization", scheme + " " + TetherTestSupport.API_TOKEN), null, null, null);
            assertThat(r.status()).as(scheme + ": " + r.body()).isEqualTo(200);
        }
        Response wrong = api.withToken(null).withHeaders("GET", "/api/v1/resources",
                Map.of("Authorization", "bearer not-the-token"), null, null, null);
        assertThat(wrong.status()).isEqualTo(401);
    }

    @Test
    void errorPathAskedForDirectlyIsNotAServerError() {
        for (var client : new dev.tether.TetherApi[] {api, api.withToken(null)}) {
            Response r = client.get("/error");
            assertThat(r.status()).as(r.body()).isEqualTo(404);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        }
        // and real errors still render as problems
        assertThat(api.get("/api/v1/resources/HerokuApp/no-such-app").status()).isEqualTo(404);
    }

    @Test
    void sandboxListensOnLoopbackOnly() throws Exception {
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (java.net.SocketException e) {
                        return false;
                    }
                })
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .findFirst();
        assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to try");
        try (Socket loopback = new Socket()) {
            loopback.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        }
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(external.get(), port), 5_000);
            }
        }).as("connecting to " + external.get() + ":" + port).isInstanceOf(java.net.ConnectException.class);
    }
}
