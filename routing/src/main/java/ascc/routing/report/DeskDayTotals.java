package ascc.routing.report;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A day's figures per desk and per company within each desk, added one call at a time: the same as the day rows
 * ({@code hour == null}) of {@link TrafficReport#of} over that desk's calls, without reading the day's calls again. The
 * wallboard rebuilds its state many times a second at peak; recomputing the report from every call of the day made
 * each rebuild grow with the day (its thread had 295 of the engine JVM's 1,789 CPU samples at 250 new calls/s after
 * 14,000 calls of the day, one JFR profile of benchmarks/capacity.sh).
 * Calls without a desk or entered on another local day are not counted (the report's rules). Not thread-safe: one
 * owner adds and reads.
 */
public final class DeskDayTotals {
    private final LocalDate day;
    private final ZoneId zone;
    private final int targetSeconds;
    private final Map<String, CallStats> byDesk = new HashMap<>();
    private final Map<String, Map<String, CallStats>> byDeskCompany = new HashMap<>();

    /**
     * Empty totals of {@code day} in {@code zone}, with service-level target {@code targetSeconds}.
     *
     * @throws IllegalArgumentException when {@code targetSeconds} is negative
     */
    public DeskDayTotals(LocalDate day, ZoneId zone, int targetSeconds) {
        if (targetSeconds < 0) {
            throw new IllegalArgumentException("service-level target must be >= 0 s, got " + targetSeconds);
        }
        this.day = Objects.requireNonNull(day, "day");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.targetSeconds = targetSeconds;
    }

    /** Totals of {@code calls} (any order). */
    public static DeskDayTotals of(Iterable<ReportCall> calls, LocalDate day, ZoneId zone, int targetSeconds) {
        DeskDayTotals t = new DeskDayTotals(day, zone, targetSeconds);
        calls.forEach(t::add);
        return t;
    }

    /** A copy that later {@link #add}s to either do not change. */
    public DeskDayTotals copy() {
        DeskDayTotals c = new DeskDayTotals(day, zone, targetSeconds);
        c.byDesk.putAll(byDesk);
        byDeskCompany.forEach((desk, companies) -> c.byDeskCompany.put(desk, new TreeMap<>(companies)));
        return c;
    }

    /** Counts one call (ignored without a desk or from another day). */
    public void add(ReportCall c) {
        if (c.deskId() == null || !c.enteredAt().atZone(zone).toLocalDate().equals(day)) {
            return;
        }
        byDesk.merge(c.deskId(), CallStats.EMPTY.plus(c, targetSeconds), (old, one) -> old.plus(c, targetSeconds));
        String company = c.companyId() == null ? TrafficReport.NONE : c.companyId();
        byDeskCompany.computeIfAbsent(c.deskId(), d -> new TreeMap<>())
                .merge(company, CallStats.EMPTY.plus(c, targetSeconds), (old, one) -> old.plus(c, targetSeconds));
    }

    /** The desk's day figures ({@link CallStats#EMPTY} before its first call). */
    public CallStats desk(String deskId) {
        return byDesk.getOrDefault(deskId, CallStats.EMPTY);
    }

    /** The desk's day figures per company id ({@link TrafficReport#NONE} for calls without one), by id; empty before a call. */
    public Map<String, CallStats> companies(String deskId) {
        return Collections.unmodifiableMap(byDeskCompany.getOrDefault(deskId, Map.of()));
    }

    public LocalDate day() {
        return day;
    }

    public ZoneId zone() {
        return zone;
    }

    public int targetSeconds() {
        return targetSeconds;
    }
}
