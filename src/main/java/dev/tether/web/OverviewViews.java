package dev.tether.web;

import dev.tether.kong.KongProperties;
import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.Kind;
import dev.tether.manifest.StoredResource;
import dev.tether.reconcile.WorkQueue;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The overview at {@code /}: every resource counted by health; rows grouped by topology, one
 * table each, worst health first. Counts come from SQL ({@link OverviewQuery}) and only the
 * listed rows are read, so a request costs what it shows, not the number of resources (DESIGN
 * §7). A filter ({@code q}) matches words of a row's reason, which only its status document
 * holds: filtered requests read every resource, as they always did.
 */
@Component
class OverviewViews {

    /** Rows a topology shows on the overview itself (worst first) while there are few topologies; the rest are counted and paged. */
    static final int GROUP_ROWS = 25;
    /** Rows the whole overview lists at most, shared by its topologies (each still shows its worst {@link #FEWEST_ROWS}). */
    static final int OVERVIEW_ROWS = 250;
    /** Rows every topology shows however many there are: its worst ones. */
    static final int FEWEST_ROWS = 5;
    /**
     * How many rows each of {@code topologies} lists on the overview: {@link #GROUP_ROWS} while
     * they fit in {@link #OVERVIEW_ROWS}, fewer (never under {@link #FEWEST_ROWS}) when there are
     * many, so that fifty topologies read as fifty short tables of what is worst in each, with the
     * rest counted and a link to page through it, not as 1,250 rows to scroll.
     */
    static int rowsPerTopology(int topologies) {
        return Math.max(FEWEST_ROWS, Math.min(GROUP_ROWS, OVERVIEW_ROWS / Math.max(1, topologies)));
    }

    /** Rows on one page of a single topology ({@code /?topology=...&page=N}). */
    static final int PAGE_ROWS = 100;

    private final OverviewQuery query;
    private final DesiredStateStore store;
    private final StatusStore statuses;
    private final PageViews views;
    private final WorkQueue queue;
    private final KongProperties kong;
    private final TransactionTemplate snapshot;
    private final Clock clock;

    OverviewViews(OverviewQuery query, DesiredStateStore store, StatusStore statuses, PageViews views, WorkQueue queue,
                  KongProperties kong, PlatformTransactionManager transactions, Clock clock) {
        this.query = query;
        this.store = store;
        this.statuses = statuses;
        this.views = views;
        this.queue = queue;
        this.kong = kong;
        this.clock = clock;
        // counts and rows from one snapshot, so the rows listed and the rows counted are the same rows
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setReadOnly(true);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    Pages.Overview overview(String query) {
        return overview(query, null, 1, true);
    }

    /**
     * The overview. Without {@code focus} each topology lists its first {@link #rowsPerTopology} rows
     * and counts the rest by health and kind, with a link to page through them; with {@code
     * focus} (a topology) only that topology is shown, {@link #PAGE_ROWS} rows a page. Without
     * {@code rows} only the counters and gauges are filled in (the live refresh of the summary).
     */
    Pages.Overview overview(String q, String focus, int pageNumber, boolean rows) {
        Instant now = clock.instant();
        statuses.fillMissingHealth();
        String cleanQuery = q == null ? "" : q.strip();
        return snapshot.execute(tx -> {
            List<OverviewQuery.Tally> tally = query.tally();
            Map<Health, Long> counts = new EnumMap<>(Health.class);
            for (Health h : Health.values()) {
                counts.put(h, 0L);
            }
            tally.forEach(t -> counts.merge(t.health(), t.count(), Long::sum));
            int total = (int) tally.stream().mapToLong(OverviewQuery.Tally::count).sum();
            Instant kongSeen = tally.stream().filter(t -> t.kind() != Kind.HEROKU_APP && t.kind() != Kind.API_KEY)
                    .map(OverviewQuery.Tally::lastReconciled).filter(t -> t != null).max(Comparator.naturalOrder()).orElse(null);
            List<Section> sections = !rows ? List.of()
                    : cleanQuery.isEmpty() ? counted(tally, focus, pageNumber) : filtered(cleanQuery, focus, pageNumber);
            List<Pages.TopologyGroup> groups = new ArrayList<>();
            for (Section s : sections) {
                groups.add(s.group("topology-" + groups.size(), cleanQuery, now));
            }
            int shown = rows ? sections.stream().mapToInt(Section::size).sum() : total;
            List<Pages.Count> countList = counts.entrySet().stream().map(e -> new Pages.Count(e.getKey(), e.getValue())).toList();
            return new Pages.Overview(countList, total, shown, cleanQuery, focus, views.budgetView(),
                    kongView(kongSeen, now), queueView(now), groups, Pages.When.of(now, now));
        });
    }

    // ----- unfiltered: counted in SQL, only the listed rows read

    private List<Section> counted(List<OverviewQuery.Tally> tally, String focus, int pageNumber) {
        Map<String, Map<Health, Map<Kind, Integer>>> byTopology = new TreeMap<>(TOPOLOGY_ORDER);
        for (OverviewQuery.Tally t : tally) {
            if (focus == null || focus.equals(t.topology())) {
                byTopology.computeIfAbsent(t.topology(), x -> new EnumMap<>(Health.class))
                        .computeIfAbsent(t.health(), x -> new EnumMap<>(Kind.class)).merge(t.kind(), (int) t.count(), Integer::sum);
            }
        }
        if (focus == null) {
            Map<String, List<Ranked>> listed = ranked(query.firstOfEach(rowsPerTopology(byTopology.size()))).stream()
                    .collect(Collectors.groupingBy(Ranked::topology, LinkedHashMap::new, Collectors.toList()));
            return byTopology.entrySet().stream()
                    .map(e -> new Section(e.getKey(), e.getValue(), listed.getOrDefault(e.getKey(), List.of()), null)).toList();
        }
        return byTopology.entrySet().stream().map(e -> {
            Window w = Window.of(size(e.getValue()), pageNumber);
            return new Section(e.getKey(), e.getValue(), ranked(query.page(e.getKey(), w.from(), PAGE_ROWS)), w);
        }).toList();
    }

    /** The resources with these ids and their statuses, in the order of the ids. */
    private List<Ranked> ranked(List<Long> ids) {
        Map<Long, StoredResource> byId = store.byIds(ids).stream().collect(Collectors.toMap(StoredResource::id, Function.identity()));
        Map<Long, ResourceStatus> status = statuses.getAll(ids);
        return ids.stream().filter(byId::containsKey).map(id -> Ranked.of(byId.get(id), status.get(id))).toList();
    }

    // ----- filtered: every resource read, matched against its words

    private List<Section> filtered(String q, String focus, int pageNumber) {
        List<StoredResource> all = store.list(Optional.empty(), Map.of());
        Map<Long, ResourceStatus> status = statuses.getAll(all.stream().map(StoredResource::id).toList());
        String lower = q.toLowerCase(Locale.ROOT);
        Map<String, List<Ranked>> grouped = new TreeMap<>(TOPOLOGY_ORDER);
        for (StoredResource r : all) {
            Ranked x = Ranked.of(r, status.get(r.id()));
            if ((focus == null || focus.equals(x.topology())) && matches(x.search(), lower)) {
                grouped.computeIfAbsent(x.topology(), t -> new ArrayList<>()).add(x);
            }
        }
        List<Section> sections = new ArrayList<>();
        grouped.forEach((topology, ranked) -> {
            ranked.sort(Comparator.comparingInt((Ranked x) -> PageViews.rank(x.health())).thenComparing(x -> x.r().kind())
                    .thenComparing(x -> x.r().name()));
            Map<Health, Map<Kind, Integer>> counts = new EnumMap<>(Health.class);
            ranked.forEach(x -> counts.computeIfAbsent(x.health(), h -> new EnumMap<>(Kind.class)).merge(x.r().kind(), 1, Integer::sum));
            Window w = focus == null ? null : Window.of(ranked.size(), pageNumber);
            List<Ranked> listed = w == null ? ranked.subList(0, Math.min(ranked.size(), rowsPerTopology(grouped.size())))
                    : ranked.subList(w.from(), Math.min(ranked.size(), w.from() + PAGE_ROWS));
            sections.add(new Section(topology, counts, listed, w));
        });
        return sections;
    }

    private static boolean matches(String search, String q) {
        for (String word : q.split("\\s+")) {
            if (!search.contains(word)) {
                return false;
            }
        }
        return true;
    }

    // ----- one topology's table

    /** Topologies by name, the resources without the label last. */
    private static final Comparator<String> TOPOLOGY_ORDER = Comparator
            .comparing((String t) -> t.equals(PageViews.NO_TOPOLOGY)).thenComparing(Comparator.naturalOrder());

    /** Which rows of a topology one page of it shows. */
    private record Window(int page, int pages, int from) {
        static Window of(int size, int asked) {
            int pages = Math.max(1, (size + PAGE_ROWS - 1) / PAGE_ROWS);
            int p = Math.min(Math.max(1, asked), pages);
            return new Window(p, pages, (p - 1) * PAGE_ROWS);
        }
    }

    /** One topology: every resource in it counted by health and kind, the rows listed, and which page (when focused). */
    private record Section(String topology, Map<Health, Map<Kind, Integer>> counts, List<Ranked> listed, Window window) {

        int size() {
            return OverviewViews.size(counts);
        }

        Pages.TopologyGroup group(String id, String query, Instant now) {
            List<Pages.Row> rows = listed.stream().map(x -> x.row(now)).toList();
            StringBuilder summary = new StringBuilder();
            counts.forEach((h, kinds) -> summary.append(summary.isEmpty() ? "" : ", ").append(sum(kinds)).append(' ').append(h.label()));
            int size = size();
            if (window == null) {
                String more = listed.size() == size ? null : hiddenSummary(size - listed.size());
                return new Pages.TopologyGroup(topology, id, rows, size, summary.toString(), more,
                        more == null ? null : overviewHref(query, topology, 1), null, null, null);
            }
            int to = window.from() + listed.size();
            return new Pages.TopologyGroup(topology, id, rows, size, summary.toString(), null, null,
                    "Rows " + (window.from() + 1) + "\u2013" + to + " of " + size + " (page " + window.page() + " of " + window.pages() + ")",
                    window.page() > 1 ? overviewHref(query, topology, window.page() - 1) : null,
                    window.page() < window.pages() ? overviewHref(query, topology, window.page() + 1) : null);
        }

        /** "950 more: 940 Ready (400 HerokuApp, 540 ApiKey), 10 Progressing (10 ApiKey)", worst first. */
        private String hiddenSummary(int hidden) {
            Map<Health, Map<Kind, Integer>> left = new TreeMap<>(Comparator.comparingInt(PageViews::rank));
            counts.forEach((h, kinds) -> left.put(h, new EnumMap<>(kinds)));
            listed.forEach(x -> left.computeIfAbsent(x.health(), h -> new EnumMap<>(Kind.class)).merge(x.r().kind(), -1, Integer::sum));
            StringBuilder b = new StringBuilder().append(hidden).append(" more: ");
            String sep = "";
            for (var e : left.entrySet()) {
                e.getValue().values().removeIf(c -> c == 0);
                if (e.getValue().isEmpty()) {
                    continue;
                }
                String kinds = e.getValue().entrySet().stream().map(k -> k.getValue() + " " + k.getKey().manifestName())
                        .collect(Collectors.joining(", "));
                b.append(sep).append(sum(e.getValue())).append(' ').append(e.getKey().label()).append(" (").append(kinds).append(')');
                sep = ", ";
            }
            return b.toString();
        }
    }

    private static int size(Map<Health, Map<Kind, Integer>> counts) {
        return counts.values().stream().mapToInt(OverviewViews::sum).sum();
    }

    private static int sum(Map<Kind, Integer> kinds) {
        return kinds.values().stream().mapToInt(Integer::intValue).sum();
    }

    static String overviewHref(String query, String topology, int page) {
        return "/?" + (query.isEmpty() ? "" : "q=" + PageController.encode(query) + "&")
                + "topology=" + PageController.encode(topology) + "&page=" + page;
    }

    /**
     * A resource on its way to the overview, with its health; its reason, search text and row
     * are only worked out when needed (a filter, or a row that is listed).
     */
    private record Ranked(Health health, StoredResource r, ResourceStatus s, String topology) {

        static Ranked of(StoredResource r, ResourceStatus s) {
            return new Ranked(Health.of(r.deleting(), r.paused(), r.generation(), s), r, s,
                    r.labels().getOrDefault(PageViews.TOPOLOGY_LABEL, PageViews.NO_TOPOLOGY));
        }

        String reason() {
            return health == Health.READY ? "" : PageViews.reasonLine(health, r, s);
        }

        String search() {
            return search(reason());
        }

        private String search(String reason) {
            return (r.name() + " " + r.kind().manifestName() + " " + topology + " " + health.label() + " " + reason)
                    .toLowerCase(Locale.ROOT);
        }

        Pages.Row row(Instant now) {
            String reason = reason();
            return new Pages.Row(r.kind().manifestName(), r.name(), PageViews.href(r.kind().manifestName(), r.name()), health, reason,
                    Pages.When.of(s.lastReconciledAt(), now), r.generation(), search(reason));
        }
    }

    // ----- gauges

    private Pages.KongFreshness kongView(Instant seen, Instant now) {
        if (seen == null) {
            return new Pages.KongFreshness(false, false, "no Kong poll yet");
        }
        Duration age = Duration.between(seen, now);
        boolean stale = age.compareTo(kong.pollInterval().multipliedBy(2).plusSeconds(10)) > 0;
        return new Pages.KongFreshness(true, stale, "Kong last observed " + Ago.of(seen, now)
                + " (polled every " + Ago.span(kong.pollInterval().toSeconds()) + ")" + (stale ? ": stale" : ""));
    }

    private Pages.QueueView queueView(Instant now) {
        WorkQueue.Depth d = queue.depth();
        if (d.due() == 0) {
            return new Pages.QueueView(0, "nothing due");
        }
        return new Pages.QueueView(d.due(), "due; oldest due " + Ago.of(d.oldestDue(), now));
    }
}
