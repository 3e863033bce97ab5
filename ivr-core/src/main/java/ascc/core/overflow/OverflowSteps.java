package ascc.core.overflow;

import ascc.core.cluster.Fence;
import ascc.core.cluster.FencedOut;
import ascc.core.cluster.LeaseFailure;
import ascc.core.db.DbErrorKind;
import ascc.core.db.DbErrors;
import ascc.routing.overflow.OverflowPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where overflow steps are claimed before they are taken: the step's row in {@code call_overflow_step} (one per caller,
 * desk and step: V161), written under the {@code overflow} lease's {@link Fence}, so a step is taken once whichever
 * node takes it, and never by a node that lost the lease. Runs on {@code overflow-io}.
 */
public interface OverflowSteps {
    /** What a claim allows. */
    enum Claim {
        /** The row is written: take the step now. */
        TAKE,
        /** Another node took this step already, or this node lost the lease: do nothing. */
        SKIP,
        /** The database is away: not taken, try again at a later check. */
        RETRY
    }

    /** The lease whose holder takes overflow steps and dials its callbacks. */
    String LEASE = "overflow";

    Claim claim(Overflow.Taken t);

    /** The step was taken (a move succeeded). */
    default void done(Overflow.Taken t) {
    }

    /** Claims and, when allowed, confirms at once a step that was taken already (a supervisor's move). */
    default void claimed(Overflow.Taken t) {
        if (claim(t) == Claim.TAKE) {
            done(t);
        }
    }

    /** The claimed step could not be taken (the move failed): its row is removed. */
    default void withdraw(Overflow.Taken t) {
    }

    /** Steps only handed to {@code recorder} once taken (tests, no database). */
    static OverflowSteps recording(Consumer<Overflow.Taken> recorder) {
        return new OverflowSteps() {
            @Override
            public Claim claim(Overflow.Taken t) {
                return Claim.TAKE;
            }

            @Override
            public void done(Overflow.Taken t) {
                recorder.accept(t);
            }
        };
    }

    /** Rows in {@code db}, each written under the fence {@code fence} gives (empty: this node does not hold the lease). */
    static OverflowSteps fenced(DataSource db, Supplier<Optional<Fence>> fence) {
        return new Fenced(db, fence);
    }

    /** Rows in {@code db} without a lease (a single node that takes part in no cluster; tests). */
    static OverflowSteps unfenced(DataSource db) {
        return new Fenced(db, null);
    }

    /** The steps recorded since {@code since}, as {@link OverflowPolicy#takenKey}s (a node gaining the lease resyncs with them). */
    static Set<String> takenSince(DataSource db, Instant since) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT unique_id, step_no FROM call_overflow_step WHERE taken_at >= ?")) {
            ps.setTimestamp(1, Timestamp.valueOf(LocalDateTime.ofInstant(since, ZoneOffset.UTC)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(OverflowPolicy.takenKey(rs.getString(1), rs.getInt(2)));
                }
            }
        }
        return out;
    }

    /** {@link #fenced}. */
    final class Fenced implements OverflowSteps {
        private static final Logger LOG = LoggerFactory.getLogger(OverflowSteps.class);
        private final DataSource db;
        private final Supplier<Optional<Fence>> fence;

        Fenced(DataSource db, Supplier<Optional<Fence>> fence) {
            this.db = db;
            this.fence = fence;
        }

        /** Runs {@code work} under the lease's fence (unfenced: in its own transaction); false when this node holds no lease. */
        private boolean write(Fence.Work<Integer> work) throws LeaseFailure {
            if (fence == null) {
                try (Connection c = db.getConnection()) {
                    work.run(c);
                    return true;
                } catch (SQLException e) {
                    throw LeaseFailure.of("overflow step write", e);
                }
            }
            Optional<Fence> f = fence.get();
            if (f.isEmpty()) {
                return false;
            }
            f.get().write(db, work);
            return true;
        }

        @Override
        public Claim claim(Overflow.Taken t) {
            boolean written;
            try {
                written = write(c -> insert(c, t));
            } catch (FencedOut e) {
                LOG.warn("overflow step {} on caller {} not taken: {}", t.stepNo(), t.uniqueId(), e.getMessage());
                return Claim.SKIP;
            } catch (LeaseFailure e) {
                if (e.getCause() instanceof SQLException s && DbErrors.classify(s) == DbErrorKind.FATAL) {
                    LOG.info("overflow step {} of desk {} on caller {} was taken already (by another node): {}", t.stepNo(),
                            t.deskId(), t.uniqueId(), s.getMessage());
                    return Claim.SKIP;
                }
                LOG.warn("overflow step {} on caller {} not claimed, retried at a later check: {}", t.stepNo(), t.uniqueId(),
                        e.getMessage());
                return Claim.RETRY;
            }
            if (!written) {
                LOG.warn("overflow step {} of desk {} on caller {} not taken: this node no longer holds lease '{}'", t.stepNo(),
                        t.deskId(), t.uniqueId(), LEASE);
                return Claim.SKIP;
            }
            LOG.info("overflow step {} of desk {} taken on caller {} after {} s: {}", t.stepNo(), t.deskId(), t.uniqueId(),
                    t.waitedSeconds(), t.action());
            return Claim.TAKE;
        }

        @Override
        public void withdraw(Overflow.Taken t) {
            try {
                write(c -> {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM call_overflow_step WHERE unique_id = ?"
                            + " AND desk_id = ? AND step_no = ?")) {
                        ps.setString(1, t.uniqueId());
                        ps.setString(2, t.deskId());
                        ps.setInt(3, t.stepNo());
                        return ps.executeUpdate();
                    }
                });
            } catch (LeaseFailure e) {
                LOG.error("overflow step {} on caller {} failed but its row stays: {}", t.stepNo(), t.uniqueId(), e.getMessage());
            }
        }

        private static int insert(Connection c, Overflow.Taken t) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO call_overflow_step (unique_id, linked_id, desk_id, step_no,"
                    + " action, waited_seconds, taken_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, t.uniqueId());
                ps.setString(2, t.linkedId());
                ps.setString(3, t.deskId());
                ps.setInt(4, t.stepNo());
                ps.setString(5, t.action());
                ps.setLong(6, t.waitedSeconds());
                ps.setTimestamp(7, Timestamp.valueOf(LocalDateTime.ofInstant(t.at(), ZoneOffset.UTC)));
                return ps.executeUpdate();
            }
        }
    }
}
