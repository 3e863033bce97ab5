package ascc.core.desktop;

import ascc.routing.callbacks.FollowUpStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * What the screen pop shows about a caller: the previous calls of the number with this center ({@code call_record} with
 * its disposition) and the open follow-up tasks for it ({@code callback_request} with a reason, not SOLVED). Reads by the
 * full number (V140's index on {@code caller_number}); the number itself never leaves this class unmasked.
 */
public final class CallHistoryStore {
    /** At most this many previous calls are shown. */
    static final int HISTORY_LIMIT = 10;

    private final DataSource db;

    public CallHistoryStore(DataSource db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** The newest {@value #HISTORY_LIMIT} calls of {@code number} other than {@code currentLinkedId}, newest first. */
    public List<ScreenPop.PastCall> previousCalls(String number, String currentLinkedId) throws SQLException {
        List<ScreenPop.PastCall> out = new ArrayList<>();
        if (number == null || number.isBlank()) {
            return out;
        }
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT c.entered_at, c.company_id, c.desk_id, c.outcome, d.code, d.note"
                     + " FROM call_record c LEFT JOIN call_disposition d ON d.linked_id = c.linked_id"
                     + " WHERE c.caller_number = ? AND c.linked_id <> ? ORDER BY c.entered_at DESC")) {
            ps.setString(1, number);
            ps.setString(2, currentLinkedId == null ? "" : currentLinkedId);
            ps.setMaxRows(HISTORY_LIMIT);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ScreenPop.PastCall(time(rs, 1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6)));
                }
            }
        }
        return out;
    }

    /** Follow-up tasks for {@code number} not yet SOLVED, oldest first. */
    public List<ScreenPop.FollowUp> openFollowUps(String number) throws SQLException {
        List<ScreenPop.FollowUp> out = new ArrayList<>();
        if (number == null || number.isBlank()) {
            return out;
        }
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, company_id, reason, requested_at, status FROM callback_request"
                     + " WHERE callback_number = ? AND reason IS NOT NULL AND status <> ? ORDER BY requested_at")) {
            ps.setString(1, number);
            ps.setString(2, FollowUpStatus.SOLVED.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ScreenPop.FollowUp(rs.getLong(1), rs.getString(2), rs.getString(3), time(rs, 4), rs.getString(5)));
                }
            }
        }
        return out;
    }

    private static Instant time(ResultSet rs, int column) throws SQLException {
        LocalDateTime t = rs.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }
}
