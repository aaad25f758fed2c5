package dev.tether.ops;

import dev.tether.status.ConditionStatus;
import dev.tether.manifest.Kind;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Figures about the whole installation, read from PostgreSQL so that every process (a {@code web}
 * dyno, which Heroku routes to, as well as a worker, which it does not) reports the same:
 * <ul>
 *   <li>{@code tether.queue.keys} and {@code tether.queue.claimed}: the work queue;</li>
 *   <li>{@code tether.drift.detected} / {@code tether.drift.fixed} per kind: counted from the
 *       timeline ({@code DriftDetected}; {@code DriftReverted} and {@code DriftAdopted}), so they
 *       survive restarts (deleting a resource deletes its timeline, which Prometheus sees as a
 *       counter reset);</li>
 *   <li>{@code tether.resources} per kind and Ready status;</li>
 *   <li>{@code tether.secured.resources} per {@code Secured} condition status (probe results);</li>
 *   <li>{@code tether.kong.poll.age}: seconds since a Kong resource was last observed (the newest
 *       {@code lastReconciledAt} of the Kong kinds).</li>
 * </ul>
 * The queries run at most once per {@code tether.ops.metrics-cache-for}, however often the
 * registry is scraped; a database that is away yields NaN, never an error.
 */
@Component
class ClusterMetrics implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(ClusterMetrics.class);
    private static final List<String> STATUSES = java.util.Arrays.stream(ConditionStatus.values()).map(ConditionStatus::label).toList();
    private static final List<Kind> KONG_KINDS = List.of(Kind.KONG_SERVICE, Kind.KONG_CONSUMER, Kind.KONG_GATEWAY);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration cacheFor;
    private Snapshot snapshot;

    ClusterMetrics(JdbcClient jdbc, Clock clock, OpsProperties props) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.cacheFor = props.metricsCacheFor();
    }

    /** One reading of the database; {@code null} maps mean the read failed. */
    record Snapshot(Instant takenAt, double keys, double claimed, Map<String, Long> counts, Instant newestKongObservation) {
        double count(String key) {
            if (counts == null) {
                return Double.NaN;
            }
            return counts.getOrDefault(key, 0L);
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("tether.queue.keys", this, m -> m.current().keys())
                .description("Resource keys in the work queue").register(registry);
        Gauge.builder("tether.queue.claimed", this, m -> m.current().claimed())
                .description("Keys being reconciled right now, in any process").register(registry);
        for (Kind k : Kind.values()) {
            String kind = k.manifestName();
            FunctionCounter.builder("tether.drift.detected", this, m -> m.current().count("detected/" + kind))
                    .tag("kind", kind).description("Drift found outside Tether (DriftDetected events)").register(registry);
            FunctionCounter.builder("tether.drift.fixed", this, m -> m.current().count("fixed/" + kind))
                    .tag("kind", kind).description("Drift reverted or adopted").register(registry);
            for (String status : STATUSES) {
                Gauge.builder("tether.resources", this, m -> m.current().count("ready/" + kind + "/" + status))
                        .tag("kind", kind).tag("ready", status).description("Resources by Ready status").register(registry);
            }
        }
        for (String status : STATUSES) {
            Gauge.builder("tether.secured.resources", this, m -> m.current().count("secured/" + status))
                    .tag("status", status).description("Resources by the status of their Secured condition (probe results)")
                    .register(registry);
        }
        Gauge.builder("tether.kong.poll.age", this, ClusterMetrics::kongPollAge).baseUnit("seconds")
                .description("Seconds since Tether last observed a Kong resource").register(registry);
    }

    private double kongPollAge() {
        Instant newest = current().newestKongObservation();
        return newest == null ? Double.NaN : Math.max(0, Duration.between(newest, clock.instant()).toMillis() / 1000.0);
    }

    synchronized Snapshot current() {
        Instant now = clock.instant();
        if (snapshot != null && snapshot.takenAt().plus(cacheFor).isAfter(now)) {
            return snapshot;
        }
        try {
            snapshot = read(now);
        } catch (RuntimeException e) {
            log.warn("metrics cannot read the database: {}", e.getMessage());
            snapshot = new Snapshot(now, Double.NaN, Double.NaN, null, null);
        }
        return snapshot;
    }

    private Snapshot read(Instant now) {
        long[] queue = jdbc.sql("SELECT count(*) AS n, count(*) FILTER (WHERE claimed_until > now()) AS c FROM work_queue")
                .query((rs, i) -> new long[] {rs.getLong("n"), rs.getLong("c")}).single();
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql("""
                        SELECT r.kind,
                               count(*) FILTER (WHERE e.reason = 'DriftDetected') AS detected,
                               count(*) FILTER (WHERE e.reason IN ('DriftReverted', 'DriftAdopted')) AS fixed
                        FROM events e JOIN resources r ON r.id = e.resource_id
                        WHERE e.reason IN ('DriftDetected', 'DriftReverted', 'DriftAdopted')
                        GROUP BY r.kind""")
                .query(rs -> {
                    counts.put("detected/" + rs.getString("kind"), rs.getLong("detected"));
                    counts.put("fixed/" + rs.getString("kind"), rs.getLong("fixed"));
                });
        jdbc.sql("""
                        SELECT r.kind, coalesce((SELECT c->>'status' FROM jsonb_array_elements(s.status->'conditions') c
                                                 WHERE c->>'type' = 'Ready' LIMIT 1), 'Unknown') AS ready, count(*) AS n
                        FROM resources r LEFT JOIN resource_status s ON s.resource_id = r.id
                        GROUP BY 1, 2""")
                .query(rs -> {
                    counts.put("ready/" + rs.getString("kind") + "/" + rs.getString("ready"), rs.getLong("n"));
                });
        jdbc.sql("""
                        SELECT c->>'status' AS status, count(*) AS n
                        FROM resource_status s, jsonb_array_elements(s.status->'conditions') c
                        WHERE c->>'type' = 'Secured'
                        GROUP BY 1""")
                .query(rs -> {
                    counts.put("secured/" + rs.getString("status"), rs.getLong("n"));
                });
        List<String> observed = jdbc.sql("""
                        SELECT s.status->>'lastReconciledAt' FROM resources r JOIN resource_status s ON s.resource_id = r.id
                        WHERE r.kind IN (:kinds) AND s.status->>'lastReconciledAt' IS NOT NULL""")
                .param("kinds", KONG_KINDS.stream().map(Kind::manifestName).toList())
                .query(String.class).list();
        Instant newest = null;
        for (String o : observed) {
            Instant t = parseInstant(o);
            if (t != null && (newest == null || t.isAfter(newest))) {
                newest = t;
            }
        }
        return new Snapshot(now, queue[0], queue[1], counts, newest);
    }

    /** Status JSON holds instants as ISO-8601 text or as epoch seconds, depending on the mapper. */
    static Instant parseInstant(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                java.math.BigDecimal secs = new java.math.BigDecimal(s);
                return Instant.ofEpochSecond(secs.longValue(), secs.remainder(java.math.BigDecimal.ONE).movePointRight(9).longValue());
            } catch (NumberFormatException n) {
                return null;
            }
        }
    }
}
