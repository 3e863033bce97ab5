package ascc.core.calls;

import ascc.core.db.Batches;
import ascc.core.db.Fit;
import ascc.routing.calls.CallOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import ascc.routing.RecentCallers;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads and writes {@code call_record}. Writes are idempotent by {@code linked_id}: {@code INSERT ... ON DUPLICATE KEY UPDATE},
 * which MariaDB and H2 (MODE=MariaDB) both run as written, so there is no dialect switch. Instants are stored as UTC date-times.
 */
public final class CallRecordStore {
    static final String COLUMNS = "linked_id, unique_id, company_id, category, inquiry_type, desk_id, queue_name, agent_id, "
        + "dialed_number, caller_number, entered_at, answered_at, ended_at, wait_ms, talk_ms, outcome, rule, engine_node, recording_path";
    static final String UPSERT = "INSERT INTO call_record (" + COLUMNS + ", truncated)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        + " ON DUPLICATE KEY UPDATE unique_id = VALUES(unique_id), company_id = VALUES(company_id), category = VALUES(category),"
        + " inquiry_type = VALUES(inquiry_type), desk_id = VALUES(desk_id), queue_name = VALUES(queue_name),"
        + " agent_id = VALUES(agent_id), dialed_number = VALUES(dialed_number), caller_number = VALUES(caller_number),"
        + " entered_at = VALUES(entered_at), answered_at = VALUES(answered_at), ended_at = VALUES(ended_at),"
        + " wait_ms = VALUES(wait_ms), talk_ms = VALUES(talk_ms), outcome = VALUES(outcome), rule = VALUES(rule),"
        + " engine_node = VALUES(engine_node), recording_path = VALUES(recording_path), truncated = VALUES(truncated)";
    /** Widths of the text columns (V001, V010, V050); a longer value is stored cut, with {@code truncated} set. */
    static final int ID = 64;
    static final int COMPANY = 32;
    static final int CATEGORY = 32;
    static final int INQUIRY = 16;
    static final int DESK = 32;
    static final int QUEUE = 64;
    static final int AGENT = 16;
    static final int NUMBER = 255;
    static final int NODE = 64;
    static final int RULE = 16_000;
    static final int RECORDING = 512;

    private final DataSource dataSource;

    public CallRecordStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts or updates every record, all in one transaction: either all are written or none. */
    public void upsert(List<CallRecord> records) throws SQLException {
        Batches.inOneTransaction(dataSource, UPSERT, records, CallRecordStore::bind);
    }

    public Optional<CallRecord> findByLinkedId(String linkedId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM call_record WHERE linked_id = ?")) {
            ps.setString(1, linkedId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Feeds {@code into} with every call entered at or after {@code since} that has a caller number (repeat-caller priority
     * without a query on the call path). Returns how many rows were read.
     */
    public int loadRecentCallers(Instant since, RecentCallers into) throws SQLException {
        int n = 0;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT caller_number, entered_at, inquiry_type FROM call_record"
                 + " WHERE entered_at >= ? AND caller_number IS NOT NULL")) {
            ps.setObject(1, LocalDateTime.ofInstant(since, ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    into.record(rs.getString(1), time(rs, "entered_at"), rs.getString(3));
                    n++;
                }
            }
        }
        return n;
    }

    public long count() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM call_record")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Binds one row; text longer than its column is cut and the row flagged, so the database never refuses it as too long. */
    private static void bind(PreparedStatement ps, CallRecord r) throws SQLException {
        int i = 0;
        Fit fit = new Fit();
        ps.setString(++i, r.linkedId());
        ps.setString(++i, fit.cut(r.uniqueId(), ID));
        ps.setString(++i, fit.cut(r.companyId(), COMPANY));
        ps.setString(++i, fit.cut(r.category(), CATEGORY));
        ps.setString(++i, fit.cut(r.inquiryType(), INQUIRY));
        ps.setString(++i, fit.cut(r.deskId(), DESK));
        ps.setString(++i, fit.cut(r.queueName(), QUEUE));
        ps.setString(++i, fit.cut(r.agentId(), AGENT));
        ps.setString(++i, fit.cut(r.dialedNumber(), NUMBER));
        ps.setString(++i, fit.cut(r.callerNumber(), NUMBER));
        setTime(ps, ++i, r.enteredAt());
        setTime(ps, ++i, r.answeredAt());
        setTime(ps, ++i, r.endedAt());
        setLong(ps, ++i, r.waitMs());
        setLong(ps, ++i, r.talkMs());
        ps.setString(++i, r.outcome().name());
        ps.setString(++i, fit.cut(r.rule(), RULE));
        ps.setString(++i, fit.cut(r.engineNode(), NODE));
        ps.setString(++i, fit.cut(r.recordingPath(), RECORDING));
        ps.setBoolean(++i, fit.truncated());
    }

    /** True when the row of the call was stored with a value cut to its column. */
    public boolean truncated(String linkedId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT truncated FROM call_record WHERE linked_id = ?")) {
            ps.setString(1, linkedId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static CallRecord read(ResultSet rs) throws SQLException {
        return new CallRecord(
            rs.getString("linked_id"),
            rs.getString("unique_id"),
            rs.getString("company_id"),
            rs.getString("category"),
            rs.getString("inquiry_type"),
            rs.getString("desk_id"),
            rs.getString("queue_name"),
            rs.getString("agent_id"),
            rs.getString("dialed_number"),
            rs.getString("caller_number"),
            time(rs, "entered_at"),
            time(rs, "answered_at"),
            time(rs, "ended_at"),
            longOrNull(rs, "wait_ms"),
            longOrNull(rs, "talk_ms"),
            CallOutcome.valueOf(rs.getString("outcome")),
            rs.getString("rule"),
            rs.getString("engine_node"),
            rs.getString("recording_path"));
    }

    private static void setTime(PreparedStatement ps, int index, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(index, Types.TIMESTAMP);
        } else {
            ps.setObject(index, LocalDateTime.ofInstant(t, ZoneOffset.UTC));
        }
    }

    private static void setLong(PreparedStatement ps, int index, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, v);
        }
    }

    private static Instant time(ResultSet rs, String column) throws SQLException {
        LocalDateTime t = rs.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
