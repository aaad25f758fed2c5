package dev.tether.reconcile;

/**
 * How many passes one process runs at once (DESIGN §7: concurrency follows the rate budget, not a
 * fixed count). Up to {@code cap} while the API's rate budget is healthy, a quarter of it while
 * the budget runs low, and one pass at a time when little is left, so the calls that remain go
 * to reverts instead of being spent faster by more passes. An unknown budget (no answer yet) is
 * taken as healthy: Heroku's budget starts full.
 *
 * <p>The cap is {@code TETHER_WORKERS} when set, else {@value #DEFAULT_CAP}; never more than the
 * database pool serves without a pass waiting for a connection: a pass uses one connection at a
 * time (no transaction is held across an HTTP call), and one is held by the queue's
 * {@code LISTEN}, so at most {@code pool size - 1} passes.
 *
 * @param cap the most passes at once, at least 1
 */
public record PassConcurrency(int cap) {

    /** Passes at once with a healthy budget and no {@code TETHER_WORKERS}. */
    public static final int DEFAULT_CAP = 16;
    /** From this many calls left the budget is healthy: every worker may run a pass. */
    static final int HEALTHY = 1500;
    /** Below this many calls left, one pass at a time. */
    static final int LOW = 500;

    public PassConcurrency {
        if (cap < 1) {
            throw new IllegalArgumentException("cap: " + cap + " is below 1");
        }
    }

    /**
     * The cap for a process.
     *
     * @param configuredWorkers {@code TETHER_WORKERS}, 0 or less when not set
     * @param poolSize          the database pool's maximum size, 0 or less when unknown
     */
    public static PassConcurrency of(int configuredWorkers, int poolSize) {
        int cap = configuredWorkers > 0 ? configuredWorkers : DEFAULT_CAP;
        if (poolSize > 0) {
            cap = Math.min(cap, Math.max(1, poolSize - 1));
        }
        return new PassConcurrency(cap);
    }

    /**
     * How many passes may run now.
     *
     * @param remaining the calls left in the rate budget, negative when not known
     */
    public int allowed(int remaining) {
        if (remaining < 0 || remaining >= HEALTHY) {
            return cap;
        }
        if (remaining >= LOW) {
            return Math.max(1, cap / 4);
        }
        return 1;
    }
}
