package ascc.core.billing;

import ascc.core.calls.CallOutcome;
import ascc.routing.billing.Usage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Counts usage from {@code call_record}: one row per Asterisk linkedid (the writer upserts by the unique
 * {@code linked_id}), so a call is counted exactly once however often its events were replayed or re-written.
 * A call counts in the month it started ({@code entered_at}, stored UTC, compared with the month's bounds in the
 * program's time zone).
 *
 * <p>Counts: offered = every record of the company; answered = {@code ANSWERED}; abandoned = {@code ABANDONED_IVR} +
 * {@code ABANDONED_QUEUE}; after-hours = {@code CLOSED}; callbacks = {@code CALLBACK_REQUESTED}; voicemail =
 * {@code VOICEMAIL}; talk = sum of {@code talk_ms}. {@code FALLBACK} calls are offered only. Records without a company
 * (hung up before the company was known) are counted as unattributed for the program summary.
 */
public final class Metering {
    static final String UNATTRIBUTED = "";

    private Metering() {
    }

    /** Usage per company id ({@link #UNATTRIBUTED} for records without a company) of calls started in {@code [from, to)}. */
    public static Map<String, Usage> usage(Connection c, Instant from, Instant to, Optional<Set<String>> scope) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT company_id, COUNT(*),"
                + sumIf("outcome = '" + CallOutcome.ANSWERED + "'") + ","
                + sumIf("outcome IN ('" + CallOutcome.ABANDONED_IVR + "', '" + CallOutcome.ABANDONED_QUEUE + "')") + ","
                + sumIf("outcome = '" + CallOutcome.CLOSED + "'") + ","
                + sumIf("outcome = '" + CallOutcome.CALLBACK_REQUESTED + "'") + ","
                + sumIf("outcome = '" + CallOutcome.VOICEMAIL + "'") + ","
                + " SUM(COALESCE(talk_ms, 0))"
                + " FROM call_record WHERE entered_at >= ? AND entered_at < ?");
        if (scope.isPresent()) {
            if (scope.get().isEmpty()) {
                return Map.of();
            }
            sql.append(" AND company_id IN (").append("?,".repeat(scope.get().size() - 1)).append("?)");
        }
        sql.append(" GROUP BY company_id");
        Map<String, Usage> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 0;
            ps.setObject(++i, LocalDateTime.ofInstant(from, ZoneOffset.UTC));
            ps.setObject(++i, LocalDateTime.ofInstant(to, ZoneOffset.UTC));
            if (scope.isPresent()) {
                for (String id : scope.get().stream().sorted().toList()) {
                    ps.setString(++i, id);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String company = rs.getString(1);
                    out.put(company == null ? UNATTRIBUTED : company, new Usage(rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), 0, 0, 0));
                }
            }
        }
        return out;
    }

    private static String sumIf(String condition) {
        return " SUM(CASE WHEN " + condition + " THEN 1 ELSE 0 END)";
    }
}
