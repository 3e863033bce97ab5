package ascc.routing.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.routing.calls.CallOutcome;
import ascc.routing.report.ReportCall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Traffic from recorded calls: rates per hour of the week, observed handle times, Kaplan-Meier patience. */
class HistoryProfileTest {
    /** Monday 2026-11-23 10:00 in Seoul. */
    private static final Instant MON_10 = Instant.parse("2026-11-23T01:00:00Z");

    private static ReportCall call(Instant at, CallOutcome outcome, long waitMs, long talkMs) {
        return new ReportCall("acme", "d1", at, outcome, waitMs, talkMs, Set.of());
    }

    @Test
    void patienceIsTheKaplanMeierEstimateWithAnsweredCallsCensored() {
        List<ReportCall> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(call(MON_10, CallOutcome.ABANDONED_QUEUE, 30_000, 0));
            calls.add(call(MON_10, CallOutcome.ANSWERED, 60_000, 100_000)); // waited longer than 30 s without hanging up
        }
        Distribution p = HistoryProfile.patience(calls);
        Distribution.Empirical e = assertInstanceOf(Distribution.Empirical.class, p);
        // S(30) = 1 - 10/20: half hang up at 30 s, the other half waited longer than anyone was observed to: never
        assertEquals(50, Arrays.stream(e.seconds()).filter(v -> v == 30).count());
        assertEquals(50, Arrays.stream(e.seconds()).filter(Double::isInfinite).count());
        // a naive mean of the abandons' waits (30 s) would have made every caller hang up at 30 s
    }

    @Test
    void ratesAreCallsPerOccurrenceOfTheHourAndHandleTimesAreTheTalkTimes() {
        List<ReportCall> calls = new ArrayList<>();
        for (int week = 0; week < 2; week++) {
            for (int i = 0; i < 40; i++) {
                calls.add(call(MON_10.plusSeconds(week * 7 * 86_400L + i * 60L), CallOutcome.ANSWERED, 1_000, 200_000));
            }
        }
        Instant from = Instant.parse("2026-11-22T15:00:00Z"); // Monday 00:00 in Seoul
        TrafficProfile p = HistoryProfile.from(calls, from, from.plusSeconds(14 * 86_400L), SimConfigs.SEOUL,
                SimConfigs.singleDesk(1, SimConfigs.always()));
        assertEquals(1, p.entries().size());
        TrafficProfile.Entry e = p.entries().get(0);
        assertEquals(40.0, e.callsPerHour()[10], 1e-9, "80 calls in two Mondays' 10:00 hours");
        assertEquals(40.0, e.callsPerWeek(), 1e-9, "two weeks of calls: 40 a week");
        assertEquals(200.0, e.handle().mean(), 1e-9);
        assertTrue(e.patience() instanceof Distribution.Never, "nobody abandoned");
    }
}
