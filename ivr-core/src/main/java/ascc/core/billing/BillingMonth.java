package ascc.core.billing;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.regex.Pattern;

/** Billing months: {@code YYYY-MM} in the program's time zone; a call counts in the month it started. */
public final class BillingMonth {
    private static final Pattern FORMAT = Pattern.compile("(\\d{4})-(\\d{2})");

    private BillingMonth() {
    }

    /**
     * Parses {@code 2026-10}.
     *
     * @throws IllegalArgumentException naming the input and the expected form
     */
    public static YearMonth parse(String text) {
        var m = text == null ? null : FORMAT.matcher(text.trim());
        if (m != null && m.matches()) {
            int year = Integer.parseInt(m.group(1));
            int month = Integer.parseInt(m.group(2));
            if (year >= 2000 && year <= 2999 && month >= 1 && month <= 12) {
                return YearMonth.of(year, month);
            }
        }
        throw new IllegalArgumentException("unknown month '" + text + "' (expected YYYY-MM with month 01..12, e.g. 2026-10)");
    }

    /** First instant of the month in {@code zone}. */
    public static Instant start(YearMonth month, ZoneId zone) {
        return month.atDay(1).atStartOfDay(zone).toInstant();
    }

    /** First instant after the month in {@code zone}. */
    public static Instant end(YearMonth month, ZoneId zone) {
        return start(month.plusMonths(1), zone);
    }

    /** The month {@code at} falls in, in {@code zone}. */
    public static YearMonth of(Instant at, ZoneId zone) {
        return YearMonth.from(at.atZone(zone));
    }
}
