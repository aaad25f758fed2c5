package dev.tether.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tether}: a kubectl-like command line for a running Tether, from the same jar
 * ({@code java -jar tether.jar cli ...}, or {@code bin/tether}). It talks only to Tether's REST
 * API (the JDK's HttpClient) and never starts Spring. The server and token come from
 * {@code --server}/{@code --token} or {@code TETHER_URL}/{@code TETHER_API_TOKEN}. Colours only
 * on a terminal (and never with {@code NO_COLOR}).
 *
 * <p>Exit codes: 0 success; 1 an error, a failed resource or a timeout; 2 (diff only) changes.
 */
@Command(name = "tether", mixinStandardHelpOptions = true, version = "tether 0.1.0", scope = CommandLine.ScopeType.INHERIT,
        description = "Drive a running Tether: apply manifests, watch them converge, inspect and resync.",
        subcommands = {ApplyCommand.class, DiffCommand.class, GetCommand.class, DescribeCommand.class,
                EventsCommand.class, DeleteCommand.class, RollbackCommand.class, ResyncCliCommand.class,
                ExportCommand.class, ImportCommand.class,
                ProposalCommands.List.class, ProposalCommands.Approve.class, ProposalCommands.Reject.class},
        synopsisSubcommandLabel = "COMMAND")
public final class TetherCli implements Runnable {

    @Option(names = {"-s", "--server"}, scope = CommandLine.ScopeType.INHERIT, description = "Tether's URL (default: $TETHER_URL or http://localhost:8080)")
    String server;

    @Option(names = "--token", scope = CommandLine.ScopeType.INHERIT, description = "API token (default: $TETHER_API_TOKEN)")
    String token;

    @Option(names = "--no-color", scope = CommandLine.ScopeType.INHERIT, description = "Never colour the output")
    boolean noColor;

    PrintStream out;
    PrintStream err;
    Map<String, String> env;
    boolean terminal;

    @Override
    public void run() {
        new CommandLine(this).usage(out);
    }

    /** The names of the commands, in the order {@code --help} lists them. */
    public static java.util.SequencedSet<String> commands() {
        return new java.util.LinkedHashSet<>(new CommandLine(new TetherCli()).getSubcommands().keySet());
    }

    /** Runs with the process's own streams and environment. */
    public static int run(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        return run(args, out, err, System.getenv(), isTerminal());
    }

    /** Runs against the given streams and environment (tests). */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, boolean terminal) {
        TetherCli cli = new TetherCli();
        cli.out = out;
        cli.err = err;
        cli.env = env;
        cli.terminal = terminal;
        CommandLine cmd = new CommandLine(cli);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        cmd.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof ApiClient.ApiException || e instanceof CliException) {
                err.println(cli.style("error: ", Style.RED) + e.getMessage());
                return 1;
            }
            throw e;
        });
        cmd.setExitCodeExceptionMapper(t -> 1);
        int code = cmd.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    ApiClient api() {
        String url = server != null ? server : env.getOrDefault("TETHER_URL", "http://localhost:8080");
        String t = token != null ? token : env.get("TETHER_API_TOKEN");
        return new ApiClient(url, t);
    }

    boolean colour() {
        return terminal && !noColor && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM"));
    }

    enum Style {
        RED("31"), GREEN("32"), YELLOW("33"), BOLD("1"), DIM("2");

        final String code;

        Style(String code) {
            this.code = code;
        }
    }

    String style(String s, Style style) {
        return colour() ? "\u001b[" + style.code + "m" + s + "\u001b[0m" : s;
    }

    /** A failure the CLI explains itself (bad file, bad flag value). */
    static final class CliException extends RuntimeException {
        CliException(String message) {
            super(message);
        }
    }

    /** kubectl-style {@code kind/name}, e.g. {@code herokuapp/weather-backend}. */
    static String ref(String kind, String name) {
        return kind.toLowerCase(Locale.ROOT) + "/" + name;
    }

    /** {@code 90s}, {@code 5m}, {@code 1h}, {@code 1m30s} or ISO-8601 {@code PT5M}. */
    static Duration duration(String s) {
        String v = s.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (v.matches("\\d+")) {
                return Duration.ofSeconds(Long.parseLong(v));
            }
            return Duration.parse("PT" + v.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new CliException("--timeout: '" + s + "' is not a duration like 90s, 5m or 1h");
        }
    }

    /** "3s", "5m", "2h", "4d": kubectl's AGE column. */
    static String age(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 120) {
            return s + "s";
        }
        if (s < 7200) {
            return (s / 60) + "m";
        }
        if (s < 172800) {
            return (s / 3600) + "h";
        }
        return (s / 86400) + "d";
    }

    private static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // JDK 22+ hands out a Console even when redirected; ask it (absent on 21, where null means no terminal).
            Method m = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
