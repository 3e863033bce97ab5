package ascc.routing.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final Instant T = Instant.parse("2026-11-23T01:00:00Z");
    private final RetryPolicy policy = new RetryPolicy(Map.of(AttemptResult.BUSY, new RetryRule(3, Duration.ofMinutes(10)),
            AttemptResult.NO_ANSWER, new RetryRule(2, Duration.ofHours(2)), AttemptResult.CONGESTION, new RetryRule(2,
                    Duration.ofMinutes(5))));

    @Test
    void busyIsRetriedAfterBackoffUntilMaxAttemptsThenFinalBusy() {
        assertEquals(new RetryPolicy.Retry(2, T.plus(Duration.ofMinutes(10))), policy.decide(AttemptResult.BUSY, 1, T, Optional.empty()));
        assertEquals(new RetryPolicy.Retry(3, T.plus(Duration.ofMinutes(10))), policy.decide(AttemptResult.BUSY, 2, T, Optional.empty()));
        assertEquals(new RetryPolicy.Final(TargetOutcome.BUSY), policy.decide(AttemptResult.BUSY, 3, T, Optional.empty()));
    }

    @Test
    void resultWithoutRuleIsFinalAtOnce() {
        assertEquals(new RetryPolicy.Final(TargetOutcome.FAILED), policy.decide(AttemptResult.FAILED, 1, T, Optional.empty()));
    }

    @Test
    void congestionEndsAsFailed() {
        assertEquals(new RetryPolicy.Final(TargetOutcome.FAILED), policy.decide(AttemptResult.CONGESTION, 2, T, Optional.empty()));
    }

    @Test
    void answeredResultsAndInvalidNumbersAreNeverRetried() {
        RetryPolicy all = new RetryPolicy(Map.of(AttemptResult.INVALID_NUMBER, new RetryRule(5, Duration.ZERO),
                AttemptResult.REFUSED, new RetryRule(5, Duration.ZERO)));
        assertEquals(new RetryPolicy.Final(TargetOutcome.COMPLETED), policy.decide(AttemptResult.COMPLETED, 1, T, Optional.empty()));
        assertEquals(new RetryPolicy.Final(TargetOutcome.PARTIAL), policy.decide(AttemptResult.PARTIAL, 1, T, Optional.empty()));
        assertEquals(new RetryPolicy.Final(TargetOutcome.INVALID_NUMBER), all.decide(AttemptResult.INVALID_NUMBER, 1, T, Optional.empty()));
        assertEquals(new RetryPolicy.Final(TargetOutcome.REFUSED), all.decide(AttemptResult.REFUSED, 1, T, Optional.empty()));
    }

    @Test
    void retryAfterDeadlineIsNotMade() {
        Instant deadline = T.plus(Duration.ofHours(1));
        assertEquals(new RetryPolicy.Final(TargetOutcome.NO_ANSWER), policy.decide(AttemptResult.NO_ANSWER, 1, T, Optional.of(deadline)));
        assertEquals(new RetryPolicy.Retry(2, T.plus(Duration.ofMinutes(10))), policy.decide(AttemptResult.BUSY, 1, T,
                Optional.of(deadline)));
    }
}
