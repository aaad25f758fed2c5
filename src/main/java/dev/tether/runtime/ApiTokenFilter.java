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
 * The token is compared in constant time; a failure answers 401 with a problem body and says
 * nothing about the token.
 */
class ApiTokenFilter extends OncePerRequestFilter {

    private final byte[] expected;

    ApiTokenFilter(String token) {
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        // Health probes are open; Heroku's webhook deliveries prove themselves with an HMAC.
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/") || path.startsWith("/webhooks/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        byte[] given = header == null ? new byte[0] : header.strip().getBytes(StandardCharsets.UTF_8);
        if (MessageDigest.isEqual(expected, given)) {
            chain.doFilter(request, response);
            return;
        }
        String detail = header == null
                ? "is missing: send Authorization: Bearer <TETHER_API_TOKEN>"
                : "does not carry a valid bearer token";
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer realm=\"tether\"");
        response.setContentType("application/problem+json");
        response.getOutputStream().write(("{\"type\":\"https://tether.dev/problems/unauthorized\",\"title\":\"Unauthorized\","
                + "\"status\":401,\"detail\":\"Authorization " + detail + "\",\"errors\":[{\"path\":\"Authorization\",\"message\":\"Authorization: "
                + detail + "\"}]}").getBytes(StandardCharsets.UTF_8));
    }
}
