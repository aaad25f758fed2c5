package dev.tether.sandbox.heroku;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.catalina.Executor;
import org.apache.catalina.Service;
import org.apache.catalina.connector.Connector;

/**
 * The loopback backends behind sandbox apps' {@code web_url}s: one extra connector per app on
 * the emulator's Tomcat, on an ephemeral port, sharing its thread pool. The emulator's servlet
 * answers for them (see {@link BackendResponder}).
 */
final class SandboxBackends {

    private final Service service;
    private final Executor executor;
    private final Map<Integer, UUID> appsByPort = new ConcurrentHashMap<>();
    private final Map<Integer, Connector> connectors = new ConcurrentHashMap<>();

    private final Duration idleTimeout;

    SandboxBackends(Service service, Executor executor, Duration idleTimeout) {
        this.service = service;
        this.executor = executor;
        this.idleTimeout = idleTimeout;
    }

    /** Connections the backends hold open now. */
    long openConnections() {
        return connectors.values().stream().mapToLong(HerokuEmulator::openConnections).sum();
    }

    /** Starts a backend for the app and returns its port. */
    int open(UUID appId) {
        return open(appId, 0);
    }

    /**
     * Starts a backend for the app on {@code preferredPort} (its port before a restart, so the
     * gateway's upstream URL still holds), or on an ephemeral port when that one is taken.
     */
    int open(UUID appId, int preferredPort) {
        Connector connector = HerokuEmulator.loopbackConnector(preferredPort, executor, idleTimeout);
        try {
            service.addConnector(connector);
        } catch (RuntimeException taken) {
            service.removeConnector(connector);
            if (preferredPort == 0) {
                throw taken;
            }
            return open(appId, 0);
        }
        int port = connector.getLocalPort();
        if (port <= 0) {
            service.removeConnector(connector);
            if (preferredPort != 0) {
                return open(appId, 0);
            }
            throw new IllegalStateException("sandbox backend for app " + appId + " did not start");
        }
        connectors.put(port, connector);
        appsByPort.put(port, appId);
        return port;
    }

    void close(int port) {
        appsByPort.remove(port);
        Connector connector = connectors.remove(port);
        if (connector != null) {
            service.removeConnector(connector);
        }
    }

    /** The app whose backend listens on this port, or null when the port is the API's. */
    UUID appFor(int localPort) {
        return appsByPort.get(localPort);
    }
}
