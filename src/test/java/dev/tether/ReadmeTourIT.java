package dev.tether;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.sandbox.heroku.HerokuCli;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's five-minute tour, as a newcomer runs it: the blocks marked {@code <!-- tour -->}
 * are taken from README.md as they are and run with bash, one after the other, from a directory
 * that looks like a clone ({@code manifests/}, {@code bin/}), against Tether started as the
 * README starts it (sandbox mode, generated token, {@code .tether-data/} in that directory) in a
 * child JVM. Only the ports are this test's own. What each step claims (created, Ready, the CLI's
 * change reverted, the events in the order printed, the dry run, the 422 with its message, faults
 * cleared) is asserted on what the commands print.
 */
class ReadmeTourIT {

    private static final Pattern BLOCK = Pattern.compile("<!-- tour -->\\s*\\n```sh\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern PORT = Pattern.compile("\\b(localhost|127\\.0\\.0\\.1):(8080|8100|8001|8000)\\b");
    private static final Duration STEP = Duration.ofSeconds(90);

    @TempDir
    Path clone;

    Process tether;
    Map<String, Integer> ports;
    final List<String> exports = new ArrayList<>();

    record Run(int code, String output) {
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (tether != null) {
            tether.destroy(); // SIGTERM: the embedded PostgreSQL is stopped by the shutdown hooks
            if (!tether.waitFor(60, TimeUnit.SECONDS)) {
                tether.destroyForcibly().waitFor();
            }
        }
    }

    static List<String> tourBlocks() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        List<String> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(readme);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void theToursCommandsDoWhatTheReadmeSays() throws Exception {
        List<String> blocks = tourBlocks();
        assertThat(blocks).as("the README's tour blocks").hasSize(8);
        Path repo = Path.of("").toAbsolutePath();
        Files.createSymbolicLink(clone.resolve("manifests"), repo.resolve("manifests"));
        Files.createSymbolicLink(clone.resolve("bin"), repo.resolve("bin"));
        ports = Map.of("8080", freePort(), "8100", freePort(), "8001", freePort(), "8000", freePort());
        Path log = start();
        // the token is printed once, framed, with the pages' URL
        String started = Files.readString(log, StandardCharsets.UTF_8);
        String token = Files.readString(clone.resolve(".tether-data/api-token")).strip();
        assertThat(started).contains("| Status pages: http://localhost:" + ports.get("8080") + "/")
                .contains("| API token:    " + token);
        assertThat(started.split(Pattern.quote(token), -1)).as("the token is printed once").hasSize(2);
        // the README's CLI copy, installed once for the whole suite (under the suite's lock)
        HerokuCli.install("http://127.0.0.1:" + ports.get("8100"), "dashboard-token");

        // 1. apply
        Run apply = run(blocks.get(0));
        assertThat(apply.output()).contains("{\"kind\":\"HerokuApp\",\"name\":\"orders-api\",\"generation\":1")
                .contains("\"action\":\"created\"");
        // 2. Ready a few seconds later
        until(blocks.get(1), out -> out.contains("{\"type\":\"Ready\",\"status\":\"True\""));
        // 3. a change by hand with the real Heroku CLI
        Run cli = run(blocks.get(2));
        assertThat(cli.output()).contains("orders-api").contains("Setting LOG_LEVEL and restarting orders-api")
                .doesNotContain("Error");
        // ... put back
        until(blocks.get(3), out -> Pattern.compile("(?m)^LOG_LEVEL:\\s+info$").matcher(out).find());
        // 4. the events, newest first, as printed under the command
        List<String> printed = Pattern.compile("(?m)^#\\s+([A-Z][A-Za-z]+)\\s+\"").matcher(blocks.get(4)).results()
                .map(r -> r.group(1)).toList();
        assertThat(printed).as("the reasons the README prints").isNotEmpty();
        String events = until(blocks.get(4), out -> printed.stream().allMatch(out::contains));
        List<String> answered = Pattern.compile("\"reason\":\"([A-Za-z]+)\"").matcher(events).results()
                .map(r -> r.group(1)).filter(printed::contains).toList();
        assertThat(answered).as(events).startsWith(printed.toArray(String[]::new));
        // and each by whom the README says
        Matcher actors = Pattern.compile("(?m)^#\\s+([A-Z][A-Za-z]+)\\s+\".*\"\\s+actor\\s+(\\S+)$").matcher(blocks.get(4));
        int checked = 0;
        while (actors.find()) {
            String reason = actors.group(1);
            String event = java.util.Arrays.stream(events.split("\\},\\{")).filter(e -> e.contains("\"reason\":\"" + reason + "\""))
                    .findFirst().orElseThrow();
            assertThat(event).as(reason).contains("\"actor\":\"" + actors.group(2) + "\"");
            checked++;
        }
        assertThat(checked).as("events whose actor the README prints").isEqualTo(printed.size());
        // 5. the dry run answers the change and stores nothing
        Run dry = run(blocks.get(5));
        assertThat(dry.output()).contains("\"plan\":[").contains("formation.web.quantity");
        assertThat(get("/api/v1/resources/HerokuApp/orders-api", token)).contains("\"quantity\":1").doesNotContain("\"quantity\":3");
        // 6. bad input: 422 with the path and the message the README shows
        Run bad = run(blocks.get(6));
        Matcher shown = Pattern.compile("\"message\":\"([^\"]+)\"").matcher(blocks.get(6));
        assertThat(shown.find()).isTrue();
        assertThat(bad.output()).contains("\"status\":422").contains("\"path\":\"spec.formation.web.quantity\"")
                .contains("\"message\":\"" + shown.group(1) + "\"");
        assertThat(get("/api/v1/resources/HerokuApp/x1", token)).contains("\"status\":404");
        // 7. faults injected, then cleared
        Run faults = run(blocks.get(7));
        assertThat(faults.output()).contains("\"error_rate\":0.3").contains("\"error_statuses\":[500,503,429]");
        assertThat(faults.output().lastIndexOf("\"error_rate\":0.0")).as(faults.output())
                .isGreaterThan(faults.output().indexOf("\"error_rate\":0.3"));
        assertThat(get("/__sandbox/faults", null, ports.get("8100"))).contains("\"error_rate\":0.0");
    }

    /** Starts Tether as the README does, in the clone, and waits until it answers. */
    private Path start() throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), TetherApplication.class.getName());
        Path log = clone.resolve("tether.log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(clone.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        clean(pb.environment());
        pb.environment().put("PORT", String.valueOf(ports.get("8080")));
        pb.environment().put("TETHER_SANDBOX_HEROKU_PORT", String.valueOf(ports.get("8100")));
        pb.environment().put("TETHER_SANDBOX_KONG_ADMIN_PORT", String.valueOf(ports.get("8001")));
        pb.environment().put("TETHER_SANDBOX_KONG_PROXY_PORT", String.valueOf(ports.get("8000")));
        tether = pb.start();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !tether.isAlive() || Files.readString(log, StandardCharsets.UTF_8).contains("| API token:"));
        assertThat(tether.isAlive()).as(Files.readString(log, StandardCharsets.UTF_8)).isTrue();
        return log;
    }

    private static void clean(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("TETHER_") || k.startsWith("HEROKU_") || k.equals("DATABASE_URL")
                || k.startsWith("KONG_") || k.equals("PORT"));
    }

    /** Runs one block with bash in the clone, after the exports of the blocks before it. */
    private Run run(String block) throws IOException, InterruptedException {
        String script = localPorts(block);
        StringBuilder full = new StringBuilder("set -e\n");
        exports.forEach(e -> full.append(e).append('\n'));
        full.append(script).append('\n');
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", full.toString()).directory(clone.toFile()).redirectErrorStream(true);
        clean(pb.environment());
        Path home = Files.createDirectories(clone.resolve("home"));
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        pb.environment().put("XDG_DATA_HOME", home.resolve(".local/share").toString());
        pb.environment().put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        pb.environment().put("NO_COLOR", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as(script).isTrue();
        assertThat(p.exitValue()).as(script + "\n---\n" + out).isZero();
        // what this block exported holds for the blocks after it, as in one terminal
        Pattern.compile("(?ms)^export .*?[^\\\\]$").matcher(script).results().map(r -> r.group()).forEach(exports::add);
        return new Run(p.exitValue(), out);
    }

    /** Runs a block that only looks until its output shows what the README says it will. */
    private String until(String block, java.util.function.Predicate<String> shows) {
        String[] last = new String[1];
        try {
            await().atMost(STEP).pollInterval(Duration.ofSeconds(1)).until(() -> {
                last[0] = run(block).output();
                return shows.test(last[0]);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(block + "\n--- never showed what the README says; last output:\n" + last[0], e);
        }
        return last[0];
    }

    private String localPorts(String block) {
        return PORT.matcher(block).replaceAll(r -> r.group(1) + ":" + ports.get(r.group(2)));
    }

    private String get(String path, String token) throws IOException, InterruptedException {
        return get(path, token, ports.get("8080"));
    }

    private static String get(String path, String token, int port) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
