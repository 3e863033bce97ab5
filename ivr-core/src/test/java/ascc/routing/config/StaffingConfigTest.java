package ascc.routing.config;

import ascc.core.config.yaml.StaffingYaml;

import ascc.core.config.yaml.ConfigLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaffingConfigTest {
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final String PEAK = """
            schedules:
              - name: weekday morning peak
                desk: appliance
                agents: ["1003", "1004"]
                hours: {mon-fri: "10:00-12:00"}
              - name: lunch help
                desk: appliance
                agents: ["1004"]
                hours: {daily: "11:30-13:00"}
                proficiency: 3
                on-holidays: true
            """;

    @TempDir
    Path dir;

    private static CenterConfig center() throws Exception {
        return ConfigLoader.load(Path.of("../conf"), Map.of());
    }

    private StaffingConfig load(String text) throws Exception {
        Files.writeString(dir.resolve(StaffingConfig.FILE), text);
        return StaffingYaml.load(dir, Map.of(), center());
    }

    /** Seoul local time to an instant. */
    private static Instant seoul(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(SEOUL).toInstant();
    }

    private static List<String> wanted(StaffingConfig c, String localDateTime, Set<LocalDate> holidays) {
        return c.wantedAt(seoul(localDateTime), SEOUL, holidays).stream()
                .map(a -> a.deskId() + ":" + a.agentId() + ":" + a.proficiency() + ":" + a.schedule()).toList();
    }

    @Test
    void missingFileMeansNoSchedules() throws Exception {
        assertEquals(List.of(), StaffingYaml.load(dir, Map.of(), center()).schedules());
    }

    @Test
    void backupAgentsAreWantedFromTheStartUpToButNotIncludingTheEndOfTheRange() throws Exception {
        StaffingConfig c = load(PEAK);
        // 2026-11-23 is a Monday
        assertEquals(List.of(), wanted(c, "2026-11-23T09:59:59", Set.of()));
        assertEquals(List.of("appliance:1003:1:weekday morning peak", "appliance:1004:1:weekday morning peak"),
                wanted(c, "2026-11-23T10:00:00", Set.of()));
        assertEquals(List.of(), wanted(c, "2026-11-23T13:00:00", Set.of()));
        assertEquals(List.of("appliance:1004:3:lunch help"), wanted(c, "2026-11-23T12:00:00", Set.of()));
    }

    @Test
    void overlappingSchedulesGiveOneAssignmentWithTheHighestProficiency() throws Exception {
        assertEquals(List.of("appliance:1003:1:weekday morning peak", "appliance:1004:3:lunch help"),
                wanted(load(PEAK), "2026-11-23T11:45:00", Set.of()));
    }

    @Test
    void weekendsAndHolidaysFollowTheScheduleAndItsOnHolidaysFlag() throws Exception {
        StaffingConfig c = load(PEAK);
        // Saturday: only the daily schedule
        assertEquals(List.of("appliance:1004:3:lunch help"), wanted(c, "2026-11-28T11:45:00", Set.of()));
        // a Monday that is a holiday: the mon-fri schedule is off, the on-holidays one still on
        Set<LocalDate> holiday = Set.of(LocalDate.of(2026, 11, 23));
        assertEquals(List.of("appliance:1004:3:lunch help"), wanted(c, "2026-11-23T11:45:00", holiday));
        assertEquals(List.of(), wanted(c, "2026-11-23T10:15:00", holiday));
    }

    @Test
    void hoursAreTheCentersLocalTimeNotUtc() throws Exception {
        StaffingConfig c = load(PEAK);
        Instant tenKst = seoul("2026-11-23T10:30:00"); // 01:30 UTC
        assertEquals(2, c.wantedAt(tenKst, SEOUL, Set.of()).size());
        assertEquals(0, c.wantedAt(tenKst, ZoneId.of("UTC"), Set.of()).size());
        // the holiday is the local date: 2026-11-23 00:30 KST is still 2026-11-22 in UTC
        StaffingConfig night = load("schedules:\n  - {name: n, desk: appliance, agents: [\"1003\"], hours: {daily: \"00:00-01:00\"}}\n");
        assertEquals(0, night.wantedAt(seoul("2026-11-23T00:30:00"), SEOUL, Set.of(LocalDate.of(2026, 11, 23))).size());
        assertEquals(1, night.wantedAt(seoul("2026-11-23T00:30:00"), SEOUL, Set.of(LocalDate.of(2026, 11, 22))).size());
    }

    @Test
    void rejectsUnknownDeskAgentKeyAndOwnDeskAgentWithFileLineAndKey() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                schedules:
                  - name: a
                    desk: nope
                    agents: ["1003"]
                    hours: {mon-fri: "10:00-12:00"}
                  - name: b
                    desk: appliance
                    agents: ["9999", "1001", "1003", "1003"]
                    hours: {mon-fri: "10:00-12:00"}
                    proficency: 2
                  - name: b
                    desk: digital
                    agents: []
                    hours: {mon-fri: "12:00-10:00"}
                    proficiency: 7
                    on-holidays: maybe
                """));
        String all = e.problems().toString();
        assertTrue(all.contains("staffing.yaml:3: schedules[0].desk: unknown desk 'nope'"), all);
        assertTrue(all.contains("staffing.yaml:8: schedules[1].agents[0]: unknown agent '9999'"), all);
        assertTrue(all.contains("staffing.yaml:8: schedules[1].agents[1]: agent '1001' already belongs to desk 'appliance'"), all);
        assertTrue(all.contains("schedules[1].agents[3]: agent '1003' is listed twice"), all);
        assertTrue(all.contains("staffing.yaml:10: schedules[1].proficency: unknown key 'proficency' (allowed: name, desk, agents,"),
                all);
        assertTrue(all.contains("staffing.yaml:11: schedules[2].name: duplicate schedule name 'b' (first at line 6)"), all);
        assertTrue(all.contains("schedules[2].agents: empty list"), all);
        assertTrue(all.contains("schedules[2].hours.mon-fri: range '12:00-10:00' must end after it starts"), all);
        assertTrue(all.contains("schedules[2].proficiency: invalid proficiency '7' (allowed: a whole number 1..5)"), all);
        assertTrue(all.contains("schedules[2].on-holidays: invalid on-holidays 'maybe' (allowed: true or false)"), all);
    }

    @Test
    void theShippedFileLoads() throws Exception {
        StaffingConfig c = StaffingYaml.load(Path.of("../conf"), Map.of(), center());
        assertTrue(!c.schedules().isEmpty(), "conf/staffing.yaml has example schedules");
    }
}
