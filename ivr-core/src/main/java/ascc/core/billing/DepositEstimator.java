package ascc.core.billing;

import ascc.routing.billing.BillingRules;
import ascc.routing.billing.Deposit;
import ascc.routing.billing.DepositWindow;
import ascc.routing.billing.MonthlyFee;
import ascc.routing.billing.Usage;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The deposit of a company from its metered usage: reads the usage of each month of the {@link DepositWindow} (program time
 * zone), which decides what counts and prices it by {@link Deposit}.
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
        DepositWindow window = DepositWindow.before(BillingMonth.of(clock.instant(), zone));
        Map<YearMonth, Usage> usage = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            for (YearMonth m : window.months()) {
                usage.put(m, Metering.usage(c, BillingMonth.start(m, zone), BillingMonth.end(m, zone), Optional.of(Set.of(companyId)))
                        .getOrDefault(companyId, Usage.ZERO));
            }
        }
        try {
            return new Estimate(companyId, window.from(), window.to(), window.count(usage).answeredTotal(), window.deposit(rules, usage));
        } catch (MonthlyFee.NoTierException e) {
            throw new BillingException("cannot estimate the deposit of company '" + companyId + "' (" + window.from() + ".."
                    + window.to() + "): " + e.getMessage());
        }
    }
}
