package dev.tether.sandbox.heroku;

import dev.tether.sandbox.StateFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.catalina.Context;
import org.apache.catalina.Executor;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardThreadExecutor;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;

/**
 * A stateful Heroku Platform API v3 server on a loopback port, faithful enough that the real
 * Heroku CLI, Heroku's Java client and Tether's own client accept it (see the package's
 * resource classes for what it implements). Plain Java: start it with {@link #start(int)} in a
 * test, or let {@code HerokuSandboxConfiguration} start it in sandbox mode.
 *
 * <p>It runs on embedded Tomcat because Tomcat keeps response header names as written;
 * Heroku's Java client reads {@code Next-Range} case-sensitively. Users are known by token:
 * {@value #DASHBOARD_TOKEN} acts as {@value #DASHBOARD_EMAIL} (the Dashboard user a test or the
 * CLI plays), and Tether's token acts as {@value #TETHER_EMAIL}.
 */
public final class HerokuEmulator implements AutoCloseable {

    public static final String DASHBOARD_TOKEN = "dashboard-token";

    /** How long Heroku's router keeps an idle keep-alive connection: 60 s. */
    public static final Duration REAL_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final String DASHBOARD_EMAIL = "dashboard@example.com";
    public static final String TETHER_EMAIL = "tether@sandbox.local";

    private static final java.util.concurrent.atomic.AtomicInteger INSTANCES = new java.util.concurrent.atomic.AtomicInteger();

    private final Tomcat tomcat;
    private final Path baseDir;
    private final Connector connector;
    private final HerokuState state;
    private final EmulatorServlet servlet;
    private final CallLog calls;
    private final WebhookDispatcher webhooks;
    private final BuildRoutes builds;
    private final String tetherToken;

    private HerokuEmulator(Tomcat tomcat, Path baseDir, Connector connector, HerokuState state, EmulatorServlet servlet,
                           CallLog calls, WebhookDispatcher webhooks, BuildRoutes builds, String tetherToken) {
        this.tomcat = tomcat;
        this.baseDir = baseDir;
        this.connector = connector;
        this.state = state;
        this.servlet = servlet;
        this.calls = calls;
        this.webhooks = webhooks;
        this.builds = builds;
        this.tetherToken = tetherToken;
    }

    /** Starts on {@code port} (0: ephemeral) with a freshly generated token for Tether. */
    public static HerokuEmulator start(int port) {
        return start(port, generatedToken());
    }

    /** A fresh token for Tether, as {@link #start(int)} makes. */
    public static String generatedToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return "tether-sandbox-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Starts on {@code port} (0: ephemeral), accepting {@code tetherToken} as Tether's own token. */
    public static HerokuEmulator start(int port, String tetherToken) {
        return start(port, tetherToken, REAL_IDLE_TIMEOUT);
    }

    /**
     * The same, closing a keep-alive connection left idle for {@code idleTimeout} (Heroku's
     * router: 60 s) on the API port and on every sandbox backend.
     */
    public static HerokuEmulator start(int port, String tetherToken, Duration idleTimeout) {
        return start(port, tetherToken, idleTimeout, null);
    }

    /**
     * The same, keeping the emulated account in {@code stateFile} (null: in memory only): what
     * it holds is loaded now, with the same ids (a build still pending runs again), and every
     * change is written to it before it is answered.
     */
    public static HerokuEmulator start(int port, String tetherToken, Duration idleTimeout, StateFile stateFile) {
        Path baseDir;
        try {
            baseDir = Files.createTempDirectory("heroku-emulator-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        // Unique names: several emulators (and Spring's own Tomcat) may share one JVM.
        String name = "heroku-emulator-" + INSTANCES.incrementAndGet();
        tomcat.getService().setName(name);
        tomcat.getEngine().setName(name);
        StandardThreadExecutor executor = new StandardThreadExecutor();
        executor.setName(name + "-exec");
        executor.setNamePrefix(name + "-");
        executor.setDaemon(true);
        executor.setMaxThreads(64);
        executor.setMinSpareThreads(2);
        tomcat.getService().addExecutor(executor);
        Connector connector = loopbackConnector(port, executor, idleTimeout);
        tomcat.setConnector(connector);

        WebhookDispatcher webhooks = new WebhookDispatcher();
        SandboxBackends backends = new SandboxBackends(tomcat.getService(), executor, idleTimeout);
        HerokuState state = new HerokuState(Clock.systemUTC(), webhooks, backends);
        state.usersByToken.put(DASHBOARD_TOKEN, User.of(DASHBOARD_EMAIL));
        state.usersByToken.put(tetherToken, User.of(TETHER_EMAIL));
        // The sandbox account's team "acme" has the Private Space "acme-prod" (manifests/private-space-internal.yaml).
        Space acmeProd = new Space("acme-prod", Catalog.team("acme"), Catalog.region("us"),
                false, "10.0.0.0/16", state.now());
        state.spaces.put(acmeProd.id, acmeProd);
        RateLimiter limiter = new RateLimiter(System::nanoTime);
        Faults faults = new Faults();
        CallLog calls = new CallLog();
        Router router = new Router();
        new AppRoutes(state).register(router);
        new ConfigVarRoutes(state).register(router);
        new FormationRoutes(state).register(router);
        new AddonRoutes(state).register(router);
        new AttachmentRoutes(state).register(router);
        new DomainRoutes(state).register(router);
        new BuildpackRoutes(state).register(router);
        new ReleaseRoutes(state).register(router);
        new OciImageRoutes(state).register(router);
        new DynoRoutes(state).register(router);
        BuildRoutes builds = new BuildRoutes(state);
        builds.register(router);
        new WebhookRoutes(state).register(router);
        new AccountRoutes(state, limiter).register(router);
        ControlSurface control = new ControlSurface(state, faults, calls, limiter);
        EmulatorServlet servlet = new EmulatorServlet(state, router, limiter, faults, calls, control, builds);
        control.attach(servlet);

        Context context = tomcat.addContext("", baseDir.toString());
        Tomcat.addServlet(context, "heroku-api", servlet);
        context.addServletMappingDecoded("/*", "heroku-api");
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            webhooks.close();
            builds.close();
            throw new IllegalStateException("Heroku emulator could not start on port " + port, e);
        }
        if (connector.getLocalPort() <= 0) {
            stopQuietly(tomcat);
            webhooks.close();
            builds.close();
            throw new IllegalStateException("Heroku emulator could not bind 127.0.0.1:" + port);
        }
        state.baseUrl = "http://127.0.0.1:" + connector.getLocalPort();
        if (stateFile != null) {
            try {
                restore(state, stateFile, builds);
            } catch (RuntimeException e) {
                stopQuietly(tomcat);
                webhooks.close();
                builds.close();
                throw e;
            }
        }
        return new HerokuEmulator(tomcat, baseDir, connector, state, servlet, calls, webhooks, builds, tetherToken);
    }

    private static void restore(HerokuState state, StateFile stateFile, BuildRoutes builds) {
        synchronized (state) {
            byte[] saved = stateFile.read().orElse(null);
            if (saved != null) {
                List<App.Build> pending;
                try {
                    pending = StateSnapshot.load(state, saved);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("the Heroku emulator's state in " + stateFile.path()
                            + " is not a snapshot it wrote; move it away to start the emulated account empty", e);
                }
                pending.forEach(builds::resume);
            }
            state.onChange = () -> stateFile.write(StateSnapshot.write(state));
        }
    }

    static Connector loopbackConnector(int port, Executor executor, Duration idleTimeout) {
        Connector connector = new Connector("HTTP/1.1");
        // Heroku's router closes a keep-alive connection idle this long; so does the emulator.
        connector.setProperty("keepAliveTimeout", String.valueOf(idleTimeout.toMillis()));
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        connector.setThrowOnFailure(true);
        // The buildpack registry path carries an encoded slash (heroku%2Fpython).
        connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
        connector.getProtocolHandler().setExecutor(executor);
        return connector;
    }

    /**
     * Connections the API port and the sandbox backends hold open now; 0 once every idle
     * keep-alive connection has been closed by the idle timeout.
     */
    public long openConnections() {
        return openConnections(connector) + state.backends.openConnections();
    }

    static long openConnections(Connector connector) {
        // Tomcat's acceptor counts the connection it is waiting to accept: one per port, never open
        return connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol
                ? Math.max(0, protocol.getConnectionCount() - 1) : 0;
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash (what {@code HEROKU_HOST} takes). */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The token Tether presents; it acts as {@value #TETHER_EMAIL}. */
    public String tetherToken() {
        return tetherToken;
    }

    /** Lets another token in, acting as the given account (e.g. a second Dashboard user). */
    public void addUser(String token, String email) {
        state.usersByToken.put(token, User.of(email));
    }

    /** A copy of an app's state by id or name. */
    public Optional<AppSnapshot> app(String idOrName) {
        synchronized (state) {
            return state.findApp(idOrName).map(a -> AppSnapshot.of(a, webhooks.deliveries(a.id)));
        }
    }

    /** Copies of every app's state. */
    public List<AppSnapshot> apps() {
        synchronized (state) {
            return state.apps.values().stream().map(a -> AppSnapshot.of(a, webhooks.deliveries(a.id))).toList();
        }
    }

    /** How many calls the emulator answered for a method and route template ({@code /apps/{app}}). */
    public long callCount(String method, String template) {
        return calls.count(method, template);
    }

    /** Sees every Platform API exchange (not control or backend requests) once it is answered. */
    public void addExchangeListener(Consumer<RecordedExchange> listener) {
        servlet.addListener(listener);
    }

    public void removeExchangeListener(Consumer<RecordedExchange> listener) {
        servlet.removeListener(listener);
    }

    @Override
    public void close() {
        webhooks.close();
        builds.close();
        stopQuietly(tomcat);
        try (var files = Files.walk(baseDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    private static void stopQuietly(Tomcat tomcat) {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException ignored) {
            // stopping is best effort
        }
    }

    @Override
    public String toString() {
        return "HerokuEmulator[" + baseUrl() + "]";
    }
}
