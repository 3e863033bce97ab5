package ascc.routing.campaign;

import java.time.Duration;
import java.util.Objects;

/**
 * Retries after one kind of failed attempt.
 *
 * @param maxAttempts most attempts in total for a target whose attempts end this way (1 = never retry)
 * @param backoff wait after such an attempt before the next one
 */
public record RetryRule(int maxAttempts, Duration backoff) {
    /** No retry at all. */
    public static final RetryRule NONE = new RetryRule(1, Duration.ZERO);

    public RetryRule {
        Objects.requireNonNull(backoff, "backoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1 (maxAttempts=" + maxAttempts + ")");
        }
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("backoff must not be negative (backoff=" + backoff + ")");
        }
    }
}
