package ascc.core.campaign;

import java.sql.SQLException;
import java.util.Objects;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz job of one campaign (job data {@code company}, {@code campaign}), fired by the campaign's cron from the JDBC
 * job store: clustered, one engine runs it per firing. It runs {@link CampaignRunner#run} until the campaign has nothing
 * due. Never two runs of one campaign at once on a cluster ({@link DisallowConcurrentExecution}).
 */
@DisallowConcurrentExecution
public final class CampaignJob implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignJob.class);
    static final String COMPANY = "company";
    static final String CAMPAIGN = "campaign";
    /** Quartz group of campaign jobs and triggers. */
    public static final String GROUP = "campaigns";

    private final CampaignRunner runner;

    public CampaignJob(CampaignRunner runner) {
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    @Override
    public void execute(JobExecutionContext ctx) throws JobExecutionException {
        String company = ctx.getMergedJobDataMap().getString(COMPANY);
        String campaign = ctx.getMergedJobDataMap().getString(CAMPAIGN);
        try {
            runner.run(company, campaign);
        } catch (SQLException | RuntimeException e) {
            LOG.error("campaign {}/{}: run failed; the next firing tries again", company, campaign, e);
            throw new JobExecutionException("campaign " + company + "/" + campaign + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.info("campaign {}/{}: run interrupted (engine stopping)", company, campaign);
        }
    }
}
