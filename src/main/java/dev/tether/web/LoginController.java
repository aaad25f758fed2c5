package dev.tether.web;

import dev.tether.runtime.TetherMode;
import dev.tether.runtime.TetherRuntime;
import dev.tether.runtime.WebSessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The login form: a person pastes the API token (and optionally their name, recorded as the
 * actor of what they do) and gets a signed session cookie, {@code HttpOnly} and
 * {@code SameSite=Strict}, so the token itself is never kept by the browser.
 */
@Controller
class LoginController {

    private final WebSessions sessions;
    private final String tokenFile;

    LoginController(WebSessions sessions, TetherRuntime runtime) {
        this.sessions = sessions;
        // where a generated sandbox token is kept (a path, never the token)
        this.tokenFile = runtime.mode() == TetherMode.SANDBOX
                ? runtime.dataDir().resolve(TetherRuntime.TOKEN_FILE).toString() : null;
    }

    @org.springframework.web.bind.annotation.ModelAttribute("tokenFile")
    String tokenFile() {
        return tokenFile;
    }

    @GetMapping(path = "/login", produces = MediaType.TEXT_HTML_VALUE)
    String form(@RequestParam(name = "next", required = false) String next, HttpServletResponse response, Model model) {
        Pages.headers(response);
        model.addAttribute("next", safeNext(next));
        return "login";
    }

    @PostMapping(path = "/login", produces = MediaType.TEXT_HTML_VALUE)
    String login(@RequestParam(name = "token", required = false) String token,
                 @RequestParam(name = "name", required = false) String name,
                 @RequestParam(name = "next", required = false) String next,
                 HttpServletRequest request, HttpServletResponse response, Model model) {
        Pages.headers(response);
        if (!sessions.tokenMatches(token == null ? null : token.strip())) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            model.addAttribute("next", safeNext(next));
            model.addAttribute("error", "That is not Tether's API token (TETHER_API_TOKEN).");
            model.addAttribute("name", WebSessions.safeUser(name));
            return "login";
        }
        if (name != null && !name.isBlank() && WebSessions.safeUser(name) == null) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("next", safeNext(next));
            model.addAttribute("error", "Your name may hold letters, digits and @ . _ + - (at most 64).");
            return "login";
        }
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, sessions.issue(name), WebSessions.MAX_AGE.toSeconds()));
        return "redirect:" + safeNext(next);
    }

    @PostMapping("/logout")
    String logout(@RequestParam(name = "_csrf", required = false) String csrf, HttpServletRequest request,
                  HttpServletResponse response) {
        if (request.getAttribute(WebSessions.ATTRIBUTE) instanceof WebSessions.Session s && sessions.csrfMatches(s, csrf)) {
            response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, "", 0));
            return "redirect:/login";
        }
        throw new PageController.CsrfException();
    }

    private static String cookie(HttpServletRequest request, String value, long maxAge) {
        boolean secure = request.isSecure() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
        return ResponseCookie.from(WebSessions.COOKIE, value).httpOnly(true).sameSite("Strict").path("/")
                .secure(secure).maxAge(maxAge).build().toString();
    }

    /** Only a path on this site: never an absolute URL or {@code //host}, so the form cannot send anyone elsewhere. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.chars().anyMatch(c -> c < 0x20)) {
            return "/";
        }
        return next;
    }
}
