package ascc.routing.simulate;

import ascc.routing.config.Category;
import java.util.Objects;
import java.util.Optional;

/**
 * One call of a replayed arrival list (call history, or the fixed list a test also places through the real stack).
 *
 * @param offsetMillis when it arrives, after the simulation's start
 * @param company the company called; empty for an unknown company (general desk)
 * @param category its category; empty for the company's first enrolled category (what {@code Router.route} picks)
 * @param handleSeconds talk time if answered
 * @param patienceSeconds how long the caller waits in the queue; {@link Double#POSITIVE_INFINITY} never hangs up
 * @param priority queue priority (0 normal)
 */
public record Arrival(long offsetMillis, Optional<String> company, Optional<Category> category, double handleSeconds,
        double patienceSeconds, int priority) {
    public Arrival {
        if (offsetMillis < 0 || !(handleSeconds >= 0) || !(patienceSeconds >= 0) || priority < 0) {
            throw new IllegalArgumentException("offset, handle time, patience and priority must be >= 0 (offset=" + offsetMillis
                    + " ms, handle=" + handleSeconds + " s, patience=" + patienceSeconds + " s, priority=" + priority + ")");
        }
        Objects.requireNonNull(company, "company");
        Objects.requireNonNull(category, "category");
    }
}
