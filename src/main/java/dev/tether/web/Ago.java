package dev.tether.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as a person on call reads them: "12 s ago", and the exact UTC time beside it. */
final class Ago {

    private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Ago() {
    }

    static String of(Instant then, Instant now) {
        if (then == null) {
            return "never";
        }
        long s = Duration.between(then, now).toSeconds();
        if (s < 0) {
            return "in " + span(-s);
        }
        return span(s) + " ago";
    }

    static String span(long s) {
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min";
        }
        if (s < 86400) {
            return (s / 3600) + " h " + (s % 3600) / 60 + " min";
        }
        return (s / 86400) + " d";
    }

    static String exact(Instant t) {
        return t == null ? "" : EXACT.format(t);
    }

    static String iso(Instant t) {
        return t == null ? "" : t.toString();
    }
}
