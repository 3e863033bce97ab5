package ascc.core.national;

import ascc.core.national.NationalModel.Built;
import ascc.core.national.NationalModel.Company;
import ascc.core.national.NationalModel.Family;
import ascc.core.national.NationalModel.HoursKind;
import ascc.routing.config.Category;
import ascc.routing.simulate.Distribution;
import ascc.routing.simulate.TrafficProfile;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The national model's calls as the simulator's {@link TrafficProfile}: one entry per company, its calls per hour of the
 * week, its categories' shares, a log-normal talk time with its categories' mean (standard deviation 0.7 x the mean) and an
 * exponential patience. A profile of the whole year is its average week (x 52.14 weeks = the year's calls; calls the
 * profile puts on a public holiday meet the closed center there, as they would); a profile of one month is that month's
 * average week (its month factor included): the busy day is a Monday of the busiest month.
 */
public final class NationalTraffic {
    /** Mean patience of a waiting caller, seconds (exponential: the Erlang A assumption). */
    public static final double PATIENCE_SECONDS = 180;
    /** Callers who accept a callback an overflow step offers, and callbacks the customer answers. */
    public static final double CALLBACK_ACCEPT = 0.5;
    public static final double CALLBACK_ANSWER = 0.85;
    /** Callers who called within the repeat-caller window. */
    public static final double REPEAT_SHARE = 0.05;

    private NationalTraffic() {
    }

    /** The average week of the whole year ({@code month} empty) or of one month. */
    public static TrafficProfile profile(Built built, Optional<Month> month) {
        Map<HoursKind, double[]> week = new EnumMap<>(HoursKind.class);
        for (HoursKind k : HoursKind.values()) {
            week.put(k, averageWeek(built.shape(), k, month));
        }
        return profile(built, week);
    }

    /**
     * The calls of the 7 dates from {@code monday} exactly as the model lays them (month factor, weekday, hour; none on a
     * holiday or closure day): hour of the week {@code h} is hour {@code h % 24} of {@code monday + h / 24}. Dates outside
     * the model's year take no calls. A year is simulated week by week with these (see benchmarks/simulate-national.sh).
     */
    public static TrafficProfile week(Built built, LocalDate monday) {
        if (monday.getDayOfWeek() != java.time.DayOfWeek.MONDAY) {
            throw new IllegalArgumentException("a week starts on a Monday, got " + monday + " (" + monday.getDayOfWeek() + ")");
        }
        Map<HoursKind, double[]> week = new EnumMap<>(HoursKind.class);
        for (HoursKind k : HoursKind.values()) {
            double[] w = new double[TrafficProfile.WEEK_HOURS];
            for (int h = 0; h < w.length; h++) {
                LocalDate d = monday.plusDays(h / 24);
                w[h] = d.getYear() == built.shape().year() ? built.shape().fraction(k, d, h % 24) : 0;
            }
            week.put(k, w);
        }
        return profile(built, week);
    }

    private static TrafficProfile profile(Built built, Map<HoursKind, double[]> week) {
        List<TrafficProfile.Entry> entries = new ArrayList<>(built.companyList().size());
        for (Company c : built.companyList()) {
            double[] shape = week.get(c.hours());
            double[] perHour = new double[TrafficProfile.WEEK_HOURS];
            for (int h = 0; h < perHour.length; h++) {
                perHour[h] = c.annualCalls() * shape[h];
            }
            Map<Category, Double> shares = new LinkedHashMap<>();
            double talk = 0;
            for (int k = 0; k < c.categories().size(); k++) {
                shares.put(c.categories().get(k), c.categoryShare()[k]);
                talk += c.categoryShare()[k] * Family.of(c.categories().get(k)).talkSeconds();
            }
            entries.add(new TrafficProfile.Entry("company " + c.id(), Optional.of(c.id()), Optional.empty(), shares, perHour,
                    new Distribution.LogNormal(talk, 0.7 * talk), new Distribution.Exponential(PATIENCE_SECONDS), 0, REPEAT_SHARE,
                    CALLBACK_ACCEPT, CALLBACK_ANSWER));
        }
        return new TrafficProfile(entries, TrafficProfile.Pauses.NONE);
    }

    /** Share of a company's yearly calls in each hour of the average week (of the year, or of {@code month}). */
    static double[] averageWeek(NationalShape shape, HoursKind kind, Optional<Month> month) {
        double[] sum = new double[TrafficProfile.WEEK_HOURS];
        int[] days = new int[7];
        for (LocalDate d = LocalDate.of(shape.year(), 1, 1); d.getYear() == shape.year(); d = d.plusDays(1)) {
            if (month.isPresent() && d.getMonth() != month.get()) {
                continue;
            }
            int dow = d.getDayOfWeek().getValue() - 1;
            days[dow]++;
            for (int h = 0; h < 24; h++) {
                sum[dow * 24 + h] += shape.fraction(kind, d, h);
            }
        }
        double weeksInYear = (LocalDate.of(shape.year(), 12, 31).getDayOfYear()) / 7.0;
        for (int h = 0; h < sum.length; h++) {
            // mean over the dates with this weekday: the share of the year's calls in that hour of one such week
            sum[h] = days[h / 24] == 0 ? 0 : sum[h] / days[h / 24];
        }
        // a year of average weeks must give the year's calls: scale by days per weekday (52 or 53) over the weeks in the year
        double total = 0;
        for (double v : sum) {
            total += v;
        }
        if (month.isEmpty() && total > 0) {
            for (int h = 0; h < sum.length; h++) {
                sum[h] = sum[h] / total / weeksInYear;
            }
        }
        return sum;
    }
}
