package ascc.routing.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ascc.routing.calls.CallOutcome;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrafficReportTest {
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);

    private static Instant at(String localTime) {
        return LocalDateTime.of(DAY, java.time.LocalTime.parse(localTime)).atZone(SEOUL).toInstant();
    }

    private static ReportCall call(String company, String desk, String time, CallOutcome outcome, long waitMs, long talkMs,
                                   Integer... steps) {
        return new ReportCall(company, desk, at(time), outcome, waitMs, talkMs, Set.of(steps));
    }

    /**
     * Eight calls of company alpha on desk appliance between 10:00 and 10:59, T = 20 s:
     * answered after 5 s, 20 s (exactly T: within), 20.001 s (just over), 40 s; talk 60, 120, 90, 30 s;
     * abandoned in queue after 10 s (short: in neither SL term) and after 25 s; abandoned in the IVR; one voicemail.
     */
    private static List<ReportCall> scenario() {
        return List.of(
                call("alpha", "appliance", "10:00:00", CallOutcome.ANSWERED, 5_000, 60_000),
                call("alpha", "appliance", "10:05:00", CallOutcome.ANSWERED, 20_000, 120_000),
                call("alpha", "appliance", "10:10:00", CallOutcome.ANSWERED, 20_001, 90_000, 1),
                call("alpha", "appliance", "10:15:00", CallOutcome.ANSWERED, 40_000, 30_000, 1, 2),
                call("alpha", "appliance", "10:20:00", CallOutcome.ABANDONED_QUEUE, 10_000, 0),
                call("alpha", "appliance", "10:25:00", CallOutcome.ABANDONED_QUEUE, 25_000, 0, 1),
                call("alpha", null, "10:30:00", CallOutcome.ABANDONED_IVR, 3_000, 0),
                call("alpha", "appliance", "10:59:59.999", CallOutcome.VOICEMAIL, 0, 0));
    }

    private static CallStats row(TrafficReport r, TrafficReport.Scope scope, String key, Integer hour) {
        return r.rows().stream().filter(x -> x.scope() == scope && x.key().equals(key) && java.util.Objects.equals(x.hour(), hour))
                .findFirst().orElseThrow(() -> new AssertionError("no row " + scope + " " + key + " " + hour + " in " + r.rows()))
                .stats();
    }

    @Test
    void metricsMatchHandComputedValues() {
        CallStats s = row(TrafficReport.of(scenario(), DAY, SEOUL, 20), TrafficReport.Scope.COMPANY, "alpha", null);
        assertEquals(8, s.offered());
        assertEquals(4, s.answered());
        assertEquals(1, s.abandonedIvr());
        assertEquals(2, s.abandonedQueue());
        // SL = within 20 s (5 s, 20 s) / (4 answered + 1 abandoned after 20 s) = 2/5 = 40.0 %
        assertEquals(new BigDecimal("40.0"), s.serviceLevelPercent());
        // abandon rate = 2 / (4 + 2) = 33.33.. -> 33.3 %
        assertEquals(new BigDecimal("33.3"), s.abandonRatePercent());
        // ASA = (5 + 20 + 20.001 + 40) / 4 = 21.25025 s -> 21.3 s (half up)
        assertEquals(new BigDecimal("21.3"), s.asaSeconds());
        // AHT = (60 + 120 + 90 + 30) / 4 = 75.0 s
        assertEquals(new BigDecimal("75.0"), s.ahtSeconds());
        assertEquals(Map.of(1, 3, 2, 1), s.overflowByStep());
    }

    @Test
    void aCallTransferredToAPartnerIsOfferedAndCountedAsSuchButInNoServiceLevelOrAbandonTerm() {
        List<ReportCall> calls = new java.util.ArrayList<>(scenario());
        calls.add(call("alpha", "appliance", "10:40:00", CallOutcome.OVERFLOW_PARTNER, 30_000, 0, 1));
        CallStats s = row(TrafficReport.of(calls, DAY, SEOUL, 20), TrafficReport.Scope.COMPANY, "alpha", null);
        assertEquals(9, s.offered());
        assertEquals(1, s.toPartner());
        assertEquals(2, s.abandonedQueue(), "not an abandon");
        assertEquals(new BigDecimal("40.0"), s.serviceLevelPercent());
        assertEquals(new BigDecimal("33.3"), s.abandonRatePercent());
        assertEquals(Map.of(1, 4, 2, 1), s.overflowByStep());
        assertEquals(0, row(TrafficReport.of(scenario(), DAY, SEOUL, 20), TrafficReport.Scope.COMPANY, "alpha", null).toPartner());
    }

    @Test
    void theTargetIsConfigurable() {
        CallStats s = row(TrafficReport.of(scenario(), DAY, SEOUL, 30), TrafficReport.Scope.COMPANY, "alpha", null);
        // T = 30 s: answered within 5, 20, 20.001 s; no abandon after 30 s -> 3/4 = 75.0 %
        assertEquals(new BigDecimal("75.0"), s.serviceLevelPercent());
    }

    @Test
    void desksAndHoursAreSeparateRowsAndIvrAbandonsWithoutDeskGoToNone() {
        TrafficReport r = TrafficReport.of(scenario(), DAY, SEOUL, 20);
        assertEquals(7, row(r, TrafficReport.Scope.DESK, "appliance", null).offered());
        assertEquals(1, row(r, TrafficReport.Scope.DESK, TrafficReport.NONE, null).abandonedIvr());
        assertEquals(8, row(r, TrafficReport.Scope.COMPANY, "alpha", 10).offered());
        assertEquals(List.of("COMPANY alpha day", "COMPANY alpha 10:00", "DESK (none) day", "DESK (none) 10:00", "DESK appliance day",
                "DESK appliance 10:00"), r.rows().stream().map(x -> x.scope() + " " + x.key() + " " + x.period()).toList());
    }

    @Test
    void theDayIsTheCentersLocalDayAndHoursAreLocal() {
        CallOutcome answered = CallOutcome.ANSWERED;
        List<ReportCall> calls = List.of(
                new ReportCall("alpha", "appliance", Instant.parse("2026-11-22T15:00:00Z"), answered, 1_000L, 1_000L, Set.of()),
                new ReportCall("alpha", "appliance", Instant.parse("2026-11-22T14:59:59Z"), answered, 1_000L, 1_000L, Set.of()),
                new ReportCall("alpha", "appliance", Instant.parse("2026-11-23T14:59:59Z"), answered, 1_000L, 1_000L, Set.of()));
        TrafficReport r = TrafficReport.of(calls, DAY, SEOUL, 20);
        // 2026-11-22T15:00Z is 00:00 KST on the 23rd; 14:59:59Z on the 22nd is the day before; 14:59:59Z on the 23rd is 23:59:59
        assertEquals(2, row(r, TrafficReport.Scope.COMPANY, "alpha", null).offered());
        assertEquals(1, row(r, TrafficReport.Scope.COMPANY, "alpha", 0).offered());
        assertEquals(1, row(r, TrafficReport.Scope.COMPANY, "alpha", 23).offered());
    }

    @Test
    void metricsWithoutDivisorAreAbsentNotZero() {
        CallStats s = row(TrafficReport.of(List.of(call(null, null, "09:00", CallOutcome.ABANDONED_IVR, 2_000, 0)), DAY, SEOUL, 20),
                TrafficReport.Scope.COMPANY, TrafficReport.NONE, null);
        assertNull(s.serviceLevelPercent());
        assertNull(s.abandonRatePercent());
        assertNull(s.asaSeconds());
        assertNull(s.ahtSeconds());
        // only a short abandon: SL has no divisor, abandon rate is 100 %
        CallStats shortOnly = row(TrafficReport.of(List.of(call("a", "d", "09:00", CallOutcome.ABANDONED_QUEUE, 2_000, 0)), DAY, SEOUL, 20),
                TrafficReport.Scope.DESK, "d", null);
        assertNull(shortOnly.serviceLevelPercent());
        assertEquals(new BigDecimal("100.0"), shortOnly.abandonRatePercent());
    }
}
