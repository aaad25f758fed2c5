package dev.tether.heroku;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Heroku app webhooks that tell Tether about changes within a second instead of at the next
 * poll.
 *
 * @param publicUrl            {@code TETHER_PUBLIC_URL}: where Heroku can reach this app; in
 *                             sandbox mode Tether's own loopback URL when unset; in live mode
 *                             without it Tether only polls
 * @param safetyResync         {@code TETHER_WEBHOOK_SAFETY_RESYNC}: how often each app is polled
 *                             (30 min): with its webhook in place a heartbeat (one conditional
 *                             releases read), without one a full observation. Set it lower to
 *                             poll faster (each poll of an app without webhooks costs about 5
 *                             calls of the account's 4,500 an hour)
 * @param fullObservationEvery {@code TETHER_WEBHOOK_FULL_OBSERVATION_EVERY}: how old an app's
 *                             last full observation may be before a routine poll of an app with
 *                             working webhooks is a full one again instead of a heartbeat (6 h)
 */
@ConfigurationProperties("tether.webhooks")
public record WebhookProperties(String publicUrl, Duration safetyResync, Duration fullObservationEvery) {

    public WebhookProperties {
        publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl.strip().replaceAll("/+$", "");
        safetyResync = safetyResync == null ? Duration.ofMinutes(30) : safetyResync;
        fullObservationEvery = fullObservationEvery == null ? Duration.ofHours(6) : fullObservationEvery;
    }
}
