package ascc.core.desktop;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code call_disposition} (V140): one row per call, idempotent by linkedid ({@code INSERT ... ON DUPLICATE KEY UPDATE}, as
 * MariaDB and H2 in MODE=MariaDB both run it), so a replayed journal line stores once and a second save replaces the first.
 */
public final class DispositionStore {
    static final String UPSERT = "INSERT INTO call_disposition (linked_id, company_id, desk_id, agent_id, code, note, saved_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE company_id = VALUES(company_id), desk_id = VALUES(desk_id),"
            + " agent_id = VALUES(agent_id), code = VALUES(code), note = VALUES(note), saved_at = VALUES(saved_at)";

    private final DataSource db;

    public DispositionStore(DataSource db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** Stores every disposition in one transaction. */
    public void upsert(List<CallDisposition> items) throws SQLException {
        try (Connection c = db.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                for (CallDisposition d : items) {
                    ps.setString(1, d.linkedId());
                    ps.setString(2, d.companyId());
                    ps.setString(3, d.deskId());
                    ps.setString(4, d.agentId());
                    ps.setString(5, d.code());
                    ps.setString(6, d.note());
                    ps.setObject(7, LocalDateTime.ofInstant(d.savedAt(), ZoneOffset.UTC));
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    /** The stored disposition of a call. */
    public Optional<CallDisposition> find(String linkedId) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT linked_id, company_id, desk_id, agent_id, code, note, saved_at"
                     + " FROM call_disposition WHERE linked_id = ?")) {
            ps.setString(1, linkedId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Instant at = rs.getObject(7, LocalDateTime.class).toInstant(ZoneOffset.UTC);
                return Optional.of(new CallDisposition(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), at));
            }
        }
    }
}
