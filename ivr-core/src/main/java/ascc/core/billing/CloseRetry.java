package ascc.core.billing;

import java.time.Duration;

/**
 * When a scheduled monthly close that failed is tried again. The close is at-least-once: it is retried until it
 * succeeds, never dropped, and each try closes every month still open up to its month, in order.
 * <ul>
 *   <li>{@link Kind#TRANSIENT}: the database or anything else that may pass by itself (an outage, a deadlock, a lost
 *   connection): after 1 min, doubling, at most 1 h apart.</li>
 *   <li>{@link Kind#NEEDS_FIX}: the close itself refused ({@link BillingException}: a company without a tier, ...); nothing
 *   was written and an operator must fix the cause (usually a config reload): tried again every hour, so the fix is
 *   picked up without anyone running the close by hand.</li>
 * </ul>
 */
public final class CloseRetry {
    static final Duration FIRST = Duration.ofMinutes(1);
    static final Duration MAX = Duration.ofHours(1);

    /** Why the close failed, as far as retrying goes. */
    public enum Kind { TRANSIENT, NEEDS_FIX }

    private CloseRetry() {
    }

    /** The kind of a close failure: a refusal of the close is {@link Kind#NEEDS_FIX}, everything else {@link Kind#TRANSIENT}. */
    public static Kind classify(Throwable failure) {
        return failure instanceof BillingException ? Kind.NEEDS_FIX : Kind.TRANSIENT;
    }

    /** The wait before try {@code attempt + 1} (attempt 0 is the first failure). */
    public static Duration delay(Kind kind, int attempt) {
        if (kind == Kind.NEEDS_FIX) {
            return MAX;
        }
        int shift = Math.min(Math.max(attempt, 0), 16);
        Duration d = FIRST.multipliedBy(1L << shift);
        return d.compareTo(MAX) > 0 ? MAX : d;
    }
}
