package ascc.core.campaign;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * The dialer's tables (V031) next to {@link CampaignStore}'s: a campaign's run state, survey answers per question, and
 * reads of attempts (by id, still open).
 */
public final class DialerStore {
    /** Run states of a campaign. */
    public static final String RUNNING = "running";
    public static final String PAUSED = "paused";

    private final DataSource ds;

    public DialerStore(DataSource ds) {
        this.ds = Objects.requireNonNull(ds, "ds");
    }

    /** The state set by {@code ivr campaign start|pause|resume}; empty when never set. */
    public Optional<String> state(String company, String campaign) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT state FROM campaign_state WHERE company_id = ? AND campaign_id = ?")) {
            ps.setString(1, company);
            ps.setString(2, campaign);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Sets the run state; returns the previous one (empty if none). */
    public Optional<String> setState(String company, String campaign, String state, Instant at, String by) throws SQLException {
        if (!RUNNING.equals(state) && !PAUSED.equals(state)) {
            throw new IllegalArgumentException("unknown campaign state '" + state + "' (allowed: running, paused)");
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<String> before;
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT state FROM campaign_state WHERE company_id = ? AND campaign_id = ? FOR UPDATE")) {
                    ps.setString(1, company);
                    ps.setString(2, campaign);
                    try (ResultSet rs = ps.executeQuery()) {
                        before = rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                    }
                }
                String sql = before.isPresent()
                        ? "UPDATE campaign_state SET state = ?, changed_at = ?, changed_by = ? WHERE company_id = ? AND campaign_id = ?"
                        : "INSERT INTO campaign_state (state, changed_at, changed_by, company_id, campaign_id) VALUES (?, ?, ?, ?, ?)";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, state);
                    ps.setTimestamp(2, CampaignStore.ts(at));
                    ps.setString(3, by);
                    ps.setString(4, company);
                    ps.setString(5, campaign);
                    ps.executeUpdate();
                }
                c.commit();
                return before;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Stores one answer; a second answer to the same question of the same attempt is ignored (returns false). */
    public boolean saveAnswer(long attemptId, String company, String campaign, String questionId, int answer, Instant at)
            throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO survey_answer (attempt_id, company_id, campaign_id, question_id,"
                        + " answer, answered_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, attemptId);
            ps.setString(2, company);
            ps.setString(3, campaign);
            ps.setString(4, questionId);
            ps.setInt(5, answer);
            ps.setTimestamp(6, CampaignStore.ts(at));
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (CampaignStore.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Answers of one attempt, question id to answer, in the order given. */
    public Map<String, Integer> answers(long attemptId) throws SQLException {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT question_id, answer FROM survey_answer WHERE attempt_id = ? ORDER BY id")) {
            ps.setLong(1, attemptId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    /** The attempt {@code id}, open or not. */
    public Optional<CampaignStore.Attempt> attempt(long id) throws SQLException {
        List<CampaignStore.Attempt> l = attempts("WHERE id = ?", ps -> ps.setLong(1, id));
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** Attempts without an end that started before {@code before}, oldest first. */
    public List<CampaignStore.Attempt> openAttempts(Instant before) throws SQLException {
        return attempts("WHERE ended_at IS NULL AND started_at < ? ORDER BY started_at",
                ps -> ps.setTimestamp(1, CampaignStore.ts(before)));
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<CampaignStore.Attempt> attempts(String where, Binder binder) throws SQLException {
        List<CampaignStore.Attempt> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id, company_id, campaign_id, phone, attempt_no, started_at FROM campaign_attempt " + where)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp t = rs.getTimestamp(6);
                    out.add(new CampaignStore.Attempt(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                            t.toLocalDateTime().toInstant(ZoneOffset.UTC)));
                }
            }
        }
        return out;
    }
}
