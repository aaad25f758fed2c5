package dev.tether.reconcile;

/**
 * What is left of the rate budget the passes spend (Heroku's {@code RateLimit-Remaining}),
 * supplied by the client that hears it; {@link ControlLoop} runs fewer passes at once as it falls
 * ({@link PassConcurrency}).
 */
@FunctionalInterface
public interface RateHeadroom {

    /** The calls left, or a negative number while no answer has said. */
    int remaining();
}
