package dev.tether.sandbox.kong;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.TetherTestSupport;
import dev.tether.sandbox.StateFile;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Kong emulator started on a state file keeps every entity across a restart with the same
 * ids and generated keys; a deletion is kept too; the file is its owner's only.
 */
class KongStatePersistenceTest {

    private static final Duration IDLE = Duration.ofSeconds(5);
    private static final List<String> LISTS = List.of("/services", "/routes", "/plugins", "/consumers", "/key-auths", "/acls");

    private static Map<String, String> lists(KongEmulator kong) {
        KongHttp admin = KongHttp.admin(kong);
        Map<String, String> bodies = new LinkedHashMap<>();
        LISTS.forEach(path -> bodies.put(path, admin.get(path).body()));
        return bodies;
    }

    private static void created(KongHttp.Res res) {
        assertThat(res.status()).as(res.body()).isEqualTo(201);
    }

    @Test
    void aRestartOnTheSameStateFileKeepsEveryEntityWithItsIdAndKey() throws Exception {
        StateFile file = StateFile.in(TetherTestSupport.freshDataDir(), "kong");
        Map<String, String> before;
        try (KongEmulator kong = KongEmulator.start(0, 0, null, IDLE, file)) {
            KongHttp admin = KongHttp.admin(kong);
            created(admin.post("/services", "{\"name\":\"orders\",\"url\":\"http://127.0.0.1:9/\",\"tags\":[\"managed\"]}"));
            created(admin.post("/services", "{\"name\":\"gone\",\"url\":\"http://127.0.0.1:9/\"}"));
            created(admin.post("/services/orders/routes", "{\"name\":\"orders\",\"paths\":[\"/orders\"]}"));
            created(admin.post("/services/orders/plugins", "{\"name\":\"key-auth\"}"));
            created(admin.post("/consumers", "{\"username\":\"mobile\"}"));
            created(admin.post("/consumers/mobile/key-auth", "{}"));
            created(admin.post("/consumers/mobile/acls", "{\"group\":\"readers\"}"));
            assertThat(admin.delete("/services/gone").status()).isEqualTo(204);
            before = lists(kong);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
        assertThat(before.get("/key-auths")).contains("\"key\":");

        try (KongEmulator kong = KongEmulator.start(0, 0, null, IDLE, file)) {
            assertThat(lists(kong)).isEqualTo(before);
            assertThat(kong.find("services", "gone")).isEmpty();
            assertThat(KongHttp.admin(kong).post("/services/orders/routes", "{\"name\":\"orders\",\"paths\":[\"/again\"]}").status())
                    .as("unique names still hold after a restart").isEqualTo(409);
        }
    }

    @Test
    void aFreshStateFileStartsEmpty() {
        try (KongEmulator kong = KongEmulator.start(0, 0, null, IDLE, StateFile.in(TetherTestSupport.freshDataDir(), "kong"))) {
            assertThat(kong.counts().values()).allMatch(n -> n == 0);
        }
    }
}
