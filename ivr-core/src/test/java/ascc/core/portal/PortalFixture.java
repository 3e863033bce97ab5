package ascc.core.portal;

import ascc.core.calls.CallRecord;
import ascc.core.calls.CallRecordStore;
import ascc.routing.calls.CallOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import javax.sql.DataSource;

/**
 * Two companies' data in every table the portal reads, each value marked with its company ({@code hanbit} = A, {@code sori}
 * = B), and recording files for both: what the isolation tests look for on A's pages.
 */
final class PortalFixture {
    static final String A = "hanbit";
    static final String B = "sori";
    static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    /** 2026-11-23 10:00 in Seoul. */
    static final Instant DAY_10H = Instant.parse("2026-11-23T01:00:00Z");
    static final java.time.LocalDate DAY = java.time.LocalDate.of(2026, 11, 23);
    /** A linkedid carries its creation time (epoch seconds): the recordings lookup reads the day from it. */
    static final String A_CALL = "1795395600.11";
    static final String B_CALL = "1795395600.22";
    static final String A_CALLER = "01011110000";
    static final String B_CALLER = "01022220000";

    private PortalFixture() {
    }

    /** Seeds the database and writes both recordings under {@code recordings}. */
    static void seed(DataSource db, Path recordings) throws SQLException, IOException {
        new CallRecordStore(db).upsert(List.of(
                call(A_CALL, A, A_CALLER, CallOutcome.ANSWERED, 5_000L, recordings),
                call("a-2", A, A_CALLER, CallOutcome.ABANDONED_QUEUE, 40_000L, null),
                call(B_CALL, B, B_CALLER, CallOutcome.ANSWERED, 1_000L, recordings),
                call("b-2", B, B_CALLER, CallOutcome.ANSWERED, 1_000L, null),
                call("b-3", B, B_CALLER, CallOutcome.ANSWERED, 1_000L, null)));
        try (Connection c = db.getConnection()) {
            for (String[] s : new String[][] {{A, "Hanbit Electric", "1111111"}, {B, "Sori Audio", "2222222"}}) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO billing_statement (ledger, company_id, company_name,"
                        + " bill_month, tier, fte_milli, labor_basis, government_share, company_share, base_fee, survey_charge,"
                        + " adjustments, total_due, closed_at) VALUES ('main', ?, ?, ?, 'T1', 1700, 0, 0, 0, 50000, 0, 0, ?,"
                        + " '2026-11-01 00:00:00')")) {
                    ps.setString(1, s[0]);
                    ps.setString(2, s[1]);
                    ps.setString(3, s[0].equals(A) ? "2026-10" : "2026-09");
                    ps.setLong(4, Long.parseLong(s[2]));
                    ps.executeUpdate();
                }
            }
            // happy-calls: A scores 5, B scores 1
            for (String[] h : new String[][] {{"1", A, "a-2", "5"}, {"2", B, "b-2", "1"}}) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO happy_call (id, original_linked_id, company_id, campaign_id,"
                        + " dial_number, call_ended_at, due_at, status, created_at, updated_at) VALUES (?, ?, ?, 'hc', '010', "
                        + "'2026-11-23 01:00:00', '2026-11-24 01:00:00', 'DONE', '2026-11-23 01:00:00', '2026-11-23 01:00:00')");
                     PreparedStatement answer = c.prepareStatement("INSERT INTO happy_call_answer (happy_call_id, question_id, score,"
                             + " answered_at) VALUES (?, ?, ?, '2026-11-24 01:00:00')")) {
                    ps.setLong(1, Long.parseLong(h[0]));
                    ps.setString(2, h[2]);
                    ps.setString(3, h[1]);
                    ps.executeUpdate();
                    answer.setLong(1, Long.parseLong(h[0]));
                    answer.setString(2, h[1] + "-question");
                    answer.setInt(3, Integer.parseInt(h[3]));
                    answer.executeUpdate();
                }
            }
            // follow-ups: one open per company (ids 101 = A, 102 = B)
            for (String[] f : new String[][] {{"101", A, A_CALLER}, {"102", B, B_CALLER}}) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO callback_request (id, linked_id, company_id, desk_id,"
                        + " callback_number, requested_at, due_at, status, updated_at, reason, related_linked_id) VALUES (?, ?, ?,"
                        + " 'general', ?, '2026-11-24 01:00:00', '2026-11-25 01:00:00', 'PENDING', '2026-11-24 01:00:00', ?, ?)")) {
                    ps.setLong(1, Long.parseLong(f[0]));
                    ps.setString(2, "fu-" + f[1]);
                    ps.setString(3, f[1]);
                    ps.setString(4, f[2]);
                    ps.setString(5, "low score of " + f[1]);
                    ps.setString(6, f[1].equals(A) ? "a-2" : "b-2");
                    ps.executeUpdate();
                }
            }
            // surveys: A's campaign and B's campaign
            for (String[] s : new String[][] {{"1", A, "a-survey"}, {"2", B, "b-survey"}}) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO survey_answer (attempt_id, company_id, campaign_id,"
                        + " question_id, answer, answered_at) VALUES (?, ?, ?, ?, 4, '2026-11-24 01:00:00')")) {
                    ps.setLong(1, Long.parseLong(s[0]));
                    ps.setString(2, s[1]);
                    ps.setString(3, s[2]);
                    ps.setString(4, s[1] + "-durability");
                    ps.executeUpdate();
                }
            }
        }
    }

    private static CallRecord call(String id, String company, String caller, CallOutcome outcome, long waitMs, Path recordings)
            throws IOException {
        String path = null;
        if (recordings != null) {
            Path file = recordings.resolve(company).resolve("2026/11/23").resolve(id + ".wav");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "RIFF-" + company + "-WAVE");
            path = file.toString();
        }
        return new CallRecord(id, id, company, "pcs", "repair", "digital", "desk-digital", "2101", "0215880001", caller, DAY_10H,
                outcome == CallOutcome.ANSWERED ? DAY_10H.plusMillis(waitMs) : null, DAY_10H.plusSeconds(120), waitMs,
                outcome == CallOutcome.ANSWERED ? 60_000L : 0L, outcome, "company " + company, "n1", path);
    }
}
