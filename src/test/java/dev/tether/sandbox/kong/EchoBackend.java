package dev.tether.sandbox.kong;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.node.ObjectNode;

/**
 * A loopback backend like the sandbox's per-app backends: 401 unless {@code X-Internal-API-Key}
 * holds its key, otherwise 200 with what it received (method, path, query, headers lower-cased).
 */
final class EchoBackend implements AutoCloseable {

    private final HttpServer server;

    EchoBackend(String internalKey) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            ObjectNode echo = KongHttp.JSON.createObjectNode();
            echo.put("method", exchange.getRequestMethod());
            echo.put("path", exchange.getRequestURI().getRawPath());
            echo.put("query", exchange.getRequestURI().getRawQuery());
            ObjectNode headers = echo.putObject("headers");
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            String presented = exchange.getRequestHeaders().getFirst("X-Internal-API-Key");
            int status = internalKey == null || internalKey.equals(presented) ? 200 : 401;
            if (status == 401) {
                echo.put("error", "missing or wrong X-Internal-API-Key");
            }
            byte[] body = echo.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
