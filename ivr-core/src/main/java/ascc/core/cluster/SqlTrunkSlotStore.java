package ascc.core.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Trunk slots in table {@code trunk_slot} (Flyway V175; MariaDB and H2). A claim is one transaction that first locks the
 * one row of {@code trunk_slot_lock} ({@code SELECT ... FOR UPDATE}): claims of all nodes run one after another, each
 * counts the live slots (read committed, expiry by the database's clock {@code LOCALTIMESTAMP(3)}) and inserts its own
 * before the next may count, so no race can take the count over the limit or a box over its capacity. Giving back is one
 * {@code DELETE} by key (no lock: it can only lower the count).
 */
public final class SqlTrunkSlotStore implements TrunkSlotStore {
    private static final String EXPIRY = "TIMESTAMPADD(MICROSECOND, ?, LOCALTIMESTAMP(3))";
    private static final int TIMEOUT_SECONDS = 5;
    private final DataSource db;

    public SqlTrunkSlotStore(DataSource db) {
        this.db = db;
    }

    @Override
    public String claim(String callKey, String node, String kind, int limit, List<Box> boxes, Duration ttl) throws TrunkSlotFailure {
        try (Connection c = db.getConnection()) {
            boolean auto = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            try {
                String box = claimLocked(c, callKey, node, kind, limit, boxes, ttl);
                c.commit();
                return box;
            } catch (SQLException | TrunkSlotFailure | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw TrunkSlotFailure.of("trunk slot claim for " + callKey + " by node " + node, e);
        }
    }

    private static String claimLocked(Connection c, String callKey, String node, String kind, int limit, List<Box> boxes,
            Duration ttl) throws SQLException, TrunkSlotFailure {
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM trunk_slot_lock WHERE name = 'trunk' FOR UPDATE")) {
            ps.setQueryTimeout(TIMEOUT_SECONDS);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("trunk_slot_lock has no row 'trunk' (migration V175 not applied?)", "42S02");
                }
            }
        }
        String had = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT box FROM trunk_slot WHERE call_key = ?")) {
            ps.setString(1, callKey);
            try (ResultSet rs = ps.executeQuery()) {
                had = rs.next() ? rs.getString(1) : null;
            }
        }
        if (had != null) {
            // claimed already (a retried claim, or a callback a killed node was placing, placed again by the next overflow
            // lease holder): the same slot, now this node's to renew
            update(c, "UPDATE trunk_slot SET node = ?, expires_at = " + EXPIRY + " WHERE call_key = ?", node, ttl.toNanos() / 1000,
                    callKey);
            return had;
        }
        update(c, "DELETE FROM trunk_slot WHERE expires_at <= LOCALTIMESTAMP(3)");
        String box = TrunkSlots.pick(limit, countByBox(c), boxes);
        update(c, "INSERT INTO trunk_slot (call_key, box, node, kind, claimed_at, expires_at) VALUES (?, ?, ?, ?, LOCALTIMESTAMP(3), "
                + EXPIRY + ")", callKey, box, node, kind, ttl.toNanos() / 1000);
        return box;
    }

    @Override
    public boolean release(String callKey) throws TrunkSlotFailure {
        try (Connection c = db.getConnection()) {
            return update(c, "DELETE FROM trunk_slot WHERE call_key = ?", callKey) > 0;
        } catch (SQLException e) {
            throw TrunkSlotFailure.of("trunk slot release of " + callKey, e);
        }
    }

    @Override
    public boolean rekey(String from, String to) throws TrunkSlotFailure {
        try (Connection c = db.getConnection()) {
            return update(c, "UPDATE trunk_slot SET call_key = ? WHERE call_key = ?", to, from) == 1;
        } catch (SQLException e) {
            throw TrunkSlotFailure.of("trunk slot " + from + " renamed to " + to, e);
        }
    }

    @Override
    public Set<String> renew(String node, Collection<String> keys, Duration ttl) throws TrunkSlotFailure {
        Set<String> still = new HashSet<>();
        if (keys.isEmpty()) {
            return still;
        }
        List<String> all = new ArrayList<>(keys);
        try (Connection c = db.getConnection()) {
            for (int from = 0; from < all.size(); from += 200) {
                List<String> part = all.subList(from, Math.min(all.size(), from + 200));
                String in = " WHERE node = ? AND call_key IN (" + String.join(",", Collections.nCopies(part.size(), "?")) + ")";
                List<Object> args = new ArrayList<>();
                args.add(ttl.toNanos() / 1000);
                args.add(node);
                args.addAll(part);
                update(c, "UPDATE trunk_slot SET expires_at = " + EXPIRY + in, args.toArray());
                try (PreparedStatement ps = c.prepareStatement("SELECT call_key FROM trunk_slot" + in)) {
                    ps.setQueryTimeout(TIMEOUT_SECONDS);
                    for (int i = 1; i < args.size(); i++) {
                        ps.setObject(i, args.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            still.add(rs.getString(1));
                        }
                    }
                }
            }
            return still;
        } catch (SQLException e) {
            throw TrunkSlotFailure.of("trunk slot renewal of " + all.size() + " slots by node " + node, e);
        }
    }

    @Override
    public Map<String, Integer> held() throws TrunkSlotFailure {
        try (Connection c = db.getConnection()) {
            return countByBox(c);
        } catch (SQLException e) {
            throw TrunkSlotFailure.of("trunk slot count", e);
        }
    }

    private static Map<String, Integer> countByBox(Connection c) throws SQLException {
        Map<String, Integer> held = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT box, COUNT(*) FROM trunk_slot WHERE expires_at > LOCALTIMESTAMP(3) GROUP BY box")) {
            ps.setQueryTimeout(TIMEOUT_SECONDS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    held.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return held;
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(TIMEOUT_SECONDS);
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }
}
