package ascc.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lease table's SQL on H2 (MariaDB: {@code LeaseStoreMariaDbIT}); expiries by the database's clock. */
class SqlLeaseStoreTest {
    private static final Duration LONG = Duration.ofHours(1);

    @TempDir
    Path dir;
    private Database db;
    private SqlLeaseStore store;

    @BeforeEach
    void open() {
        db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 4));
        store = new SqlLeaseStore(db.dataSource());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aFreeLeaseIsTakenWithTokenOneAndRenewedWithTheSameToken() throws LeaseFailure {
        assertEquals(1, store.hold("overflow", "a", 0, LONG));
        assertEquals(1, store.hold("overflow", "a", 1, LONG));
    }

    @Test
    void aLiveLeaseIsNotTakenByAnotherNode() throws LeaseFailure {
        store.hold("overflow", "a", 0, LONG);
        assertEquals(0, store.hold("overflow", "b", 0, LONG));
        assertEquals(0, store.hold("overflow", "b", 1, LONG), "b cannot renew a's token either");
    }

    @Test
    void anExpiredLeaseIsTakenOverWithTheNextTokenAndTheOldHolderCannotRenew() throws LeaseFailure {
        store.hold("overflow", "a", 0, Duration.ZERO); // expires at once by the database's clock
        assertEquals(2, store.hold("overflow", "b", 0, LONG));
        assertEquals(0, store.hold("overflow", "a", 1, LONG));
    }

    @Test
    void aReleasedLeaseIsTakenAtOnce() throws LeaseFailure {
        store.hold("billing", "a", 0, LONG);
        store.release("billing", "a", 1);
        assertEquals(2, store.hold("billing", "b", 0, LONG));
    }

    @Test
    void aStaleHoldersFencedWriteIsRefusedAndTheHoldersCommits() throws Exception {
        store.hold("overflow", "a", 0, Duration.ZERO);
        Fence stale = new Fence("overflow", "a", 1);
        store.hold("overflow", "b", 0, LONG);
        Fence current = new Fence("overflow", "b", 2);
        FencedOut refused = assertThrows(FencedOut.class, () -> stale.write(db.dataSource(), c -> insertStep(c, "caller-1")));
        assertEquals(LeaseFailure.Kind.FATAL, refused.kind());
        current.write(db.dataSource(), c -> insertStep(c, "caller-2"));
        assertEquals(1, steps());
    }

    @Test
    void aFencedWriteThatFailsWritesNothing() throws Exception {
        store.hold("overflow", "a", 0, LONG);
        Fence f = new Fence("overflow", "a", 1);
        LeaseFailure e = assertThrows(LeaseFailure.class, () -> f.write(db.dataSource(), c -> {
            insertStep(c, "caller-1");
            return insertStep(c, "caller-1"); // the step's unique key
        }));
        assertEquals(LeaseFailure.Kind.FATAL, e.kind());
        assertEquals(0, steps());
    }

    private static int insertStep(Connection c, String caller) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO call_overflow_step (unique_id, desk_id, step_no, action,"
                + " waited_seconds, taken_at) VALUES (?, 'as', 1, 'callback', 30, CURRENT_TIMESTAMP)")) {
            ps.setString(1, caller);
            return ps.executeUpdate();
        }
    }

    private int steps() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM call_overflow_step"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
