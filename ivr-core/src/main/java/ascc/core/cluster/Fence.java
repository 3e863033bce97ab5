package ascc.core.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The proof a node holds lease {@link #name()}: its owner and fencing token when it was last gained. A once-only write
 * runs {@link #write} (in one transaction with the lease row locked), and the database refuses it when the lease's
 * owner or token moved on, so a node that lost its lease (paused, cut off, killed and restarted) cannot write after
 * another node took the work over, whatever its clock or its memory say.
 */
public record Fence(String name, String owner, long token) {

    /** Work done in the fenced transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction after locking the lease row and checking it is still this fence's; commits.
     *
     * @throws FencedOut when the lease has another owner or token (nothing written)
     * @throws LeaseFailure classified, when the database failed (nothing written)
     */
    public <T> T write(DataSource db, Work<T> work) throws LeaseFailure {
        try (Connection c = db.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                check(c);
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | LeaseFailure | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw LeaseFailure.of("write under lease '" + name + "' (token " + token + ")", e);
        }
    }

    private void check(Connection c) throws SQLException, FencedOut {
        try (PreparedStatement ps = c.prepareStatement("SELECT owner, token FROM cluster_lease WHERE name = ? FOR UPDATE")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                String nowOwner = rs.next() ? rs.getString(1) : null;
                long nowToken = nowOwner == null ? 0 : rs.getLong(2);
                if (!owner.equals(nowOwner) || nowToken != token) {
                    throw new FencedOut(this, nowOwner, nowToken);
                }
            }
        }
    }
}
