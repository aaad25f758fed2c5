package dev.tether.reconcile;

import dev.tether.http.PermanentException;
import dev.tether.http.RetryableException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How one planned action went (DESIGN §3 "One action, one outcome"). An applier runs each action
 * on its own through {@link #attempt}, so a refusal is recorded with its path and the API's
 * message while every other action still runs.
 */
public sealed interface ActionResult {

    /** The spec paths this action puts right, e.g. {@code configVars.LOG_LEVEL}. */
    List<String> paths();

    /** What the action does, for a person: {@code scale worker to 2}. */
    String description();

    /** Carried out. {@code eventReason} names its timeline entry ({@code Scaled}). */
    record Applied(List<String> paths, String description, String eventReason) implements ActionResult {
    }

    /**
     * The API refused it in a way retrying cannot fix. {@code reason} is the CamelCase word the
     * status shows ({@code ProcessTypeMissing}, {@code ApiRefused}); {@code message} is the API's.
     */
    record Refused(List<String> paths, String description, String reason, String message) implements ActionResult {
    }

    /** A failure a later attempt may not meet (429, 5xx, I/O): the key is requeued with backoff. */
    record Retryable(List<String> paths, String description, String message, Optional<Duration> retryAfter,
                     boolean rateLimited) implements ActionResult {
    }

    /** Runs one external call and turns its failure into a result instead of ending the pass. */
    static ActionResult attempt(List<String> paths, String description, String eventReason, Runnable call) {
        return attempt(paths, description, eventReason, call, e -> "ApiRefused");
    }

    /**
     * The same, with the reason a refusal is shown under chosen from the API's answer (Heroku's
     * 404 "Couldn't find that process type" is {@code ProcessTypeMissing}).
     */
    static ActionResult attempt(List<String> paths, String description, String eventReason, Runnable call,
                                Function<PermanentException, String> refusalReason) {
        try {
            call.run();
            return new Applied(paths, description, eventReason);
        } catch (PermanentException e) {
            return new Refused(paths, description, refusalReason.apply(e), e.getMessage());
        } catch (RetryableException e) {
            return new Retryable(paths, description, e.getMessage(), e.retryAfter(), e.rateLimited());
        }
    }

    /**
     * A failed read turned back into the exception it was: a preview has no pass to record it in,
     * so the API answers it as Heroku's or Kong's failure. Does nothing for null or an applied result.
     */
    static void rethrow(ActionResult failure) {
        if (failure instanceof Refused r) {
            throw new PermanentException(r.description() + ": " + r.message(), 502, null, null);
        }
        if (failure instanceof Retryable r) {
            throw new RetryableException(r.description() + ": " + r.message(), 503, r.retryAfter().orElse(null), null);
        }
    }
}
