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
 * body and says nothing about the token.
 */
class ApiTokenFilter extends OncePerRequestFilter {

    private final byte[] expected;
    private final WebSessions sessions;

    ApiTokenFilter(String token, WebSessions sessions) {
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
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
        String header = request.getHeader("Authorization");
        byte[] given = header == null ? new byte[0] : header.strip().getBytes(StandardCharsets.UTF_8);
        if (MessageDigest.isEqual(expected, given)) {
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
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", isApi(request.getRequestURI())
                ? "Bearer realm=\"tether\"" : "Basic realm=\"tether\", charset=\"UTF-8\"");
        response.setContentType("application/problem+json");
        response.getOutputStream().write(("{\"type\":\"https://tether.dev/problems/unauthorized\",\"title\":\"Unauthorized\","
                + "\"status\":401,\"detail\":\"Authorization " + detail + "\",\"errors\":[{\"path\":\"Authorization\",\"message\":\"Authorization: "
                + detail + "\"}]}").getBytes(StandardCharsets.UTF_8));
    }
}
