package ascc.core.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Leases in table {@code cluster_lease} (MariaDB and H2): every expiry is computed and compared by the database's clock
 * ({@code LOCALTIMESTAMP(3)}), one statement per step, so two nodes can never both renew or take the same lease.
 */
public final class SqlLeaseStore implements LeaseStore {
    private static final String EXPIRY = "TIMESTAMPADD(MICROSECOND, ?, LOCALTIMESTAMP(3))";
    private final DataSource db;

    public SqlLeaseStore(DataSource db) {
        this.db = db;
    }

    @Override
    public long hold(String name, String owner, long token, Duration ttl) throws LeaseFailure {
        long micros = ttl.toNanos() / 1000;
        int timeout = (int) Math.max(1, ttl.toSeconds());
        try (Connection c = db.getConnection()) {
            if (token > 0 && update(c, timeout, "UPDATE cluster_lease SET expires_at = " + EXPIRY
                    + " WHERE name = ? AND owner = ? AND token = ? AND expires_at > LOCALTIMESTAMP(3)", micros, name, owner, token) == 1) {
                return token;
            }
            if (update(c, timeout, "UPDATE cluster_lease SET owner = ?, token = token + 1, expires_at = " + EXPIRY
                    + " WHERE name = ? AND expires_at <= LOCALTIMESTAMP(3)", owner, micros, name) == 1) {
                return tokenOf(c, name, owner);
            }
            if (exists(c, name)) {
                return 0;
            }
            try {
                update(c, timeout, "INSERT INTO cluster_lease (name, owner, token, expires_at) VALUES (?, ?, 1, " + EXPIRY + ")",
                        name, owner, micros);
                return 1;
            } catch (SQLException e) {
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    return 0; // another node inserted it first
                }
                throw e;
            }
        } catch (SQLException e) {
            throw LeaseFailure.of("lease '" + name + "' of node " + owner, e);
        }
    }

    @Override
    public void release(String name, String owner, long token) throws LeaseFailure {
        try (Connection c = db.getConnection()) {
            update(c, 2, "UPDATE cluster_lease SET expires_at = TIMESTAMPADD(MICROSECOND, -1000, LOCALTIMESTAMP(3))"
                    + " WHERE name = ? AND owner = ? AND token = ?", name, owner, token);
        } catch (SQLException e) {
            throw LeaseFailure.of("release of lease '" + name + "' by node " + owner, e);
        }
    }

    private static int update(Connection c, int timeoutSeconds, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(timeoutSeconds);
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }

    private static long tokenOf(Connection c, String name, String owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT token FROM cluster_lease WHERE name = ? AND owner = ?")) {
            ps.setString(1, name);
            ps.setString(2, owner);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static boolean exists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM cluster_lease WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
