package ascc.core.wallboard;

import ascc.core.report.ReportStore;
import ascc.core.tracking.TrackedCall;
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

    TodayCalls(ReportStore store, Clock clock, Supplier<ZoneId> zone) {
        this.store = store;
        this.clock = clock;
        this.zone = zone;
    }

    /** Today's calls; reads the table first when the day changed (JDBC: called on the wallboard thread only). */
    List<ReportCall> today() throws SQLException {
        ZoneId z = zone.get();
        LocalDate now = LocalDate.ofInstant(clock.instant(), z);
        synchronized (this) {
            if (now.equals(day)) {
                return snapshot();
            }
        }
        List<ReportCall> rows = store.calls(now.atStartOfDay(z).toInstant(), now.plusDays(1).atStartOfDay(z).toInstant(),
                Optional.empty(), Optional.empty());
        synchronized (this) {
            day = now;
            base = List.copyOf(rows);
            heard.clear();
            return snapshot();
        }
    }

    /** A call this engine closed now (any thread; only queues). */
    synchronized void ended(TrackedCall c) {
        if (c.enteredAt() != null && day != null) {
            heard.add(new ReportCall(c.companyId(), c.deskId(), c.enteredAt(), c.outcome(), c.waitMillis(), c.talkMillis(), Set.of()));
        }
    }

    private List<ReportCall> snapshot() {
        List<ReportCall> out = new ArrayList<>(base);
        out.addAll(heard);
        return out;
    }
}
