package ascc.core.cdr;

import ascc.core.db.Batches;
import ascc.core.db.Fit;
import ascc.routing.cdr.CdrLeg;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * {@code asterisk_call} (V040): Asterisk's view of each call, one row per linkedid. What each {@link CdrLeg} tells about its
 * call is merged into the row with rules that do not depend on order or repetition: earliest start, earliest answer,
 * latest end, answered if any leg was answered by an agent, longest talk, and for text the smallest non-null value.
 * Merging a leg twice, or legs in another order, gives the same row: a replayed CDR changes nothing.
 */
public final class AsteriskCallStore {
    static final String MERGE = "INSERT INTO asterisk_call (linked_id, unique_id, company_id, dialed_number, caller_number,"
            + " started_at, answered_at, ended_at, answered, talk_ms, disposition, engine_node, truncated, agent_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON DUPLICATE KEY UPDATE unique_id = " + least("unique_id") + ", company_id = " + least("company_id")
            + ", dialed_number = " + least("dialed_number") + ", caller_number = " + least("caller_number")
            + ", started_at = LEAST(started_at, VALUES(started_at)), answered_at = " + least("answered_at")
            + ", ended_at = " + greatest("ended_at") + ", answered = GREATEST(answered, VALUES(answered))"
            + ", talk_ms = GREATEST(talk_ms, VALUES(talk_ms)), disposition = " + least("disposition")
            + ", engine_node = " + least("engine_node") + ", truncated = truncated OR VALUES(truncated), agent_id = " + least("agent_id");

    /**
     * A call as Asterisk saw it.
     *
     * @param linkedId the call
     * @param companyId the company of the dialed number, or null (shared number: not known to Asterisk)
     * @param callerNumber the caller (never log it unmasked)
     * @param startedAt when it started
     * @param answered true when an agent answered
     * @param talkMs talk time of the longest answered leg
     * @param disposition the caller leg's CDR disposition
     */
    public record AsteriskCall(String linkedId, String companyId, String dialedNumber, String callerNumber, Instant startedAt,
            boolean answered, long talkMs, String disposition) {
    }

    private final DataSource dataSource;

    public AsteriskCallStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Merges every leg, in one transaction: all or none.
     *
     * @param companyByNumber the company a dialed number belongs to (companies' own numbers), empty for the shared numbers;
     *     asked for the caller legs
     * @param node the engine merging, stored with the call
     */
    public void merge(List<CdrLeg> legs, Function<String, Optional<String>> companyByNumber, String node) throws SQLException {
        Batches.inOneTransaction(dataSource, MERGE, legs, (ps, leg) -> bind(ps, leg, companyOf(leg, companyByNumber), node));
    }

    /** The company of the number the caller dialed, for the caller leg; null for other legs and shared numbers. */
    static String companyOf(CdrLeg leg, Function<String, Optional<String>> companyByNumber) {
        String dialed = leg.dialedNumber();
        return dialed == null ? null : companyByNumber.apply(dialed).orElse(null);
    }

    public Optional<AsteriskCall> find(String linkedId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT linked_id, company_id, dialed_number, caller_number, started_at, answered,"
                     + " talk_ms, disposition FROM asterisk_call WHERE linked_id = ?")) {
            ps.setString(1, linkedId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new AsteriskCall(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, LocalDateTime.class).toInstant(ZoneOffset.UTC), rs.getInt(6) != 0, rs.getLong(7), rs.getString(8)));
            }
        }
    }

    /**
     * How Asterisk says these calls ended: by linkedid, only calls whose caller-leg CDR was merged (it carries the
     * disposition and the call's end). One query for up to 500 ids at a time.
     */
    public Map<String, Ended> ends(Collection<String> linkedIds) throws SQLException {
        Map<String, Ended> out = new HashMap<>();
        List<String> ids = List.copyOf(linkedIds);
        try (Connection c = dataSource.getConnection()) {
            for (int from = 0; from < ids.size(); from += 500) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
                String sql = "SELECT linked_id, ended_at, answered, talk_ms, agent_id FROM asterisk_call WHERE ended_at IS NOT NULL"
                        + " AND disposition IS NOT NULL AND linked_id IN (" + String.join(",", Collections.nCopies(chunk.size(), "?"))
                        + ")";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.put(rs.getString(1), new Ended(rs.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                                    rs.getInt(3) != 0, rs.getLong(4), rs.getString(5)));
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * A call's end as its CDRs tell it.
     *
     * @param endedAt the latest end of its legs
     * @param answered an agent answered
     * @param talkMs the longest agent leg's billsec, in ms
     * @param agentId the agent who answered (the smallest, when legs disagree), or null
     */
    public record Ended(Instant endedAt, boolean answered, long talkMs, String agentId) {
    }

    private static void bind(PreparedStatement ps, CdrLeg leg, String companyId, String node) throws SQLException {
        int i = 0;
        String disposition = leg.callerDisposition();
        Fit fit = new Fit();
        ps.setString(++i, leg.linkedId());
        ps.setString(++i, leg.uniqueId());
        ps.setString(++i, fit.cut(companyId, 32));
        ps.setString(++i, fit.cut(leg.dialedNumber(), 255));
        ps.setString(++i, fit.cut(leg.callerNumber(), 255));
        time(ps, ++i, leg.start());
        time(ps, ++i, leg.agentAnswer());
        time(ps, ++i, leg.end());
        ps.setInt(++i, leg.answeredByAgent() ? 1 : 0);
        ps.setLong(++i, leg.agentTalkMs());
        ps.setString(++i, fit.cut(disposition, 200));
        ps.setString(++i, fit.cut(node, 64));
        String agent = fit.cut(leg.agentId(), 64);
        ps.setBoolean(++i, fit.truncated());
        ps.setString(++i, agent);
    }

    private static void time(PreparedStatement ps, int index, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(index, Types.TIMESTAMP);
        } else {
            ps.setObject(index, LocalDateTime.ofInstant(t, ZoneOffset.UTC));
        }
    }

    /** The smaller of the stored and the new value, ignoring nulls (LEAST alone gives null when one is null). */
    private static String least(String column) {
        return "COALESCE(LEAST(" + column + ", VALUES(" + column + ")), " + column + ", VALUES(" + column + "))";
    }

    private static String greatest(String column) {
        return "COALESCE(GREATEST(" + column + ", VALUES(" + column + ")), " + column + ", VALUES(" + column + "))";
    }
}
