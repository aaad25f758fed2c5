package dev.tether.web;

import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.Kind;
import dev.tether.manifest.ManifestSchemas;
import dev.tether.manifest.ManifestValidator;
import dev.tether.manifest.ResourceNotFoundException;
import dev.tether.manifest.StoredResource;
import dev.tether.manifest.ResourceKey;
import dev.tether.reconcile.ProposalDecisions;
import dev.tether.reconcile.Proposals;
import dev.tether.reconcile.WorkQueue;
import dev.tether.runtime.WebSessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The status pages (DESIGN §5): the overview at {@code /}, one page per resource, and the
 * actions a person takes there (reconcile now, pause/resume, rollback), each a POST carrying the
 * session's CSRF token and recorded with the person as actor. Authentication happens before
 * this controller (the runtime's token filter); reads come from the store and status, never
 * from Heroku or Kong.
 */
@Controller
class PageController {

    private final PageViews views;
    private final OverviewViews overviews;
    private final StatusChanges changes;
    private final DesiredStateStore store;
    private final ManifestValidator validator;
    private final WorkQueue queue;
    private final WebSessions sessions;
    private final JsonMapper mapper;
    private final Clock clock;
    private final Proposals proposals;
    private final ProposalDecisions decisions;

    PageController(PageViews views, OverviewViews overviews, StatusChanges changes, DesiredStateStore store, ManifestValidator validator,
                   WorkQueue queue, WebSessions sessions, JsonMapper mapper, Clock clock, Proposals proposals,
                   ProposalDecisions decisions) {
        this.proposals = proposals;
        this.decisions = decisions;
        this.views = views;
        this.overviews = overviews;
        this.changes = changes;
        this.store = store;
        this.validator = validator;
        this.queue = queue;
        this.sessions = sessions;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Pages are never cached, framed or allowed to load anything from elsewhere. */
    @ModelAttribute
    void pageHeaders(HttpServletRequest request, HttpServletResponse response, Model model) {
        Pages.headers(response);
        WebSessions.Session s = session(request);
        model.addAttribute("csrf", s == null ? "" : sessions.csrfToken(s));
        model.addAttribute("user", s == null ? null : s.actor());
        model.addAttribute("cookieSession", s != null && !s.id().equals("basic") && !s.id().equals("bearer"));
    }

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    String overview(@RequestParam(name = "q", required = false) String q,
                    @RequestParam(name = "topology", required = false) String topology,
                    @RequestParam(name = "page", required = false, defaultValue = "1") int page,
                    @RequestParam(name = "fragment", required = false) String fragment, Model model) {
        String shown = fragment == null ? null : fragmentName(fragment, "summary", "groups");
        // the live refresh of the counters (every few seconds) needs no rows
        model.addAttribute("page", overviews.overview(q, topology == null || topology.isBlank() ? null : topology, page,
                !"summary".equals(shown)));
        return shown == null ? "overview" : "overview :: " + shown;
    }

    @GetMapping(path = "/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter live(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no");
        return changes.open();
    }

    @GetMapping(path = "/resources/{kind}/{name}", produces = MediaType.TEXT_HTML_VALUE)
    String resource(@PathVariable("kind") String kind, @PathVariable("name") String name,
                    @RequestParam(name = "before", required = false) Long before,
                    @RequestParam(name = "from", required = false) Long from,
                    @RequestParam(name = "to", required = false) Long to,
                    @RequestParam(name = "done", required = false) String done,
                    @RequestParam(name = "fragment", required = false) String fragment,
                    HttpServletRequest request, Model model) {
        Kind k = kind(kind);
        if (fragment == null && store.find(k, name).isEmpty()) {
            // deleted: its timeline is kept and shown (a name nothing ever had is still a 404;
            // a live page's fragment request still gets 404, so it says the resource is gone)
            model.addAttribute("page", views.deleted(k, name, before)
                    .orElseThrow(() -> new ResourceNotFoundException(k.manifestName() + "/" + name + " does not exist")));
            return "deleted";
        }
        model.addAttribute("page", views.resource(k, name, before, from, to, notice(done), null, csrf(request)));
        model.addAttribute("proposals", proposals.list("open", k, name));
        return fragment == null ? "resource" : "resource :: " + fragmentName(fragment, "live");
    }

    /** The confirmation page of a decision on a proposal (approve mode, DESIGN §2c). */
    @GetMapping(path = "/resources/{kind}/{name}/proposals/{id}", produces = MediaType.TEXT_HTML_VALUE)
    String confirmDecision(@PathVariable("kind") String kind, @PathVariable("name") String name, @PathVariable("id") long id,
                           @RequestParam(name = "decision", defaultValue = "approve") String decision,
                           HttpServletRequest request, Model model) {
        Kind k = kind(kind);
        Proposals.Proposal p = proposals.get(id).filter(x -> x.kind().equals(k.manifestName()) && x.name().equals(name))
                .orElseThrow(() -> new ResourceNotFoundException(k.manifestName() + "/" + name + " has no proposal " + id));
        boolean approve = !decision.equals("reject");
        model.addAttribute("proposal", p);
        model.addAttribute("approve", approve);
        model.addAttribute("verb", approve ? "Approve" : "Reject");
        model.addAttribute("href", PageViews.href(k.manifestName(), name));
        model.addAttribute("csrf", csrf(request));
        return "proposal";
    }

    @PostMapping("/resources/{kind}/{name}/proposals/{id}/approve")
    String approve(@PathVariable("kind") String kind, @PathVariable("name") String name, @PathVariable("id") long id,
                   @RequestParam(name = "_csrf", required = false) String csrf, HttpServletRequest request) {
        return decide(kind, name, id, true, csrf, request);
    }

    @PostMapping("/resources/{kind}/{name}/proposals/{id}/reject")
    String reject(@PathVariable("kind") String kind, @PathVariable("name") String name, @PathVariable("id") long id,
                  @RequestParam(name = "_csrf", required = false) String csrf, HttpServletRequest request) {
        return decide(kind, name, id, false, csrf, request);
    }

    private String decide(String kind, String name, long id, boolean approve, String csrf, HttpServletRequest request) {
        WebSessions.Session s = checkCsrf(request, csrf);
        Kind k = kind(kind);
        proposals.get(id).filter(x -> x.kind().equals(k.manifestName()) && x.name().equals(name))
                .orElseThrow(() -> new ResourceNotFoundException(k.manifestName() + "/" + name + " has no proposal " + id));
        decisions.decide(id, approve, s.actor());
        return "redirect:" + PageViews.href(k.manifestName(), name) + "?done=" + (approve ? "approved" : "rejected");
    }

    @GetMapping(path = "/resources/{kind}/{name}/rollback", produces = MediaType.TEXT_HTML_VALUE)
    String confirmRollback(@PathVariable("kind") String kind, @PathVariable("name") String name,
                           @RequestParam("generation") long generation, HttpServletRequest request, Model model) {
        Kind k = kind(kind);
        StoredResource r = store.get(k, name);
        if (generation < 1 || generation > r.generation()) {
            throw new ResourceNotFoundException(k + "/" + name + " has no generation " + generation + " (it has 1 to " + r.generation() + ")");
        }
        model.addAttribute("page", new Pages.RollbackPage(k.manifestName(), name, PageViews.href(k.manifestName(), name),
                r.generation(), generation, views.diffLines(r.id(), r.generation(), generation),
                String.valueOf(r.resourceVersion()), csrf(request)));
        return "rollback";
    }

    @PostMapping("/resources/{kind}/{name}/reconcile")
    String reconcileNow(@PathVariable("kind") String kind, @PathVariable("name") String name,
                        @RequestParam(name = "_csrf", required = false) String csrf, HttpServletRequest request) {
        WebSessions.Session s = checkCsrf(request, csrf);
        Kind k = kind(kind);
        StoredResource r = store.get(k, name);
        queue.enqueue(new ResourceKey(k, name), clock.instant(), "Requested", true);
        store.recordEvent(r.id(), dev.tether.status.EventType.Normal, "ReconcileRequested",
                "Reconcile requested from the status page", s.actor());
        return "redirect:" + PageViews.href(k.manifestName(), name) + "?done=reconcile";
    }

    @PostMapping("/resources/{kind}/{name}/pause")
    String pause(@PathVariable("kind") String kind, @PathVariable("name") String name,
                 @RequestParam(name = "_csrf", required = false) String csrf,
                 @RequestParam(name = "resourceVersion", required = false) Long resourceVersion, HttpServletRequest request) {
        return setPaused(kind, name, true, csrf, resourceVersion, request);
    }

    @PostMapping("/resources/{kind}/{name}/resume")
    String resume(@PathVariable("kind") String kind, @PathVariable("name") String name,
                  @RequestParam(name = "_csrf", required = false) String csrf,
                  @RequestParam(name = "resourceVersion", required = false) Long resourceVersion, HttpServletRequest request) {
        return setPaused(kind, name, false, csrf, resourceVersion, request);
    }

    private String setPaused(String kind, String name, boolean paused, String csrf, Long resourceVersion,
                             HttpServletRequest request) {
        WebSessions.Session s = checkCsrf(request, csrf);
        Kind k = kind(kind);
        StoredResource r = store.get(k, name);
        ObjectNode spec = r.spec().deepCopy();
        if (paused) {
            spec.put("paused", true);
        } else {
            spec.remove("paused");
        }
        ObjectNode doc = mapper.createObjectNode();
        doc.put("apiVersion", ManifestSchemas.API_VERSION);
        doc.put("kind", k.manifestName());
        ObjectNode metadata = doc.putObject("metadata");
        metadata.put("name", name);
        if (!r.labels().isEmpty()) {
            ObjectNode labels = metadata.putObject("labels");
            r.labels().forEach(labels::put);
        }
        doc.set("spec", spec);
        store.apply(validator.validate(List.<JsonNode>of(doc)), s.actor(), false,
                resourceVersion == null ? r.resourceVersion() : resourceVersion);
        return "redirect:" + PageViews.href(k.manifestName(), name) + "?done=" + (paused ? "paused" : "resumed");
    }

    @PostMapping("/resources/{kind}/{name}/rollback")
    String rollback(@PathVariable("kind") String kind, @PathVariable("name") String name,
                    @RequestParam(name = "_csrf", required = false) String csrf,
                    @RequestParam("generation") long generation,
                    @RequestParam(name = "resourceVersion", required = false) Long resourceVersion, HttpServletRequest request) {
        WebSessions.Session s = checkCsrf(request, csrf);
        Kind k = kind(kind);
        store.rollback(k, name, generation, resourceVersion, s.actor());
        return "redirect:" + PageViews.href(k.manifestName(), name) + "?done=rolledback";
    }

    /** A POST without this session's CSRF token. */
    static final class CsrfException extends RuntimeException {
        CsrfException() {
            super("This form is out of date or did not come from Tether's own page: reload the page and try again");
        }
    }

    // ----- helpers

    private WebSessions.Session checkCsrf(HttpServletRequest request, String given) {
        WebSessions.Session s = session(request);
        if (s == null || !sessions.csrfMatches(s, given)) {
            throw new CsrfException();
        }
        return s;
    }

    private String csrf(HttpServletRequest request) {
        WebSessions.Session s = session(request);
        return s == null ? "" : sessions.csrfToken(s);
    }

    private static WebSessions.Session session(HttpServletRequest request) {
        return request.getAttribute(WebSessions.ATTRIBUTE) instanceof WebSessions.Session s ? s : null;
    }

    private static String fragmentName(String asked, String... allowed) {
        for (String a : allowed) {
            if (a.equals(asked)) {
                return a;
            }
        }
        throw new ResourceNotFoundException("no page fragment '" + asked + "'");
    }

    private static Kind kind(String kind) {
        return Kind.fromPath(kind);
    }

    private static String notice(String done) {
        if (done == null) {
            return null;
        }
        return switch (done) {
            case "reconcile" -> "Reconcile requested: the control loop looks at this resource now.";
            case "paused" -> "Paused: Tether keeps observing and reporting, and changes nothing.";
            case "resumed" -> "Resumed: Tether makes the world match the spec again.";
            case "rolledback" -> "Rolled back: the old spec is the current generation; the control loop applies it now.";
            case "approved" -> "Approved: the control loop carries the proposal out now.";
            case "rejected" -> "Rejected: nothing is changed; a new drift is proposed again.";
            default -> null;
        };
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
