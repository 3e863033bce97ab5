package ascc.core.national;

import ascc.core.national.NationalModel.Company;
import ascc.core.national.NationalModel.HoursKind;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a company's calls spread over a year: a month factor (winter and summer peaks: heaters and humidifiers, fans and air
 * conditioners), a day factor (Monday highest, Saturday mornings about a third) and an hour-of-day share inside the company's
 * opening hours (mid-morning and mid-afternoon peaks, a dip at lunch). Public holidays and the center's year-end closure
 * take no calls. {@link #fraction} is the share of a company's yearly calls that arrive in one hour of one date.
 */
public final class NationalShape {
    /** Korean public holidays the generated holidays.yaml lists (the same as the shipped conf/holidays.yaml). */
    public static final Map<String, String> HOLIDAYS = holidays();

    static final double[] MONTH = {1.10, 1.00, 0.95, 0.92, 0.95, 1.00, 1.08, 1.08, 0.97, 0.95, 1.00, 1.10};
    /** Monday..Sunday. */
    static final double[] DAY = {1.15, 1.00, 1.00, 0.97, 0.93, 0.35, 0};
    private static final double[] STANDARD_HOURS = hours(9, .10, .13, .125, .08, .11, .125, .12, .11, .10);
    private static final double[] EXTENDED_HOURS = extended();
    private static final double[] SATURDAY_HOURS = hours(9, .28, .30, .25, .17);

    private final int year;
    private final Map<HoursKind, Double> yearWeight = new EnumMap<>(HoursKind.class);
    private final Map<HoursKind, double[]> busyAndAverage = new EnumMap<>(HoursKind.class);

    public NationalShape(int year) {
        this.year = year;
        for (HoursKind k : HoursKind.values()) {
            double total = 0;
            double busy = 0;
            double average = 0;
            int weekdays = 0;
            for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
                double day = dayWeight(k, d);
                total += day;
                if (day > 0 && NationalModel.weekday(d)) {
                    double[] h = hourShares(k, d);
                    double max = 0;
                    double open = 0;
                    for (int hour = 0; hour < 24; hour++) {
                        max = Math.max(max, h[hour]);
                        open += hour >= 9 && hour < 18 ? h[hour] : 0;
                    }
                    busy += day * max;
                    average += day * open / 9;
                    weekdays++;
                }
            }
            yearWeight.put(k, total);
            busyAndAverage.put(k, new double[] {busy / weekdays / total, average / weekdays / total});
        }
    }

    public int year() {
        return year;
    }

    /** The share of a {@code kind} company's yearly calls that arrive in {@code hour} (0..23) of {@code date}. */
    public double fraction(HoursKind kind, LocalDate date, int hour) {
        double day = dayWeight(kind, date);
        return day == 0 ? 0 : day * hourShares(kind, date)[hour] / yearWeight.get(kind);
    }

    /** The share of a company's yearly calls in the busiest hour of an average weekday. */
    public double busyHourFraction(HoursKind kind) {
        return busyAndAverage.get(kind)[0];
    }

    /** The share of a company's yearly calls in an average hour 09-18 of an average weekday. */
    public double averageHourFraction(HoursKind kind) {
        return busyAndAverage.get(kind)[1];
    }

    /** Calls in the busiest hour of the year, all companies together. */
    double peakHourCalls(List<Company> companies) {
        Map<HoursKind, Double> perKind = new EnumMap<>(HoursKind.class);
        for (Company c : companies) {
            perKind.merge(c.hours(), c.annualCalls(), Double::sum);
        }
        double peak = 0;
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
            for (int h = 0; h < 24; h++) {
                double calls = 0;
                for (Map.Entry<HoursKind, Double> e : perKind.entrySet()) {
                    calls += e.getValue() * fraction(e.getKey(), d, h);
                }
                peak = Math.max(peak, calls);
            }
        }
        return peak;
    }

    /** Whether the whole center is closed on {@code d}: a holiday, Sunday, or the year-end closure. */
    public boolean closed(LocalDate d) {
        return HOLIDAYS.containsKey(d.toString()) || d.getDayOfWeek() == DayOfWeek.SUNDAY || yearEnd(d);
    }

    /** The center's year-end closure (system maintenance), written to hours.yaml. */
    public LocalDate yearEndClosure() {
        return LocalDate.of(year, 12, 31);
    }

    private boolean yearEnd(LocalDate d) {
        return d.equals(yearEndClosure());
    }

    private double dayWeight(HoursKind kind, LocalDate d) {
        if (closed(d) || kind == HoursKind.NO_SATURDAY && d.getDayOfWeek() == DayOfWeek.SATURDAY) {
            return 0;
        }
        return MONTH[d.getMonthValue() - 1] * DAY[d.getDayOfWeek().getValue() - 1];
    }

    /** The hour shares of one day (sum 1 on an open day). */
    static double[] hourShares(HoursKind kind, LocalDate d) {
        if (d.getDayOfWeek() == DayOfWeek.SATURDAY) {
            return SATURDAY_HOURS;
        }
        return kind == HoursKind.EXTENDED ? EXTENDED_HOURS : STANDARD_HOURS;
    }

    private static double[] hours(int from, double... shares) {
        double[] h = new double[24];
        System.arraycopy(shares, 0, h, from, shares.length);
        return h;
    }

    private static double[] extended() {
        double[] h = new double[24];
        for (int i = 9; i < 18; i++) {
            h[i] = STANDARD_HOURS[i] * 0.85;
        }
        h[8] = 0.04;
        h[18] = 0.06;
        h[19] = 0.05;
        return h;
    }

    private static Map<String, String> holidays() {
        String[] list = {
            "2026-01-01", "New Year's Day", "2026-02-16", "Seollal (day before)", "2026-02-17", "Seollal (Lunar New Year)",
            "2026-02-18", "Seollal (day after)", "2026-03-01", "Independence Movement Day",
            "2026-03-02", "Substitute holiday for Independence Movement Day", "2026-05-01", "Labor Day",
            "2026-05-05", "Children's Day", "2026-05-24", "Buddha's Birthday", "2026-05-25", "Substitute holiday for Buddha's Birthday",
            "2026-06-03", "Local elections day", "2026-06-06", "Memorial Day", "2026-07-17", "Constitution Day",
            "2026-08-15", "Liberation Day", "2026-08-17", "Substitute holiday for Liberation Day", "2026-09-24", "Chuseok (day before)",
            "2026-09-25", "Chuseok", "2026-09-26", "Chuseok (day after)", "2026-10-03", "National Foundation Day",
            "2026-10-05", "Substitute holiday for National Foundation Day", "2026-10-09", "Hangul Day", "2026-12-25", "Christmas Day",
            "2027-01-01", "New Year's Day", "2027-02-06", "Seollal (day before)", "2027-02-07", "Seollal (Lunar New Year)",
            "2027-02-08", "Seollal (day after)", "2027-02-09", "Substitute holiday for Seollal", "2027-03-01", "Independence Movement Day",
            "2027-05-01", "Labor Day", "2027-05-05", "Children's Day", "2027-05-13", "Buddha's Birthday", "2027-06-06", "Memorial Day",
            "2027-07-17", "Constitution Day", "2027-07-19", "Substitute holiday for Constitution Day", "2027-08-15", "Liberation Day",
            "2027-08-16", "Substitute holiday for Liberation Day", "2027-09-14", "Chuseok (day before)", "2027-09-15", "Chuseok",
            "2027-09-16", "Chuseok (day after)", "2027-10-03", "National Foundation Day",
            "2027-10-04", "Substitute holiday for National Foundation Day", "2027-10-09", "Hangul Day",
            "2027-10-11", "Substitute holiday for Hangul Day", "2027-12-25", "Christmas Day",
            "2027-12-27", "Substitute holiday for Christmas Day"};
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < list.length; i += 2) {
            m.put(list[i], list[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
