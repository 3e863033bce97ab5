package ascc.routing.report;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The traffic report of one day: per company and per desk, the whole day and each hour that had calls.
 *
 * @param day the local day
 * @param zone the center's time zone (hours and the day's bounds are local)
 * @param targetSeconds the service-level target T
 * @param rows companies first, then desks; each key's day row, then its hours in order
 */
public record TrafficReport(LocalDate day, ZoneId zone, int targetSeconds, List<Row> rows) {
    /** The key of calls without a company or without a desk. */
    public static final String NONE = "(none)";

    /** What a row groups by. */
    public enum Scope { COMPANY, DESK }

    /**
     * One row.
     *
     * @param scope company or desk
     * @param key company or desk id, or {@link #NONE}
     * @param hour local hour 0..23, or null for the whole day
     * @param stats the metrics
     */
    public record Row(Scope scope, String key, Integer hour, CallStats stats) {
        /** {@code day} or {@code HH:00}. */
        public String period() {
            return hour == null ? "day" : String.format("%02d:00", hour);
        }
    }

    public TrafficReport {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(zone, "zone");
        rows = List.copyOf(rows);
    }

    /** The instant the local day starts (inclusive); it ends at the next day's start (exclusive). */
    public static ZonedDateTime dayStart(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone);
    }

    /**
     * Computes the report from the calls that entered the engine on {@code day} (calls outside the day are ignored).
     *
     * @param targetSeconds service-level target T in seconds (answered within T)
     */
    public static TrafficReport of(List<ReportCall> calls, LocalDate day, ZoneId zone, int targetSeconds) {
        if (targetSeconds < 0) {
            throw new IllegalArgumentException("service-level target must be >= 0 s, got " + targetSeconds);
        }
        Map<String, CallStats> byKey = new TreeMap<>(Comparator.naturalOrder());
        for (ReportCall c : calls) {
            ZonedDateTime local = c.enteredAt().atZone(zone);
            if (!local.toLocalDate().equals(day)) {
                continue;
            }
            int hour = local.getHour();
            String company = c.companyId() == null ? NONE : c.companyId();
            String desk = c.deskId() == null ? NONE : c.deskId();
            for (String k : List.of(key(Scope.COMPANY, company, -1), key(Scope.COMPANY, company, hour), key(Scope.DESK, desk, -1),
                    key(Scope.DESK, desk, hour))) {
                byKey.merge(k, CallStats.EMPTY.plus(c, targetSeconds), (old, one) -> old.plus(c, targetSeconds));
            }
        }
        List<Row> rows = new ArrayList<>();
        byKey.forEach((k, stats) -> {
            String[] parts = k.split("\u0000");
            int hour = Integer.parseInt(parts[2]);
            rows.add(new Row(Scope.valueOf(parts[0].substring(1)), parts[1], hour < 0 ? null : hour, stats));
        });
        return new TrafficReport(day, zone, targetSeconds, rows);
    }

    /** Sort key: scope (companies first), id, day row before hours. */
    private static String key(Scope scope, String id, int hour) {
        return scope.ordinal() + scope.name() + "\u0000" + id + "\u0000" + String.format("%02d", hour);
    }
}
