package ascc.routing.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class CallWindowTest {
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final Predicate<LocalDate> NO_HOLIDAYS = d -> false;
    private final CallWindow weekdays = new CallWindow(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(10, 0),
            LocalTime.of(18, 0));

    private static Instant seoul(String local) {
        return java.time.LocalDateTime.parse(local).atZone(SEOUL).toInstant();
    }

    @Test
    void containsStartInclusiveEndExclusiveInCenterZone() {
        assertTrue(weekdays.contains(seoul("2026-11-23T10:00"), SEOUL, NO_HOLIDAYS));
        assertFalse(weekdays.contains(seoul("2026-11-23T18:00"), SEOUL, NO_HOLIDAYS));
        assertFalse(weekdays.contains(seoul("2026-11-22T12:00"), SEOUL, NO_HOLIDAYS), "Sunday");
    }

    @Test
    void fridayEveningOpensMondayMorning() {
        assertEquals(Optional.of(seoul("2026-11-23T10:00")), weekdays.nextOpen(seoul("2026-11-20T18:30"), SEOUL, NO_HOLIDAYS));
    }

    @Test
    void skipsHolidays() {
        LocalDate monday = LocalDate.of(2026, 11, 23);
        assertFalse(weekdays.contains(seoul("2026-11-23T11:00"), SEOUL, monday::equals));
        assertEquals(Optional.of(seoul("2026-11-24T10:00")), weekdays.nextOpen(seoul("2026-11-23T09:00"), SEOUL, monday::equals));
    }

    @Test
    void neverOpensWhenEveryDayIsHoliday() {
        assertEquals(Optional.empty(), weekdays.nextOpen(seoul("2026-11-23T09:00"), SEOUL, d -> true));
    }
}
