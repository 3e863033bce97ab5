package ascc.core.campaign;

import ascc.routing.Phones;
import ascc.routing.campaign.AttemptResult;
import ascc.routing.campaign.RetryPolicy;
import ascc.routing.campaign.TargetStatus;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The campaign tables (V030): targets, attempts, the do-not-call list. Times are stored as UTC date-times.
 *
 * <p>No double dial: {@link #claimNextAttempt} inserts the attempt row (unique key company, campaign, phone, attempt_no)
 * <b>before</b> anything is dialed and returns the attempt only if that insert committed. Two engines, or one engine
 * restarted after {@code kill -9}, that go for the same attempt collide on the key; the loser dials nobody.
 */
public final class CampaignStore {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignStore.class);

    static final int BATCH = 1000;
    private static final int CANDIDATES = 20;
    private static final int MARIADB_DUPLICATE_KEY = 1062;

    private static final String UPSERT_TARGET = """
            INSERT INTO campaign_target (company_id, campaign_id, phone, name, consent, consent_date, status, attempts,
                next_attempt_at, imported_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, ?)
            ON DUPLICATE KEY UPDATE name = VALUES(name), consent = VALUES(consent), consent_date = VALUES(consent_date),
                status = CASE WHEN status IN (%s) THEN VALUES(status) ELSE status END,
                updated_at = VALUES(updated_at)""".formatted(TargetStatus.sqlFrom(TargetStatus.PENDING));

    private final DataSource ds;
    private final Clock clock;
    private final String node;

    /**
     * @param node this engine's name, recorded on each attempt it claims
     */
    public CampaignStore(DataSource ds, Clock clock, String node) {
        this.ds = Objects.requireNonNull(ds, "ds");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.node = Objects.requireNonNull(node, "node");
    }

    /**
     * Writes the targets of one campaign, committing each batch of {@value #BATCH} (a list of a million rows never holds
     * one transaction open). A phone already in the campaign gets the new name and consent; its status and attempts stay
     * (a target being dialed or done stays so). A target without consent gets status {@code no-consent} and is never
     * claimed. For a file, {@link TargetImport} also records how far it got, so a stopped import resumes.
     *
     * @param progress told the number of rows written so far after each batch
     * @return the number of rows written
     */
    public int importTargets(String company, String campaign, List<TargetCsv.Target> targets, IntConsumer progress) throws SQLException {
        Timestamp now = ts(clock.instant());
        int n = 0;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            for (int from = 0; from < targets.size(); from += BATCH) {
                List<TargetCsv.Target> batch = targets.subList(from, Math.min(targets.size(), from + BATCH));
                try {
                    writeTargets(c, company, campaign, batch, now);
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
                n += batch.size();
                progress.accept(n);
            }
        }
        LOG.info("imported {} targets into campaign {}/{}", n, company, campaign);
        return n;
    }

    /** Upserts one batch of targets on {@code c} (the caller commits). */
    static void writeTargets(Connection c, String company, String campaign, List<TargetCsv.Target> batch, Timestamp now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT_TARGET)) {
            for (TargetCsv.Target t : batch) {
                ps.setString(1, company);
                ps.setString(2, campaign);
                ps.setString(3, t.phone());
                ps.setString(4, t.name());
                ps.setBoolean(5, t.consent());
                if (t.consentDate().isPresent()) {
                    ps.setDate(6, Date.valueOf(t.consentDate().get()));
                } else {
                    ps.setNull(6, Types.DATE);
                }
                ps.setString(7, (t.consent() ? TargetStatus.PENDING : TargetStatus.NO_CONSENT).id());
                ps.setTimestamp(8, now);
                ps.setTimestamp(9, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Starts or resumes the import of one file (by its SHA-256) into a campaign; see {@link TargetImport}. */
    public TargetImport openImport(String company, String campaign, String fileSha256) throws SQLException {
        return TargetImport.open(ds, clock, company, campaign, fileSha256, BATCH);
    }

    /** Adds {@code phone} to the do-not-call list of {@code company}, or the global list when company is null. */
    public void addDoNotCall(String company, String phone, String reason) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO do_not_call (company_id, phone, reason, added_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, company);
            ps.setString(2, phone);
            ps.setString(3, reason);
            ps.setTimestamp(4, ts(clock.instant()));
            ps.executeUpdate();
        }
    }

    /** The do-not-call entries that concern {@code company} (its own and the global ones) for the given phones. */
    private Dialability.DoNotCallList doNotCall(Connection c, String company, Set<String> phones) throws SQLException {
        Set<String> global = new HashSet<>();
        Set<String> own = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT company_id FROM do_not_call WHERE phone = ? AND (company_id IS NULL OR company_id = ?)")) {
            for (String phone : phones) {
                ps.setString(1, phone);
                ps.setString(2, company);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        (rs.getString(1) == null ? global : own).add(phone);
                    }
                }
            }
        }
        return new Dialability.DoNotCallList(global, Map.of(company, own));
    }

    /**
     * Claims the next due attempt of a campaign: the first target (pending, or retry due at {@code now}) that is
     * {@link Dialability#DIALABLE}. The attempt row is inserted first; the attempt is returned only if that insert (and the
     * target's move to {@code dialing}) committed. A target found on the do-not-call list gets status {@code do-not-call}
     * and is skipped. Empty when nothing is due.
     */
    public Optional<Attempt> claimNextAttempt(String company, String campaign, Instant now) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (int round = 0; round < 50; round++) {
                    List<Candidate> candidates = candidates(c, company, campaign, now);
                    c.commit();
                    if (candidates.isEmpty()) {
                        return Optional.empty();
                    }
                    Set<String> phones = new HashSet<>();
                    candidates.forEach(x -> phones.add(x.phone()));
                    Dialability.DoNotCallList dnc = doNotCall(c, company, phones);
                    for (Candidate cand : candidates) {
                        Dialability d = Dialability.of(company, cand.phone(), cand.consent(), dnc);
                        if (d == Dialability.DO_NOT_CALL) {
                            setStatus(c, cand, TargetStatus.DO_NOT_CALL, now);
                            c.commit();
                            LOG.info("campaign {}/{}: {} is on the do-not-call list; never dialed", company, campaign,
                                    Phones.mask(cand.phone()));
                            continue;
                        }
                        if (d != Dialability.DIALABLE) {
                            continue;
                        }
                        Optional<Attempt> a = tryClaim(c, company, campaign, cand, now);
                        if (a.isPresent()) {
                            return a;
                        }
                    }
                }
                return Optional.empty();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private List<Candidate> candidates(Connection c, String company, String campaign, Instant now) throws SQLException {
        List<Candidate> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, phone, consent, attempts FROM campaign_target
                WHERE company_id = ? AND campaign_id = ? AND consent = TRUE AND (status = '%s'
                    OR (status = '%s' AND next_attempt_at <= ?))
                ORDER BY attempts, id LIMIT ?""".formatted(TargetStatus.PENDING.id(), TargetStatus.RETRY.id()))) {
            ps.setString(1, company);
            ps.setString(2, campaign);
            ps.setTimestamp(3, ts(now));
            ps.setInt(4, CANDIDATES);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Candidate(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getInt(4)));
                }
            }
        }
        return out;
    }

    private Optional<Attempt> tryClaim(Connection c, String company, String campaign, Candidate cand, Instant now) throws SQLException {
        int attemptNo = cand.attempts() + 1;
        long id;
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO campaign_attempt (company_id, campaign_id, phone, attempt_no, engine_node, started_at)
                VALUES (?, ?, ?, ?, ?, ?)""", new String[] {"id"})) {
            ps.setString(1, company);
            ps.setString(2, campaign);
            ps.setString(3, cand.phone());
            ps.setInt(4, attemptNo);
            ps.setString(5, node);
            ps.setTimestamp(6, ts(now));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        } catch (SQLException e) {
            c.rollback();
            if (isDuplicateKey(e)) {
                // another engine holds this attempt, or an engine died (kill -9) after inserting it: either way the attempt
                // exists; move the target past it so it is not picked again (the open attempt is for recovery to close)
                boolean moved = markDialing(c, cand, attemptNo, now);
                c.commit();
                LOG.info("campaign {}/{}: attempt {} of {} already recorded (by another engine, or before a restart); not dialed{}",
                        company, campaign, attemptNo, Phones.mask(cand.phone()), moved ? "; target moved to dialing" : "");
                return Optional.empty();
            }
            throw e;
        }
        if (!markDialing(c, cand, attemptNo, now)) {
            c.rollback();
            return Optional.empty();
        }
        c.commit();
        return Optional.of(new Attempt(id, company, campaign, cand.phone(), attemptNo, now));
    }

    private static boolean markDialing(Connection c, Candidate cand, int attemptNo, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE campaign_target SET status = '%s', attempts = ?, next_attempt_at = NULL, updated_at = ?
                WHERE id = ? AND attempts = ? AND status IN (%s)""".formatted(TargetStatus.DIALING.id(),
                TargetStatus.sqlFrom(TargetStatus.DIALING)))) {
            ps.setInt(1, attemptNo);
            ps.setTimestamp(2, ts(now));
            ps.setLong(3, cand.id());
            ps.setInt(4, cand.attempts());
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Records the end of an attempt and moves its target on per {@code decision}. Exactly one final result per attempt:
     * a second call for the same attempt (a duplicate event, a replay after an AMI reconnect) changes nothing and returns
     * false.
     */
    public boolean finishAttempt(Attempt a, AttemptResult result, String asteriskResult, Instant endedAt, RetryPolicy.Decision decision)
            throws SQLException {
        return finishAttempt(a, result, asteriskResult, endedAt, decision, false);
    }

    /** As {@link #finishAttempt(Attempt, AttemptResult, String, Instant, RetryPolicy.Decision)}; {@code billable} marks a
     * completed survey response, which billing counts. */
    public boolean finishAttempt(Attempt a, AttemptResult result, String asteriskResult, Instant endedAt, RetryPolicy.Decision decision,
            boolean billable) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("UPDATE campaign_attempt SET ended_at = ?, result = ?, asterisk_result = ?,"
                        + " billable = ? WHERE id = ? AND ended_at IS NULL")) {
                    ps.setTimestamp(1, ts(endedAt));
                    ps.setString(2, result.name().toLowerCase(Locale.ROOT));
                    ps.setString(3, asteriskResult == null || asteriskResult.length() <= 64 ? asteriskResult
                            : asteriskResult.substring(0, 64));
                    ps.setBoolean(4, billable);
                    ps.setLong(5, a.id());
                    if (ps.executeUpdate() != 1) {
                        c.rollback();
                        return false;
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE campaign_target SET status = ?, next_attempt_at = ?, updated_at = ?
                        WHERE company_id = ? AND campaign_id = ? AND phone = ? AND attempts = ?""")) {
                    switch (decision) {
                        case RetryPolicy.Retry r -> {
                            ps.setString(1, TargetStatus.RETRY.id());
                            ps.setTimestamp(2, ts(r.at()));
                        }
                        case RetryPolicy.Final f -> {
                            ps.setString(1, TargetStatus.of(f.outcome()).id());
                            ps.setNull(2, Types.TIMESTAMP);
                        }
                    }
                    ps.setTimestamp(3, ts(endedAt));
                    ps.setString(4, a.company());
                    ps.setString(5, a.campaign());
                    ps.setString(6, a.phone());
                    ps.setInt(7, a.attemptNo());
                    ps.executeUpdate();
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Targets per status, per campaign ({@code company/campaign}), campaigns sorted. */
    public Map<String, Map<String, Integer>> statusCounts() throws SQLException {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        SELECT company_id, campaign_id, status, COUNT(*) FROM campaign_target
                        GROUP BY company_id, campaign_id, status ORDER BY company_id, campaign_id, status""");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1) + "/" + rs.getString(2), k -> new LinkedHashMap<>()).put(rs.getString(3), rs.getInt(4));
            }
        }
        return out;
    }

    /** Attempts per campaign: total and still up (no end). */
    public Map<String, int[]> attemptCounts() throws SQLException {
        Map<String, int[]> out = new HashMap<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        SELECT company_id, campaign_id, COUNT(*), SUM(CASE WHEN ended_at IS NULL THEN 1 ELSE 0 END)
                        FROM campaign_attempt GROUP BY company_id, campaign_id""");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1) + "/" + rs.getString(2), new int[] {rs.getInt(3), rs.getInt(4)});
            }
        }
        return out;
    }

    private static void setStatus(Connection c, Candidate cand, TargetStatus status, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE campaign_target SET status = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, status.id());
            ps.setTimestamp(2, ts(now));
            ps.setLong(3, cand.id());
            ps.executeUpdate();
        }
    }

    static boolean isDuplicateKey(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if ("23505".equals(s.getSQLState()) || s.getErrorCode() == MARIADB_DUPLICATE_KEY) {
                return true;
            }
            if (s.getNextException() == s) {
                break;
            }
        }
        return false;
    }

    static Timestamp ts(Instant i) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(i, ZoneOffset.UTC));
    }

    private record Candidate(long id, String phone, boolean consent, int attempts) {
    }

    /** One claimed attempt: dial {@code phone} for it, then {@link #finishAttempt}. */
    public record Attempt(long id, String company, String campaign, String phone, int attemptNo, Instant startedAt) {
        @Override
        public String toString() {
            return "Attempt[" + company + "/" + campaign + " " + Phones.mask(phone) + " #" + attemptNo + " id=" + id + "]";
        }
    }
}
