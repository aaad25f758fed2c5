package dev.tether.heroku;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.TetherTestSupport;
import dev.tether.sandbox.heroku.HerokuEmulator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Sandbox mode starts the Heroku emulator and points Tether's Heroku client at it as Tether's user. */
@SpringBootTest
class HerokuSandboxIT {

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("tether.data-dir", () -> TetherTestSupport.freshDataDir().toString());
        r.add("tether.api-token", () -> TetherTestSupport.API_TOKEN);
    }

    @Autowired
    HerokuEmulator emulator;

    @Autowired
    HerokuClient client;

    @Autowired
    HerokuProperties props;

    @Test
    void bindsTheClientSettingsFromApplicationYml() {
        assertThat(props.baseUrl()).hasToString("https://api.heroku.com");
        assertThat(props.paceBelow()).isEqualTo(250);
        assertThat(props.pageSize()).isEqualTo(1000);
    }

    @Test
    void tethersClientTalksToTheSandboxEmulatorAsTether() {
        ObservedApp app = client.createApp(NewApp.named("sandbox-wired"));
        client.patchConfigVars(app.id(), java.util.Map.of("FOO", "bar"));

        assertThat(emulator.port()).isPositive();
        assertThat(emulator.app("sandbox-wired").orElseThrow().currentRelease().user()).isEqualTo(HerokuEmulator.TETHER_EMAIL);
        assertThat(client.rateLimitRemaining()).isLessThan(4500);
    }
}
