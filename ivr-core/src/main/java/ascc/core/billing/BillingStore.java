package ascc.core.billing;

import ascc.routing.billing.Usage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads (and, for {@link MonthlyClose}, writes) the billing tables of migration {@code V003__billing.sql}. */
public final class BillingStore {
    static final String INSERT_USAGE = "INSERT INTO billing_usage (ledger, company_id, usage_month, billed_month, offered, answered,"
            + " abandoned, after_hours, callbacks, voicemail, talk_ms, happy_calls, survey_attempted, survey_completed, usage_charge)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String STATEMENT_COLUMNS = "ledger, company_id, company_name, bill_month, tier, fte_milli, labor_basis,"
            + " government_share, company_share, base_fee, survey_charge, adjustments, total_due, closed_at";

    private final DataSource dataSource;

    public BillingStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What has been billed for a usage month: the sums over every statement that billed it, and its first tier. */
    record Billed(Usage usage, long charge, String tier) {
    }

    public Optional<ProgramSummary> summary(String ledger, YearMonth month) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return summary(c, ledger, month);
        }
    }

    public Optional<Statement> statement(String ledger, String companyId, YearMonth month) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            List<Statement> s = statements(c, ledger, month, companyId);
            return s.isEmpty() ? Optional.empty() : Optional.of(s.get(0));
        }
    }

    /** All statements of a closed month, by company id. */
    public List<Statement> statements(String ledger, YearMonth month) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return statements(c, ledger, month, null);
        }
    }

    /** Answered calls per closed month of a company in {@code [from, to)}, from what was billed (adjustments included). */
    public Map<YearMonth, Long> billedAnswered(String ledger, String companyId, YearMonth from, YearMonth to) throws SQLException {
        Map<YearMonth, Long> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT usage_month, SUM(answered) FROM billing_usage WHERE ledger = ?"
                     + " AND company_id = ? AND usage_month >= ? AND usage_month < ? GROUP BY usage_month ORDER BY usage_month")) {
            ps.setString(1, ledger);
            ps.setString(2, companyId);
            ps.setString(3, from.toString());
            ps.setString(4, to.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(YearMonth.parse(rs.getString(1)), rs.getLong(2));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------ in a transaction

    static Optional<ProgramSummary> summary(Connection c, String ledger, YearMonth month) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT closed_at, companies, offered, answered, unattributed, labor_basis,"
                + " subsidy_total, company_total, adjustments, total_due FROM billing_close WHERE ledger = ? AND bill_month = ?")) {
            ps.setString(1, ledger);
            ps.setString(2, month.toString());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ProgramSummary(ledger, month, instant(rs, 1), rs.getInt(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10)));
            }
        }
    }

    static void insertSummary(Connection c, ProgramSummary s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO billing_close (ledger, bill_month, closed_at, companies, offered,"
                + " answered,"
                + " unattributed, labor_basis, subsidy_total, company_total, adjustments, total_due)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 0;
            ps.setString(++i, s.ledger());
            ps.setString(++i, s.month().toString());
            ps.setObject(++i, LocalDateTime.ofInstant(s.closedAt(), ZoneOffset.UTC));
            ps.setInt(++i, s.companies());
            ps.setLong(++i, s.offered());
            ps.setLong(++i, s.answered());
            ps.setLong(++i, s.unattributed());
            ps.setLong(++i, s.laborBasis());
            ps.setLong(++i, s.subsidyTotal());
            ps.setLong(++i, s.companyTotal());
            ps.setLong(++i, s.adjustments());
            ps.setLong(++i, s.totalDue());
            ps.executeUpdate();
        }
    }

    /** The latest closed month of {@code ledger}, empty before the first close. */
    public Optional<YearMonth> latestClosed(String ledger) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return latestClosed(c, ledger);
        }
    }

    static Optional<YearMonth> latestClosed(Connection c, String ledger) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(bill_month) FROM billing_close WHERE ledger = ?")) {
            ps.setString(1, ledger);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String m = rs.getString(1);
                return m == null ? Optional.empty() : Optional.of(YearMonth.parse(m));
            }
        }
    }

    /** Closed months in {@code [from, to)}, oldest first. */
    static List<YearMonth> closedMonths(Connection c, String ledger, YearMonth from, YearMonth to) throws SQLException {
        List<YearMonth> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT bill_month FROM billing_close WHERE ledger = ?"
                + " AND bill_month >= ? AND bill_month < ?"
                + " ORDER BY bill_month")) {
            ps.setString(1, ledger);
            ps.setString(2, from.toString());
            ps.setString(3, to.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(YearMonth.parse(rs.getString(1)));
                }
            }
        }
        return out;
    }

    static Map<String, Billed> billed(Connection c, String ledger, YearMonth usageMonth) throws SQLException {
        Map<String, Billed> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT u.company_id, SUM(u.offered), SUM(u.answered), SUM(u.abandoned),"
                + " SUM(u.after_hours), SUM(u.callbacks), SUM(u.voicemail), SUM(u.talk_ms), SUM(u.happy_calls),"
                + " SUM(u.survey_attempted), SUM(u.survey_completed), SUM(u.usage_charge), MAX(s.tier)"
                + " FROM billing_usage u LEFT JOIN billing_statement s ON s.ledger = u.ledger AND s.company_id = u.company_id"
                + " AND s.bill_month = u.usage_month WHERE u.ledger = ? AND u.usage_month = ? GROUP BY u.company_id")) {
            ps.setString(1, ledger);
            ps.setString(2, usageMonth.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Billed(new Usage(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11)),
                            rs.getLong(12), rs.getString(13)));
                }
            }
        }
        return out;
    }

    static void bindUsage(PreparedStatement ps, String ledger, String company, YearMonth usageMonth, YearMonth billedMonth, Usage u,
            long charge) throws SQLException {
        int i = 0;
        ps.setString(++i, ledger);
        ps.setString(++i, company);
        ps.setString(++i, usageMonth.toString());
        ps.setString(++i, billedMonth.toString());
        ps.setLong(++i, u.offered());
        ps.setLong(++i, u.answered());
        ps.setLong(++i, u.abandoned());
        ps.setLong(++i, u.afterHours());
        ps.setLong(++i, u.callbacks());
        ps.setLong(++i, u.voicemail());
        ps.setLong(++i, u.talkMs());
        ps.setLong(++i, u.happyCalls());
        ps.setLong(++i, u.surveyAttempted());
        ps.setLong(++i, u.surveyCompleted());
        ps.setLong(++i, charge);
    }

    static List<Statement> statements(Connection c, String ledger, YearMonth month, String onlyCompany) throws SQLException {
        Map<String, List<StatementLine>> lines = new HashMap<>();
        String companyFilter = onlyCompany == null ? "" : " AND company_id = ?";
        try (PreparedStatement ps = c.prepareStatement("SELECT company_id, line_no, kind, description, quantity, unit_price, amount"
                + " FROM billing_line WHERE ledger = ? AND bill_month = ?" + companyFilter + " ORDER BY company_id, line_no")) {
            bindFilter(ps, ledger, month, onlyCompany);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new StatementLine(rs.getInt(2),
                            StatementLine.Kind.valueOf(rs.getString(3)), rs.getString(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)));
                }
            }
        }
        List<Statement> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + STATEMENT_COLUMNS + " FROM billing_statement WHERE ledger = ?"
                + " AND bill_month = ?" + companyFilter + " ORDER BY company_id")) {
            bindFilter(ps, ledger, month, onlyCompany);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(2);
                    out.add(new Statement(rs.getString(1), id, rs.getString(3), YearMonth.parse(rs.getString(4)), rs.getString(5),
                            rs.getInt(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getLong(12),
                            rs.getLong(13), instant(rs, 14), lines.getOrDefault(id, List.of())));
                }
            }
        }
        return out;
    }

    private static void bindFilter(PreparedStatement ps, String ledger, YearMonth month, String company) throws SQLException {
        ps.setString(1, ledger);
        ps.setString(2, month.toString());
        if (company != null) {
            ps.setString(3, company);
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        LocalDateTime t = rs.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }
}
