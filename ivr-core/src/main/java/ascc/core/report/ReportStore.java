package ascc.core.report;

import ascc.routing.calls.CallOutcome;
import ascc.routing.report.ReportCall;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Reads what the traffic report needs: {@code call_record} rows that entered in a time range (optionally of one company
 * and/or desk) and the overflow steps ({@code call_overflow_step}) taken on them, joined by the caller's unique id.
 */
public final class ReportStore {
    private final DataSource db;

    public ReportStore(DataSource db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** Calls with {@code from <= entered_at < to} (UTC instants). */
    public List<ReportCall> calls(Instant from, Instant to, Optional<String> company, Optional<String> desk) throws SQLException {
        String where = " WHERE c.entered_at >= ? AND c.entered_at < ?" + (company.isPresent() ? " AND c.company_id = ?" : "")
                + (desk.isPresent() ? " AND c.desk_id = ?" : "");
        Map<String, Set<Integer>> steps = new HashMap<>();
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT o.unique_id, o.step_no FROM call_overflow_step o"
                    + " JOIN call_record c ON c.unique_id = o.unique_id" + where)) {
                bind(ps, from, to, company, desk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        steps.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getInt(2));
                    }
                }
            }
            List<ReportCall> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT c.company_id, c.desk_id, c.entered_at, c.outcome, c.wait_ms,"
                    + " c.talk_ms, c.unique_id FROM call_record c" + where)) {
                bind(ps, from, to, company, desk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant entered = rs.getObject(3, LocalDateTime.class).toInstant(ZoneOffset.UTC);
                        String uniqueId = rs.getString(7);
                        Set<Integer> taken = uniqueId == null ? Set.of() : steps.getOrDefault(uniqueId, Set.of());
                        out.add(new ReportCall(rs.getString(1), rs.getString(2), entered, CallOutcome.valueOf(rs.getString(4)),
                                nullableLong(rs, 5), nullableLong(rs, 6), taken));
                    }
                }
            }
            return out;
        }
    }

    /**
     * Disposition codes agents picked ({@code call_disposition}, agent desktop) on the calls with {@code from <= entered_at < to}:
     * desk -> code -> calls, both sorted.
     */
    public Map<String, Map<String, Integer>> dispositions(Instant from, Instant to, Optional<String> company, Optional<String> desk)
            throws SQLException {
        String where = " WHERE c.entered_at >= ? AND c.entered_at < ?" + (company.isPresent() ? " AND c.company_id = ?" : "")
                + (desk.isPresent() ? " AND c.desk_id = ?" : "");
        Map<String, Map<String, Integer>> out = new java.util.TreeMap<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT d.desk_id, d.code, COUNT(*) FROM call_disposition d"
                     + " JOIN call_record c ON c.linked_id = d.linked_id" + where + " GROUP BY d.desk_id, d.code")) {
            bind(ps, from, to, company, desk);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new java.util.TreeMap<>()).put(rs.getString(2), rs.getInt(3));
                }
            }
        }
        return out;
    }

    private static void bind(PreparedStatement ps, Instant from, Instant to, Optional<String> company, Optional<String> desk)
            throws SQLException {
        int i = 1;
        ps.setObject(i++, LocalDateTime.ofInstant(from, ZoneOffset.UTC));
        ps.setObject(i++, LocalDateTime.ofInstant(to, ZoneOffset.UTC));
        if (company.isPresent()) {
            ps.setString(i++, company.get());
        }
        if (desk.isPresent()) {
            ps.setString(i, desk.get());
        }
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
