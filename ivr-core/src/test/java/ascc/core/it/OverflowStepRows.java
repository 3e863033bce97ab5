package ascc.core.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The appliance desk's rows in {@code call_overflow_step}, read by the cluster ITs (each step once per caller). */
final class OverflowStepRows {
    private OverflowStepRows() {
    }

    /** The callers (unique ids) with step {@code step} of the appliance desk since {@code since}. */
    static TreeSet<String> stepsTaken(Instant since, int step) {
        TreeSet<String> out = new TreeSet<>();
        stepCounts(since).keySet().stream().filter(k -> k.endsWith("|" + step)).forEach(k -> out.add(k.substring(0, k.indexOf('|'))));
        return out;
    }

    /** caller|step -> rows, for the appliance desk's steps since {@code since}. */
    static Map<String, Integer> stepCounts(Instant since) {
        Map<String, Integer> out = new TreeMap<>();
        try (Connection c = RealStack.db(); PreparedStatement ps = c.prepareStatement("SELECT unique_id, step_no, COUNT(*)"
                + " FROM call_overflow_step WHERE desk_id = 'appliance' AND taken_at >= ? GROUP BY unique_id, step_no")) {
            ps.setTimestamp(1, java.sql.Timestamp.valueOf(java.time.LocalDateTime.ofInstant(since, java.time.ZoneOffset.UTC)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1) + "|" + rs.getInt(2), rs.getInt(3));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError("call_overflow_step not read", e);
        }
        return out;
    }
}
