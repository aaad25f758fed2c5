package dev.tether;

import dev.tether.cli.TetherCli;
import dev.tether.ops.ResyncCommand;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Tether: keeps a declared topology of Heroku apps and Kong gateway entries true in the
 * real world. One jar; what it does is chosen by its first argument (the Procfile's process
 * types):
 * <ul>
 *   <li>none (or {@code all}): serve the API and run the control loop in one process, the mode
 *       for small teams on one dyno and for sandbox mode;</li>
 *   <li>{@code web}: the REST API, pages and webhook receiver on {@code $PORT}; the loop is off
 *       unless {@code TETHER_LOOP_ENABLED=true} (the single-dyno mode);</li>
 *   <li>{@code worker}: the control loop only, without an HTTP server (Heroku routes nothing to
 *       worker dynos); any number may run, they share the queue;</li>
 *   <li>{@code migrate}: apply the Flyway migrations and exit (Heroku's release phase);</li>
 *   <li>{@code resync}: reconcile everything with full observation, print a summary and exit
 *       non-zero if anything is still failing (a Heroku Scheduler job);</li>
 *   <li>{@code cli ...}: the {@code tether} command line, a client of a running Tether's REST
 *       API; Spring is never started.</li>
 *   <li>{@code emulators}: the Heroku and Kong emulators alone, for a Tether in live mode
 *       elsewhere ({@link dev.tether.sandbox.StandaloneEmulators}); Spring is never started.</li>
 *   <li>a CLI command without {@code cli} ({@code diff}, {@code get}, ...): the same as with it
 *       ({@code resync} is the role above);</li>
 *   <li>only {@code --property=value} arguments: as none;</li>
 *   <li>anything else: a usage message on stderr and exit code 1; nothing is started.</li>
 * </ul>
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TetherApplication {

    /** The process roles a dyno can run. */
    public enum Role {
        /** Web and worker together. */
        ALL,
        /** API, pages and webhooks; no loop. */
        WEB,
        /** The loop; no HTTP server. */
        WORKER
    }

    public static void main(String[] args) {
        String command = args.length > 0 ? args[0] : "all";
        String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
        switch (command) {
            case "migrate" -> System.exit(migrate(rest));
            case "resync" -> System.exit(resync(rest));
            case "cli" -> System.exit(TetherCli.run(rest));
            case "emulators" -> System.exit(dev.tether.sandbox.StandaloneEmulators.run());
            case "web" -> serve(Role.WEB, rest);
            case "worker" -> serve(Role.WORKER, rest);
            case "all" -> serve(Role.ALL, rest);
            case "help", "-h", "--help" -> {
                System.out.print(usage());
                System.exit(0);
            }
            default -> {
                if (command.startsWith("--")) {
                    serve(Role.ALL, args); // only --property=value arguments
                } else if (TetherCli.commands().contains(command)) {
                    System.exit(TetherCli.run(args)); // a CLI command given without `cli`
                } else {
                    System.err.println("tether: unknown role or command '" + command + "'");
                    System.err.print(usage());
                    System.exit(1); // never 2, which `diff` answers for "changes"
                }
            }
        }
    }

    /** What the jar's first argument may be; printed for {@code help} and for an unknown one. */
    static String usage() {
        return """
                Usage: java -jar tether.jar [ROLE | cli COMMAND | COMMAND] [--property=value ...]
                Roles (the Procfile's process types):
                  all         serve the API and pages and run the control loop (the default)
                  web         the API, pages and webhook receiver on $PORT; the loop only with TETHER_LOOP_ENABLED=true
                  worker      the control loop, no HTTP server
                  migrate     apply the database migrations and exit
                  resync      reconcile everything once, print a summary, exit 1 if anything still fails
                  emulators   only the Heroku and Kong emulators
                CLI commands (a client of a running Tether; `cli` may be left out, except for resync):
                  %s
                `java -jar tether.jar cli --help` describes each command.
                """.formatted(String.join(", ", TetherCli.commands()));
    }

    private static void serve(Role role, String[] args) {
        ConfigurableApplicationContext ctx;
        try {
            ctx = start(role, args);
        } catch (RuntimeException e) {
            // The failure analysis is logged above; the last line says it plainly, as heroku logs shows it.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof dev.tether.runtime.MissingSettingException missing) {
                    System.err.println("Tether cannot start: " + missing.getMessage());
                    System.exit(1);
                }
            }
            throw e;
        }
        if (role == Role.WORKER) {
            // No web server keeps this JVM alive and the loop's threads are daemons: wait for
            // SIGTERM (heroku ps:restart, a deploy), which closes the context and ends the loop.
            java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
            ctx.addApplicationListener((org.springframework.context.ApplicationListener<org.springframework.context.event.ContextClosedEvent>) e -> closed.countDown());
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts a long-running process in {@code role}; returns its context. */
    public static ConfigurableApplicationContext start(Role role, String[] args) {
        SpringApplication app = new SpringApplication(TetherApplication.class);
        List<String> all = new ArrayList<>(Arrays.asList(args));
        switch (role) {
            // The loop runs in worker dynos; TETHER_LOOP_ENABLED=true puts it in the web dyno too
            // (one dyno for a small team: heroku ps:scale worker=0).
            case WEB -> all.add("--tether.loop.enabled=${TETHER_LOOP_ENABLED:false}");
            case WORKER -> {
                app.setWebApplicationType(WebApplicationType.NONE);
                all.add("--tether.loop.enabled=true");
            }
            case ALL -> {
                // the loop follows TETHER_LOOP_ENABLED (default on)
            }
        }
        return app.run(all.toArray(String[]::new));
    }

    /** Starts without a web server, so Flyway migrates the schema, then stops. */
    public static int migrate(String[] args) {
        SpringApplication app = new SpringApplication(TetherApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--tether.loop.enabled=false");
        try (ConfigurableApplicationContext ctx = app.run(all.toArray(String[]::new))) {
            System.out.println("Tether: database schema is up to date");
            return SpringApplication.exit(ctx);
        }
    }

    /**
     * Runs one full resync in this process (the loop runs here beside any worker dynos), prints
     * its summary and answers the exit code: 0 when everything converged, 1 when anything is
     * still failing or the resync timed out.
     */
    public static int resync(String[] args) {
        SpringApplication app = new SpringApplication(TetherApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--tether.loop.enabled=true");
        try (ConfigurableApplicationContext ctx = app.run(all.toArray(String[]::new))) {
            return ctx.getBean(ResyncCommand.class).run(System.out);
        }
    }
}
