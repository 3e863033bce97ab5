package ascc.core.billing;

import ascc.core.config.yaml.BillingConfigLoader;
import ascc.routing.billing.BillingRules;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Company;
import ascc.routing.config.ConfigException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Billing for an engine or the CLI: the rules from {@code billing.yaml}, the companies from {@code companies.yaml}
 * (read at each close, so a reload is seen), the program time zone from {@code engine.yaml}.
 *
 * <p>{@code ivr billing} builds it with {@link #fromConf}; the engine with its live campaigns config.
 */
public final class BillingService {
    private final DataSource dataSource;
    private final Supplier<BillingRules> rules;
    private final Supplier<CenterConfig> config;
    private final SurveyUsageSource surveys;
    private final Clock clock;

    public BillingService(DataSource dataSource, BillingRules rules, Supplier<CenterConfig> config, SurveyUsageSource surveys,
            Clock clock) {
        this(dataSource, () -> rules, config, surveys, clock);
    }

    /** With the rules read at each use (the engine's running billing.yaml: a reload is seen by the next close). */
    public BillingService(DataSource dataSource, Supplier<BillingRules> rules, Supplier<CenterConfig> config,
            SurveyUsageSource surveys, Clock clock) {
        this.dataSource = dataSource;
        this.rules = rules;
        this.config = config;
        this.surveys = surveys;
        this.clock = clock;
    }

    /**
     * Reads {@code confDir/billing.yaml} and {@code confDir/campaigns.yaml} (with {@code env}); survey and happy-call
     * usage from {@code surveysOf} the loaded campaigns (the campaign tables, as the engine's scheduled close does).
     * Problems of both files are reported together.
     */
    public static BillingService fromConf(Path confDir, Supplier<CenterConfig> config, DataSource dataSource, Map<String, String> env,
            Clock clock, java.util.function.Function<ascc.routing.campaign.CampaignsConfig, SurveyUsageSource> surveysOf)
            throws ConfigException {
        java.util.List<ascc.routing.config.Problem> problems = new java.util.ArrayList<>();
        BillingRules rules = null;
        ascc.routing.campaign.CampaignsConfig campaigns = null;
        try {
            rules = BillingConfigLoader.load(confDir, env);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        try {
            CenterConfig cfg = config.get();
            campaigns = ascc.core.config.yaml.CampaignsLoader.load(confDir, cfg.companies().keySet(), cfg.desks().keySet(), env);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        ascc.routing.campaign.CampaignsConfig loaded = campaigns;
        return new BillingService(dataSource, rules, config, surveysOf.apply(loaded), clock);
    }

    /** The engine's clock: when a failed scheduled close is tried again is counted from it. */
    public java.time.Instant now() {
        return clock.instant();
    }

    public ZoneId zone() {
        return config.get().engine().timeZone();
    }

    public BillingRules rules() {
        return rules.get();
    }

    /** Every configured company, id to name, in file order. */
    public Map<String, String> companies() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Company c : config.get().companies().values()) {
            out.put(c.id(), c.name());
        }
        return out;
    }

    public CloseResult close(String ledger, YearMonth month, Consumer<String> progress) throws BillingException, SQLException {
        return new MonthlyClose(dataSource, rules(), zone(), surveys, clock).close(ledger, month, companies(), Optional.empty(), progress);
    }

    public BillingStore store() {
        return new BillingStore(dataSource);
    }

    public DepositEstimator.Estimate deposit(String companyId) throws SQLException, BillingException {
        if (!config.get().companies().containsKey(companyId)) {
            throw new BillingException("unknown company '" + companyId + "' (not in companies.yaml; known: "
                    + String.join(", ", companies().keySet()) + ")");
        }
        return new DepositEstimator(dataSource, rules(), zone(), clock).estimate(companyId);
    }
}
