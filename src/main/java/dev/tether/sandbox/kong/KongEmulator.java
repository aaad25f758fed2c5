package dev.tether.sandbox.kong;

import dev.tether.sandbox.StateFile;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.tether.sandbox.StateFile;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import tools.jackson.databind.JsonNode;

/**
 * A Kong Gateway 3.x (DB mode) stand-in: the Admin API and the proxy, each on its own loopback
 * port, sharing one in-memory database. Startable without Spring:
 *
 * <pre>{@code
 * try (KongEmulator kong = KongEmulator.start(0, 0)) {   // 0 = ephemeral ports
 *     String admin = kong.adminUrl();                      // http://127.0.0.1:<port>
 *     String proxy = kong.proxyUrl();
 * }
 * }</pre>
 *
 * <p>With an admin token the Admin API is protected the way heroku-kong exposes it (Kong's
 * key-auth in front of the Admin API): every call needs {@code apikey: <token>} (or
 * {@code Kong-Admin-Token}) and gets Kong's 401 bodies otherwise. {@code /__sandbox/} stays open.
 */
public final class KongEmulator implements AutoCloseable {

    private final Tomcat tomcat;
    private final KongStore store;
    private final SandboxControl control;
    private final int adminPort;
    private final int proxyPort;

    private KongEmulator(Tomcat tomcat, KongStore store, SandboxControl control, int adminPort, int proxyPort) {
        this.tomcat = tomcat;
        this.store = store;
        this.control = control;
        this.adminPort = adminPort;
        this.proxyPort = proxyPort;
    }

    /** Starts an unprotected emulator; a port of 0 picks an ephemeral one. */
    public static KongEmulator start(int adminPort, int proxyPort) {
        return start(adminPort, proxyPort, null);
    }

    /**
     * Starts the emulator on 127.0.0.1. A non-blank {@code adminToken} protects the Admin API;
     * it is never logged.
     */
    public static KongEmulator start(int adminPort, int proxyPort, String adminToken) {
        return start(adminPort, proxyPort, adminToken, REAL_IDLE_TIMEOUT);
    }

    /** How long Kong's nginx keeps an idle keep-alive connection ({@code keepalive_timeout} 60 s). */
    public static final Duration REAL_IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** The same, closing a keep-alive connection left idle for {@code idleTimeout} on both ports. */
    public static KongEmulator start(int adminPort, int proxyPort, String adminToken, Duration idleTimeout) {
        return start(adminPort, proxyPort, adminToken, idleTimeout, null);
    }

    /**
     * The same, keeping every entity in {@code stateFile} (null: in memory only): what it holds
     * is loaded now, with the same ids, and each change is written to it before it is answered.
     */
    public static KongEmulator start(int adminPort, int proxyPort, String adminToken, Duration idleTimeout,
                                     StateFile stateFile) {
        Clock clock = Clock.systemUTC();
        KongStore store = new KongStore(clock, stateFile);
        SandboxControl control = new SandboxControl();
        Tomcat tomcat = new Tomcat();
        try {
            tomcat.setBaseDir(Files.createTempDirectory("tether-kong-").toString());
        } catch (IOException e) {
            throw new IllegalStateException("no temporary directory for the Kong emulator", e);
        }
        tomcat.getService().setName("kong-emulator");
        tomcat.getEngine().setName("kong-emulator-" + System.identityHashCode(store));
        Connector admin = connector(adminPort, idleTimeout);
        Connector proxy = connector(proxyPort, idleTimeout);
        tomcat.setConnector(admin);
        tomcat.getService().addConnector(proxy);
        Context ctx = tomcat.addContext("", null);
        // both ports share one context; the port a request arrived on picks the servlet
        Dispatcher dispatcher = new Dispatcher();
        Tomcat.addServlet(ctx, "kong", dispatcher);
        ctx.addServletMappingDecoded("/", "kong");
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            throw new IllegalStateException("the Kong emulator could not start", e);
        }
        int boundAdmin = admin.getLocalPort();
        int boundProxy = proxy.getLocalPort();
        if (boundAdmin <= 0 || boundProxy <= 0) {
            stopQuietly(tomcat);
            throw new IllegalStateException("the Kong emulator could not bind ports " + adminPort + " and " + proxyPort);
        }
        AdminInfo info = new AdminInfo(store, boundAdmin, boundProxy);
        String token = adminToken == null || adminToken.isBlank() ? null : adminToken;
        dispatcher.adminPort = boundAdmin;
        dispatcher.admin = new AdminApi(store, control, info, token);
        dispatcher.proxy = new ProxyServlet(store, info, clock);
        return new KongEmulator(tomcat, store, control, boundAdmin, boundProxy);
    }

    private static Connector connector(int port, Duration idleTimeout) {
        Connector c = new Connector("HTTP/1.1");
        c.setProperty("keepAliveTimeout", String.valueOf(idleTimeout.toMillis()));
        c.setPort(port);
        c.setProperty("address", "127.0.0.1");
        c.setProperty("relaxedQueryChars", "[]|{}^`\"<>");
        c.setProperty("relaxedPathChars", "[]|{}^`\"<>");
        c.setThrowOnFailure(true);
        return c;
    }

    /** Sends each request to the Admin API or the proxy by the local port it arrived on. */
    private static final class Dispatcher extends HttpServlet {
        volatile int adminPort;
        volatile HttpServlet admin;
        volatile HttpServlet proxy;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws jakarta.servlet.ServletException, IOException {
            if (admin == null) {
                resp.sendError(503);
                return;
            }
            (req.getLocalPort() == adminPort ? admin : proxy).service(req, resp);
        }
    }

    /** Connections the Admin API and proxy ports hold open now; 0 once idle ones were closed. */
    public long openConnections() {
        long open = 0;
        for (Connector c : tomcat.getService().findConnectors()) {
            if (c.getProtocolHandler() instanceof org.apache.coyote.AbstractProtocol<?> protocol) {
                // Tomcat's acceptor counts the connection it is waiting to accept: one per port
                open += Math.max(0, protocol.getConnectionCount() - 1);
            }
        }
        return open;
    }

    /** The Admin API's base URL, e.g. {@code http://127.0.0.1:8001}. */
    public String adminUrl() {
        return "http://127.0.0.1:" + adminPort;
    }

    /** The proxy's base URL, e.g. {@code http://127.0.0.1:8000}. */
    public String proxyUrl() {
        return "http://127.0.0.1:" + proxyPort;
    }

    public int adminPort() {
        return adminPort;
    }

    public int proxyPort() {
        return proxyPort;
    }

    /**
     * One stored entity as the Admin API would return it, by table ({@code services},
     * {@code routes}, {@code consumers}, {@code plugins}, {@code keyauth_credentials},
     * {@code acls}) and id or endpoint key.
     */
    public Optional<JsonNode> find(String table, String idOrKey) {
        return store.find(KongStore.byTable(table), idOrKey).map(n -> n);
    }

    /** Every stored entity of a table, ordered by id. */
    public List<JsonNode> list(String table) {
        return List.copyOf(store.all(KongStore.byTable(table)));
    }

    /** Number of entities per table. */
    public Map<String, Integer> counts() {
        return store.counts();
    }

    /** Admin API calls so far, keyed {@code "GET /services/{key}"}. */
    public Map<String, Long> calls() {
        return control.callCounts();
    }

    /**
     * Faults every later Admin API call meets (the {@code PUT /__sandbox/faults} body as Java).
     *
     * @param latency        added before each answer
     * @param errorRate      share of calls answered with one of {@code errorStatuses} (0..1)
     * @param errorStatuses  statuses to pick from, e.g. 500 and 503
     * @param resetRate      share of calls whose connection is cut mid-response (0..1)
     * @param rateLimitBurst the next this-many calls answer 429
     * @param retryAfter     the {@code Retry-After} those 429s carry
     */
    public record Faults(Duration latency, double errorRate, List<Integer> errorStatuses, double resetRate,
                         int rateLimitBurst, Duration retryAfter) {

        /** No faults. */
        public static Faults none() {
            return new Faults(Duration.ZERO, 0, List.of(500), 0, 0, Duration.ofSeconds(1));
        }

        /** Only latency, e.g. the 50 ms per call the benchmarks inject. */
        public static Faults latency(Duration latency) {
            return new Faults(latency, 0, List.of(500), 0, 0, Duration.ofSeconds(1));
        }
    }

    /** Replaces the faults in force; {@link Faults#none()} clears them. */
    public void injectFaults(Faults f) {
        control.setFaults(new SandboxControl.Faults(f.latency().toMillis(), f.errorRate(),
                f.errorStatuses().isEmpty() ? List.of(500) : List.copyOf(f.errorStatuses()), f.resetRate(),
                f.rateLimitBurst(), (int) f.retryAfter().toSeconds()));
    }

    /** Forgets every entity, call count and fault. */
    public void reset() {
        store.clear();
        control.resetCalls();
        control.setFaults(SandboxControl.Faults.NONE);
    }

    @Override
    public void close() {
        stopQuietly(tomcat);
    }

    private static void stopQuietly(Tomcat tomcat) {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            // already stopping; nothing left to release
        }
    }
}
