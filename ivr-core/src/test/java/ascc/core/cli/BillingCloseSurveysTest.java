package ascc.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ivr billing close} bills completed survey responses and lists happy-calls like the engine's scheduled close
 * ({@code BillingService.fromConf} with the campaign tables), on a copy of the shipped conf/ with an embedded database.
 */
class BillingCloseSurveysTest {
    @TempDir
    Path dir;
    Path conf;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void copyConf() throws IOException {
        conf = SampleConf.copyTo(dir);
    }

    int ivr(String... args) {
        out.reset();
        return SampleConf.ivr(conf, out, err, Clock.fixed(Instant.parse("2026-11-15T00:00:00Z"), ZoneOffset.UTC), args);
    }

    private void seed() throws Exception {
        try (Database db = Database.open(DbSettings.embedded(dir.resolve("db/ascc").toString(), 1));
             Connection c = db.dataSource().getConnection()) {
            Timestamp oct = Timestamp.valueOf(LocalDateTime.of(2026, 10, 14, 3, 0));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO campaign_attempt (company_id, campaign_id, phone, attempt_no,"
                    + " started_at, ended_at, result, billable) VALUES ('hanbit', 'after-repair-2026q4', ?, 1, ?, ?, ?, ?)")) {
                String[][] rows = {{"01055500001", "completed", "true"}, {"01055500002", "completed", "true"},
                    {"01055500003", "busy", "false"}};
                for (String[] r : rows) {
                    ps.setString(1, r[0]);
                    ps.setTimestamp(2, oct);
                    ps.setTimestamp(3, oct);
                    ps.setString(4, r[1]);
                    ps.setBoolean(5, Boolean.parseBoolean(r[2]));
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO happy_call (original_linked_id, company_id, campaign_id,"
                    + " dial_number, call_ended_at, due_at, status, created_at, updated_at, dialed_at) VALUES ('orig-1', 'hanbit',"
                    + " 'happy-call', '01055500009', ?, ?, 'completed', ?, ?, ?)")) {
                for (int i = 1; i <= 5; i++) {
                    ps.setTimestamp(i, oct);
                }
                ps.executeUpdate();
            }
        }
    }

    private static long usage(String statement, String line) {
        Matcher m = Pattern.compile("(?m)^.*" + Pattern.quote(line) + "\\D*(\\d+).*$").matcher(statement);
        assertTrue(m.find(), () -> "no line '" + line + "' in:\n" + statement);
        return Long.parseLong(m.group(1));
    }

    @Test
    void cliCloseBillsCompletedSurveyResponsesAndListsHappyCallsFromTheCampaignTables() throws Exception {
        seed();
        assertEquals(0, ivr("billing", "close", "--month", "2026-10"), () -> err.toString(StandardCharsets.UTF_8));
        assertEquals(0, ivr("billing", "statement", "--company", "hanbit", "--month", "2026-10"),
                () -> err.toString(StandardCharsets.UTF_8));
        String st = out.toString(StandardCharsets.UTF_8);
        assertEquals(3, usage(st, "survey calls attempted"), st);
        assertEquals(2, usage(st, "survey responses completed"), st);
        assertEquals(1, usage(st, "happy calls (free)"), st);
        assertTrue(st.contains("survey responses: 2 completed"), st);
    }

    @Test
    void cliCloseReportsCampaignsYamlProblemsWithLineAndWritesNothing() throws Exception {
        Path campaigns = conf.resolve("campaigns.yaml");
        Files.writeString(campaigns, Files.readString(campaigns).replaceFirst("kind: survey", "kind: poll"));
        assertEquals(1, ivr("billing", "close", "--month", "2026-10"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("nothing was done"), e);
        assertTrue(e.matches("(?s).*campaigns\\.yaml:\\d+: .*kind.*"), e);
        assertTrue(!Files.exists(dir.resolve("db")), "the database was not even opened");
    }
}
