package dev.tether;

import dev.tether.sandbox.heroku.HerokuEmulator;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole app in sandbox mode (emulators in-process on ephemeral ports, embedded
 * PostgreSQL) with a fast resync, shared by the control-loop tests. Drift is made through the
 * emulator's real API as the dashboard user.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class SandboxTestBase {

    @DynamicPropertySource
    static void sandboxProperties(DynamicPropertyRegistry r) {
        // called once per application context: a subclass with properties of its own gets a
        // context, and so an embedded PostgreSQL, of its own beside the shared one
        TetherTestSupport.sandboxContext(r, TetherTestSupport.freshDataDir(), "2s");
        // Kong is polled and the gateway lock probed every second, so drift tests finish in seconds
        r.add("tether.kong.poll-interval", () -> "1s");
        r.add("tether.probe.interval", () -> "1s");
    }

    /** How long a convergence may take in these tests: generous, on a busy 2-core machine. */
    protected static final Duration CONVERGE = Duration.ofSeconds(60);

    @LocalServerPort
    protected int port;

    @Autowired
    protected HerokuEmulator heroku;

    protected TetherApi api;
    protected Dashboard dashboard;

    @BeforeEach
    void connect() {
        api = new TetherApi(port, TetherTestSupport.API_TOKEN);
        dashboard = new Dashboard(heroku.baseUrl());
        // One shared sandbox serves many tests that poll every couple of seconds: start each
        // test with the account's full hourly budget, as a fresh Heroku account would have.
        dashboard.call("DELETE", "/__sandbox/rate-limit", null);
    }
}
