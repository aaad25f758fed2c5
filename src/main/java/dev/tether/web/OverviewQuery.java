package dev.tether.web;

import dev.tether.manifest.Kind;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusHealth;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The overview's reads in SQL, so a request costs the rows it lists rather than every resource
 * (DESIGN §7, issue 19): resources counted by topology, kind and health with one GROUP BY, and the
 * ids of only the rows a page lists, worst health first. Health is never decided here: SQL groups
 * by the columns it is made of (the {@link StatusHealth} stored with each status, being deleted,
 * paused, a status behind the spec's generation) and {@link Health#of(boolean, boolean, boolean,
 * StatusHealth)} names each group; the order of the rows is looked up in a table that same method
 * wrote.
 */
@Component
class OverviewQuery {

    /** Resources of one topology and kind with one health, and the newest pass among them. */
    record Tally(String topology, Kind kind, Health health, long count, Instant lastReconciled) {
    }

    /**
     * What each row is sorted and counted by. A resource without a status row yet has the health
     * of a status nobody wrote ({@link ResourceStatus#pending}).
     */
    private static final String FACTS = """
            facts AS (
                SELECT r.id, r.kind, r.name, COALESCE(r.topology, :none) AS topology,
                       r.deletion_requested_at IS NOT NULL AS deleting, r.paused,
                       (s.observed_generation IS NULL OR s.observed_generation < r.generation) AS behind,
                       COALESCE(s.health, :pending) AS health, s.reconciled_at
                FROM resources r LEFT JOIN resource_status s ON s.resource_id = r.id)""";

    private static final String TALLY = "WITH " + FACTS + """

            SELECT topology, kind, deleting, paused, behind, health, count(*) AS n, max(reconciled_at) AS seen
            FROM facts GROUP BY topology, kind, deleting, paused, behind, health""";

    /** Rows in overview order: health (worst first), then kind, then name as Java compares it. */
    private static final String RANKED = "WITH " + ranks() + ",\n" + kinds() + ",\n" + FACTS + """
            ,
            ranked AS (
                SELECT f.id, f.topology, rk.rank, k.kind_order, f.name
                FROM facts f JOIN ranks rk USING (deleting, paused, behind, health) JOIN kinds k USING (kind))
            """;

    private static final String FIRST_OF_EACH = RANKED + """
            SELECT id FROM (
                SELECT id, topology, row_number() OVER (PARTITION BY topology ORDER BY rank, kind_order, name COLLATE "C") AS n
                FROM ranked) numbered
            WHERE n <= :rows ORDER BY topology, n""";

    private static final String PAGE = RANKED + """
            SELECT id FROM ranked WHERE topology = :topology
            ORDER BY rank, kind_order, name COLLATE "C" LIMIT :rows OFFSET :offset""";

    private final JdbcClient jdbc;

    OverviewQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every resource counted by topology, kind and health. */
    List<Tally> tally() {
        return jdbc.sql(TALLY).param("none", PageViews.NO_TOPOLOGY).param("pending", PENDING.name())
                .query((rs, n) -> {
                    Timestamp seen = rs.getTimestamp("seen");
                    return new Tally(rs.getString("topology"), Kind.fromName(rs.getString("kind")).orElseThrow(),
                            Health.of(rs.getBoolean("deleting"), rs.getBoolean("paused"), rs.getBoolean("behind"),
                                    StatusHealth.valueOf(rs.getString("health"))),
                            rs.getLong("n"), seen == null ? null : seen.toInstant());
                }).list();
    }

    /** The ids of the first {@code rows} resources of every topology, topology by topology, each in overview order. */
    List<Long> firstOfEach(int rows) {
        return jdbc.sql(FIRST_OF_EACH).param("none", PageViews.NO_TOPOLOGY).param("pending", PENDING.name())
                .param("rows", rows).query(Long.class).list();
    }

    /** The ids of {@code rows} resources of one topology from {@code offset} on, in overview order. */
    List<Long> page(String topology, int offset, int rows) {
        return jdbc.sql(PAGE).param("none", PageViews.NO_TOPOLOGY).param("pending", PENDING.name())
                .param("topology", topology).param("rows", rows).param("offset", offset).query(Long.class).list();
    }

    /** What a missing status says: that of a status nobody wrote yet. */
    private static final StatusHealth PENDING = StatusHealth.of(ResourceStatus.pending(Instant.EPOCH));

    /** Every combination of the columns health is made of, with its place in the overview's order. */
    private static String ranks() {
        StringJoiner rows = new StringJoiner(", ", "ranks(deleting, paused, behind, health, rank) AS (VALUES ", ")");
        for (boolean deleting : new boolean[] {false, true}) {
            for (boolean paused : new boolean[] {false, true}) {
                for (boolean behind : new boolean[] {false, true}) {
                    for (StatusHealth s : StatusHealth.values()) {
                        rows.add("(" + deleting + ", " + paused + ", " + behind + ", '" + s.name() + "', "
                                + PageViews.rank(Health.of(deleting, paused, behind, s)) + ")");
                    }
                }
            }
        }
        return rows.toString();
    }

    /** Kinds in the order of {@link Kind}, as the overview sorts them. */
    private static String kinds() {
        StringJoiner rows = new StringJoiner(", ", "kinds(kind, kind_order) AS (VALUES ", ")");
        for (Kind k : Kind.values()) {
            rows.add("('" + k.manifestName() + "', " + k.ordinal() + ")");
        }
        return rows.toString();
    }
}
