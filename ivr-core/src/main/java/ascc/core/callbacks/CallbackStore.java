package ascc.core.callbacks;

import ascc.routing.callbacks.AfterHoursCallbackStatus;
import ascc.routing.callbacks.CallbackKind;
import ascc.routing.callbacks.CallbackStatus;
import ascc.routing.callbacks.FollowUpStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code callback_request} table. Times are stored as UTC DATETIME(3), like call records. The three callback lifecycles
 * share it: {@code kind} is the status type's {@link CallbackKind#column()} and {@code status} its name; a row is read
 * back into its own lifecycle ({@link CallbackKind#of}). The lifecycles share the names of the steps they have in common,
 * so the statements below that select by status hold for each.
 */
public final class CallbackStore {
    private final DataSource dataSource;

    public CallbackStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores a request with the kind of its status; false when one was already stored for that call (idempotent by linked
     * id).
     */
    public boolean insert(CallbackRequest r, Instant now) throws SQLException {
        String sql = "INSERT INTO callback_request (linked_id, company_id, desk_id, queue_name, callback_number, requested_at,"
                + " due_at, status, updated_at, reason, related_linked_id, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, r.linkedId());
            ps.setString(2, r.companyId());
            ps.setString(3, r.deskId());
            ps.setString(4, r.queueName());
            ps.setString(5, r.number());
            ps.setTimestamp(6, utc(r.requestedAt()));
            ps.setTimestamp(7, utc(r.dueAt()));
            ps.setString(8, r.status().name());
            ps.setTimestamp(9, utc(now));
            ps.setString(10, r.reason());
            ps.setString(11, r.relatedLinkedId());
            ps.setString(12, r.status().kind().column());
            ps.executeUpdate();
            return true;
        } catch (SQLIntegrityConstraintViolationException e) {
            return false;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState()) || "23000".equals(e.getSQLState())) {
                return false; // unique key on linked_id: stored already
            }
            throw e;
        }
    }

    public Optional<CallbackRequest> find(String linkedId) throws SQLException {
        return findWhere("linked_id = ?", linkedId).stream().findFirst();
    }

    /** Requests DUE and not being dialed yet (the node holding the overflow lease dials them; docs/scale-out.md). */
    public List<CallbackRequest> findDue() throws SQLException {
        return findWhere("status = ?", AfterHoursCallbackStatus.DUE.name());
    }

    /** The follow-up tasks about one original call (oldest first). */
    public List<CallbackRequest> findRelated(String relatedLinkedId) throws SQLException {
        return findWhere("related_linked_id = ?", relatedLinkedId);
    }

    private List<CallbackRequest> findWhere(String where, String value) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM callback_request WHERE " + where + " ORDER BY id";
        List<CallbackRequest> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(request(rs));
                }
            }
        }
        return out;
    }

    private static final String COLUMNS = "linked_id, company_id, desk_id, queue_name, callback_number, requested_at, due_at, status,"
            + " reason, related_linked_id, kind";

    /** The request in a row of {@link #COLUMNS}, its status read into the lifecycle of its kind. */
    private static CallbackRequest request(ResultSet rs) throws SQLException {
        String reason = rs.getString(9);
        CallbackStatus status = CallbackKind.of(rs.getString(11), reason != null).status(rs.getString(8));
        return new CallbackRequest(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)), status, reason, rs.getString(10));
    }

    /**
     * Marks a follow-up task solved from a status its lifecycle allows that from ({@link FollowUpStatus#solvableFrom()}:
     * not called back yet, or the call-back is over); false when it is not in one of those (unknown, not a follow-up,
     * solved already, or being called back right now).
     */
    public boolean markSolved(String linkedId, Instant now) throws SQLException {
        List<FollowUpStatus> from = List.copyOf(FollowUpStatus.solvableFrom());
        String sql = "UPDATE callback_request SET status = ?, updated_at = ?, solved_at = ? WHERE linked_id = ?"
                + " AND reason IS NOT NULL AND status IN (" + String.join(", ", Collections.nCopies(from.size(), "?")) + ")";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, FollowUpStatus.SOLVED.name());
            ps.setTimestamp(2, utc(now));
            ps.setTimestamp(3, utc(now));
            ps.setString(4, linkedId);
            for (int i = 0; i < from.size(); i++) {
                ps.setString(5 + i, from.get(i).name());
            }
            return ps.executeUpdate() == 1;
        }
    }

    /** Follow-up tasks (those with a reason), oldest first; only the unsolved ones when {@code openOnly}. */
    public List<CallbackRequest> findFollowUps(boolean openOnly) throws SQLException {
        return findWhere("reason IS NOT NULL AND status <> ?", openOnly ? FollowUpStatus.SOLVED.name() : "");
    }

    /** Marks a pending request (after hours or follow-up) due; false when it was not pending. */
    public boolean markDue(String linkedId, Instant now) throws SQLException {
        String sql = "UPDATE callback_request SET status = ?, updated_at = ? WHERE linked_id = ? AND status = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, AfterHoursCallbackStatus.DUE.name());
            ps.setTimestamp(2, utc(now));
            ps.setString(3, linkedId);
            ps.setString(4, AfterHoursCallbackStatus.PENDING.name());
            return ps.executeUpdate() == 1;
        }
    }

    /** Sets status, attempts made and the last result of a request. */
    public void update(String linkedId, CallbackStatus status, int attempts, String lastResult, Instant now) throws SQLException {
        String sql = "UPDATE callback_request SET status = ?, attempts = ?, last_result = ?, updated_at = ? WHERE linked_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, status.name());
            ps.setInt(2, attempts);
            ps.setString(3, lastResult);
            ps.setTimestamp(4, utc(now));
            ps.setString(5, linkedId);
            ps.executeUpdate();
        }
    }

    /** A callback the engine was dialing (QUEUED, CALLING or RETRY) with the attempts made so far. */
    public record Open(CallbackRequest request, int attempts) {
    }

    /**
     * Callbacks being dialed when the engine stopped (status QUEUED, CALLING or RETRY, of either kind: overflow
     * callbacks and due after-hours ones dialed the same way), oldest request first.
     */
    public List<Open> findBeingDialed() throws SQLException {
        List<String> dialing = Arrays.stream(AfterHoursCallbackStatus.values()).filter(CallbackStatus::beingDialed)
                .map(Enum::name).toList();
        String sql = "SELECT " + COLUMNS + ", attempts FROM callback_request WHERE status IN ("
                + String.join(", ", Collections.nCopies(dialing.size(), "?")) + ") ORDER BY requested_at, id";
        List<Open> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < dialing.size(); i++) {
                ps.setString(1 + i, dialing.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Open(request(rs), rs.getInt(12)));
                }
            }
        }
        return out;
    }

    /** Attempts made on a request, -1 when there is none. */
    public int attempts(String linkedId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT attempts FROM callback_request WHERE linked_id = ?")) {
            ps.setString(1, linkedId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        }
    }

    static Timestamp utc(Instant i) {
        return Timestamp.valueOf(i.atOffset(ZoneOffset.UTC).toLocalDateTime());
    }

    static Instant instant(Timestamp t) {
        return t == null ? null : t.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }
}
