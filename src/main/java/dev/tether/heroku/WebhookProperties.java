package dev.tether.heroku;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Heroku app webhooks that tell Tether about changes within a second instead of at the next
 * poll.
 *
 * @param publicUrl      {@code TETHER_PUBLIC_URL}: where Heroku can reach this app; in sandbox
 *                       mode Tether's own loopback URL when unset; in live mode without it Tether
 *                       only polls
 * @param safetyResync   how often an app whose webhook is in place is polled anyway (webhooks can
 *                       be lost); apps without a webhook use the loop's resync interval
 */
@ConfigurationProperties("tether.webhooks")
public record WebhookProperties(String publicUrl, Duration safetyResync) {

    public WebhookProperties {
        publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl.strip().replaceAll("/+$", "");
        safetyResync = safetyResync == null ? Duration.ofMinutes(30) : safetyResync;
    }
}
