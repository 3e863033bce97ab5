package ascc.routing.campaign;

import ascc.routing.InquiryType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Pure scheduling of happy-calls: whether a served inbound call gets one, and when it may be placed. No I/O: the
 * caller passes the time zone, the holidays and when the customer last had a happy-call of the same company.
 *
 * <p>When: {@code delay} after the inbound call ended, at the next opening of the campaign's call window (its days and
 * hours, never on a holiday). With {@code delay: next-business-day} it is the first window opening on a later day than
 * the inbound call (a Friday call: Monday 10:00; Monday a holiday: Tuesday 10:00).
 *
 * <p>Once per N days: a customer who already has a happy-call of the company due less than {@code once-per-days} days
 * from the new one gets none ({@code 0}: no limit).
 */
public final class HappyCallPlanner {
    private static final int SEARCH_DAYS = 400;

    private final Campaign campaign;
    private final HappyCallRules rules;
    private final ZoneId zone;
    private final Predicate<LocalDate> holiday;

    /**
     * @param campaign a happy-call campaign
     * @param zone the center's time zone (engine.yaml center.timezone)
     * @param holiday true for a public holiday (holidays.yaml)
     */
    public HappyCallPlanner(Campaign campaign, ZoneId zone, Predicate<LocalDate> holiday) {
        this.campaign = Objects.requireNonNull(campaign, "campaign");
        this.rules = campaign.happyCall().orElseThrow(() -> new IllegalArgumentException("not a happy-call campaign: "
                + campaign.key() + " (kind=" + campaign.kind() + ")"));
        this.zone = Objects.requireNonNull(zone, "zone");
        this.holiday = Objects.requireNonNull(holiday, "holiday");
    }

    /**
     * The decision for one inbound call.
     *
     * @param dueAt when the happy-call may be placed; empty when there is none
     * @param reason why not (or "scheduled"), for logs
     */
    public record Plan(Optional<Instant> dueAt, String reason) {
        public Plan {
            Objects.requireNonNull(dueAt, "dueAt");
            Objects.requireNonNull(reason, "reason");
        }

        static Plan none(String reason) {
            return new Plan(Optional.empty(), reason);
        }

        public boolean scheduled() {
            return dueAt.isPresent();
        }
    }

    public Campaign campaign() {
        return campaign;
    }

    public HappyCallRules rules() {
        return rules;
    }

    /**
     * Plans the happy-call after one inbound call.
     *
     * @param outcome the inbound call's outcome, lower case with '-' ({@code answered}, {@code callback-requested})
     * @param inquiryType the inquiry type chosen in the IVR, or null
     * @param endedAt when the inbound call ended
     * @param lastDue when the customer's latest happy-call of this company is or was due, if any
     */
    public Plan plan(String outcome, InquiryType inquiryType, Instant endedAt, Optional<Instant> lastDue) {
        Objects.requireNonNull(endedAt, "endedAt");
        if (!rules.outcomes().contains(outcome)) {
            return Plan.none("outcome " + outcome + " does not qualify (allowed: " + rules.outcomes() + ")");
        }
        if (inquiryType == null || !rules.inquiryTypes().contains(inquiryType)) {
            return Plan.none("inquiry type " + (inquiryType == null ? "none" : inquiryType.id()) + " does not qualify");
        }
        Optional<Instant> due = dueAfter(endedAt);
        if (due.isEmpty()) {
            return Plan.none("the call window " + campaign.window() + " never opens within " + SEARCH_DAYS + " days");
        }
        if (lastDue.isPresent() && !allowedAfter(lastDue.get(), due.get())) {
            return Plan.none("customer had a happy-call due " + lastDue.get() + ", within " + rules.oncePerDays() + " days");
        }
        return new Plan(due, "scheduled");
    }

    /** The first moment a happy-call after a call ending at {@code endedAt} may be placed. */
    public Optional<Instant> dueAfter(Instant endedAt) {
        CallWindow w = campaign.window();
        if (!rules.nextBusinessDay()) {
            return w.nextOpen(endedAt.plus(rules.delay()), zone, holiday);
        }
        LocalDate day = endedAt.atZone(zone).toLocalDate().plusDays(1);
        for (int i = 0; i < SEARCH_DAYS; i++, day = day.plusDays(1)) {
            if (w.days().contains(day.getDayOfWeek()) && !holiday.test(day)) {
                return Optional.of(day.atTime(w.from()).atZone(zone).toInstant());
            }
        }
        return Optional.empty();
    }

    /**
     * True when a happy-call due at {@code due} keeps the once-per-N-days rule beside one due at {@code lastDue}: they are
     * at least N days apart (either way round: an earlier call may have a later due time).
     */
    public boolean allowedAfter(Instant lastDue, Instant due) {
        return rules.oncePerDays() == 0 || Duration.between(lastDue, due).abs().compareTo(Duration.ofDays(rules.oncePerDays())) >= 0;
    }
}
