package ascc.core.webcallbacks;

import ascc.routing.callbacks.AfterHoursCallbackStatus;
import ascc.routing.callbacks.CallbackKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Web callback requests in {@code callback_request} (the columns of V120: channel, integration, category, window, merges):
 * stored with the after-hours lifecycle, so the callback machinery dials them when due.
 */
public final class WebCallbackStore {
    /** Statuses of a request not over yet (a later request merges into it). */
    static final List<String> OPEN = List.of("PENDING", "DUE", "QUEUED", "CALLING", "RETRY");

    private final DataSource dataSource;

    public WebCallbackStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores {@code r}; false when it was stored already (a replayed journal line). */
    public boolean insert(WebCallbackRequest r, Instant now) throws SQLException {
        String sql = "INSERT INTO callback_request (linked_id, company_id, desk_id, queue_name, callback_number, requested_at, due_at,"
                + " status, updated_at, kind, channel, integration, category, window_start, window_end)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, r.id());
            ps.setString(2, r.companyId());
            ps.setString(3, r.deskId());
            ps.setString(4, r.queueName());
            ps.setString(5, r.number());
            ps.setTimestamp(6, utc(r.requestedAt()));
            ps.setTimestamp(7, utc(r.dueAt()));
            ps.setString(8, AfterHoursCallbackStatus.PENDING.name());
            ps.setTimestamp(9, utc(now));
            ps.setString(10, CallbackKind.AFTER_HOURS.column());
            ps.setString(11, r.channel());
            ps.setString(12, r.integration());
            ps.setString(13, r.category());
            ps.setTimestamp(14, utc(r.windowStart()));
            ps.setTimestamp(15, utc(r.windowEnd()));
            ps.executeUpdate();
            return true;
        } catch (SQLIntegrityConstraintViolationException e) {
            return false;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState()) || "23000".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** The id of an open web request for {@code company} and {@code number} requested at or after {@code since}, if any. */
    public Optional<String> findOpen(String company, String number, Instant since) throws SQLException {
        String sql = "SELECT linked_id FROM callback_request WHERE company_id = ? AND callback_number = ? AND channel IS NOT NULL"
                + " AND requested_at >= ? AND status IN (?, ?, ?, ?, ?) ORDER BY id DESC";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, company);
            ps.setString(2, number);
            ps.setTimestamp(3, utc(since));
            for (int i = 0; i < OPEN.size(); i++) {
                ps.setString(4 + i, OPEN.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Notes a later request merged into request {@code id}; false when that request is not stored (yet). */
    public boolean merged(String id, String note, Instant at) throws SQLException {
        String sql = "UPDATE callback_request SET merged_count = merged_count + 1, merged_at = ?, merged_note = ?, updated_at = ?"
                + " WHERE linked_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, utc(at));
            ps.setString(2, note.length() > 200 ? note.substring(0, 200) : note);
            ps.setTimestamp(3, utc(at));
            ps.setString(4, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** One line of the per-channel report. */
    public record ChannelRow(String channel, String status, int requests, int merged) {
    }

    /** Requests from outside a call in {@code [from, to)}, counted per channel and status. */
    public List<ChannelRow> byChannel(Instant from, Instant to) throws SQLException {
        String sql = "SELECT channel, status, COUNT(*), COALESCE(SUM(merged_count), 0) FROM callback_request WHERE channel IS NOT NULL"
                + " AND requested_at >= ? AND requested_at < ? GROUP BY channel, status ORDER BY channel, status";
        List<ChannelRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, utc(from));
            ps.setTimestamp(2, utc(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ChannelRow(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4)));
                }
            }
        }
        return out;
    }

    /** True when callback {@code id} came from outside a call (has a channel). */
    public boolean isWeb(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT channel FROM callback_request WHERE linked_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getString(1) != null;
            }
        }
    }

    static Timestamp utc(Instant i) {
        return i == null ? null : Timestamp.valueOf(i.atOffset(ZoneOffset.UTC).toLocalDateTime());
    }
}
