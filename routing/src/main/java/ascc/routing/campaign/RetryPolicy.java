package ascc.routing.campaign;

import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What happens to a target after an attempt: another attempt at a time, or a final outcome. Busy, no-answer,
 * congestion and failed attempts are retried per their {@link RetryRule} (max attempts in total, backoff after each);
 * answered attempts and invalid numbers are final at once. A retry that would fall after the deadline (the campaign's
 * end) is not made: the target ends with the outcome of its last attempt.
 */
public final class RetryPolicy {
    /** The results that may be retried; a rule for another result is ignored. */
    public static final Set<AttemptResult> RETRIABLE =
            Set.copyOf(EnumSet.of(AttemptResult.BUSY, AttemptResult.NO_ANSWER, AttemptResult.CONGESTION, AttemptResult.FAILED));

    private final Map<AttemptResult, RetryRule> rules;

    public RetryPolicy(Map<AttemptResult, RetryRule> rules) {
        this.rules = rules.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(rules));
    }

    /** The decision after attempt {@code attemptNo} (1-based) ended with {@code result} at {@code endedAt}. */
    public Decision decide(AttemptResult result, int attemptNo, Instant endedAt, Optional<Instant> deadline) {
        Objects.requireNonNull(result, "result");
        if (attemptNo < 1) {
            throw new IllegalArgumentException("attemptNo must be >= 1 (attemptNo=" + attemptNo + ", result=" + result + ")");
        }
        RetryRule rule = rules.get(result);
        if (rule != null && RETRIABLE.contains(result) && attemptNo < rule.maxAttempts()) {
            Instant at = endedAt.plus(rule.backoff());
            if (deadline.isEmpty() || at.isBefore(deadline.get())) {
                return new Retry(attemptNo + 1, at);
            }
        }
        return new Final(outcomeOf(result));
    }

    /** The final outcome a target gets when its last attempt ended with {@code result}. */
    public static TargetOutcome outcomeOf(AttemptResult result) {
        return switch (result) {
            case COMPLETED -> TargetOutcome.COMPLETED;
            case PARTIAL -> TargetOutcome.PARTIAL;
            case REFUSED -> TargetOutcome.REFUSED;
            case BUSY -> TargetOutcome.BUSY;
            case NO_ANSWER -> TargetOutcome.NO_ANSWER;
            case CONGESTION, FAILED -> TargetOutcome.FAILED;
            case INVALID_NUMBER -> TargetOutcome.INVALID_NUMBER;
        };
    }

    /** After an attempt: retry or final. */
    public sealed interface Decision permits Retry, Final {
    }

    /** Dial attempt {@code attemptNo} not before {@code at} (the scheduler also waits for the call window). */
    public record Retry(int attemptNo, Instant at) implements Decision {
    }

    /** The target is done with {@code outcome}. */
    public record Final(TargetOutcome outcome) implements Decision {
    }
}
