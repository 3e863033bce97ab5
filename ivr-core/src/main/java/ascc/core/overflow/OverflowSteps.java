package ascc.core.overflow;

import ascc.core.cluster.Fence;
import ascc.core.cluster.FencedOut;
import ascc.core.cluster.LeaseFailure;
import ascc.core.db.DbErrorKind;
import ascc.core.db.DbErrors;
import ascc.routing.config.OverflowConfig;
import ascc.routing.overflow.OverflowPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
 *
 * <p><b>A claim and its action (V176).</b> The row carries the claiming holder's fencing token ({@code claim_token}) and
 * a state: claimed ({@code done} false) until the holder confirms the action was carried out ({@link #done}). A holder
 * killed between the two leaves a claim that is not done. The next holder reads such claims at its lease gain
 * ({@link #claimsSince}) and {@link Overflow#resync} asks Asterisk's truth, as its own AMI view of the caller shows it:
 * a caller still waiting in that desk's queue who never re-joined it was not moved, so the step is taken again (the
 * policy decides it anew and {@link #claim} takes the older token's claim over: {@link Claim#TAKE}); a caller gone from
 * the queue (moved, hung up) or back in it after the move had the action, so the claim is only marked done. A claim of
 * a current or later token, or one done, is never taken over. Membership steps (add agents, widen) are re-applied from
 * the plan by every new holder anyway, so redoing their claim changes nothing in Asterisk.
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
    /** How a callback offer step's row names its action. */
    String OFFER = new OverflowConfig.OfferCallback().describe();

    /**
     * Claims step {@code t}: writes its row (claimed, this holder's token), or takes over the claim an earlier holder
     * (older token) made and did not mark done.
     */
    Claim claim(Overflow.Taken t);

    /** The step was taken (a move succeeded), or an earlier holder's claim is found carried out: its row is marked done. */
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

    /**
     * The step rows as a node gaining the lease reads them: {@code done} the {@link OverflowPolicy#takenKey}s of steps
     * carried out, {@code open} the claims not marked done (their holder may have died before the action), {@code offers}
     * the done steps that offered a callback (their callers may be in the offer still).
     */
    record Claims(Set<String> done, List<Overflow.Taken> open, List<Overflow.Taken> offers) {
        public Claims {
            done = Set.copyOf(done);
            open = List.copyOf(open);
            offers = List.copyOf(offers);
        }

        /** Every step claimed, done or not. */
        public Set<String> all() {
            Set<String> out = new HashSet<>(done);
            open.forEach(t -> out.add(OverflowPolicy.takenKey(t.uniqueId(), t.stepNo())));
            return out;
        }
    }

    /** The step rows written since {@code since} ({@link Claims}). */
    static Claims claimsSince(DataSource db, Instant since) throws SQLException {
        Set<String> done = new HashSet<>();
        List<Overflow.Taken> open = new ArrayList<>();
        List<Overflow.Taken> offers = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT unique_id, linked_id, desk_id,"
                + " step_no, action, waited_seconds, taken_at, done FROM call_overflow_step WHERE taken_at >= ?")) {
            ps.setTimestamp(1, Timestamp.valueOf(LocalDateTime.ofInstant(since, ZoneOffset.UTC)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Overflow.Taken t = new Overflow.Taken(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getString(5), rs.getLong(6), rs.getTimestamp(7).toLocalDateTime().toInstant(ZoneOffset.UTC));
                    if (!rs.getBoolean(8)) {
                        open.add(t);
                    } else {
                        done.add(OverflowPolicy.takenKey(t.uniqueId(), t.stepNo()));
                        if (OFFER.equals(t.action())) {
                            offers.add(t);
                        }
                    }
                }
            }
        }
        return new Claims(done, open, offers);
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

        /** Work given the writer's fencing token (0 unfenced). */
        @FunctionalInterface
        private interface Tokened {
            int run(Connection c, long token) throws SQLException;
        }

        /**
         * Runs {@code work} under the lease's fence (unfenced: in its own transaction); its rows written, -1 when this node
         * holds no lease.
         */
        private int write(Tokened work) throws LeaseFailure {
            if (fence == null) {
                try (Connection c = db.getConnection()) {
                    return work.run(c, 0);
                } catch (SQLException e) {
                    throw LeaseFailure.of("overflow step write", e);
                }
            }
            Optional<Fence> f = fence.get();
            if (f.isEmpty()) {
                return -1;
            }
            long token = f.get().token();
            return f.get().write(db, c -> work.run(c, token));
        }

        @Override
        public Claim claim(Overflow.Taken t) {
            boolean written;
            boolean takenOver = false;
            try {
                int n = write((c, token) -> takeOver(c, t, token) == 1 ? 2 : insert(c, t, token));
                written = n >= 0;
                takenOver = n == 2;
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
            LOG.info("overflow step {} of desk {} taken on caller {} after {} s: {}{}", t.stepNo(), t.deskId(), t.uniqueId(),
                    t.waitedSeconds(), t.action(), takenOver ? " (an earlier holder's claim, never carried out, taken over)" : "");
            return Claim.TAKE;
        }

        @Override
        public void done(Overflow.Taken t) {
            try {
                write((c, token) -> {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE call_overflow_step SET done = TRUE, claim_token = ?"
                            + " WHERE unique_id = ? AND desk_id = ? AND step_no = ? AND done = FALSE AND claim_token <= ?")) {
                        ps.setLong(1, token);
                        ps.setString(2, t.uniqueId());
                        ps.setString(3, t.deskId());
                        ps.setInt(4, t.stepNo());
                        ps.setLong(5, token);
                        return ps.executeUpdate();
                    }
                });
            } catch (LeaseFailure e) {
                LOG.warn("overflow step {} on caller {} carried out but not marked done ({}); the next holder checks the caller",
                        t.stepNo(), t.uniqueId(), e.getMessage());
            }
        }

        /** Takes over an older holder's claim of {@code t} that is not done; 1 when taken over. */
        private static int takeOver(Connection c, Overflow.Taken t, long token) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("UPDATE call_overflow_step SET claim_token = ?, waited_seconds = ?,"
                    + " taken_at = ? WHERE unique_id = ? AND desk_id = ? AND step_no = ? AND done = FALSE AND claim_token < ?")) {
                ps.setLong(1, token);
                ps.setLong(2, t.waitedSeconds());
                ps.setTimestamp(3, Timestamp.valueOf(LocalDateTime.ofInstant(t.at(), ZoneOffset.UTC)));
                ps.setString(4, t.uniqueId());
                ps.setString(5, t.deskId());
                ps.setInt(6, t.stepNo());
                ps.setLong(7, token);
                return ps.executeUpdate();
            }
        }

        @Override
        public void withdraw(Overflow.Taken t) {
            try {
                write((c, token) -> {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM call_overflow_step WHERE unique_id = ?"
                            + " AND desk_id = ? AND step_no = ? AND done = FALSE")) {
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

        private static int insert(Connection c, Overflow.Taken t, long token) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO call_overflow_step (unique_id, linked_id, desk_id, step_no,"
                    + " action, waited_seconds, taken_at, claim_token, done) VALUES (?, ?, ?, ?, ?, ?, ?, ?, FALSE)")) {
                ps.setString(1, t.uniqueId());
                ps.setString(2, t.linkedId());
                ps.setString(3, t.deskId());
                ps.setInt(4, t.stepNo());
                ps.setString(5, t.action());
                ps.setLong(6, t.waitedSeconds());
                ps.setTimestamp(7, Timestamp.valueOf(LocalDateTime.ofInstant(t.at(), ZoneOffset.UTC)));
                ps.setLong(8, token);
                return ps.executeUpdate();
            }
        }
    }
}
