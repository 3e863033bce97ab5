package ascc.core.ami;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Reconnect delays: {@code min * 2^attempt}, capped at {@code max}, then spread by +-{@code jitter} (a fraction)
 * so that many clients do not reconnect in step. Attempt 0 is the first retry after a loss.
 * Pure: the only state is the injected {@link Random}.
 */
public final class AmiBackoff {
    private final long minMillis;
    private final long maxMillis;
    private final double jitter;
    private final Random random;

    public AmiBackoff(Duration min, Duration max, double jitter, Random random) {
        this.minMillis = Math.max(1, min.toMillis());
        this.maxMillis = Math.max(minMillis, max.toMillis());
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
        }
        this.jitter = jitter;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The capped delay before jitter. */
    public long baseMillis(int attempt) {
        int shift = Math.min(Math.max(attempt, 0), 40);
        long base = minMillis << shift;
        return base <= 0 || base > maxMillis ? maxMillis : base;
    }

    /** The delay before attempt {@code attempt}: base * (1 + jitter * u), u uniform in [-1, 1). */
    public Duration delay(int attempt) {
        long base = baseMillis(attempt);
        double u = random.nextDouble() * 2 - 1;
        long ms = Math.round(base * (1 + jitter * u));
        return Duration.ofMillis(Math.max(1, ms));
    }
}
