package dev.tether.heroku;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of Tether's Heroku client ({@code tether.heroku.*}). The token is not here: it is
 * {@code HEROKU_API_KEY} ({@code tether.heroku-api-key}), or the emulator's in sandbox mode.
 *
 * @param baseUrl             Platform API root; {@code https://api.heroku.com}
 * @param connectTimeout      TCP connect timeout
 * @param readTimeout         time to wait for a response
 * @param paceBelow           below this many remaining rate-limit tokens, calls are spaced at
 *                            Heroku's refill rate (one per 800 ms)
 * @param pageSize            items asked for per list page ({@code Range: id ..; max=N}), 1 to 1000
 */
@ConfigurationProperties("tether.heroku")
public record HerokuProperties(URI baseUrl, Duration connectTimeout, Duration readTimeout, int paceBelow,
                               int pageSize) {

    public HerokuProperties {
        if (baseUrl == null) {
            baseUrl = URI.create("https://api.heroku.com");
        }
        if (connectTimeout == null) {
            connectTimeout = Duration.ofSeconds(5);
        }
        if (readTimeout == null) {
            readTimeout = Duration.ofSeconds(30);
        }
        if (paceBelow < 0) {
            throw new IllegalArgumentException("tether.heroku.pace-below: must be at least 0, got " + paceBelow);
        }
        if (pageSize == 0) {
            pageSize = 1000;
        }
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("tether.heroku.page-size: " + pageSize + " is not between 1 and 1000");
        }
    }

    /** Defaults: live Heroku, pacing below 250 tokens, pages of 1000. */
    public static HerokuProperties defaults() {
        return new HerokuProperties(null, null, null, 250, 1000);
    }
}
