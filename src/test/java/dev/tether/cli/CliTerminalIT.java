package dev.tether.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.SandboxTestBase;
import dev.tether.TetherTestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/tether} as a person runs it: the packaged jar in its own JVM (no Spring), on a
 * pseudo-terminal made by util-linux {@code script}, so the live progress line and colours show.
 */
class CliTerminalIT extends SandboxTestBase {

    @TempDir
    Path dir;

    @Test
    void applyWaitRedrawsOneProgressLineAndColoursOnATerminal() throws Exception {
        Path manifest = dir.resolve("tty.yaml");
        Files.writeString(manifest, """
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata:
                  name: cli-tty
                spec:
                  configVars:
                    SHOWN: "on a terminal"
                """);
        Path log = dir.resolve("tty.log");
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec",
                "bin/tether apply -f " + manifest + " --wait --timeout 90s", "/dev/null")
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("TETHER_URL", "http://127.0.0.1:" + port);
        pb.environment().put("TETHER_API_TOKEN", TetherTestSupport.API_TOKEN);
        pb.environment().remove("NO_COLOR");
        pb.environment().put("TERM", "xterm");
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("herokuapp/cli-tty created")
                .contains("\r\u001b[K") // the progress line is redrawn in place
                .containsPattern("[|/\\-\\\\] \\[\\d+s\\] [01]/1 Ready, 0 failed")
                .contains("\u001b[32mAll 1 resources Ready"); // green, only because this is a terminal
        assertThat(heroku.app("cli-tty")).isPresent();
    }

    @Test
    void theWrapperRunsTheCliWithoutStartingTheServerAndExitsNonZeroOnError() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bin/tether", "--server", "http://127.0.0.1:" + port, "--token", "bad", "get")
                .redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(out.strip()).startsWith("error: ").contains("TETHER_API_TOKEN")
                .doesNotContain("Spring").doesNotContain("\u001b["); // not a terminal: no colour
    }
}
