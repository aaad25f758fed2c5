package dev.tether.web;

import dev.tether.heroku.HerokuClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The Heroku rate budget as this process last saw it ({@code RateLimit-Remaining}, of 4,500) and
 * a short in-memory history of it, sampled every few seconds for the overview's gauge and chart.
 * Only a picture: nothing decides anything from it, and a restart starts a new history.
 */
@Component
public class BudgetHistory {

    /** Heroku's per-account budget: 4,500 requests an hour. */
    public static final int LIMIT = 4500;
    /** Samples kept: ten minutes at one every five seconds. */
    static final int CAPACITY = 120;

    /** One reading. */
    public record Sample(Instant at, int remaining) {
    }

    private final ObjectProvider<HerokuClient> heroku;
    private final Clock clock;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    BudgetHistory(ObjectProvider<HerokuClient> heroku, Clock clock) {
        this.heroku = heroku;
        this.clock = clock;
    }

    /** The remaining budget now, or -1 when this process has no Heroku client. */
    public int remaining() {
        HerokuClient client = heroku.getIfAvailable();
        return client == null ? -1 : client.rateLimitRemaining();
    }

    /** Takes one reading into the history. */
    public synchronized void sample() {
        int r = remaining();
        if (r < 0) {
            return;
        }
        samples.addLast(new Sample(clock.instant(), r));
        while (samples.size() > CAPACITY) {
            samples.removeFirst();
        }
    }

    /** Oldest first. */
    public synchronized List<Sample> samples() {
        return new ArrayList<>(samples);
    }
}
