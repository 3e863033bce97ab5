package ascc.routing.config;

import ascc.core.config.yaml.HoursParser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HoursAndHolidaysConfigTest {
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    /** 2026-06-01 is a Monday. */
    private static final LocalDate MONDAY = LocalDate.of(2026, 6, 1);

    @TempDir
    Path dir;

    private OpeningHours hours(String text) throws ConfigException {
        return ConfigFixture.in(dir).write("hours.yaml", text).load().hours();
    }

    private static ZonedDateTime at(LocalDate day, String time) {
        return ZonedDateTime.of(LocalDateTime.of(day, LocalTime.parse(time)), SEOUL);
    }

    private static TimeRange range(String from, String to) {
        return new TimeRange(LocalTime.parse(from), to.equals("24:00") ? LocalTime.MAX : LocalTime.parse(to));
    }

    @Test
    void daysNotListedAreClosedAndTheEndOfARangeIsExcluded() throws ConfigException {
        WeeklyHours w = hours(ConfigFixture.HOURS).defaults();
        assertEquals("mon-fri 09:00-18:00, sat 09:00-13:00, sun closed", w.describe());
        assertEquals(true, w.isOpen(DayOfWeek.MONDAY, LocalTime.of(9, 0)));
        assertEquals(false, w.isOpen(DayOfWeek.MONDAY, LocalTime.of(18, 0)));
        assertEquals(false, w.isOpen(DayOfWeek.SUNDAY, LocalTime.NOON));
    }

    @Test
    void moreSpecificKeysWinWhateverTheirOrder() throws ConfigException {
        WeeklyHours w = hours("""
                default:
                  mon: "10:00-12:00"
                  mon-fri: "09:00-18:00"
                  daily: "11:00-12:00"
                  sat-sun: closed
                  sun: 24h
                """).defaults();
        assertEquals(List.of(range("10:00", "12:00")), w.days().get(DayOfWeek.MONDAY));
        assertEquals(List.of(range("09:00", "18:00")), w.days().get(DayOfWeek.FRIDAY));
        assertEquals(List.of(), w.days().get(DayOfWeek.SATURDAY));
        assertEquals(List.of(range("00:00", "24:00")), w.days().get(DayOfWeek.SUNDAY));
        assertEquals(true, w.isOpen(DayOfWeek.SUNDAY, LocalTime.of(23, 59, 59)));
    }

    @Test
    void severalRangesAndMidnightEndAreParsed() throws ConfigException {
        WeeklyHours w = hours("""
                default:
                  daily: "13:00-18:00, 09:00-12:00"
                  fri: "18:00-24:00"
                """).defaults();
        assertEquals(List.of(range("09:00", "12:00"), range("13:00", "18:00")), w.days().get(DayOfWeek.TUESDAY), "sorted");
        assertEquals("09:00-12:00, 13:00-18:00", w.describe(DayOfWeek.TUESDAY));
        assertEquals(false, w.isOpen(DayOfWeek.TUESDAY, LocalTime.of(12, 30)));
        assertEquals(true, w.isOpen(DayOfWeek.FRIDAY, LocalTime.of(23, 59)));
        assertEquals("mon-thu 09:00-12:00, 13:00-18:00, fri 18:00-24:00, sat-sun 09:00-12:00, 13:00-18:00", w.describe());
    }

    @Test
    void companyAndDeskHoursOverrideOnlyTheDaysTheyList() throws ConfigException {
        OpeningHours h = hours(ConfigFixture.HOURS + """
                companies:
                  hanbit:
                    sat: closed
                desks:
                  digital:
                    mon-fri: "10:00-17:00"
                """);
        assertEquals("mon-fri 09:00-18:00, sat-sun closed", h.forCompany("hanbit").describe());
        assertEquals("mon-fri 10:00-17:00, sat 09:00-13:00, sun closed", h.forDesk("digital").describe());
        assertEquals(h.defaults(), h.forCompany("sori"));
        assertEquals("outside opening hours of company hanbit", h.closedReason("hanbit", "appliance", at(MONDAY.plusDays(5), "10:00")));
        assertNull(h.closedReason("sori", "appliance", at(MONDAY.plusDays(5), "10:00")));
        assertEquals("outside opening hours of desk digital", h.closedReason("sori", "digital", at(MONDAY, "09:30")));
        assertNull(h.closedReason("sori", "digital", at(MONDAY, "10:00")));
    }

    @Test
    void invalidHoursAreReportedWithWhatIsAllowed() {
        ConfigFixture.in(dir).write("hours.yaml", """
                default:
                  mon: "9-18"
                  tue: "18:00-09:00"
                  wed: "25:00-26:00"
                  thu: "09:00-12:00, 11:00-13:00"
                  fri: "24:00-24:00"
                  monday: closed
                """).assertProblems(
                "hours.yaml:2: default.mon: invalid hours '9-18' (allowed: " + HoursParser.HOURS_ALLOWED + ")",
                "hours.yaml:3: default.tue: range '18:00-09:00' must end after it starts (for hours past midnight write"
                        + " \"18:00-24:00\" on one day and \"00:00-06:00\" on the next)",
                "hours.yaml:4: default.wed: invalid time '25:00' in '25:00-26:00' (hours 00-23, minutes 00-59; 24:00 only"
                        + " as the end of a range)",
                "hours.yaml:5: default.thu: ranges '09:00-12:00' and '11:00-13:00' overlap",
                "hours.yaml:6: default.fri: invalid time '24:00' in '24:00-24:00' (hours 00-23, minutes 00-59; 24:00 only"
                        + " as the end of a range)",
                "hours.yaml:7: default.monday: unknown key 'monday' (allowed: mon, tue, wed, thu, fri, sat, sun, mon-fri,"
                        + " sat-sun, daily)");
    }

    @Test
    void hoursForUnknownCompanyOrDeskAreReported() {
        ConfigFixture.in(dir).write("hours.yaml", ConfigFixture.HOURS + """
                companies:
                  hanbt: {sat: closed}
                desks:
                  digitl: {sat: closed}
                """).assertProblems(
                "hours.yaml:5: companies.hanbt: unknown company 'hanbt' (companies: hanbit, sori)",
                "hours.yaml:7: desks.digitl: unknown desk 'digitl' (desks: appliance, digital, general)");
    }

    @Test
    void missingDefaultHoursIsReported() {
        ConfigFixture.in(dir).write("hours.yaml", "companies: {}\n").assertProblems(
                "hours.yaml:1: default: missing required key 'default' (weekly hours, e.g. {mon-fri: \"09:00-18:00\","
                        + " sat: \"09:00-13:00\"})");
    }

    @Test
    void closuresCloseTheCenterOrOneCompany() throws ConfigException {
        OpeningHours h = hours(ConfigFixture.HOURS + """
                closures:
                  - date: 2026-06-02
                    reason: System maintenance
                  - {date: 2026-06-03, company: hanbit, reason: Company training}
                """);
        assertEquals(List.of(new Closure(MONDAY.plusDays(1), Optional.empty(), "System maintenance"),
                new Closure(MONDAY.plusDays(2), Optional.of("hanbit"), "Company training")), h.closures());
        assertEquals("closure 2026-06-02 (System maintenance)", h.closedReason("sori", "digital", at(MONDAY.plusDays(1), "10:00")));
        assertEquals("closure 2026-06-03 (Company training)", h.closedReason("hanbit", "appliance", at(MONDAY.plusDays(2), "10:00")));
        assertNull(h.closedReason("sori", "digital", at(MONDAY.plusDays(2), "10:00")));
    }

    @Test
    void invalidClosuresAreReported() {
        ConfigFixture.in(dir).write("hours.yaml", ConfigFixture.HOURS + """
                closures:
                  - {date: 2026-13-01, reason: Nope}
                  - {date: 2026-06-02, company: hanbt, reason: Typo}
                  - {date: 2026-06-03}
                  - {date: 2026-06-04, reason: One}
                  - {date: 2026-06-04, reason: Two}
                """).assertProblems(
                "hours.yaml:5: closures[0].date: invalid date '2026-13-01' (allowed: a date YYYY-MM-DD, e.g. 2026-12-31)",
                "hours.yaml:6: closures[1].company: unknown company 'hanbt' (companies: hanbit, sori)",
                "hours.yaml:7: closures[2].reason: missing required key 'reason' (a short text callers' records and reports show)",
                "hours.yaml:9: closures[4]: duplicate closure on 2026-06-04 for the whole center (first at line 8)");
    }

    @Test
    void holidaysCloseTheWholeCenter() throws ConfigException {
        CenterConfig c = ConfigFixture.in(dir).load();
        assertEquals(List.of(new Holiday(LocalDate.of(2026, 9, 25), "Chuseok")), c.hours().holidays());
        assertEquals("holiday 2026-09-25 (Chuseok)", c.hours().closedReason("hanbit", "appliance", at(LocalDate.of(2026, 9, 25), "10:00")));
        assertEquals("holiday 2026-09-25 (Chuseok)", c.hours().closedReason(null, "general", at(LocalDate.of(2026, 9, 25), "10:00")));
        assertNull(c.hours().closedReason("hanbit", "appliance", at(LocalDate.of(2026, 9, 24), "10:00")));
    }

    @Test
    void afterHoursChoiceDefaultsToCallbackAndCanBeSetPerCompany() throws ConfigException {
        assertEquals(AfterHours.CALLBACK, hours(ConfigFixture.HOURS).afterHours("hanbit"));
        OpeningHours h = hours(ConfigFixture.HOURS + """
                after-hours:
                  default: message
                  companies:
                    hanbit: voicemail
                """);
        assertEquals(AfterHours.VOICEMAIL, h.afterHours("hanbit"));
        assertEquals(AfterHours.MESSAGE, h.afterHours("sori"));
        assertEquals(AfterHours.MESSAGE, h.afterHours(null));
    }

    @Test
    void invalidAfterHoursChoicesAreReported() {
        ConfigFixture.in(dir).write("hours.yaml", ConfigFixture.HOURS + """
                after-hours:
                  default: fax
                  companies:
                    hanbt: voicemail
                  desks: {}
                """).assertProblems(
                "hours.yaml:5: after-hours.default: unknown after-hours choice 'fax' (allowed: callback, voicemail, message)",
                "hours.yaml:7: after-hours.companies.hanbt: unknown company 'hanbt' (companies: hanbit, sori)",
                "hours.yaml:8: after-hours.desks: unknown key 'desks' (allowed: default, companies)");
    }

    @Test
    void nextOpeningSkipsClosedHoursHolidaysAndWeekends() throws ConfigException {
        OpeningHours h = ConfigFixture.in(dir).load().hours();
        // Friday 2026-09-25 is the holiday in the fixture; the evening before, the next opening is Saturday 09:00
        assertEquals(at(LocalDate.of(2026, 9, 26), "09:00"),
                h.nextOpening("hanbit", "appliance", at(LocalDate.of(2026, 9, 24), "19:30"), 14).orElseThrow());
        // Saturday afternoon: Sunday is closed, so Monday 09:00
        assertEquals(at(LocalDate.of(2026, 9, 28), "09:00"),
                h.nextOpening("hanbit", "appliance", at(LocalDate.of(2026, 9, 26), "13:00"), 14).orElseThrow());
        // already open: now
        assertEquals(at(LocalDate.of(2026, 9, 24), "10:00"),
                h.nextOpening("hanbit", "appliance", at(LocalDate.of(2026, 9, 24), "10:00"), 14).orElseThrow());
        // before opening on a weekday: the same morning
        assertEquals(at(LocalDate.of(2026, 9, 24), "09:00"),
                h.nextOpening("hanbit", "appliance", at(LocalDate.of(2026, 9, 24), "06:00"), 14).orElseThrow());
    }

    @Test
    void anAfterHoursCallbackIsDueAtTheNextOpening() throws ConfigException {
        OpeningHours h = ConfigFixture.in(dir).load().hours();
        // the evening before the Friday holiday: due Saturday 09:00
        assertEquals(at(LocalDate.of(2026, 9, 26), "09:00").toInstant(), h.callbackDue("hanbit", "appliance",
                at(LocalDate.of(2026, 9, 24), "19:30").toInstant(), SEOUL));
    }

    @Test
    void invalidAndDuplicateHolidaysAreReported() {
        ConfigFixture.in(dir).write("holidays.yaml", """
                holidays:
                  - {date: 2026-01-01, name: New Year}
                  - {date: 01/03/2026, name: Independence Movement Day}
                  - {date: 2026-01-01, name: New Year again}
                  - {date: 2026-05-05}
                  - {date: 2026-05-06, nmae: x}
                """).assertProblems(
                "holidays.yaml:3: holidays[1].date: invalid date '01/03/2026' (allowed: a date YYYY-MM-DD, e.g. 2026-12-31)",
                "holidays.yaml:4: holidays[2].date: duplicate holiday date 2026-01-01 (first at line 2)",
                "holidays.yaml:5: holidays[3].name: missing required key 'name' (the holiday's name)",
                "holidays.yaml:6: holidays[4].nmae: unknown key 'nmae' (allowed: date, name)",
                "holidays.yaml:6: holidays[4].name: missing required key 'name' (the holiday's name)");
    }
}
