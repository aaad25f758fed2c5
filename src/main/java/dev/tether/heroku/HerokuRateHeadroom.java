package dev.tether.heroku;

import dev.tether.reconcile.RateHeadroom;
import org.springframework.stereotype.Component;

/** The Heroku rate budget as the control loop sees it: the last {@code RateLimit-Remaining}. */
@Component
class HerokuRateHeadroom implements RateHeadroom {

    private final HerokuClient heroku;

    HerokuRateHeadroom(HerokuClient heroku) {
        this.heroku = heroku;
    }

    @Override
    public int remaining() {
        return heroku.rateLimitRemaining();
    }
}
