package dev.tether.web;

import java.util.List;

/**
 * What the status pages show, computed before rendering so templates only place text: every
 * record here is display-ready (times formatted, secrets already masked).
 */
public final class Pages {

    private Pages() {
    }

    /** Headers every page carries: no caching, no framing, nothing loaded from anywhere but Tether. */
    static void headers(jakarta.servlet.http.HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("X-Frame-Options", "DENY");
    }

    /** A time shown as "12 s ago" with its exact UTC value and ISO form for {@code <time>}. */
    public record When(String ago, String exact, String iso) {
        static When of(java.time.Instant t, java.time.Instant now) {
            return new When(Ago.of(t, now), Ago.exact(t), Ago.iso(t));
        }
    }

    /** The overview at {@code /}. */
    public record Overview(List<Count> counts, int total, int shown, String query, String focus, Budget budget, KongFreshness kong,
                           QueueView queue, List<TopologyGroup> groups, When renderedAt) {
    }

    /** One counter on top: how many resources have this health. */
    public record Count(Health health, long count) {
    }

    /** The Heroku rate budget gauge and its recent history. */
    public record Budget(boolean known, int remaining, int limit, String level, String points, String summary) {
    }

    /** How fresh the last observation of the Kong gateway is. */
    public record KongFreshness(boolean any, boolean stale, String text) {
    }

    /** The work queue: keys due now and how long the oldest has waited. */
    public record QueueView(long due, String text) {
    }

    /**
     * Resources with one value of the {@code topology} label, worst health first, in one table:
     * the rows on this page; {@code more} counts those left off (with {@code moreHref} to page
     * through them); {@code range}, {@code prevHref}, {@code nextHref} when one topology is paged.
     */
    public record TopologyGroup(String topology, String id, List<Row> rows, int size, String summary, String more,
                                String moreHref, String range, String prevHref, String nextHref) {
    }

    /** One resource on the overview. */
    public record Row(String kind, String name, String href, Health health, String reason, When lastReconciled,
                      long generation, String search) {

        /**
         * The row's {@code <tr>}, every value HTML-escaped. The overview repeats this for up to
         * thousands of resources; writing it here rather than as a dozen template expressions
         * per row is most of what keeps the page within its budget (docs/BENCHMARKS.md).
         */
        public String html() {
            StringBuilder b = new StringBuilder(512);
            b.append("<tr data-search=\"").append(esc(search)).append("\" data-health=\"").append(esc(health.label()))
                    .append("\">\n<td><span class=\"badge ").append(esc(health.css()))
                    .append("\"><span aria-hidden=\"true\">").append(esc(health.symbol()))
                    .append("</span> <span class=\"label\">").append(esc(health.label())).append("</span></span></td>\n")
                    .append("<td class=\"kind\">").append(esc(kind)).append("</td>\n")
                    .append("<th scope=\"row\"><a href=\"").append(esc(href)).append("\">").append(esc(name)).append("</a></th>\n")
                    .append("<td><time class=\"age\"");
            if (lastReconciled.iso() != null) {
                b.append(" datetime=\"").append(esc(lastReconciled.iso())).append('"');
            }
            if (lastReconciled.exact() != null) {
                b.append(" title=\"").append(esc(lastReconciled.exact())).append('"');
            }
            b.append('>').append(esc(lastReconciled.ago())).append("</time></td>\n")
                    .append("<td class=\"reason\">").append(esc(reason)).append("</td>\n</tr>\n");
            return b.toString();
        }

        private static String esc(String s) {
            return s == null ? "" : org.unbescape.html.HtmlEscape.escapeHtml4Xml(s);
        }
    }

    /** The page of one resource. */
    public record ResourcePage(long id, String kind, String name, String href, long generation, String resourceVersion,
                               Long observedGeneration, Health health, String headline, boolean paused, boolean deleting,
                               List<Pair> labels, List<SpecRow> spec, int differences, List<Pair> external,
                               List<ConditionView> conditions, List<DriftView> drift, List<EventView> events,
                               String olderEvents, boolean newestEvents, List<GenerationRow> generations, DiffView diff,
                               KongServiceView kongService, ApiKeyView apiKey, When lastReconciled, String notice,
                               String error, String csrf) {
    }

    /** A label or a field of {@code status.external}. */
    public record Pair(String key, String value) {
    }

    /**
     * One leaf of the spec beside what was observed.
     *
     * @param state {@code same} (the world matches), {@code differs} (drift) or {@code unknown}
     */
    public record SpecRow(String path, String desired, String observed, String state, String stateText) {
    }

    /** A condition with its reason and when its status last changed. */
    public record ConditionView(String type, String status, String reason, String message, When since, String css) {
    }

    /** One current difference between the spec and the world. */
    public record DriftView(String path, String desired, String observed, When since, String actor) {
    }

    /** One timeline entry. */
    public record EventView(long id, String type, String reason, String message, String actor, When at) {
    }

    /** A deleted resource: only its timeline is left (events outlive their resource). */
    public record DeletedPage(String kind, String name, List<EventView> events, String olderEvents) {
    }

    /** One spec generation. */
    public record GenerationRow(long generation, String actor, String cause, When at, boolean current) {
    }

    /** The differences between two generations. */
    public record DiffView(long from, long to, List<DiffLine> lines) {
    }

    /** One changed path between two generations. */
    public record DiffLine(String path, String from, String to, String change) {
    }

    /** A KongService's Secured probe and route table. */
    public record KongServiceView(ConditionView secured, String upstream, List<RouteRow> routes, List<String> plugins) {
    }

    /** One route of a KongService's spec. */
    public record RouteRow(String name, String paths, String hosts, String methods, String protocols, String stripPath,
                           String preserveHost) {
    }

    /** An ApiKey's rotation state: its schedule, targets and what the loop recorded (never the value). */
    public record ApiKeyView(String rotateEvery, String gracePeriod, String header, List<Pair> targets, List<Pair> state) {
    }

    /** The rollback confirmation page. */
    public record RollbackPage(String kind, String name, String href, long current, long target, List<DiffLine> lines,
                               String resourceVersion, String csrf) {
    }
}
