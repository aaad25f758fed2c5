package dev.tether.keys;

import java.time.Duration;

/** Parses the manifest's short periods ({@code 30d}, {@code 12h}, {@code 10m}, {@code 5s}). */
final class Periods {

    private Periods() {
    }

    static Duration parse(String text, Duration otherwise) {
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException("'" + text + "' is not a period such as 30d, 12h, 10m or 5s");
        };
    }
}
