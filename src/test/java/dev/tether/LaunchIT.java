package dev.tether;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar's first argument, as a user types it: {@code java -jar tether.jar diff} runs the CLI
 * (never a server), and an unknown role or command exits non-zero with a usage message and
 * starts nothing. Each case runs the main class in a child JVM, as {@code java -jar} would.
 */
class LaunchIT {

    @TempDir
    Path dir;

    record Run(int code, String output) {
    }

    /** Runs the main class with {@code args} in a fresh JVM whose data dir and port are this test's own. */
    Run launch(int port, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), TetherApplication.class.getName()));
        command.addAll(List.of(args));
        Path log = dir.resolve("child.log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("PORT", String.valueOf(port));
        pb.environment().put("TETHER_DATA_DIR", dir.resolve("data").toString());
        // a Tether that is not there: the CLI can only say it cannot reach it; a server would bind the port instead
        pb.environment().put("TETHER_URL", "http://127.0.0.1:" + port);
        pb.environment().put("TETHER_API_TOKEN", "not-a-token");
        Process child = pb.start();
        if (!child.waitFor(2, TimeUnit.MINUTES)) {
            child.destroyForcibly().waitFor();
            throw new AssertionError("java " + String.join(" ", args) + " did not exit (a server was started?):\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Run(child.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aCliCommandWithoutCliRunsTheCliAndStartsNoServer() throws Exception {
        int port = freePort();
        Path manifest = dir.resolve("app.yaml");
        Files.writeString(manifest, "apiVersion: tether.dev/v1\nkind: HerokuApp\nmetadata: {name: launch-a}\nspec: {}\n");
        Run diff = launch(port, "diff", "-f", manifest.toString());
        assertThat(diff.code()).as(diff.output()).isEqualTo(1);
        assertThat(diff.output()).contains("error: cannot reach Tether at http://127.0.0.1:" + port)
                .doesNotContain("Started TetherApplication").doesNotContain("Tomcat");
        assertThat(Files.exists(dir.resolve("data"))).as("no database was started").isFalse();

        // the global options work after the command too
        Run elsewhere = launch(port, "get", "--server", "http://127.0.0.1:" + freePort(), "--token", "t");
        assertThat(elsewhere.code()).as(elsewhere.output()).isEqualTo(1);
        assertThat(elsewhere.output()).contains("error: cannot reach Tether at http://127.0.0.1:").doesNotContain("127.0.0.1:" + port + " (");

        Run get = launch(port, "get", "--help");
        assertThat(get.code()).as(get.output()).isZero();
        assertThat(get.output()).contains("Usage: tether get");
    }

    @Test
    void anUnknownRoleOrCommandExitsNonZeroWithUsageAndStartsNothing() throws Exception {
        int port = freePort();
        for (String unknown : List.of("serve", "-x", "dif")) {
            Run r = launch(port, unknown);
            assertThat(r.code()).as(unknown + ":\n" + r.output()).isEqualTo(1);
            assertThat(r.output()).contains("tether: unknown role or command '" + unknown + "'")
                    .contains("Usage: java -jar tether.jar").contains("worker").contains("diff, get")
                    .doesNotContain("Started TetherApplication");
            assertThat(Files.exists(dir.resolve("data"))).as("no database was started for " + unknown).isFalse();
        }

        Run help = launch(port, "help");
        assertThat(help.code()).isZero();
        assertThat(help.output()).contains("Usage: java -jar tether.jar").contains("migrate");
    }
}
