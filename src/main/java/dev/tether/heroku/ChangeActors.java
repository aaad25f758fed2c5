package dev.tether.heroku;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Who last changed an app, for a resource other than its HerokuApp that finds drift on it (an
 * ApiKey's config var): the actor of the newest webhook delivery about the app since
 * {@code since}, else (none, or it was Tether's own account, whose delivery may only have come
 * before the change's) the author of the app's latest release when it is no older than
 * {@code since} (Heroku's release times have whole seconds). The answer may be Tether's own
 * account ({@link #isTether}): then no person made the change, another owner inside Tether did.
 */
@Component
public class ChangeActors {

    private final AppWebhooks webhooks;
    private final HerokuClient heroku;

    ChangeActors(AppWebhooks webhooks, HerokuClient heroku) {
        this.webhooks = webhooks;
        this.heroku = heroku;
    }

    /** The account that made the latest change to the app since {@code since}, when Heroku said. */
    public Optional<String> lastChangeSince(String appId, Instant since) {
        Optional<String> fromWebhook = webhooks.actorSince(appId, since);
        if (fromWebhook.isPresent() && !isTether(fromWebhook.get())) {
            return fromWebhook;
        }
        // Tether's own write may be the newest delivery only because the change's own delivery is
        // still on its way (a person's edit right after Tether's): the newest release says who
        Optional<String> fromRelease = heroku.latestRelease(appId)
                .filter(r -> r.user() != null)
                .filter(r -> since == null || r.createdAt() == null
                        || !r.createdAt().isBefore(since.truncatedTo(ChronoUnit.SECONDS)))
                .map(ObservedRelease::user);
        return fromRelease.isPresent() ? fromRelease : fromWebhook;
    }

    /** True when {@code actor} is the account Tether acts as. */
    public boolean isTether(String actor) {
        return actor != null && actor.equals(heroku.accountEmail());
    }
}
