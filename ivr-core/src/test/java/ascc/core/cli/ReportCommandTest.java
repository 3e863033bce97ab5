package ascc.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDateTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ivr report} through {@link Main} on a copy of the shipped conf/ with an embedded database. */
class ReportCommandTest {
    @TempDir
    Path dir;
    Path conf;
    Path db;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void copyConf() throws IOException {
        conf = SampleConf.copyTo(dir);
        db = SampleConf.embeddedDb(dir);
    }

    /** Inserts calls; times are UTC (Seoul is UTC+9). */
    private void calls(Object[]... rows) throws Exception {
        try (Database d = Database.open(DbSettings.embedded(db.toString(), 2));
             Connection c = d.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO call_record (linked_id, unique_id, company_id, desk_id,"
                     + " entered_at, outcome, wait_ms, talk_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement step = c.prepareStatement("INSERT INTO call_overflow_step (unique_id, desk_id, step_no, action,"
                     + " waited_seconds, taken_at) VALUES (?, 'appliance', ?, 'add-agents-of general', 30, ?)")) {
            int n = 0;
            for (Object[] r : rows) {
                n++;
                ps.setString(1, "L" + n);
                ps.setString(2, "U" + n);
                ps.setString(3, (String) r[0]);
                ps.setString(4, (String) r[1]);
                ps.setObject(5, LocalDateTime.parse((String) r[2]));
                ps.setString(6, (String) r[3]);
                ps.setLong(7, (Long) r[4]);
                ps.setLong(8, (Long) r[5]);
                ps.executeUpdate();
                if (r.length > 6) {
                    step.setString(1, "U" + n);
                    step.setInt(2, (Integer) r[6]);
                    step.setObject(3, LocalDateTime.parse((String) r[2]));
                    step.executeUpdate();
                }
            }
        }
    }

    private int ivr(String... args) {
        return SampleConf.ivr(conf, out, err, args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void csvHasOneDayRowAndOneRowPerHourPerCompanyAndDeskInTheCentersTimeZone() throws Exception {
        calls(new Object[] {"hanbit", "appliance", "2026-11-23T01:00:00", "ANSWERED", 10_000L, 60_000L},   // 10:00 KST
                new Object[] {"hanbit", "appliance", "2026-11-23T01:30:00", "ANSWERED", 30_000L, 120_000L, 1}, // 10:30 KST
                new Object[] {"hanbit", "appliance", "2026-11-23T02:10:00", "ABANDONED_QUEUE", 40_000L, 0L, 1}, // 11:10 KST
                new Object[] {"hanbit", null, "2026-11-23T02:20:00", "ABANDONED_IVR", 0L, 0L},
                new Object[] {"hanbit", "appliance", "2026-11-22T14:59:59", "ANSWERED", 1_000L, 1_000L}); // 23:59:59 KST on the 22nd
        assertEquals(0, ivr("report", "--day", "2026-11-23", "--format", "csv"), err.toString(StandardCharsets.UTF_8));
        String csv = out();
        assertTrue(csv.startsWith("scope,key,period,offered,answered,abandoned_ivr,abandoned_queue,abandon_rate_pct,"
                + "service_level_pct,asa_s,aht_s,overflow_by_step,to_partner\r\n"), csv);
        // SL (20 s) = 1 within / (2 answered + 1 abandoned after 20 s) = 33.3; abandon 1/3; ASA 20.0; AHT 90.0
        assertTrue(csv.contains("company,hanbit,day,4,2,1,1,33.3,33.3,20.0,90.0,1:2,0\r\n"), csv);
        assertTrue(csv.contains("company,hanbit,10:00,2,2,0,0,0.0,50.0,20.0,90.0,1:1,0\r\n"), csv);
        assertTrue(csv.contains("company,hanbit,11:00,2,0,1,1,100.0,0.0,,,1:1,0\r\n"), csv);
        assertTrue(csv.contains("desk,appliance,day,3,2,0,1,33.3,33.3,20.0,90.0,1:2,0\r\n"), csv);
        assertTrue(csv.contains("desk,(none),day,1,0,1,0,,,,,,0\r\n"), csv);
    }

    @Test
    void filtersByCompanyAndDeskAndTakesTheTargetFromTheOption() throws Exception {
        calls(new Object[] {"hanbit", "appliance", "2026-11-23T01:00:00", "ANSWERED", 25_000L, 60_000L},
                new Object[] {"other", "digital", "2026-11-23T01:00:00", "ANSWERED", 5_000L, 60_000L});
        assertEquals(0, ivr("report", "--day", "2026-11-23", "--company", "hanbit", "--sl-seconds", "30"));
        String table = out();
        assertTrue(table.contains("service level: answered within 30 s"), table);
        assertTrue(table.contains("hanbit"), table);
        assertTrue(!table.contains("digital"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("company  hanbit") && l.contains("100.0")), table);
        out.reset();
        assertEquals(0, ivr("report", "--day", "2026-11-23", "--desk", "digital"));
        assertTrue(out().contains("other") && !out().contains("hanbit"), out());
    }

    @Test
    void dispositionsAgentsPickedAppearUnderTheTablePerDesk() throws Exception {
        calls(new Object[] {"hanbit", "appliance", "2026-11-23T01:00:00", "ANSWERED", 5_000L, 60_000L},
                new Object[] {"hanbit", "appliance", "2026-11-23T01:10:00", "ANSWERED", 5_000L, 60_000L},
                new Object[] {"hanbit", "appliance", "2026-11-23T01:20:00", "ANSWERED", 5_000L, 60_000L},
                new Object[] {"hanbit", "appliance", "2026-11-24T01:20:00", "ANSWERED", 5_000L, 60_000L}); // another day
        try (Database d = Database.open(DbSettings.embedded(db.toString(), 2));
             Connection c = d.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO call_disposition (linked_id, company_id, desk_id, agent_id, code,"
                     + " note, saved_at) VALUES (?, 'hanbit', 'appliance', '2101', ?, '', '2026-11-23 02:00:00')")) {
            String[][] rows = {{"L1", "solved"}, {"L2", "solved"}, {"L3", "repair"}, {"L4", "repair"}};
            for (String[] r : rows) {
                ps.setString(1, r[0]);
                ps.setString(2, r[1]);
                ps.executeUpdate();
            }
        }
        assertEquals(0, ivr("report", "--day", "2026-11-23"), err.toString(StandardCharsets.UTF_8));
        String table = out();
        assertTrue(table.contains("dispositions (agent desktop), per desk: code:calls\n"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("appliance") && l.endsWith("repair:1 solved:2")), table);
    }

    @Test
    void usageErrorsNameTheOption() {
        assertEquals(2, ivr("report"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("'ivr report' needs --day YYYY-MM-DD"));
        assertEquals(2, ivr("report", "--day", "23.11.2026"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("option --day takes YYYY-MM-DD"));
        assertEquals(2, ivr("report", "--day", "2026-11-23", "--format", "xml"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("option --format takes table or csv; got 'xml'"));
    }
}
