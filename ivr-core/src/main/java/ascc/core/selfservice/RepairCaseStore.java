package ascc.core.selfservice;

import ascc.core.db.Batches;
import ascc.routing.selfservice.CaseLookup;
import ascc.routing.selfservice.CaseStatus;
import ascc.routing.selfservice.RepairCase;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads and writes {@code repair_case} (V110). Writes are idempotent by {@code case_id}: a case sent again (a new status, a
 * new expected date) replaces its row. Also the IVR's {@link CaseLookup}: a failing read is a {@link CaseLookup.CaseLookupException}
 * (the caller then goes on without case status).
 */
public final class RepairCaseStore implements CaseLookup {
    static final String UPSERT = "INSERT INTO repair_case (case_id, company_id, phone, product, status, expected_date, partner,"
            + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE company_id = VALUES(company_id),"
            + " phone = VALUES(phone), product = VALUES(product), status = VALUES(status), expected_date = VALUES(expected_date),"
            + " partner = VALUES(partner), updated_at = VALUES(updated_at)";
    private static final String COLUMNS = "case_id, company_id, phone, product, status, expected_date, partner";

    private final DataSource db;
    private final Clock clock;

    public RepairCaseStore(DataSource db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Inserts or replaces every case, in one transaction. */
    public void upsert(List<RepairCase> cases) throws SQLException {
        LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        Batches.inOneTransaction(db, UPSERT, cases, (ps, c) -> bind(ps, c, now));
    }

    /** Writes a batch on an open connection (the caller commits): the resumable import's batch. */
    public void upsert(Connection c, List<RepairCase> cases) throws SQLException {
        LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            for (RepairCase rc : cases) {
                bind(ps, rc, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void bind(PreparedStatement ps, RepairCase c, LocalDateTime now) throws SQLException {
        ps.setString(1, c.caseId());
        ps.setString(2, c.companyId());
        ps.setString(3, c.phone());
        ps.setString(4, c.product());
        ps.setString(5, c.status().name());
        if (c.expectedDate().isPresent()) {
            ps.setDate(6, Date.valueOf(c.expectedDate().get()));
        } else {
            ps.setNull(6, Types.DATE);
        }
        ps.setString(7, c.partner());
        ps.setObject(8, now);
    }

    @Override
    public List<RepairCase> openCases(String companyId, String phone) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM repair_case WHERE company_id = ? AND phone = ?"
                     + " ORDER BY updated_at DESC, case_id")) {
            ps.setString(1, companyId);
            ps.setString(2, phone);
            List<RepairCase> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RepairCase rc = read(rs);
                    if (rc.status().open()) {
                        out.add(rc);
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new CaseLookupException("reading the open repair cases of company " + companyId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<RepairCase> byId(String companyId, String caseId) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM repair_case WHERE case_id = ? AND company_id = ?")) {
            ps.setString(1, caseId);
            ps.setString(2, companyId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new CaseLookupException("reading repair case " + caseId + " of company " + companyId + " failed: " + e.getMessage(), e);
        }
    }

    private static RepairCase read(ResultSet rs) throws SQLException {
        Date d = rs.getDate("expected_date");
        Optional<LocalDate> expected = d == null ? Optional.empty() : Optional.of(d.toLocalDate());
        return new RepairCase(rs.getString("case_id"), rs.getString("company_id"), rs.getString("phone"), rs.getString("product"),
                CaseStatus.valueOf(rs.getString("status")), expected, rs.getString("partner"));
    }
}
