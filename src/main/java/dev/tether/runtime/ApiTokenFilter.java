package dev.tether.runtime;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every endpoint but liveness/readiness needs {@code Authorization: Bearer $TETHER_API_TOKEN}.
 * The REST API ({@code /api/**}) and actuator take the bearer token only; the status pages also
 * take HTTP Basic with the token as password or the session cookie of {@link WebSessions}, and a
 * browser without either is sent to the login form. The login form and the pages' own static
 * assets are open. The token is compared in constant time; a failure answers 401 with a problem
 * body and says nothing about the token. The scheme is case-insensitive ({@code bearer} works). A
 * request for Spring's {@code /error} itself answers 404.
 */
class ApiTokenFilter extends OncePerRequestFilter {

    private final byte[] expected;
    private final WebSessions sessions;

    ApiTokenFilter(String token, WebSessions sessions) {
        this.expected = token.getBytes(StandardCharsets.UTF_8);
        this.sessions = sessions;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        // Health probes are open; Heroku's webhook deliveries prove themselves with an HMAC.
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/") || path.startsWith("/webhooks/")
                // the login form and the pages' stylesheet and script hold nothing secret
                || path.equals("/login") || path.startsWith("/assets/") || path.equals("/favicon.ico");
    }

    /** The REST API and actuator: bearer token only. Everything else is a status page. */
    private static boolean isApi(String path) {
        return path.startsWith("/api/") || path.equals("/api") || path.startsWith("/actuator");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getRequestURI().equals("/error") && request.getDispatcherType() == jakarta.servlet.DispatcherType.REQUEST) {
            // Spring's error page, asked for directly: there is no error to render (it would answer 500)
            problem(response, HttpServletResponse.SC_NOT_FOUND, "not-found", "Not Found", "/error is not a page");
            return;
        }
        String header = request.getHeader("Authorization");
        if (MessageDigest.isEqual(expected, bearerToken(header))) {
            if (!isApi(request.getRequestURI())) {
                request.setAttribute(WebSessions.ATTRIBUTE, new WebSessions.Session("bearer", null, java.time.Instant.now()));
            }
            chain.doFilter(request, response);
            return;
        }
        if (!isApi(request.getRequestURI())) {
            var session = sessions.authenticate(request);
            if (session.isPresent()) {
                request.setAttribute(WebSessions.ATTRIBUTE, session.get());
                chain.doFilter(request, response);
                return;
            }
            String accept = request.getHeader("Accept");
            if ("GET".equals(request.getMethod()) && accept != null && accept.contains("text/html")) {
                String target = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
                response.setStatus(HttpServletResponse.SC_SEE_OTHER);
                response.setHeader("Location", "/login?next=" + java.net.URLEncoder.encode(target, StandardCharsets.UTF_8));
                return;
            }
        }
        String detail = header == null
                ? "is missing: send Authorization: Bearer <TETHER_API_TOKEN>"
                : "does not carry a valid bearer token";
        response.setHeader("WWW-Authenticate", isApi(request.getRequestURI())
                ? "Bearer realm=\"tether\"" : "Basic realm=\"tether\", charset=\"UTF-8\"");
        problem(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", "Unauthorized", "Authorization " + detail);
    }

    /**
     * The token of an {@code Authorization: Bearer <token>} header, the scheme matched without
     * regard to case (RFC 7235 §2.1), or nothing.
     */
    private static byte[] bearerToken(String header) {
        if (header == null) {
            return new byte[0];
        }
        String h = header.strip();
        int space = h.indexOf(' ');
        if (space < 0 || !h.substring(0, space).equalsIgnoreCase("Bearer")) {
            return new byte[0];
        }
        return h.substring(space + 1).strip().getBytes(StandardCharsets.UTF_8);
    }

    /** A problem body; the messages here are fixed text, never what the caller sent. */
    private static void problem(HttpServletResponse response, int status, String type, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        String path = status == HttpServletResponse.SC_UNAUTHORIZED ? "Authorization" : "";
        String message = path.isEmpty() ? detail : detail.replaceFirst("^Authorization ", "Authorization: ");
        response.getOutputStream().write(("{\"type\":\"https://tether.dev/problems/" + type + "\",\"title\":\"" + title + "\","
                + "\"status\":" + status + ",\"detail\":\"" + detail + "\",\"errors\":[{\"path\":\"" + path + "\",\"message\":\""
                + message + "\"}]}").getBytes(StandardCharsets.UTF_8));
    }
}
