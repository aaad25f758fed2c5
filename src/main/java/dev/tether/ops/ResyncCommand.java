package dev.tether.ops;

import dev.tether.cli.TextTable;
import dev.tether.manifest.Kind;
import dev.tether.reconcile.Resyncs;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code resync} one-off process (a Heroku Scheduler job): marks every resource due with full
 * observation, lets the control loop running in this process (and any worker dynos, which share
 * the queue) give each a pass that starts after the resync began, then prints one summary table
 * and the resources still failing. Exit code 1 when anything is still failing or the passes did
 * not all finish within {@code TETHER_RESYNC_TIMEOUT}, so the job's failure shows in the logs.
 */
@Component
public class ResyncCommand {

    private static final Logger log = LoggerFactory.getLogger(ResyncCommand.class);
    private static final List<String> FAILING = List.of("Failed", "Retrying", "Error");

    private final Resyncs resyncs;
    private final JdbcClient jdbc;
    private final OpsProperties props;
    private final Clock clock;

    public ResyncCommand(Resyncs resyncs, JdbcClient jdbc, OpsProperties props, Clock clock) {
        this.resyncs = resyncs;
        this.jdbc = jdbc;
        this.props = props;
        this.clock = clock;
    }

    /** One row of the summary: a kind's resources and what their latest pass concluded. */
    public record KindSummary(String kind, int resources, int inSync, int driftFixed, int pending, int failing) {
    }

    /** A resource whose latest pass did not converge, with the reason its status gives. */
    public record Failure(String key, String outcome, String reason, String message) {
    }

    /** Everything the command prints. */
    public record Summary(long resyncId, boolean finished, Duration took, List<KindSummary> kinds, List<Failure> failures) {
        public int failing() {
            return kinds.stream().mapToInt(KindSummary::failing).sum();
        }

        public int exitCode() {
            return finished && failing() == 0 ? 0 : 1;
        }
    }

    /** Runs the resync to its end (or the timeout), prints the summary to {@code out}, answers the exit code. */
    public int run(PrintStream out) {
        Summary s = resync();
        print(s, out);
        return s.exitCode();
    }

    /** Starts a resync and waits until every resource had a pass that started after it began. */
    public Summary resync() {
        Instant began = clock.instant();
        Resyncs.Progress p = resyncs.start("resync-command");
        log.info("resync={} action=start resources={}", p.id(), p.total());
        Instant deadline = began.plus(props.resyncTimeout());
        while (!(p.finished() && settled(p.startedAt())) && clock.instant().isBefore(deadline)) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            p = resyncs.get(p.id()).orElseThrow();
        }
        boolean complete = p.finished() && settled(p.startedAt());
        Summary s = summarize(p, complete, Duration.between(began, clock.instant()));
        log.info("resync={} action=finish finished={} resources={} failing={} tookMs={}", s.resyncId(), s.finished(),
                p.total(), s.failing(), s.took().toMillis());
        return s;
    }

    /**
     * No resource's latest pass (of this resync) ended "Progressing": such a pass did work and is
     * due again in seconds to confirm it, so the summary waits for that confirmation.
     */
    private boolean settled(Instant since) {
        return jdbc.sql("""
                        SELECT count(*) FROM work_queue
                        WHERE last_started_at >= :since AND last_outcome = 'Progressing'""")
                .param("since", java.sql.Timestamp.from(since))
                .query(Long.class).single() == 0;
    }

    private Summary summarize(Resyncs.Progress p, boolean complete, Duration took) {
        // A pass counts for this resync only when it started at or after the resync began.
        List<KindSummary> kinds = jdbc.sql("""
                        SELECT r.kind, count(*) AS resources,
                               count(*) FILTER (WHERE q.last_outcome = 'InSync' AND done) AS in_sync,
                               count(*) FILTER (WHERE q.last_outcome IN (:failing) AND done) AS failing,
                               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM events e WHERE e.resource_id = r.id
                                                 AND e.reason IN ('DriftReverted', 'DriftAdopted')
                                                 AND e.created_at >= :since)) AS drift_fixed
                        FROM resources r
                        LEFT JOIN work_queue q ON q.kind = r.kind AND q.name = r.name
                        CROSS JOIN LATERAL (SELECT q.last_started_at >= :since AND q.last_finished_at >= q.last_started_at AS done) d
                        GROUP BY r.kind ORDER BY r.kind""")
                .param("failing", FAILING)
                .param("since", java.sql.Timestamp.from(p.startedAt()))
                .query((rs, i) -> {
                    int resources = rs.getInt("resources");
                    int inSync = rs.getInt("in_sync");
                    int failing = rs.getInt("failing");
                    return new KindSummary(rs.getString("kind"), resources, inSync, rs.getInt("drift_fixed"),
                            resources - inSync - failing, failing);
                })
                .list();
        List<Failure> failures = jdbc.sql("""
                        SELECT q.kind || '/' || q.name AS key, q.last_outcome,
                               (SELECT c->>'reason' FROM jsonb_array_elements(s.status->'conditions') c WHERE c->>'type' = 'Ready') AS reason,
                               (SELECT c->>'message' FROM jsonb_array_elements(s.status->'conditions') c WHERE c->>'type' = 'Ready') AS message
                        FROM work_queue q
                        JOIN resources r ON r.kind = q.kind AND r.name = q.name
                        LEFT JOIN resource_status s ON s.resource_id = r.id
                        WHERE q.last_outcome IN (:failing) AND q.last_started_at >= :since
                          AND q.last_finished_at >= q.last_started_at
                        ORDER BY q.kind, q.name""")
                .param("failing", FAILING)
                .param("since", java.sql.Timestamp.from(p.startedAt()))
                .query((rs, i) -> new Failure(rs.getString("key"), rs.getString("last_outcome"),
                        rs.getString("reason"), rs.getString("message")))
                .list();
        // Kinds with no resources still get a row, so the table always has the same shape.
        List<KindSummary> all = new ArrayList<>();
        for (Kind k : Kind.values()) {
            all.add(kinds.stream().filter(s -> s.kind().equals(k.manifestName())).findFirst()
                    .orElse(new KindSummary(k.manifestName(), 0, 0, 0, 0, 0)));
        }
        return new Summary(p.id(), complete, took, all, failures);
    }

    /** The summary as a person reads it in {@code heroku logs}. */
    public static void print(Summary s, PrintStream out) {
        TextTable t = new TextTable("KIND", "RESOURCES", "IN SYNC", "DRIFT FIXED", "PENDING", "STILL FAILING");
        int[] total = new int[5];
        for (KindSummary k : s.kinds()) {
            t.row(k.kind(), k.resources(), k.inSync(), k.driftFixed(), k.pending(), k.failing());
            total[0] += k.resources();
            total[1] += k.inSync();
            total[2] += k.driftFixed();
            total[3] += k.pending();
            total[4] += k.failing();
        }
        t.row("TOTAL", total[0], total[1], total[2], total[3], total[4]);
        out.println("Resync " + s.resyncId() + (s.finished() ? " finished" : " timed out") + " in "
                + s.took().toSeconds() + "s");
        t.print(out);
        if (!s.failures().isEmpty()) {
            out.println();
            out.println("Still failing:");
            TextTable f = new TextTable("RESOURCE", "OUTCOME", "REASON", "MESSAGE");
            s.failures().forEach(x -> f.row(x.key(), x.outcome(), x.reason(), x.message()));
            f.print(out);
        }
        if (!s.finished()) {
            out.println();
            out.println("Not every resource had a pass within the timeout (TETHER_RESYNC_TIMEOUT); the loop goes on in the workers.");
        }
        out.flush();
    }
}
