package ascc.core.billing;

import java.time.Instant;
import java.time.YearMonth;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monthly close as a Quartz job: fired on the 1st (program time zone), it closes the month before the fire time.
 * The closer is taken from the scheduler context (in memory; put there by {@link BillingSchedule#register}), so the
 * persisted job holds no objects.
 */
@DisallowConcurrentExecution
public final class BillingJob implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(BillingJob.class);

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        Instant fired = context.getScheduledFireTime() == null ? Instant.now() : context.getScheduledFireTime().toInstant();
        BillingService service;
        try {
            service = (BillingService) context.getScheduler().getContext().get(BillingSchedule.CONTEXT_KEY);
        } catch (SchedulerException e) {
            throw new JobExecutionException("billing close: cannot read the scheduler context", e, false);
        }
        if (service == null) {
            throw new JobExecutionException("billing close: no BillingService registered in this engine (fired " + fired + ")");
        }
        YearMonth month = BillingMonth.of(fired, service.zone()).minusMonths(1);
        try {
            CloseResult r = service.close(MonthlyClose.MAIN_LEDGER, month, msg -> LOG.info("billing close {}: {}", month, msg));
            LOG.info("billing close {} by schedule: {} companies, total due {} KRW{}", month, r.summary().companies(),
                    r.summary().totalDue(), r.alreadyClosed() ? " (was closed already)" : "");
        } catch (BillingException e) {
            LOG.error("billing close {} by schedule failed; nothing was written. Fix and run: ivr billing close --month {}\n{}",
                    month, month, e.getMessage());
            throw new JobExecutionException(e, false);
        } catch (Exception e) {
            LOG.error("billing close {} by schedule failed (fired {}); it will be retried", month, fired, e);
            throw new JobExecutionException(e, false);
        }
    }
}
