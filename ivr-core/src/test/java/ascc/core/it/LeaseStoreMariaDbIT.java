package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ascc.core.cluster.Fence;
import ascc.core.cluster.FencedOut;
import ascc.core.cluster.LeaseFailure;
import ascc.core.cluster.SqlLeaseStore;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.routing.config.Secret;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The lease table's SQL on MariaDB (H2: {@code SqlLeaseStoreTest}): expiry by the database's clock, take-over with the
 * next token, a stale holder's fenced write refused, and many nodes racing for one free lease: exactly one wins.
 */
class LeaseStoreMariaDbIT {
    private static final Duration LONG = Duration.ofHours(1);

    @Test
    void leasesAndFencesHoldOnMariaDb() throws Exception {
        try (Database db = Database.open(DbSettings.mariaDb(RealStack.DB_URL, "ascc", Secret.of("ascc"), 12))) {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM cluster_lease WHERE name LIKE 'it-%'");
                s.executeUpdate("DELETE FROM call_overflow_step WHERE unique_id LIKE 'it-lease-%'");
            }
            SqlLeaseStore store = new SqlLeaseStore(db.dataSource());
            assertEquals(1, store.hold("it-a", "n1", 0, Duration.ZERO));
            assertEquals(2, store.hold("it-a", "n2", 0, LONG), "expired by MariaDB's clock: taken over with the next token");
            assertEquals(0, store.hold("it-a", "n1", 1, LONG), "the old holder cannot renew");
            assertEquals(2, store.hold("it-a", "n2", 2, LONG), "the holder renews");
            FencedOut refused = assertThrows(FencedOut.class, () -> new Fence("it-a", "n1", 1).write(db.dataSource(),
                    c -> insertStep(c, "it-lease-1")));
            assertEquals(LeaseFailure.Kind.FATAL, refused.kind());
            new Fence("it-a", "n2", 2).write(db.dataSource(), c -> insertStep(c, "it-lease-2"));
            assertEquals(1, count("SELECT COUNT(*) FROM call_overflow_step WHERE unique_id LIKE 'it-lease-%'", db));

            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Long>> tries = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String node = "racer-" + i;
                    tries.add(pool.submit((Callable<Long>) () -> {
                        try {
                            return store.hold("it-race", node, 0, LONG);
                        } catch (LeaseFailure f) { // e.g. a deadlock: this node does not hold the lease this round
                            System.out.println("racer " + node + ": " + f.kind() + " " + f.getMessage());
                            return 0L;
                        }
                    }));
                }
                int winners = 0;
                for (Future<Long> f : tries) {
                    winners += f.get() > 0 ? 1 : 0;
                }
                assertEquals(1, winners, "one node of eight wins a free lease");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static int insertStep(Connection c, String caller) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO call_overflow_step (unique_id, desk_id, step_no, action,"
                + " waited_seconds, taken_at) VALUES (?, 'it', 1, 'it', 1, CURRENT_TIMESTAMP)")) {
            ps.setString(1, caller);
            return ps.executeUpdate();
        }
    }

    private static int count(String sql, Database db) throws java.sql.SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
