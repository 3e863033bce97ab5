package ascc.routing.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.routing.InquiryType;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class HappyCallPlannerTest {
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final CallWindow WEEKDAYS = new CallWindow(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(10, 0),
            LocalTime.of(18, 0));
    private static final Predicate<LocalDate> NO_HOLIDAYS = d -> false;

    private static Campaign campaign(HappyCallRules rules) {
        return new Campaign("hanbit", "happy-call", CampaignKind.HAPPY_CALL,
                List.of(new Question("q1", QuestionKind.SCALE_1_TO_5, "hc-q1")), "0 0/10 10-17 ? * MON-FRI",
                WEEKDAYS, new Pacing(1, 1), Map.of(), Optional.empty(), Optional.of(rules));
    }

    private static HappyCallRules rules(Duration delay, boolean nextBusinessDay, int oncePerDays) {
        return new HappyCallRules(Set.of("answered"), Set.of(InquiryType.FAULT), delay, oncePerDays, 2, nextBusinessDay, "intro",
                Optional.empty());
    }

    private static Instant seoul(int month, int day, int hour, int minute) {
        return ZonedDateTime.of(2026, month, day, hour, minute, 0, 0, SEOUL).toInstant();
    }

    private static HappyCallPlanner planner(HappyCallRules rules, Predicate<LocalDate> holiday) {
        return new HappyCallPlanner(campaign(rules), SEOUL, holiday);
    }

    @Test
    void nextBusinessDayAfterFridayIsMondayAtWindowOpening() {
        // 2026-11-20 is a Friday
        HappyCallPlanner p = planner(rules(Duration.ZERO, true, 30), NO_HOLIDAYS);
        assertEquals(Optional.of(seoul(11, 23, 10, 0)), p.plan("answered", InquiryType.FAULT, seoul(11, 20, 11, 0), Optional.empty())
                .dueAt());
    }

    @Test
    void nextBusinessDaySkipsHolidays() {
        LocalDate mondayHoliday = LocalDate.of(2026, 11, 23);
        HappyCallPlanner p = planner(rules(Duration.ZERO, true, 30), mondayHoliday::equals);
        assertEquals(Optional.of(seoul(11, 24, 10, 0)), p.dueAfter(seoul(11, 20, 9, 0)));
    }

    @Test
    void nextBusinessDayIsNeverTheSameDayEvenBeforeTheWindowOpens() {
        HappyCallPlanner p = planner(rules(Duration.ZERO, true, 30), NO_HOLIDAYS);
        // Tuesday 08:00 -> Wednesday 10:00, not Tuesday 10:00
        assertEquals(Optional.of(seoul(11, 25, 10, 0)), p.dueAfter(seoul(11, 24, 8, 0)));
    }

    @Test
    void fixedDelayInsideTheWindowIsKeptToTheMinute() {
        HappyCallPlanner p = planner(rules(Duration.ofHours(2), false, 30), NO_HOLIDAYS);
        assertEquals(Optional.of(seoul(11, 24, 13, 30)), p.dueAfter(seoul(11, 24, 11, 30)));
    }

    @Test
    void fixedDelayEndingAfterHoursMovesToTheNextOpening() {
        HappyCallPlanner p = planner(rules(Duration.ofHours(2), false, 30), NO_HOLIDAYS);
        // Friday 17:00 + 2h = 19:00 after the window: Monday 10:00
        assertEquals(Optional.of(seoul(11, 23, 10, 0)), p.dueAfter(seoul(11, 20, 17, 0)));
    }

    @Test
    void windowEndIsExclusive() {
        HappyCallPlanner p = planner(rules(Duration.ZERO, false, 30), NO_HOLIDAYS);
        assertEquals(Optional.of(seoul(11, 25, 10, 0)), p.dueAfter(seoul(11, 24, 18, 0)));
        assertEquals(Optional.of(seoul(11, 24, 17, 59)), p.dueAfter(seoul(11, 24, 17, 59)));
    }

    @Test
    void windowThatNeverOpensPlansNothing() {
        HappyCallPlanner p = planner(rules(Duration.ZERO, true, 30), d -> true);
        HappyCallPlanner.Plan plan = p.plan("answered", InquiryType.FAULT, seoul(11, 24, 11, 0), Optional.empty());
        assertFalse(plan.scheduled());
        assertTrue(plan.reason().contains("never opens"), plan.reason());
    }

    @Test
    void onlyQualifyingOutcomeAndInquiryTypeAreScheduled() {
        HappyCallPlanner p = planner(rules(Duration.ofDays(1), false, 30), NO_HOLIDAYS);
        Instant ended = seoul(11, 24, 11, 0);
        assertTrue(p.plan("answered", InquiryType.FAULT, ended, Optional.empty()).scheduled());
        assertFalse(p.plan("voicemail", InquiryType.FAULT, ended, Optional.empty()).scheduled());
        assertFalse(p.plan("answered", InquiryType.HOWTO, ended, Optional.empty()).scheduled());
        assertFalse(p.plan("answered", null, ended, Optional.empty()).scheduled());
    }

    @Test
    void atMostOnePerCustomerWithinOncePerDays() {
        HappyCallPlanner p = planner(rules(Duration.ZERO, true, 30), NO_HOLIDAYS);
        Instant previous = seoul(11, 2, 10, 0);
        // due 2026-11-25 10:00: 23 days after the previous one -> none
        HappyCallPlanner.Plan blocked = p.plan("answered", InquiryType.FAULT, seoul(11, 24, 11, 0), Optional.of(previous));
        assertFalse(blocked.scheduled());
        assertTrue(blocked.reason().contains("within 30 days"), blocked.reason());
        // due exactly 30 days later (2026-12-02 Wednesday 10:00) -> allowed
        assertTrue(p.plan("answered", InquiryType.FAULT, seoul(12, 1, 11, 0), Optional.of(previous)).scheduled());
    }

    @Test
    void laterDueHappyCallAlsoBlocks() {
        HappyCallPlanner p = planner(rules(Duration.ZERO, true, 30), NO_HOLIDAYS);
        assertFalse(p.allowedAfter(seoul(11, 30, 10, 0), seoul(11, 25, 10, 0)));
    }

    @Test
    void zeroOncePerDaysMeansNoLimit() {
        HappyCallPlanner p = planner(rules(Duration.ZERO, true, 0), NO_HOLIDAYS);
        assertTrue(p.plan("answered", InquiryType.FAULT, seoul(11, 24, 11, 0), Optional.of(seoul(11, 25, 10, 0))).scheduled());
    }
}
