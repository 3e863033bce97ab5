package ascc.routing.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.YearMonth;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DepositWindowTest {
    private static final YearMonth NOV_2026 = YearMonth.of(2026, 11);

    private static Usage usage(long offered, long answered) {
        return new Usage(offered, answered, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void theWindowIsTheTwelveFullMonthsBeforeTheCurrentOne() {
        DepositWindow w = DepositWindow.before(NOV_2026);
        assertEquals(YearMonth.of(2025, 11), w.from());
        assertEquals(YearMonth.of(2026, 10), w.to());
        assertEquals(12, w.months().size());
        assertEquals(YearMonth.of(2025, 11), w.months().get(0));
        assertEquals(new DepositWindow(YearMonth.of(2025, 1), YearMonth.of(2025, 12)), DepositWindow.before(YearMonth.of(2026, 1)),
                "across a year end");
        assertThrows(IllegalArgumentException.class, () -> new DepositWindow(YearMonth.of(2026, 1), YearMonth.of(2026, 6)));
    }

    @Test
    void usageIsAveragedFromTheFirstMonthWithACall() {
        Map<YearMonth, Usage> usage = Map.of(YearMonth.of(2026, 8), usage(500, 450), YearMonth.of(2026, 9), usage(0, 0),
                YearMonth.of(2026, 10), usage(700, 600));
        assertEquals(new DepositWindow.Counted(1_050, 3), DepositWindow.before(NOV_2026).count(usage),
                "August to October, September's silence included");
    }

    @Test
    void monthsOutsideTheWindowDoNotCount() {
        Map<YearMonth, Usage> usage = Map.of(YearMonth.of(2025, 10), usage(9_000, 9_000), NOV_2026, usage(9_000, 9_000),
                YearMonth.of(2026, 10), usage(100, 80));
        assertEquals(new DepositWindow.Counted(80, 1), DepositWindow.before(NOV_2026).count(usage));
    }

    @Test
    void aMonthWithOfferedButNoAnsweredCallsStartsTheAverage() {
        Map<YearMonth, Usage> usage = Map.of(YearMonth.of(2026, 5), usage(10, 0), YearMonth.of(2026, 10), usage(100, 600));
        assertEquals(new DepositWindow.Counted(600, 6), DepositWindow.before(NOV_2026).count(usage));
    }

    @Test
    void aCompanyWithoutCallsPaysTheMinimum() throws Exception {
        Deposit d = DepositWindow.before(NOV_2026).deposit(BillingMathTest.GUIDE, Map.of());
        assertEquals(0, d.monthsOfUsage());
        assertEquals(3_000_000, d.amount());
    }

    @Test
    void theDepositIsPricedFromTheAverage() throws Exception {
        Deposit d = DepositWindow.before(NOV_2026).deposit(BillingMathTest.GUIDE, Map.of(YearMonth.of(2026, 10), usage(2_500, 2_200)));
        assertEquals(Deposit.of(BillingMathTest.GUIDE, 2_200, 1), d);
        assertEquals(4 * 1_197_500, d.amount());
    }
}
