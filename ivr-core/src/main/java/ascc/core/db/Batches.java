package ascc.core.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/** Writing many rows with one statement as one JDBC batch in one transaction: every row is written, or none. */
public final class Batches {
    private Batches() {
    }

    /** Sets one row's parameters on the statement. */
    @FunctionalInterface
    public interface Binder<T> {
        void bind(PreparedStatement ps, T row) throws SQLException;
    }

    /**
     * Runs {@code sql} once per row as one batch in one transaction; on any failure rolls back (a rollback failure is
     * attached as suppressed) and rethrows, so the caller can keep the rows (e.g. spool them) and try again.
     */
    public static <T> void inOneTransaction(DataSource dataSource, String sql, List<T> rows, Binder<? super T> binder)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (T row : rows) {
                    binder.bind(ps, row);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }
}
