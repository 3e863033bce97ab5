package ascc.core.happycall;

import ascc.routing.happycall.HappyCallStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code happy_call} and {@code happy_call_answer} tables (V036). Times are UTC DATETIME(3). Inserts are idempotent
 * by the original call (unique key), answers by happy-call and question.
 */
public final class HappyCallStore {
    private static final String COLUMNS = "id, original_linked_id, company_id, campaign_id, agent_id, desk_id, inquiry_type,"
            + " dial_number, call_ended_at, due_at, status, call_linked_id";

    private final DataSource ds;

    public HappyCallStore(DataSource ds) {
        this.ds = Objects.requireNonNull(ds, "ds");
    }

    /** Stores a new happy-call; its id, or empty when the original call has one already. */
    public Optional<Long> insert(HappyCall h, Instant now) throws SQLException {
        String sql = "INSERT INTO happy_call (original_linked_id, company_id, campaign_id, agent_id, desk_id, inquiry_type,"
                + " dial_number, call_ended_at, due_at, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, h.originalLinkedId());
            ps.setString(2, h.companyId());
            ps.setString(3, h.campaignId());
            ps.setString(4, h.agentId());
            ps.setString(5, h.deskId());
            ps.setString(6, h.inquiryType());
            ps.setString(7, h.dialNumber());
            ps.setTimestamp(8, utc(h.callEndedAt()));
            ps.setTimestamp(9, utc(h.dueAt()));
            ps.setString(10, h.status().id());
            ps.setTimestamp(11, utc(now));
            ps.setTimestamp(12, utc(now));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no generated id for the happy-call after call " + h.originalLinkedId());
                }
                return Optional.of(keys.getLong(1));
            }
        } catch (SQLIntegrityConstraintViolationException e) {
            return Optional.empty();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState()) || "23000".equals(e.getSQLState())) {
                return Optional.empty(); // unique original_linked_id: scheduled already
            }
            throw e;
        }
    }

    /** The latest due time of any happy-call of {@code company} to {@code number}. */
    public Optional<Instant> latestDue(String company, String number) throws SQLException {
        String sql = "SELECT MAX(due_at) FROM happy_call WHERE company_id = ? AND dial_number = ?";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, company);
            ps.setString(2, number);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(instant(rs.getTimestamp(1))) : Optional.empty();
            }
        }
    }

    /** True when {@code number} is on the global or the company's do-not-call list (V030): nobody on it is called. */
    public boolean onDoNotCall(String company, String number) throws SQLException {
        String sql = "SELECT 1 FROM do_not_call WHERE phone = ? AND (company_id IS NULL OR company_id = ?)";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, number);
            ps.setString(2, company);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public Optional<HappyCall> find(long id) throws SQLException {
        List<HappyCall> l = select("id = ?", ps -> ps.setLong(1, id));
        return l.stream().findFirst();
    }

    public Optional<HappyCall> findByOriginal(String originalLinkedId) throws SQLException {
        return select("original_linked_id = ?", ps -> ps.setString(1, originalLinkedId)).stream().findFirst();
    }

    /**
     * Moves up to {@code limit} scheduled happy-calls due at {@code now} to {@code queued} and returns them. Each row is
     * moved with a compare-and-set on its status, so two engines never both claim one.
     */
    public List<HappyCall> claimDue(Instant now, int limit) throws SQLException {
        List<HappyCall> due = select("status = '" + HappyCallStatus.SCHEDULED.id() + "' AND due_at <= ? ORDER BY due_at LIMIT " + limit,
                ps -> ps.setTimestamp(1, utc(now)));
        List<HappyCall> claimed = new ArrayList<>();
        for (HappyCall h : due) {
            if (claim(h.id(), now)) {
                claimed.add(new HappyCall(h.id(), h.originalLinkedId(), h.companyId(), h.campaignId(), h.agentId(), h.deskId(),
                        h.inquiryType(), h.dialNumber(), h.callEndedAt(), h.dueAt(), HappyCallStatus.QUEUED, h.callLinkedId()));
            }
        }
        return claimed;
    }

    /** Happy-calls {@code queued} or {@code answered} whose status last changed before {@code before}, oldest first. */
    public List<HappyCall> stuck(Instant before) throws SQLException {
        return select("status IN ('" + HappyCallStatus.QUEUED.id() + "', '" + HappyCallStatus.ANSWERED.id() + "') AND updated_at < ?"
                + " ORDER BY updated_at", ps -> ps.setTimestamp(1, utc(before)));
    }

    private boolean claim(long id, Instant now) throws SQLException {
        String sql = "UPDATE happy_call SET status = ?, updated_at = ?, dialed_at = ? WHERE id = ? AND status = ?";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, HappyCallStatus.QUEUED.id());
            ps.setTimestamp(2, utc(now));
            ps.setTimestamp(3, utc(now));
            ps.setLong(4, id);
            ps.setString(5, HappyCallStatus.SCHEDULED.id());
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Happy-calls handed to the dialer in {@code [from, to)} per company (free: billing lists them, never charges them),
     * on the caller's connection (the monthly close's transaction); for a {@code SurveyUsageSource}.
     */
    public static Map<String, Long> dialedPerCompany(Connection c, Instant from, Instant to) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        String sql = "SELECT company_id, COUNT(*) FROM happy_call WHERE dialed_at >= ? AND dialed_at < ? GROUP BY company_id"
                + " ORDER BY company_id";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, utc(from));
            ps.setTimestamp(2, utc(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    /**
     * Sets the status of happy-call {@code id} if it is one of {@code from} (any status when {@code from} is empty);
     * {@code callLinkedId}, when not null, is stored too. True if the row changed.
     *
     * @throws IllegalArgumentException when the lifecycle does not allow a move from one of {@code from} to {@code to}
     */
    public boolean setStatus(long id, List<HappyCallStatus> from, HappyCallStatus to, String callLinkedId, Instant now)
            throws SQLException {
        for (HappyCallStatus f : from) {
            if (!f.canMoveTo(to)) {
                throw new IllegalArgumentException("happy-call " + id + ": " + f + " -> " + to + " is not a move of its lifecycle");
            }
        }
        StringBuilder sql = new StringBuilder("UPDATE happy_call SET status = ?, updated_at = ?");
        if (callLinkedId != null) {
            sql.append(", call_linked_id = ?");
        }
        sql.append(" WHERE id = ?");
        if (!from.isEmpty()) {
            sql.append(" AND status IN (").append("?, ".repeat(from.size() - 1)).append("?)");
        }
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setString(i++, to.id());
            ps.setTimestamp(i++, utc(now));
            if (callLinkedId != null) {
                ps.setString(i++, callLinkedId);
            }
            ps.setLong(i++, id);
            for (HappyCallStatus f : from) {
                ps.setString(i++, f.id());
            }
            return ps.executeUpdate() == 1;
        }
    }

    /** Stores one answer; false when the question was answered already (the first answer stays). */
    public boolean saveAnswer(long id, String questionId, int score, Instant at) throws SQLException {
        String sql = "INSERT INTO happy_call_answer (happy_call_id, question_id, score, answered_at) VALUES (?, ?, ?, ?)";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.setString(2, questionId);
            ps.setInt(3, score);
            ps.setTimestamp(4, utc(at));
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

    /** The answers of happy-call {@code id}, question id to score, in answer order. */
    public Map<String, Integer> answers(long id) throws SQLException {
        Map<String, Integer> out = new LinkedHashMap<>();
        String sql = "SELECT question_id, score FROM happy_call_answer WHERE happy_call_id = ? ORDER BY id";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<HappyCall> select(String where, Binder binder) throws SQLException {
        List<HappyCall> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM happy_call WHERE "
                + where)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HappyCall(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), instant(rs.getTimestamp(9)), instant(rs.getTimestamp(10)),
                            HappyCallStatus.ofId(rs.getString(11)), rs.getString(12)));
                }
            }
        }
        return out;
    }

    private static Timestamp utc(Instant i) {
        return Timestamp.valueOf(i.atOffset(ZoneOffset.UTC).toLocalDateTime());
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }
}
