package dev.tether.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxBannerTest {

    @Test
    void theTokenIsPrintedOnceInAFrameWithThePagesUrlAndItsFile() {
        String banner = RuntimeConfiguration.banner("http://localhost:8080/", "tok-123", Path.of(".tether-data/api-token"));
        List<String> lines = banner.strip().lines().toList();
        assertThat(lines.getFirst()).matches("\\+-+\\+");
        assertThat(lines.getLast()).isEqualTo(lines.getFirst());
        assertThat(lines).allMatch(l -> l.length() == lines.getFirst().length(), "every line as wide as the frame");
        assertThat(lines.subList(1, lines.size() - 1)).allMatch(l -> l.startsWith("| ") && l.endsWith(" |"));
        assertThat(banner).contains("http://localhost:8080/").contains(".tether-data/api-token");
        assertThat(banner.split("tok-123", -1)).hasSize(2);
    }
}
