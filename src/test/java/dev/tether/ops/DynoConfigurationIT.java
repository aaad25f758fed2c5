package dev.tether.ops;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.TetherApplication;
import dev.tether.TetherTestSupport;
import dev.tether.runtime.MissingSettingException;
import org.junit.jupiter.api.Test;

/** Configuration mistakes a Heroku user makes, refused at start with the variable named. */
class DynoConfigurationIT {

    @Test
    void aDynoWithoutDatabaseUrlRefusesToKeepItsDataOnTheEphemeralDisk() {
        assertThatThrownBy(() -> TetherApplication.start(TetherApplication.Role.WORKER, new String[] {
                "--DYNO=worker.1", "--tether.mode=live", "--tether.heroku-api-key=hk", "--tether.api-token=t",
                "--tether.data-dir=" + TetherTestSupport.freshDataDir()}).close())
                .hasRootCauseInstanceOf(MissingSettingException.class)
                .rootCause().hasMessageStartingWith("DATABASE_URL is required on a Heroku dyno");
    }

    @Test
    void anUnknownLogFormatIsRefusedByName() {
        assertThatThrownBy(() -> TetherApplication.start(TetherApplication.Role.WORKER, new String[] {
                "--TETHER_LOG_FORMAT=xml", "--tether.mode=sandbox",
                "--tether.data-dir=" + TetherTestSupport.freshDataDir()}).close())
                .isInstanceOf(MissingSettingException.class)
                .hasMessageContaining("TETHER_LOG_FORMAT").hasMessageContaining("xml");
    }
}
