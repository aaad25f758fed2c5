package dev.tether.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WebSessionsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private final WebSessions sessions = new WebSessions("the-token", Clock.fixed(T0, ZoneOffset.UTC));

    @Test
    void aCookieOpensASessionNamingItsUserAndNeverHoldsTheToken() {
        String cookie = sessions.issue("alice");
        assertThat(cookie).doesNotContain("the-token");
        WebSessions.Session s = sessions.verify(cookie).orElseThrow();
        assertThat(s.user()).isEqualTo("alice");
        assertThat(s.actor()).isEqualTo("web:alice");
        assertThat(sessions.verify(sessions.issue(null)).orElseThrow().actor()).isEqualTo("web");
    }

    @Test
    void refusesTamperedForeignAndExpiredCookies() {
        String cookie = sessions.issue("alice");
        String forged = cookie.replaceFirst("\\.[0-9]+\\.", "." + (T0.getEpochSecond() + 999_999) + ".");
        assertThat(sessions.verify(forged)).isEmpty();
        assertThat(sessions.verify(cookie + "x")).isEmpty();
        assertThat(sessions.verify("garbage")).isEmpty();
        assertThat(new WebSessions("another-token", Clock.fixed(T0, ZoneOffset.UTC)).verify(cookie))
                .as("a new token ends every session").isEmpty();
        WebSessions later = new WebSessions("the-token", Clock.fixed(T0.plus(WebSessions.MAX_AGE).plus(Duration.ofSeconds(1)), ZoneOffset.UTC));
        assertThat(later.verify(cookie)).isEmpty();
    }

    @Test
    void csrfTokensDifferPerSessionAndMatchOnlyTheirOwn() {
        WebSessions.Session a = sessions.verify(sessions.issue("a")).orElseThrow();
        WebSessions.Session b = sessions.verify(sessions.issue("b")).orElseThrow();
        assertThat(sessions.csrfToken(a)).isNotEqualTo(sessions.csrfToken(b));
        assertThat(sessions.csrfMatches(a, sessions.csrfToken(a))).isTrue();
        assertThat(sessions.csrfMatches(a, sessions.csrfToken(b))).isFalse();
        assertThat(sessions.csrfMatches(a, null)).isFalse();
    }

    @Test
    void userNamesThatCouldInjectAnythingAreDropped() {
        assertThat(WebSessions.safeUser("bob@example.com")).isEqualTo("bob@example.com");
        assertThat(WebSessions.safeUser("<script>")).isNull();
        assertThat(WebSessions.safeUser("a b")).isNull();
        assertThat(sessions.tokenMatches("the-token")).isTrue();
        assertThat(sessions.tokenMatches("the-token ")).isFalse();
    }
}
