package ascc.routing.campaign;

import ascc.routing.InquiryType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which served inbound calls get a happy-call, and when.
 *
 * @param outcomes call outcomes that qualify ({@code answered}, ...: the lower-case names of call_record.outcome)
 * @param inquiryTypes inquiry types that qualify
 * @param delay wait after the inbound call; the call is then placed at the next opening of the call window
 * @param oncePerDays at most one happy-call per customer number within this many days
 * @param lowScore an answer at or below this score opens a follow-up callback task for a senior desk
 * @param nextBusinessDay true for {@code delay: next-business-day}: the first window opening on a later day than the
 *     inbound call ({@code delay} is then zero)
 * @param prompt the company's opening prompt of the happy-call (played before the questions)
 * @param followUpDesk the desk a low-score follow-up goes to; empty: the desk that took the inbound call
 */
public record HappyCallRules(Set<String> outcomes, Set<InquiryType> inquiryTypes, Duration delay, int oncePerDays, int lowScore,
        boolean nextBusinessDay, String prompt, Optional<String> followUpDesk) {
    /** The outcomes a happy-call may follow. */
    public static final Set<String> KNOWN_OUTCOMES = Set.of("answered", "voicemail", "callback-requested");
    /** The low score used when the file does not set one. */
    public static final int DEFAULT_LOW_SCORE = 2;
    /** The opening prompt used when the file does not name one. */
    public static final String DEFAULT_PROMPT = "happy-call-intro";

    /** Rules with a fixed delay, the default prompt and the follow-up to the inbound call's desk. */
    public HappyCallRules(Set<String> outcomes, Set<InquiryType> inquiryTypes, Duration delay, int oncePerDays, int lowScore) {
        this(outcomes, inquiryTypes, delay, oncePerDays, lowScore, false, DEFAULT_PROMPT, Optional.empty());
    }

    public HappyCallRules {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(followUpDesk, "followUpDesk");
        outcomes = Set.copyOf(outcomes);
        inquiryTypes = inquiryTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(inquiryTypes));
        if (oncePerDays < 0) {
            throw new IllegalArgumentException("oncePerDays must be >= 0 (oncePerDays=" + oncePerDays + ")");
        }
        if (lowScore < 0 || lowScore > 5) {
            throw new IllegalArgumentException("lowScore must be 0..5 (lowScore=" + lowScore + ")");
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative (delay=" + delay + ")");
        }
    }

    /** True if a call with this outcome and inquiry type qualifies. */
    public boolean qualifies(String outcome, InquiryType inquiryType) {
        return outcomes.contains(outcome) && inquiryTypes.contains(inquiryType);
    }

    /** True if {@code score} opens a follow-up. */
    public boolean isLow(int score) {
        return score <= lowScore;
    }
}
