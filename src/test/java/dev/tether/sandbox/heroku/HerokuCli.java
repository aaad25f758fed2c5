package dev.tether.sandbox.heroku;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Heroku CLI ({@code heroku@11.10.0} from npm), installed on first use into the
 * project-local, git-ignored {@code .tools/heroku-cli} (under a file lock, so parallel builds
 * install it once) and run with Node against a given API URL as a given token's user, with
 * telemetry, update checks and particleboard's internet calls off and a throw-away home
 * directory. {@code bin/heroku-cli} runs the same copy for a person.
 */
public final class HerokuCli {

    static final String VERSION = "11.10.0";

    /** What one command printed and how it exited. */
    record Result(int exitCode, String output) {
    }

    private final Path entryPoint;
    private final Path home;
    private final String apiUrl;
    private final String token;

    private HerokuCli(Path entryPoint, Path home, String apiUrl, String token) {
        this.entryPoint = entryPoint;
        this.home = home;
        this.apiUrl = apiUrl;
        this.token = token;
    }

    /** Installs the CLI if needed; fails with a clear message when Node or npm is missing. */
    public static HerokuCli install(String apiUrl, String token) throws IOException, InterruptedException {
        Path prefix = Path.of(".tools", "heroku-cli").toAbsolutePath();
        Path packageJson = prefix.resolve("node_modules/heroku/package.json");
        Files.createDirectories(prefix);
        try (FileChannel channel = new RandomAccessFile(prefix.resolveSibling("heroku-cli.lock").toFile(), "rw").getChannel();
             FileLock ignored = channel.lock()) {
            if (!installed(packageJson)) {
                requireTool("node");
                requireTool("npm");
                Result npm = run(List.of("npm", "install", "--prefix", prefix.toString(), "heroku@" + VERSION,
                        "--no-audit", "--no-fund", "--loglevel=error"), Map.of(), prefix.getParent(), 15);
                if (npm.exitCode() != 0 || !installed(packageJson)) {
                    throw new IllegalStateException("npm install heroku@" + VERSION + " failed (exit " + npm.exitCode() + "):\n" + npm.output());
                }
            }
        }
        requireTool("node");
        Path home = Files.createTempDirectory("heroku-cli-home-");
        return new HerokuCli(prefix.resolve("node_modules/heroku/bin/run.js"), home, apiUrl, token);
    }

    private static boolean installed(Path packageJson) throws IOException {
        return Files.exists(packageJson) && Files.readString(packageJson).contains("\"version\": \"" + VERSION + "\"");
    }

    private static void requireTool(String tool) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() == 0) {
                return;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new IllegalStateException("The Heroku CLI fidelity tests need `" + tool + "` on the PATH (Node.js and npm; "
                + ".ci/run installs them with apt-get install nodejs npm).");
    }

    /** Runs {@code heroku <args>} and returns its exit code and combined output. */
    Result heroku(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", entryPoint.toString()));
        command.addAll(List.of(args));
        Map<String, String> env = Map.ofEntries(
                Map.entry("HEROKU_HOST", apiUrl),
                // the CLI asks particleboard beside GET /account and /teams/*: the emulator, not the internet
                Map.entry("HEROKU_PARTICLEBOARD_URL", apiUrl),
                Map.entry("HEROKU_API_KEY", token),
                Map.entry("DISABLE_TELEMETRY", "true"),
                Map.entry("HEROKU_SKIP_NEW_VERSION_CHECK", "true"),
                Map.entry("HEROKU_DISABLE_AUTOUPDATE", "1"),
                Map.entry("HOME", home.toString()),
                Map.entry("XDG_CONFIG_HOME", home.resolve(".config").toString()),
                Map.entry("XDG_DATA_HOME", home.resolve(".local/share").toString()),
                Map.entry("XDG_CACHE_HOME", home.resolve(".cache").toString()),
                Map.entry("NO_COLOR", "1"),
                Map.entry("FORCE_COLOR", "0"),
                Map.entry("COLUMNS", "200"));
        return run(command, env, home, 2);
    }

    private static Result run(List<String> command, Map<String, String> env, Path dir, int timeoutMinutes)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[][] out = new byte[1][];
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                out[0] = process.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = ("(output unreadable: " + e + ")").getBytes(StandardCharsets.UTF_8);
            }
        });
        if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            reader.join(5000);
            throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutMinutes + " min");
        }
        reader.join();
        return new Result(process.exitValue(), new String(out[0], StandardCharsets.UTF_8));
    }
}
