package ascc.routing.billing;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The months a company's surety deposit is estimated from: the {@value #MONTHS} full months before the current one. The
 * answered calls are averaged over the months since the company's first offered call in the window (a company that joined
 * 3 months ago is averaged over 3; one without any call over none, which prices the first band), then priced by
 * {@link Deposit}.
 *
 * @param from the first month (inclusive)
 * @param to the last month (inclusive), the one before the current month
 */
public record DepositWindow(YearMonth from, YearMonth to) {
    /** How many months the window spans. */
    public static final int MONTHS = 12;

    public DepositWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.plusMonths(MONTHS - 1).equals(to)) {
            throw new IllegalArgumentException("a deposit window spans " + MONTHS + " months, not " + from + ".." + to);
        }
    }

    /** The window of a deposit estimated during {@code current} (the billing month, in the program's zone). */
    public static DepositWindow before(YearMonth current) {
        YearMonth to = current.minusMonths(1);
        return new DepositWindow(to.minusMonths(MONTHS - 1), to);
    }

    /** The months of the window, oldest first. */
    public List<YearMonth> months() {
        List<YearMonth> out = new ArrayList<>(MONTHS);
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            out.add(m);
        }
        return out;
    }

    /**
     * The usage that counts.
     *
     * @param answeredTotal answered calls from the first month with an offered call to the end of the window
     * @param monthsOfUsage how many months that is (0 when no call was offered in the window)
     */
    public record Counted(long answeredTotal, int monthsOfUsage) {
    }

    /** Counts a company's usage per month (months missing from {@code usage}, or outside the window, count as none). */
    public Counted count(Map<YearMonth, Usage> usage) {
        long total = 0;
        int months = 0;
        for (YearMonth m : months()) {
            Usage u = usage.getOrDefault(m, Usage.ZERO);
            if (months > 0 || u.offered() > 0) {
                months++;
                total += u.answered();
            }
        }
        return new Counted(total, months);
    }

    /**
     * The deposit from a company's usage per month.
     *
     * @throws MonthlyFee.NoTierException when the average is above a closed last band
     */
    public Deposit deposit(BillingRules rules, Map<YearMonth, Usage> usage) throws MonthlyFee.NoTierException {
        Counted c = count(usage);
        return Deposit.of(rules, c.answeredTotal(), c.monthsOfUsage());
    }
}
