package ascc.core.billing;

import ascc.routing.calls.CallOutcome;
import ascc.core.calls.CallRecord;
import ascc.routing.billing.BillingRules;
import ascc.routing.billing.Tier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Rules, calls and cleanup shared by the billing tests (unit on H2, IT on MariaDB). */
final class BillingFixture {
    static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    static final List<Tier> TIERS = List.of(
            new Tier("T1", 0, 199, 200),
            new Tier("T2", 200, 599, 500),
            new Tier("T3", 600, 1199, 900),
            new Tier("T4", 1200, 1799, 1300),
            new Tier("T5", 1800, 2599, 1700),
            new Tier("T6", 2600, 3999, 2500),
            new Tier("T7", 4000, Long.MAX_VALUE, 4000));
    static final BillingRules GUIDE = new BillingRules(27_000_000, 3000, 600_000, 3_000, 200, 4, 3_000_000, 3, TIERS);

    private BillingFixture() {
    }

    /** {@code n} calls of {@code company} with {@code outcome}, linked ids {@code prefix-0..n-1}, starting at {@code at}. */
    static List<CallRecord> calls(String prefix, String company, CallOutcome outcome, int n, Instant at) {
        List<CallRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Instant t = at.plusSeconds(i);
            boolean answered = outcome == CallOutcome.ANSWERED;
            out.add(new CallRecord(prefix + "-" + i, prefix + "-" + i + ".1", company, "pcs", null, "desk", "q-desk",
                    answered ? "1001" : null, "15880000", "01012345678", t, answered ? t.plusSeconds(10) : null, t.plusSeconds(70),
                    10_000L, answered ? 60_000L : 0L, outcome, "test", "bench"));
        }
        return out;
    }

    /** Deletes a ledger's billing rows and the call records of the given linked-id prefix. */
    static void cleanup(DataSource ds, String ledger, String linkedPrefix) throws SQLException {
        try (Connection c = ds.getConnection()) {
            for (String t : List.of("billing_line", "billing_statement", "billing_usage", "billing_close")) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t + " WHERE ledger = ?")) {
                    ps.setString(1, ledger);
                    ps.executeUpdate();
                }
            }
            if (linkedPrefix != null) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM call_record WHERE linked_id LIKE ?")) {
                    ps.setString(1, linkedPrefix + "%");
                    ps.executeUpdate();
                }
            }
        }
    }

    static long count(DataSource ds, String sql, String ledger) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, ledger);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
