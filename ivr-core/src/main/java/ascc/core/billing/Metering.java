package ascc.core.billing;

import ascc.routing.calls.CallOutcome;
import ascc.routing.billing.Usage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javax.sql.DataSource;

/**
 * Counts usage from {@code call_record}: one row per Asterisk linkedid (the writer upserts by the unique
 * {@code linked_id}), so a call is counted exactly once however often its events were replayed or re-written. Calls that
 * only Asterisk saw (the engine was down and the dialplan sent the caller to the fallback queue) are counted from
 * {@code asterisk_call} (Asterisk's CDRs, {@code ascc.core.cdr}): every linkedid there without a {@code call_record} row
 * counts once, answered when an agent answered it (CDR disposition ANSWERED with a party B), else abandoned; its company
 * is the one whose own number was dialed, none for the shared numbers.
 * A call counts in the month it started ({@code entered_at}, stored UTC, compared with the month's bounds in the
 * program's time zone).
 *
 * <p>Counts: offered = every record of the company; answered = {@code ANSWERED}; abandoned = {@code ABANDONED_IVR} +
 * {@code ABANDONED_QUEUE}; after-hours = {@code CLOSED}; callbacks = {@code CALLBACK_REQUESTED}; voicemail =
 * {@code VOICEMAIL}; talk = sum of {@code talk_ms}. An engine record without a company takes the company from Asterisk's
 * view (the company whose own number was dialed); if it is a {@code FALLBACK} record (a call the engine only followed over
 * AMI in the fallback queue) it is answered or abandoned as Asterisk saw it. Other {@code FALLBACK} calls are offered
 * only. Records without a company either way (hung up before the company was known, the shared number with the engine
 * down) are counted as unattributed for the program summary.
 */
public final class Metering {
    static final String UNATTRIBUTED = "";

    private Metering() {
    }

    /** Usage per company id ({@link #UNATTRIBUTED} for records without a company) of calls started in {@code [from, to)}. */
    public static Map<String, Usage> usage(Connection c, Instant from, Instant to, Optional<Set<String>> scope) throws SQLException {
        if (scope.isPresent() && scope.get().isEmpty()) {
            return Map.of();
        }
        Map<String, Usage> out = new HashMap<>();
        add(out, query(c, engineSql(scope), 2, from, to, scope));
        add(out, query(c, asteriskOnlySql(scope), 1, from, to, scope));
        return out;
    }

    /**
     * {@link #usage(Connection, Instant, Instant, Optional)} with the calls only Asterisk saw counted at the same time on a
     * second connection from {@code ds} (the two big reads of a month then use both cores: 5,000,000 calls).
     */
    public static Map<String, Usage> usage(DataSource ds, Connection c, Instant from, Instant to, Optional<Set<String>> scope)
            throws SQLException {
        if (scope.isPresent() && scope.get().isEmpty()) {
            return Map.of();
        }
        CompletableFuture<Map<String, Usage>> asteriskOnly = new CompletableFuture<>();
        Thread.ofPlatform().name("metering-asterisk-only").daemon(true).start(() -> {
            try (Connection second = ds.getConnection()) {
                asteriskOnly.complete(query(second, asteriskOnlySql(scope), 1, from, to, scope));
            } catch (SQLException | RuntimeException e) {
                asteriskOnly.completeExceptionally(e);
            }
        });
        Map<String, Usage> out = new HashMap<>();
        add(out, query(c, engineSql(scope), 2, from, to, scope));
        try {
            add(out, asteriskOnly.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while counting the calls only Asterisk saw (" + from + " .. " + to + ")", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SQLException se ? se
                    : new SQLException("counting the calls only Asterisk saw (" + from + " .. " + to + ") failed: " + e.getCause(),
                            e.getCause());
        }
        return out;
    }

    private static String in(Optional<Set<String>> scope) {
        return scope.map(s -> " IN (" + "?,".repeat(s.size() - 1) + "?)").orElse("");
    }

    /**
     * The engine's records, two parts: 1. with a company: from the covering index, no row reads, no join; 2. without a
     * company (among them the fallback calls it only followed over AMI): completed from Asterisk's view (few rows).
     */
    private static String engineSql(Optional<Set<String>> scope) {
        String in = in(scope);
        String fallback = "r.outcome = '" + CallOutcome.FALLBACK + "' AND a.linked_id IS NOT NULL";
        // (company_id, entered_at) index: a range on NULL; an OR with the outcome would make MariaDB scan the whole table
        String needsAsterisk = "r.company_id IS NULL";
        String company = "COALESCE(r.company_id, a.company_id)";
        return "SELECT r.company_id," + counts("r.outcome", "r.talk_ms") + " FROM call_record r"
                + " WHERE r.entered_at >= ? AND r.entered_at < ? AND NOT " + needsAsterisk + (in.isEmpty() ? "" : " AND r.company_id" + in)
                + " GROUP BY r.company_id"
                + " UNION ALL SELECT " + company + "," + counts("CASE WHEN " + fallback + " THEN " + asteriskOutcome()
                + " ELSE r.outcome END", "CASE WHEN " + fallback + " THEN a.talk_ms ELSE r.talk_ms END")
                + " FROM call_record r LEFT JOIN asterisk_call a ON a.linked_id = r.linked_id"
                + " WHERE r.entered_at >= ? AND r.entered_at < ? AND " + needsAsterisk + (in.isEmpty() ? "" : " AND " + company + in)
                + " GROUP BY " + company;
    }

    /**
     * The calls only Asterisk saw (no call_record with their linkedid). Reads asterisk_call in linkedid order (the covering
     * index of V041), so the probes of call_record's unique linked_id index come in that index's order too (a merge-like
     * pass). Through the started_at index the probes jump around at random: over 10 minutes for 5,000,000 calls with a
     * 128 MB buffer pool, about 20 s in order.
     */
    private static String asteriskOnlySql(Optional<Set<String>> scope) {
        String in = in(scope);
        return "SELECT a.company_id," + counts(asteriskOutcome(), "a.talk_ms")
                + " FROM asterisk_call a USE INDEX (idx_asterisk_call_linked)"
                + " WHERE a.started_at >= ? AND a.started_at < ?" + (in.isEmpty() ? "" : " AND a.company_id" + in)
                + " AND NOT EXISTS (SELECT 1 FROM call_record r WHERE r.linked_id = a.linked_id)"
                + " GROUP BY a.company_id";
    }

    /** Runs one of the queries, its {@code parts} each binding the month's bounds and the scope. */
    private static Map<String, Usage> query(Connection c, String sql, int parts, Instant from, Instant to, Optional<Set<String>> scope)
            throws SQLException {
        Map<String, Usage> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 0;
            for (int part = 0; part < parts; part++) {
                ps.setObject(++i, LocalDateTime.ofInstant(from, ZoneOffset.UTC));
                ps.setObject(++i, LocalDateTime.ofInstant(to, ZoneOffset.UTC));
                if (scope.isPresent()) {
                    for (String id : scope.get().stream().sorted().toList()) {
                        ps.setString(++i, id);
                    }
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    out.merge(id == null ? UNATTRIBUTED : id, new Usage(rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), 0, 0, 0), Usage::plus);
                }
            }
        }
        return out;
    }

    private static void add(Map<String, Usage> into, Map<String, Usage> more) {
        more.forEach((k, v) -> into.merge(k, v, Usage::plus));
    }

    /** COUNT and the sums of {@link Usage}'s call counts, over rows with this outcome and talk time. */
    private static String counts(String outcomeExpression, String talk) {
        String outcome = "(" + outcomeExpression + ")";
        return " COUNT(*),"
                + sumIf(outcome + " = '" + CallOutcome.ANSWERED + "'") + ","
                + sumIf(outcome + " IN ('" + CallOutcome.ABANDONED_IVR + "', '" + CallOutcome.ABANDONED_QUEUE + "')") + ","
                + sumIf(outcome + " = '" + CallOutcome.CLOSED + "'") + ","
                + sumIf(outcome + " = '" + CallOutcome.CALLBACK_REQUESTED + "'") + ","
                + sumIf(outcome + " = '" + CallOutcome.VOICEMAIL + "'") + ","
                + " SUM(COALESCE(" + talk + ", 0))";
    }

    /** A call only Asterisk counted: answered when an agent answered it, else abandoned. */
    private static String asteriskOutcome() {
        return "CASE WHEN a.answered = 1 THEN '" + CallOutcome.ANSWERED + "' ELSE '" + CallOutcome.ABANDONED_QUEUE + "' END";
    }

    private static String sumIf(String condition) {
        return " SUM(CASE WHEN " + condition + " THEN 1 ELSE 0 END)";
    }
}
