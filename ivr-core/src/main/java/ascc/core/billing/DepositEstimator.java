package ascc.core.billing;

import ascc.routing.billing.BillingRules;
import ascc.routing.billing.Deposit;
import ascc.routing.billing.MonthlyFee;
import ascc.routing.billing.Usage;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The deposit of a company from its metered usage: the last 12 full months before the current one (program time zone),
 * averaged over the months since its first call in that window (a company that joined 3 months ago is averaged over 3),
 * rounded half up, priced by {@link Deposit}.
 */
public final class DepositEstimator {
    /** The estimate and the window it came from. */
    public record Estimate(String companyId, YearMonth from, YearMonth to, long answeredTotal, Deposit deposit) {
    }

    private final DataSource dataSource;
    private final BillingRules rules;
    private final ZoneId zone;
    private final Clock clock;

    public DepositEstimator(DataSource dataSource, BillingRules rules, ZoneId zone, Clock clock) {
        this.dataSource = dataSource;
        this.rules = rules;
        this.zone = zone;
        this.clock = clock;
    }

    public Estimate estimate(String companyId) throws SQLException, BillingException {
        YearMonth to = BillingMonth.of(clock.instant(), zone).minusMonths(1);
        YearMonth from = to.minusMonths(11);
        long total = 0;
        int months = 0;
        try (Connection c = dataSource.getConnection()) {
            for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
                Usage u = Metering.usage(c, BillingMonth.start(m, zone), BillingMonth.end(m, zone), Optional.of(Set.of(companyId)))
                        .getOrDefault(companyId, Usage.ZERO);
                if (months > 0 || u.offered() > 0) {
                    months++;
                    total += u.answered();
                }
            }
        }
        try {
            return new Estimate(companyId, from, to, total, Deposit.of(rules, total, months));
        } catch (MonthlyFee.NoTierException e) {
            throw new BillingException("cannot estimate the deposit of company '" + companyId + "' (" + from + ".." + to + "): "
                    + e.getMessage());
        }
    }
}
