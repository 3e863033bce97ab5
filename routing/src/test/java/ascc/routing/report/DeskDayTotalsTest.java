package ascc.routing.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ascc.routing.calls.CallOutcome;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class DeskDayTotalsTest {
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    private static final Instant START = DAY.atStartOfDay(SEOUL).toInstant();

    @Property(tries = 200, seed = "20261206")
    void totalsAddedOneCallAtATimeAreTheTrafficReportsDayRowsOfEachDesk(@ForAll("calls") List<ReportCall> calls,
                                                                        @ForAll("targets") int target) {
        DeskDayTotals totals = new DeskDayTotals(DAY, SEOUL, target);
        calls.forEach(totals::add);
        for (String desk : List.of("appliance", "digital", "kitchen")) {
            List<ReportCall> deskCalls = calls.stream().filter(c -> desk.equals(c.deskId())).toList();
            CallStats deskRow = CallStats.EMPTY;
            Map<String, CallStats> companyRows = new TreeMap<>();
            for (TrafficReport.Row r : TrafficReport.of(deskCalls, DAY, SEOUL, target).rows()) {
                if (r.hour() == null && r.scope() == TrafficReport.Scope.DESK) {
                    deskRow = r.stats();
                } else if (r.hour() == null && r.scope() == TrafficReport.Scope.COMPANY) {
                    companyRows.put(r.key(), r.stats());
                }
            }
            assertEquals(deskRow, totals.desk(desk), desk);
            assertEquals(companyRows, totals.companies(desk), desk);
        }
    }

    @Test
    void callsWithoutADeskOrFromAnotherDayAreNotCounted() {
        DeskDayTotals totals = DeskDayTotals.of(List.of(
                call(null, "alpha", START.plusSeconds(60)),
                call("appliance", "alpha", START.minusSeconds(1)),
                call("appliance", null, START.plusSeconds(86_399)),
                call("appliance", "alpha", START.plusSeconds(86_400))), DAY, SEOUL, 20);
        assertEquals(1, totals.desk("appliance").offered());
        assertEquals(Map.of(TrafficReport.NONE, totals.desk("appliance")), totals.companies("appliance"));
        assertEquals(CallStats.EMPTY, totals.desk("digital"));
        assertThrows(IllegalArgumentException.class, () -> new DeskDayTotals(DAY, SEOUL, -1));
    }

    private static ReportCall call(String desk, String company, Instant at) {
        return new ReportCall(company, desk, at, CallOutcome.ANSWERED, 1_000L, 30_000L, Set.of());
    }

    @Provide
    Arbitrary<Integer> targets() {
        return Arbitraries.integers().between(0, 60);
    }

    @Provide
    Arbitrary<List<ReportCall>> calls() {
        Arbitrary<String> desk = Arbitraries.of("appliance", "digital", "kitchen").injectNull(0.1);
        Arbitrary<String> company = Arbitraries.of("alpha", "beta", "gamma").injectNull(0.1);
        // a few calls from the day before and the day after: the report ignores them
        Arbitrary<Instant> at = Arbitraries.longs().between(-3_600, 90_000).map(START::plusSeconds);
        Arbitrary<CallOutcome> outcome = Arbitraries.of(CallOutcome.class);
        Arbitrary<Long> millis = Arbitraries.longs().between(0, 120_000).injectNull(0.1);
        Arbitrary<Set<Integer>> steps = Arbitraries.integers().between(1, 4).set().ofMaxSize(2);
        return Combinators.combine(desk, company, at, outcome, millis, millis, steps)
                .as((d, c, a, o, w, t, s) -> new ReportCall(c, d, a, o, w, t, s))
                .list().ofMaxSize(60).map(ArrayList::new);
    }
}
