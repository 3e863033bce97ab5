package ascc.core.billing;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Date;
import java.util.Optional;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monthly close as a Quartz job: fired on the 1st (program time zone), it closes the month before the fire time,
 * and first every month still open before it (in order, so a close that failed last month is done now). A close that
 * fails is tried again ({@link CloseRetry}) by a one-shot trigger stored in Quartz's tables ({@link #RETRY}, with the month
 * and the attempt as job data), so the retry survives a restart and runs at start if it fell due while the engine was down.
 * The closer is taken from the scheduler context (in memory; put there by {@link BillingSchedule#register}), so the
 * persisted job holds no objects.
 */
@DisallowConcurrentExecution
public final class BillingJob implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(BillingJob.class);
    /** Job data of a retry: the month to close (up to), and how many tries failed. */
    static final String MONTH = "month";
    static final String ATTEMPT = "attempt";
    /** The one pending retry of the monthly close. */
    public static final TriggerKey RETRY = TriggerKey.triggerKey("monthly-close-retry", "billing");

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
        JobDataMap data = context.getMergedJobDataMap();
        YearMonth month = data != null && data.containsKey(MONTH) ? YearMonth.parse(data.getString(MONTH))
                : BillingMonth.of(fired, service.zone()).minusMonths(1);
        int attempt = data != null && data.containsKey(ATTEMPT) ? Integer.parseInt(data.getString(ATTEMPT)) : 0;
        try {
            closeInOrder(service, month);
        } catch (Exception e) {
            CloseRetry.Kind kind = CloseRetry.classify(e);
            Duration wait = CloseRetry.delay(kind, attempt);
            Instant at = service.now().plus(wait);
            if (kind == CloseRetry.Kind.NEEDS_FIX) {
                LOG.error("billing close {} by schedule refused (try {}); nothing was written. Fix the cause (then it is tried again at {},"
                        + " or run: ivr billing close --month {})\n{}", month, attempt + 1, at, month, e.getMessage());
            } else {
                LOG.error("billing close {} by schedule failed (try {}, fired {}); tried again at {} (in {})", month, attempt + 1, fired,
                        at, wait, e);
            }
            try {
                scheduleRetry(context.getScheduler(), month, attempt + 1, at);
            } catch (SchedulerException se) {
                e.addSuppressed(se);
                LOG.error("billing close {}: the retry could not be stored; run: ivr billing close --month {}", month, month, se);
            }
            throw new JobExecutionException(e, false);
        }
    }

    /** Closes every month from the one after the latest closed up to {@code month}, in order (only {@code month} before any close). */
    static void closeInOrder(BillingService service, YearMonth month) throws Exception {
        Optional<YearMonth> latest = service.store().latestClosed(MonthlyClose.MAIN_LEDGER);
        if (latest.isPresent() && !latest.get().isBefore(month)) {
            LOG.info("billing close {} by schedule: closed already (latest closed month {})", month, latest.get());
            return;
        }
        YearMonth from = latest.map(m -> m.plusMonths(1)).orElse(month);
        for (YearMonth m = from; !m.isAfter(month); m = m.plusMonths(1)) {
            YearMonth closing = m;
            CloseResult r = service.close(MonthlyClose.MAIN_LEDGER, closing, msg -> LOG.info("billing close {}: {}", closing, msg));
            LOG.info("billing close {} by schedule: {} companies, total due {} KRW{}", closing, r.summary().companies(),
                    r.summary().totalDue(), r.alreadyClosed() ? " (was closed already)" : "");
        }
    }

    /**
     * Stores the one retry trigger: at {@code at}, closing up to {@code month} (never a month before the one a pending
     * retry already covers). A retry due while no engine ran fires at start.
     */
    static Trigger scheduleRetry(Scheduler quartz, YearMonth month, int attempt, Instant at) throws SchedulerException {
        Trigger pending = quartz.getTrigger(RETRY);
        YearMonth upTo = month;
        if (pending != null && pending.getJobDataMap().containsKey(MONTH)) {
            YearMonth other = YearMonth.parse(pending.getJobDataMap().getString(MONTH));
            upTo = other.isAfter(month) ? other : month;
        }
        Trigger retry = TriggerBuilder.newTrigger().withIdentity(RETRY).forJob(BillingSchedule.JOB).startAt(Date.from(at))
                .usingJobData(MONTH, upTo.toString()).usingJobData(ATTEMPT, Integer.toString(attempt))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow()).build();
        if (pending != null) {
            quartz.rescheduleJob(RETRY, retry);
        } else {
            quartz.scheduleJob(retry);
        }
        return retry;
    }
}
