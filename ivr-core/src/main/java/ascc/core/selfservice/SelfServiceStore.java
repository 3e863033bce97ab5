package ascc.core.selfservice;

import ascc.core.db.Batches;
import ascc.core.db.Fit;
import ascc.routing.selfservice.SelfServiceResult;
import ascc.routing.selfservice.SelfServiceVisit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * {@code call_self_service} (V111): the visits, idempotent by {@code linked_id}, and the containment per company that
 * {@code ivr report} prints and the wallboard may show ({@link #containment}).
 */
public final class SelfServiceStore {
    static final String UPSERT = "INSERT INTO call_self_service (linked_id, company_id, category, items, result, visited_at)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE company_id = VALUES(company_id), category = VALUES(category),"
            + " items = VALUES(items), result = VALUES(result), visited_at = VALUES(visited_at)";
    static final int ITEMS = 512;

    /**
     * One company's self-service in a period.
     *
     * @param visits calls that entered self-service
     * @param resolved of them, served without an agent (heard an item and hung up)
     * @param toAgent went on to an agent (0 or silence)
     * @param abandoned hung up before hearing any item
     */
    public record Containment(long visits, long resolved, long toAgent, long abandoned) {
        /** resolved / visits in percent, one decimal rounded half up; 0 without visits. */
        public double ratePercent() {
            return visits == 0 ? 0 : Math.round(resolved * 1000.0 / visits) / 10.0;
        }
    }

    private final DataSource db;

    public SelfServiceStore(DataSource db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    public void upsert(List<SelfServiceVisit> visits) throws SQLException {
        Batches.inOneTransaction(db, UPSERT, visits, (ps, v) -> {
            Fit fit = new Fit();
            ps.setString(1, v.linkedId());
            ps.setString(2, v.companyId());
            ps.setString(3, v.category());
            ps.setString(4, fit.cut(v.itemsText(), ITEMS));
            ps.setString(5, v.result().name());
            ps.setObject(6, LocalDateTime.ofInstant(v.at(), ZoneOffset.UTC));
        });
    }

    /** The visit of one call, if it visited self-service. */
    public Optional<SelfServiceVisit> find(String linkedId) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT company_id, category, items, result, visited_at FROM call_self_service"
                     + " WHERE linked_id = ?")) {
            ps.setString(1, linkedId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String items = rs.getString(3);
                return Optional.of(new SelfServiceVisit(linkedId, rs.getString(1), rs.getString(2),
                        items.isEmpty() ? List.of() : List.of(items.split(",")), SelfServiceResult.valueOf(rs.getString(4)),
                        rs.getObject(5, LocalDateTime.class).toInstant(ZoneOffset.UTC)));
            }
        }
    }

    /** Containment per company (sorted by id) of the visits with {@code from <= visited_at < to}, optionally of one company. */
    public Map<String, Containment> containment(Instant from, Instant to, Optional<String> company) throws SQLException {
        Map<String, long[]> counts = new TreeMap<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT company_id, result, COUNT(*) FROM call_self_service"
                     + " WHERE visited_at >= ? AND visited_at < ?" + (company.isPresent() ? " AND company_id = ?" : "")
                     + " GROUP BY company_id, result")) {
            ps.setObject(1, LocalDateTime.ofInstant(from, ZoneOffset.UTC));
            ps.setObject(2, LocalDateTime.ofInstant(to, ZoneOffset.UTC));
            if (company.isPresent()) {
                ps.setString(3, company.get());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long[] n = counts.computeIfAbsent(rs.getString(1), k -> new long[SelfServiceResult.values().length]);
                    n[SelfServiceResult.valueOf(rs.getString(2)).ordinal()] += rs.getLong(3);
                }
            }
        }
        Map<String, Containment> out = new TreeMap<>();
        counts.forEach((id, n) -> out.put(id, new Containment(n[0] + n[1] + n[2], n[SelfServiceResult.RESOLVED.ordinal()],
                n[SelfServiceResult.TO_AGENT.ordinal()], n[SelfServiceResult.ABANDONED.ordinal()])));
        return out;
    }
}
