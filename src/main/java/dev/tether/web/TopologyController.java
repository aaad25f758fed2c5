package dev.tether.web;

import dev.tether.manifest.ResourceNotFoundException;
import dev.tether.runtime.WebSessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code GET /topology[?topology=<label>]}: the gateway topology drawn as SVG, updated live
 * ({@code ?fragment=graph} is what the page re-reads when the server-sent events say something changed).
 */
@Controller
class TopologyController {

    private final TopologyViews views;
    private final WebSessions sessions;

    TopologyController(TopologyViews views, WebSessions sessions) {
        this.views = views;
        this.sessions = sessions;
    }

    @GetMapping(path = "/topology", produces = MediaType.TEXT_HTML_VALUE)
    String topology(@RequestParam(name = "topology", required = false) String topology,
                    @RequestParam(name = "fragment", required = false) String fragment,
                    HttpServletRequest request, HttpServletResponse response, Model model) {
        Pages.headers(response);
        WebSessions.Session s = request.getAttribute(WebSessions.ATTRIBUTE) instanceof WebSessions.Session x ? x : null;
        model.addAttribute("csrf", s == null ? "" : sessions.csrfToken(s));
        model.addAttribute("user", s == null ? null : s.actor());
        model.addAttribute("cookieSession", s != null && !s.id().equals("basic") && !s.id().equals("bearer"));
        model.addAttribute("page", views.page(topology));
        if (fragment == null) {
            return "topology";
        }
        if (!fragment.equals("graph")) {
            throw new ResourceNotFoundException("no page fragment '" + fragment + "'");
        }
        return "topology :: graph";
    }
}
