package ascc.core.wallboard;

import ascc.core.report.ReportStore;
import ascc.core.tracking.TrackedCall;
import ascc.routing.report.DeskDayTotals;
import ascc.routing.report.ReportCall;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Today's ended calls for the wallboard's service level and abandon rate: read from {@code call_record} when the day
 * starts for the wallboard (at the engine's start, then at midnight), plus every call this engine closes from then on
 * (its rows reach {@code call_record} only after the durable writer's batch, so the table alone would lag). A call that
 * ends in the few seconds between midnight and the next read may be missed by today's figures (never counted twice).
 * Thread-safe.
 */
final class TodayCalls {
    private final ReportStore store;
    private final Clock clock;
    private final Supplier<ZoneId> zone;
    private List<ReportCall> base = List.of();
    private final List<ReportCall> heard = new ArrayList<>();
    private LocalDate day;
    /** Figures of base and heard, per desk (null: to compute again, e.g. after the service-level target changed). */
    private DeskDayTotals totals;

    TodayCalls(ReportStore store, Clock clock, Supplier<ZoneId> zone) {
        this.store = store;
        this.clock = clock;
        this.zone = zone;
    }

    /**
     * Today's figures per desk with service-level target {@code targetSeconds}, a copy; reads the table first when the day
     * changed (JDBC: called on the wallboard thread only). Calls are added to the figures as they end, so a rebuild
     * does not read the day's calls again.
     */
    DeskDayTotals totals(int targetSeconds) throws SQLException {
        ZoneId z = zone.get();
        LocalDate now = LocalDate.ofInstant(clock.instant(), z);
        synchronized (this) {
            if (now.equals(day)) {
                return current(z, targetSeconds);
            }
        }
        List<ReportCall> rows = store.calls(now.atStartOfDay(z).toInstant(), now.plusDays(1).atStartOfDay(z).toInstant(),
                Optional.empty(), Optional.empty());
        synchronized (this) {
            day = now;
            base = List.copyOf(rows);
            heard.clear();
            totals = null;
            return current(z, targetSeconds);
        }
    }

    /** A call this engine closed now (any thread; only queues). */
    synchronized void ended(TrackedCall c) {
        if (c.enteredAt() != null && day != null) {
            ReportCall r = new ReportCall(c.companyId(), c.deskId(), c.enteredAt(), c.outcome(), c.waitMillis(), c.talkMillis(), Set.of());
            heard.add(r);
            if (totals != null) {
                totals.add(r);
            }
        }
    }

    private DeskDayTotals current(ZoneId z, int targetSeconds) {
        if (totals == null || totals.targetSeconds() != targetSeconds || !totals.zone().equals(z)) {
            totals = new DeskDayTotals(day, z, targetSeconds);
            base.forEach(totals::add);
            heard.forEach(totals::add);
        }
        return totals.copy();
    }
}
