package dev.tether.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The cap on deletions one pass may make (DESIGN §3 "Safety"), {@code tether.max-deletes-per-pass}
 * ({@code TETHER_MAX_DELETES_PER_PASS}, default 10), counted across the Kong entities and add-ons
 * a resource's pass would delete. A pass that would delete more than the cap deletes none of
 * them: a spec that lost its routes by mistake must not take even ten of them with it. They are
 * held ({@code DestructiveActionHeld}, with a Warning event) until the resource says
 * {@code allowMassDelete: true} or the limit is raised; everything else in the pass still applies.
 *
 * @param maxDeletesPerPass deletions one pass may make without {@code allowMassDelete}; at least 0
 */
@ConfigurationProperties("tether")
public record DeletionSafety(Integer maxDeletesPerPass) {

    public static final int DEFAULT_MAX_DELETES = 10;

    public DeletionSafety {
        if (maxDeletesPerPass == null) {
            maxDeletesPerPass = DEFAULT_MAX_DELETES;
        }
        if (maxDeletesPerPass < 0) {
            throw new IllegalArgumentException("tether.max-deletes-per-pass: " + maxDeletesPerPass + " is below 0");
        }
    }

    /** The steps to run now, and one held entry (for {@link PassReport#held()}) when deletions were held back. */
    public record Capped<T>(List<T> steps, List<String> held) {
    }

    /**
     * Splits a pass's steps (pure): all of them when the deletions among them are within the cap
     * or {@code allowed}; else every step but the deletions, which are held as one entry that names
     * them and says how to allow them.
     *
     * @param deletes  which steps delete an entity
     * @param describe how a person reads a step ({@code delete route r1})
     */
    public <T> Capped<T> cap(List<T> steps, Predicate<T> deletes, Function<T, String> describe, boolean allowed) {
        List<T> deletions = steps.stream().filter(deletes).toList();
        if (allowed || deletions.size() <= maxDeletesPerPass) {
            return new Capped<>(steps, List.of());
        }
        List<T> kept = new ArrayList<>(steps);
        kept.removeAll(deletions);
        return new Capped<>(List.copyOf(kept), List.of(held(deletions.stream().map(describe).toList())));
    }

    /** The held entry for {@code deletions} deletions above the cap, naming the first few. */
    public String held(List<String> deletions) {
        List<String> named = deletions.size() <= 5 ? deletions : deletions.subList(0, 5);
        return deletions.size() + " deletions in one pass (" + String.join(", ", named)
                + (deletions.size() > named.size() ? ", …" : "") + ") exceed tether.max-deletes-per-pass ("
                + maxDeletesPerPass + "); set spec.allowMassDelete: true or raise TETHER_MAX_DELETES_PER_PASS";
    }
}
