package ascc.core.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class BillingMonthTest {
    static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

    @Test
    void parsesYearDashMonthOnly() {
        assertEquals(YearMonth.of(2026, 10), BillingMonth.parse("2026-10"));
        for (String bad : new String[] {"2026-13", "2026-00", "2026-1", "26-10", "2026/10", "October", "", " 2026-10x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BillingMonth.parse(bad), bad);
            assertTrue(e.getMessage().contains("unknown month '" + bad + "' (expected YYYY-MM"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> BillingMonth.parse(null));
    }

    @Test
    void monthBoundsAreMidnightInTheProgramTimeZone() {
        assertEquals(Instant.parse("2026-09-30T15:00:00Z"), BillingMonth.start(YearMonth.of(2026, 10), SEOUL));
        assertEquals(Instant.parse("2026-10-31T15:00:00Z"), BillingMonth.end(YearMonth.of(2026, 10), SEOUL));
        assertEquals(YearMonth.of(2026, 11), BillingMonth.of(Instant.parse("2026-10-31T15:00:00Z"), SEOUL));
        assertEquals(YearMonth.of(2026, 10), BillingMonth.of(Instant.parse("2026-10-31T14:59:59.999Z"), SEOUL));
    }

    @Test
    void percentLabelsKeepTheDecimalsThatMatter() {
        assertEquals("30%", MonthlyClose.percent(3000));
        assertEquals("27.5%", MonthlyClose.percent(2750));
        assertEquals("30.05%", MonthlyClose.percent(3005));
    }
}
