package dev.tether.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.tether.Dashboard;
import dev.tether.TetherApi;
import dev.tether.TetherApplication;
import dev.tether.TetherTestSupport;
import dev.tether.sandbox.heroku.AppSnapshot;
import dev.tether.sandbox.heroku.HerokuEmulator;
import dev.tether.sandbox.kong.KongEmulator;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The chaos harness's world: a restartable PostgreSQL, a standalone Heroku emulator and Kong
 * emulator (both with their fault knobs), and any number of Tether nodes in live mode against
 * them, in this JVM or as child JVMs that can be SIGKILLed. Every node's log output is kept
 * (captured in-process, files for child JVMs) for the secret scan. The emulators count what was
 * really created, which is what the exactly-once assertions read.
 */
final class ChaosRig implements AutoCloseable {

    static final String HEROKU_TOKEN = "chaos-heroku-token-" + Long.toHexString(System.nanoTime());
    static final String KONG_ADMIN_TOKEN = "chaos-kong-admin-" + Long.toHexString(System.nanoTime());
    static final String ENCRYPTION_KEY = "chaos-encryption-key-" + Long.toHexString(System.nanoTime());
    static final String API_TOKEN = TetherTestSupport.API_TOKEN;

    /** Every log line of the in-process nodes, since the first one started. */
    private static final List<String> LOG = Collections.synchronizedList(new ArrayList<>());

    final Path dir;
    final RestartablePostgres postgres;
    final HerokuEmulator heroku;
    final KongEmulator kong;
    final Dashboard dashboard;
    private final List<Node> nodes = new ArrayList<>();
    private final ScheduledExecutorService budget = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chaos-budget");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Successful creates per "METHOD path" (201s), as the Heroku emulator answered them. */
    private final Map<String, AtomicLong> herokuCreates = new ConcurrentHashMap<>();
    private final int logStart;

    ChaosRig(String name) {
        try {
            dir = Path.of("target", "chaos", name).toAbsolutePath();
            Files.createDirectories(dir);
            try (var old = Files.list(dir)) {
                old.filter(p -> p.toString().endsWith(".log")).forEach(p -> p.toFile().delete());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        postgres = new RestartablePostgres(TetherTestSupport.freshDataDir().resolve("pg"));
        heroku = HerokuEmulator.start(0, HEROKU_TOKEN);
        kong = KongEmulator.start(0, 0, KONG_ADMIN_TOKEN);
        dashboard = new Dashboard(heroku.baseUrl());
        heroku.addExchangeListener(x -> {
            if (x.method().equals("POST") && x.status() == 201) {
                herokuCreates.computeIfAbsent("POST " + x.path(), k -> new AtomicLong()).incrementAndGet();
            }
        });
        // Soaks make thousands of calls; Heroku's hourly budget is not what is under test here.
        budget.scheduleAtFixedRate(this::refillHerokuBudget, 0, 2, TimeUnit.SECONDS);
        logStart = LOG.size();
    }

    private void refillHerokuBudget() {
        try {
            dashboard.call("PUT", "/__sandbox/rate-limit", "{\"account\":\"" + HerokuEmulator.TETHER_EMAIL + "\",\"remaining\":4500}");
            dashboard.call("PUT", "/__sandbox/rate-limit", "{\"account\":\"" + HerokuEmulator.DASHBOARD_EMAIL + "\",\"remaining\":4500}");
        } catch (RuntimeException e) {
            // the next tick tries again
        }
    }

    // ---------------------------------------------------------------- faults

    /** The fault mix of issue 9 at {@code rate} of all calls: 429 with Retry-After, 500, 503, reset, timeout. */
    static String faultMix(double rate) {
        // split: 60 % status errors (429/500/503 evenly), 20 % resets, 20 % timeouts (2.5 s hang > 2 s read timeout)
        return """
                {"error_rate": %s, "error_statuses": [429, 500, 503], "retry_after_seconds": 1,
                 "reset_rate": %s, "timeout_rate": %s, "timeout_ms": 2500}""".formatted(rate * 0.6, rate * 0.2, rate * 0.2);
    }

    void faults(double rate) {
        dashboard.faults(faultMix(rate));
        kongControl("PUT", "/__sandbox/faults", faultMix(rate));
    }

    void calm() {
        dashboard.faults(null);
        kongControl("DELETE", "/__sandbox/faults", null);
    }

    /** Faults dealt so far by each emulator, e.g. {heroku={reset=3, status_500=7, ...}, kong={...}}. */
    Map<String, Map<String, Long>> faultsDealt() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        out.put("heroku", counts(dashboard.call("GET", "/__sandbox/faults", null).path("injected")));
        out.put("kong", counts(Jsons.parse(kongControl("GET", "/__sandbox/faults", null).body()).path("injected")));
        return out;
    }

    private static Map<String, Long> counts(JsonNode injected) {
        Map<String, Long> m = new TreeMap<>();
        injected.properties().forEach(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m;
    }

    long herokuCallsTotal() {
        return dashboard.calls().path("total").asLong();
    }

    long kongCallsTotal() {
        return kong.calls().values().stream().mapToLong(Long::longValue).sum();
    }

    HttpResponse<String> kongControl(String method, String path, String json) {
        return send(method, kong.adminUrl() + path, json, Map.of());
    }

    /** An Admin API call as an operator makes it (with the admin token). */
    HttpResponse<String> kongAdmin(String method, String path, String json) {
        return send(method, kong.adminUrl() + path, json, Map.of("Kong-Admin-Token", KONG_ADMIN_TOKEN));
    }

    HttpResponse<String> send(String method, String url, String json, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Retries an out-of-band change until the (faulty) API took it: drift is made by people who retry. */
    static void persistently(Runnable change) {
        RuntimeException last = null;
        for (int i = 0; i < 30; i++) {
            try {
                change.run();
                return;
            } catch (RuntimeException e) {
                last = e;
                pace(100);
            }
        }
        throw last;
    }

    // ---------------------------------------------------------------- drift

    /** A dashboard user changes a config var Tether manages. */
    void driftConfigVar(String app) {
        persistently(() -> dashboard.setConfigVar(app, "A", "changed-by-hand"));
    }

    /** A dashboard user scales web to 0. */
    void driftScale(String app) {
        persistently(() -> dashboard.scale(app, "web", 0));
    }

    /** An operator points a Tether-managed route somewhere else in Kong. */
    void driftRoute(String route) {
        persistently(() -> {
            HttpResponse<String> r = kongAdmin("PATCH", "/routes/" + route, "{\"paths\":[\"/hijacked-" + route + "\"]}");
            if (r.statusCode() != 200) {
                throw new IllegalStateException("PATCH route " + r.statusCode());
            }
        });
    }

    // ---------------------------------------------------------------- nodes

    /** Live-mode settings for a node on {@code port}: the rig's database, emulators and short timers. */
    List<String> args(int port, Map<String, String> extra) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("server.port", String.valueOf(port));
        a.put("tether.mode", "live");
        a.put("tether.heroku-api-key", HEROKU_TOKEN);
        a.put("tether.heroku.base-url", heroku.baseUrl());
        a.put("tether.heroku.read-timeout", "2s");
        a.put("tether.api-token", API_TOKEN);
        a.put("tether.keys.encryption-key", ENCRYPTION_KEY);
        a.put("tether.database-url", postgres.databaseUrl());
        a.put("tether.database.connection-timeout", "2s");
        a.put("tether.data-dir", TetherTestSupport.freshDataDir().toString());
        a.put("tether.loop.lease", "10s");
        a.put("tether.loop.resync-interval", "5s");
        // an app polls at the safety interval (heartbeat or full), not at the resync interval
        a.put("tether.webhooks.safety-resync", "5s");
        a.put("tether.loop.backoff-base", "200ms");
        a.put("tether.loop.backoff-cap", "3s");
        a.put("tether.kong.admin-url", kong.adminUrl());
        a.put("tether.kong.admin-token", KONG_ADMIN_TOKEN);
        a.put("tether.kong.poll-interval", "2s");
        a.put("tether.probe.interval", "2s");
        a.put("tether.probe.proxy-url", kong.proxyUrl());
        a.put("spring.main.sources", ChaosKongTimeouts.class.getName());
        a.putAll(extra);
        List<String> out = new ArrayList<>();
        a.forEach((k, v) -> out.add("--" + k + "=" + v));
        return out;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A node in this JVM: fast to start; its log lines are captured. */
    Node inProcess(String name, Map<String, String> extra) {
        int port = freePort();
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(TetherApplication.class)
                .run(args(port, extra).toArray(String[]::new));
        captureLogs();
        Node n = new Node(name, port, ctx, null, null);
        nodes.add(n);
        return n;
    }

    /** A node as its own JVM (a worker dyno), output to {@code target/chaos/<run>/<name>.log}. */
    Node child(String name, Map<String, String> extra) {
        Node n = new Node(name, freePort(), null, null, dir.resolve(name + ".log").toFile());
        n.extra = extra;
        n.start();
        nodes.add(n);
        return n;
    }

    List<Node> nodes() {
        return nodes;
    }

    /** One Tether process. A child can be SIGKILLed and started again on the same port. */
    final class Node {
        final String name;
        final int port;
        final ConfigurableApplicationContext ctx;
        private Process process;
        private final File log;
        private Map<String, String> extra = Map.of();
        int starts;

        private Node(String name, int port, ConfigurableApplicationContext ctx, Process process, File log) {
            this.name = name;
            this.port = port;
            this.ctx = ctx;
            this.process = process;
            this.log = log;
        }

        TetherApi api() {
            return new TetherApi(port, API_TOKEN);
        }

        void start() {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    "-cp", System.getProperty("java.class.path"), TetherApplication.class.getName()));
            command.addAll(args(port, extra));
            try {
                Files.writeString(log.toPath(), "=== start " + (++starts) + "\n", StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Waits until the node answers its health endpoint. */
        void awaitUp(Duration atMost) {
            TetherApi api = api();
            await().atMost(atMost).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> api.get("/actuator/health").status() == 200);
        }

        /** SIGKILL: no shutdown hook runs, claims stay leased, in-flight calls are cut. */
        void kill() {
            try {
                process.destroyForcibly().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        boolean alive() {
            return ctx != null ? ctx.isActive() : process != null && process.isAlive();
        }

        String logText() {
            if (log == null) {
                return "";
            }
            try {
                return Files.readString(log.toPath(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Reconcile passes this process ran, from its own Prometheus metrics. */
        long passes() {
            String body = api().get("/actuator/prometheus").body();
            double sum = 0;
            for (String line : body.split("\n")) {
                if (line.startsWith("tether_reconcile_seconds_count{")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return (long) sum;
        }

        void close() {
            if (ctx != null) {
                ctx.close();
            }
            if (process != null && process.isAlive()) {
                kill();
            }
        }
    }

    private static void captureLogs() {
        LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = lc.getLogger(Logger.ROOT_LOGGER_NAME);
        if (root.getAppender("chaos-capture") != null) {
            return;
        }
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                StringBuilder line = new StringBuilder(e.getFormattedMessage());
                e.getMDCPropertyMap().forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
                for (var t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                    line.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
                }
                LOG.add(line.toString());
            }
        };
        appender.setName("chaos-capture");
        appender.setContext(lc);
        appender.start();
        root.addAppender(appender);
    }

    /** Everything the nodes of this rig logged: in-process lines since the rig started, and child JVM files. */
    String logs() {
        StringBuilder all = new StringBuilder();
        synchronized (LOG) {
            LOG.subList(Math.min(logStart, LOG.size()), LOG.size()).forEach(l -> all.append(l).append('\n'));
        }
        for (Node n : nodes) {
            all.append(n.logText());
        }
        return all.toString();
    }

    // ---------------------------------------------------------------- topology

    /** App {@code p}, key {@code p-key} for it, service {@code p} (route {@code p-r}) locked with that key. */
    static String unit(String p, String configA) {
        return """
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: %1$s}
                spec:
                  configVars: {A: "%2$s", B: "2"}
                  release: ${SAMPLE_RELEASE}
                  formation: {web: {quantity: 1, size: Basic}}
                  addons:
                    - plan: heroku-postgresql:essential-0
                      as: DATABASE
                  domains: [%1$s.example.com]
                ---
                apiVersion: tether.dev/v1
                kind: ApiKey
                metadata: {name: %1$s-key}
                spec:
                  targets: [{app: %1$s}]
                ---
                apiVersion: tether.dev/v1
                kind: KongService
                metadata: {name: %1$s}
                spec:
                  upstream: {app: %1$s}
                  apiKeyRef: %1$s-key
                  routes:
                    - name: %1$s-r
                      paths: [/%1$s]
                ---
                """.formatted(p, configA);
    }

    static List<String> names(String prefix, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(prefix + "-" + i);
        }
        return out;
    }

    /** Applies the topology for {@code units} through {@code api}; 200 required. */
    static void apply(TetherApi api, List<String> units, Map<String, String> configA) {
        StringBuilder yaml = new StringBuilder();
        units.forEach(u -> yaml.append(unit(u, configA.getOrDefault(u, "1"))));
        TetherApi.Response r = api.yaml(yaml.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** Resources not yet converged (Ready=True at their current generation), by "Kind/name", with their reason. */
    static Map<String, String> notConverged(TetherApi api, List<String> units) {
        Map<String, String> out = new TreeMap<>();
        states(api, units).forEach((key, st) -> {
            if (!st.converged()) {
                out.put(key, st.reason());
            }
        });
        return out;
    }

    /** One resource as the list shows it: its generation, and whether it is Ready at that generation. */
    record State(long generation, boolean converged, String reason) {
    }

    static Map<String, State> states(TetherApi api, List<String> units) {
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        api.get("/api/v1/resources").json().get("items").forEach(i ->
                byKey.put(i.path("kind").asString() + "/" + i.path("name").asString(), i));
        Map<String, State> out = new TreeMap<>();
        for (String u : units) {
            for (String key : List.of("HerokuApp/" + u, "ApiKey/" + u + "-key", "KongService/" + u)) {
                JsonNode r = byKey.get(key);
                if (r == null) {
                    out.put(key, new State(-1, false, "missing"));
                    continue;
                }
                JsonNode s = r.path("status");
                boolean ready = "True".equals(s.path("ready").asString(""));
                long generation = r.path("generation").asLong();
                boolean current = s.path("observedGeneration").asLong(-1) == generation;
                out.put(key, new State(generation, ready && current,
                        s.path("reason").asString("") + " observed=" + s.path("observedGeneration") + "/" + generation));
            }
        }
        return out;
    }

    /**
     * Everything is as declared in the world outside, not only in Tether's status: config and
     * formation in Heroku, route paths in Kong, and the gateway lock holding (Secured).
     */
    void assertWorldMatches(TetherApi api, List<String> units, Map<String, String> configA) {
        for (String u : units) {
            AppSnapshot app = heroku.app(u).orElseThrow(() -> new AssertionError("no app " + u));
            assertThat(app.config()).as(u + " config").containsEntry("A", configA.getOrDefault(u, "1")).containsEntry("B", "2");
            assertThat(app.formation().get("web").quantity()).as(u + " web quantity").isEqualTo(1);
            JsonNode route = kong.find("routes", u + "-r").orElseThrow(() -> new AssertionError("no route " + u + "-r"));
            assertThat(route.get("paths").toString()).as(u + "-r paths").isEqualTo("[\"/" + u + "\"]");
            String secured = null;
            for (JsonNode c : api.get("/api/v1/resources/KongService/" + u).json().at("/status/conditions")) {
                if (c.path("type").asString().equals("Secured")) {
                    secured = c.path("status").asString();
                }
            }
            assertThat(secured).as("KongService/" + u + " Secured").isEqualTo("True");
        }
    }

    /**
     * Waits until every resource has been Ready at its current generation (a whole successful
     * pass; under injected faults the next resync may fail again, so not necessarily all at the
     * same instant) and the outside world matches what is declared.
     */
    void awaitConverged(TetherApi api, List<String> units, Map<String, String> configA, Duration atMost) {
        Map<String, Long> seen = new ConcurrentHashMap<>();
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, State> now = states(api, units);
            now.forEach((key, st) -> {
                if (st.converged()) {
                    seen.put(key, st.generation());
                }
            });
            Map<String, String> open = new TreeMap<>();
            now.forEach((key, st) -> {
                if (!Long.valueOf(st.generation()).equals(seen.get(key))) {
                    open.put(key, st.reason());
                }
            });
            assertThat(open).as("never Ready at their current generation yet").isEmpty();
            assertWorldMatches(api, units, configA);
        });
    }

    /** Waits until every resource is Ready at its current generation at the same moment (faults off). */
    static void awaitAllReadyAtOnce(TetherApi api, List<String> units, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(notConverged(api, units)).as("not Ready at their current generation").isEmpty());
    }

    /**
     * Exactly one of everything, counted by the emulators: each app created once (one 201 on
     * POST /apps per app), one add-on and one domain created per app and present, and in Kong
     * exactly one service, one route and one plugin of each name per service.
     */
    void assertCreatedExactlyOnce(List<String> units) {
        long appCreates = herokuCreates.getOrDefault("POST /apps", new AtomicLong()).get();
        assertThat(appCreates).as("apps created (201s on POST /apps)").isEqualTo(units.size());
        for (String u : units) {
            assertThat(heroku.apps().stream().filter(a -> a.name().equals(u)).count()).as("apps named " + u).isEqualTo(1);
            AppSnapshot app = heroku.app(u).orElseThrow();
            assertThat(app.addons()).as(u + " add-ons").hasSize(1);
            assertThat(app.domains()).as(u + " domains").containsExactly(u + ".example.com");
            assertThat(createsFor(u, "addons")).as(u + " add-on creates (201s) " + herokuCreates).isEqualTo(1);
            assertThat(createsFor(u, "domains")).as(u + " domain creates (201s) " + herokuCreates).isEqualTo(1);
        }
        Map<String, Long> servicesByName = new TreeMap<>();
        kong.list("services").forEach(s -> servicesByName.merge(s.path("name").asString(), 1L, Long::sum));
        Map<String, Long> routesByName = new TreeMap<>();
        kong.list("routes").forEach(r -> routesByName.merge(r.path("name").asString(), 1L, Long::sum));
        Map<String, Long> pluginsByServiceAndName = new TreeMap<>();
        kong.list("plugins").forEach(p -> pluginsByServiceAndName.merge(
                p.path("service").path("id").asString("-") + "/" + p.path("name").asString(), 1L, Long::sum));
        for (String u : units) {
            assertThat(servicesByName.get(u)).as("Kong services named " + u).isEqualTo(1L);
            assertThat(routesByName.get(u + "-r")).as("Kong routes named " + u + "-r").isEqualTo(1L);
        }
        assertThat(kong.list("services")).as("Kong services").hasSize(units.size());
        assertThat(kong.list("routes")).as("Kong routes").hasSize(units.size());
        assertThat(pluginsByServiceAndName.values()).as("plugins per service and name").allMatch(c -> c == 1L);
    }

    /** 201s on {@code POST /apps/{app}/<what>} where {app} (a name or an id) is app {@code name}. */
    private long createsFor(String name, String what) {
        long n = 0;
        for (Map.Entry<String, AtomicLong> e : herokuCreates.entrySet()) {
            String[] parts = e.getKey().split("/");
            // "POST ", "apps", app, what
            if (parts.length == 4 && parts[1].equals("apps") && parts[3].equals(what)
                    && heroku.app(parts[2]).map(a -> a.name().equals(name)).orElse(false)) {
                n += e.getValue().get();
            }
        }
        return n;
    }

    /** No desired state lost: every resource is stored, at the generation the test expects. */
    static void assertDesiredStateKept(TetherApi api, List<String> units, Map<String, Long> appGenerations) {
        Map<String, Long> stored = new TreeMap<>();
        api.get("/api/v1/resources").json().get("items").forEach(i ->
                stored.put(i.path("kind").asString() + "/" + i.path("name").asString(), i.path("generation").asLong()));
        for (String u : units) {
            assertThat(stored).as("stored resources").containsEntry("HerokuApp/" + u, appGenerations.getOrDefault(u, 1L))
                    .containsEntry("ApiKey/" + u + "-key", 1L).containsEntry("KongService/" + u, 1L);
        }
    }

    /** The secret values the scan looks for: every ApiKey value (from Heroku and Kong), tokens, keys. */
    List<String> secretValues() {
        List<String> values = new ArrayList<>(List.of(HEROKU_TOKEN, KONG_ADMIN_TOKEN, ENCRYPTION_KEY));
        for (AppSnapshot app : heroku.apps()) {
            String keys = app.config().get("INTERNAL_API_KEY");
            if (keys != null) {
                for (String k : keys.split(",")) {
                    if (!k.isBlank()) {
                        values.add(k.strip());
                    }
                }
            }
        }
        kong.list("keyauth_credentials").forEach(c -> values.add(c.path("key").asString()));
        return values.stream().filter(v -> v != null && v.length() >= 16).distinct().toList();
    }

    /**
     * Paces the chaos harness, never stands in for a condition: the gap between a person's
     * retries of a change, between readiness samples during an outage, between drifts and kills
     * in the soak. What the harness asserts it waits for with Awaitility.
     */
    static void pace(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        budget.shutdownNow();
        for (Node n : nodes) {
            try {
                n.close();
            } catch (RuntimeException e) {
                // best effort: the emulators and database still go down below
            }
        }
        heroku.close();
        kong.close();
        postgres.close();
    }

    /** Tiny JSON helper (Jackson 3). */
    static final class Jsons {
        private static final tools.jackson.databind.json.JsonMapper MAPPER = tools.jackson.databind.json.JsonMapper.builder().build();

        static JsonNode parse(String s) {
            return MAPPER.readTree(s);
        }
    }
}
