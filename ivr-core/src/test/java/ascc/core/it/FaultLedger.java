package ascc.core.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * What the database says about the calls of one fault run, against Asterisk's own truth. The calls are the linkedids of
 * Asterisk's CDRs ({@code asterisk_call}) for the load's number since the run began; the records are the engine's
 * {@code call_record} rows written since (ids above the watermark taken at the start, so a shared test database works).
 *
 * @param calls       calls Asterisk saw (one {@code asterisk_call} row per linkedid)
 * @param records     of those, calls with an engine record
 * @param lost        calls without an engine record
 * @param orphans     engine records with no Asterisk CDR (a record for a call Asterisk did not report)
 * @param doubled     linkedids with more than one engine record
 * @param talkOff     calls whose record's talk time does not fit the CDR: an agent answered (CDR) but the record has no
 *                    talk, or the talk is more than 1 s longer than the CDR's billsec (which counts from the caller's
 *                    answer by the IVR, so it bounds the agent's talk from above), or talk without an agent in the CDR
 * @param maxTalkDiff the worst such excess, ms
 * @param endOff      calls whose record's end is more than 1 s from the CDR's end (CDR times are whole seconds: the
 *                    distance is to [end, end + 1 s))
 * @param maxEndDiff  the worst end distance, ms
 * @param examples    a few linkedids of failing calls, for the message
 */
record FaultLedger(long calls, long records, long lost, long orphans, long doubled, long talkOff, long maxTalkDiff, long endOff,
                   long maxEndDiff, List<String> examples) {
    private static final long ONE_SECOND = 1_000;

    /** The watermark: the highest call_record id now (0 for an empty table). */
    static long recordWatermark() throws SQLException {
        try (Connection c = RealStack.db(); PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM call_record");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The figures for calls to {@code numbers} since {@code since}, records with ids above {@code watermark}. */
    static FaultLedger read(Instant since, long watermark, Set<String> numbers) {
        return read(since, Instant.MAX, watermark, numbers);
    }

    /** As above, for calls Asterisk started before {@code until}. */
    static FaultLedger read(Instant since, Instant until, long watermark, Set<String> numbers) {
        record Cdr(long talkMs, boolean answered, Instant end) {
        }
        record Rec(long talkMs, Instant end) {
        }
        Map<String, Cdr> cdrs = new HashMap<>();
        Map<String, Rec> recs = new HashMap<>();
        long doubled = 0;
        String in = String.join(",", numbers.stream().map(n -> "'" + n.replaceAll("[^0-9]", "") + "'").toList());
        try (Connection c = RealStack.db()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT linked_id, talk_ms, answered, ended_at FROM asterisk_call"
                    + " WHERE dialed_number IN (" + in + ") AND started_at >= ?")) {
                // CDR start times have whole seconds
                ps.setObject(1, LocalDateTime.ofInstant(since.minusSeconds(1), ZoneOffset.UTC));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        cdrs.put(rs.getString(1), new Cdr(rs.getLong(2), rs.getInt(3) != 0, instant(rs.getTimestamp(4))));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT linked_id, talk_ms, ended_at FROM call_record WHERE id > ?"
                    + " AND dialed_number IN (" + in + ")")) {
                ps.setLong(1, watermark);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (recs.put(rs.getString(1), new Rec(rs.getLong(2), instant(rs.getTimestamp(3)))) != null) {
                            doubled++;
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the fault run's calls from " + RealStack.DB_URL, e);
        }
        long records = 0;
        long talkOff = 0;
        long maxTalk = 0;
        long endOff = 0;
        long maxEnd = 0;
        List<String> examples = new ArrayList<>();
        for (Map.Entry<String, Cdr> e : cdrs.entrySet()) {
            Rec r = recs.get(e.getKey());
            if (r == null) {
                if (examples.size() < 5) {
                    examples.add("no record: " + e.getKey());
                }
                continue;
            }
            records++;
            Cdr cdr = e.getValue();
            // Asterisk's CDR has whole seconds: the real end is in [end, end + 1 s), the real answered time in
            // [billsec, billsec + 1 s). billsec counts from the caller's answer (the IVR), so an agent's talk time is at most
            // billsec: a call answered by an agent must have talk > 0 and at most billsec (+1 s), and end within 1 s.
            long talkExcess = cdr.answered() ? (r.talkMs() == 0 ? cdr.talkMs() : Math.max(0, r.talkMs() - cdr.talkMs() - 999))
                    : r.talkMs();
            maxTalk = Math.max(maxTalk, talkExcess);
            if (talkExcess > ONE_SECOND || cdr.answered() && r.talkMs() == 0) {
                talkOff++;
                if (examples.size() < 5) {
                    examples.add("talk " + r.talkMs() + " ms vs billsec " + cdr.talkMs() + " ms (agent answered: " + cdr.answered()
                            + "): " + e.getKey());
                }
            }
            if (cdr.end() != null && r.end() != null) {
                long d = Duration.between(cdr.end(), r.end()).toMillis();
                long off = d < 0 ? -d : Math.max(0, d - 999);
                maxEnd = Math.max(maxEnd, off);
                if (off > ONE_SECOND) {
                    endOff++;
                    if (examples.size() < 5) {
                        examples.add("end " + r.end() + " vs CDR end " + cdr.end() + ": " + e.getKey());
                    }
                }
            }
        }
        long orphans = recs.keySet().stream().filter(id -> !cdrs.containsKey(id)).count();
        return new FaultLedger(cdrs.size(), records, cdrs.size() - records, orphans, doubled, talkOff, maxTalk, endOff, maxEnd,
                List.copyOf(examples));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }

    /**
     * Reads the figures until {@code done} says they are final or {@code deadline} passes, and returns the last read: the
     * caller asserts on it after reporting it, so a fault that does not hold still leaves its figures.
     */
    static FaultLedger settle(Instant since, Instant until, long watermark, Set<String> numbers, Duration deadline,
            Predicate<FaultLedger> done) {
        long end = System.nanoTime() + deadline.toNanos();
        FaultLedger last = read(since, until, watermark, numbers);
        while (System.nanoTime() < end && !done.test(last)) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
            last = read(since, until, watermark, numbers);
        }
        return last;
    }

    /**
     * Settled for a load: at least {@code expectedCalls} CDRs (the calls SIPp completed), every one recorded, no record
     * without a CDR, and {@code extra} (e.g. the engine follows no call any more).
     */
    static FaultLedger settle(Instant since, long watermark, Set<String> numbers, long expectedCalls, Duration deadline,
            BooleanSupplier extra) {
        return settle(since, Instant.MAX, watermark, numbers, deadline,
                l -> l.calls() >= expectedCalls && l.lost() == 0 && l.orphans() == 0 && extra.getAsBoolean());
    }

    /** "talk within 1 s: 0 off (max 640 ms)". */
    String talkCheck() {
        return "talk not within billsec (+1 s) or answered call without talk: " + talkOff + " (worst " + maxTalkDiff + " ms)";
    }

    String endCheck() {
        return "end more than 1 s from the CDR's end: " + endOff + " (worst " + maxEndDiff + " ms)";
    }
}
