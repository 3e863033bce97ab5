package ascc.routing.campaign;

import ascc.routing.InquiryType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which served inbound calls get a happy-call, and when.
 *
 * @param outcomes call outcomes that qualify ({@code answered}, ...: the lower-case names of call_record.outcome)
 * @param inquiryTypes inquiry types that qualify
 * @param delay wait after the inbound call; the call is then placed at the next opening of the call window
 * @param oncePerDays at most one happy-call per customer number within this many days
 * @param lowScore an answer at or below this score opens a follow-up callback task for a senior desk
 */
public record HappyCallRules(Set<String> outcomes, Set<InquiryType> inquiryTypes, Duration delay, int oncePerDays, int lowScore) {
    /** The outcomes a happy-call may follow. */
    public static final Set<String> KNOWN_OUTCOMES = Set.of("answered", "voicemail", "callback-requested");

    public HappyCallRules {
        Objects.requireNonNull(delay, "delay");
        outcomes = Set.copyOf(outcomes);
        inquiryTypes = inquiryTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(inquiryTypes));
        if (oncePerDays < 0) {
            throw new IllegalArgumentException("oncePerDays must be >= 0 (oncePerDays=" + oncePerDays + ")");
        }
        if (lowScore < 0 || lowScore > 5) {
            throw new IllegalArgumentException("lowScore must be 0..5 (lowScore=" + lowScore + ")");
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
