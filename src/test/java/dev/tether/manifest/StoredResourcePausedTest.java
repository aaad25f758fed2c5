package dev.tether.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The overview reads {@code paused} without binding the spec; it must agree with the typed spec. */
class StoredResourcePausedTest {

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"paused\": true}", "{\"paused\": false}", "{\"allowReplace\": true, \"paused\": true}"})
    void pausedAgreesWithTheTypedSpec(String json) {
        ObjectNode spec = (ObjectNode) JsonMapper.builder().build().readTree(json);
        for (Kind kind : new Kind[] {Kind.HEROKU_APP, Kind.API_KEY}) {
            StoredResource r = new StoredResource(1, kind, "x", Map.of(), spec, 1, 1, null, Instant.EPOCH, Instant.EPOCH);
            assertThat(r.paused()).as(kind + " " + json).isEqualTo(r.typedSpec().isPaused());
        }
        assertThat(new StoredResource(1, Kind.HEROKU_APP, "x", Map.of(), spec, 1, 1, null, Instant.EPOCH, Instant.EPOCH).paused())
                .isEqualTo(json.contains("true"));
    }
}
