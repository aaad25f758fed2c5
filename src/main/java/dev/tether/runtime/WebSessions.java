package dev.tether.runtime;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a person's browser proves it holds the API token without sending it on every request:
 * a signed session cookie ({@code HttpOnly}, {@code SameSite=Strict}) issued by the login form,
 * or HTTP Basic with the token as password. Sessions are stateless (HMAC-SHA256 under a key
 * derived from the token), so they survive a restart of Tether and die when the token changes.
 * Each session has a CSRF token derived from it; every comparison is constant-time.
 */
public final class WebSessions {

    /** The session cookie's name. */
    public static final String COOKIE = "tether_session";
    /** Request attribute holding the {@link Session} of an authenticated page request. */
    public static final String ATTRIBUTE = WebSessions.class.getName() + ".session";
    /** How long a login lasts. */
    public static final Duration MAX_AGE = Duration.ofHours(12);

    private static final Pattern SAFE_USER = Pattern.compile("[A-Za-z0-9@._+-]{1,64}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] token;
    private final byte[] key;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /**
     * Who is looking at the pages.
     *
     * @param id   a random session id ({@code basic} or {@code bearer} for header credentials)
     * @param user the name given at login or in Basic, or {@code null}
     */
    public record Session(String id, String user, Instant issuedAt) {

        /** The actor recorded in events and generations for what this person does. */
        public String actor() {
            return user == null ? "web" : "web:" + user;
        }
    }

    public WebSessions(String apiToken, Clock clock) {
        this.token = apiToken.getBytes(StandardCharsets.UTF_8);
        this.key = sha256(("tether-web-session\0" + apiToken).getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
    }

    /** True when {@code given} is the API token (constant time). */
    public boolean tokenMatches(String given) {
        return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    /** A user name safe to show and record, or null when none or unsafe was given. */
    public static String safeUser(String user) {
        if (user == null) {
            return null;
        }
        String u = user.strip();
        return SAFE_USER.matcher(u).matches() ? u : null;
    }

    /** Opens a session: the cookie value to set. */
    public String issue(String user) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        String safe = safeUser(user);
        String body = B64.encodeToString(id) + "." + clock.instant().getEpochSecond() + "."
                + (safe == null ? "" : B64.encodeToString(safe.getBytes(StandardCharsets.UTF_8)));
        return body + "." + B64.encodeToString(hmac("session\0" + body));
    }

    /** The session a cookie value stands for, if its signature holds and it has not expired. */
    public Optional<Session> verify(String cookie) {
        if (cookie == null) {
            return Optional.empty();
        }
        int sig = cookie.lastIndexOf('.');
        if (sig <= 0) {
            return Optional.empty();
        }
        String body = cookie.substring(0, sig);
        byte[] expected = B64.encode(hmac("session\0" + body));
        if (!MessageDigest.isEqual(expected, cookie.substring(sig + 1).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        String[] parts = body.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            Instant issued = Instant.ofEpochSecond(Long.parseLong(parts[1]));
            Instant now = clock.instant();
            if (issued.plus(MAX_AGE).isBefore(now) || issued.isAfter(now.plusSeconds(60))) {
                return Optional.empty();
            }
            String user = parts[2].isEmpty() ? null
                    : safeUser(new String(Base64.getUrlDecoder().decode(parts[2]), StandardCharsets.UTF_8));
            return Optional.of(new Session(parts[0], user, issued));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The page session of a request: a valid session cookie, or HTTP Basic whose password is the
     * token (any user name, which becomes the actor).
     */
    public Optional<Session> authenticate(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon >= 0 && tokenMatches(decoded.substring(colon + 1))) {
                    return Optional.of(new Session("basic", safeUser(decoded.substring(0, colon)), clock.instant()));
                }
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            return Optional.empty();
        }
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (COOKIE.equals(c.getName())) {
                    Optional<Session> s = verify(c.getValue());
                    if (s.isPresent()) {
                        return s;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The CSRF token a form of this session must carry. */
    public String csrfToken(Session session) {
        return B64.encodeToString(hmac("csrf\0" + session.id()));
    }

    /** True when {@code given} is this session's CSRF token (constant time). */
    public boolean csrfMatches(Session session, String given) {
        return given != null && MessageDigest.isEqual(csrfToken(session).getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] hmac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
