package ascc.core.billing;

import ascc.core.sched.Scheduler;
import java.time.ZoneId;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;

/** Registers the monthly close job: on the 1st of each month at 02:00 in the program time zone. */
public final class BillingSchedule {
    /** Cron: second minute hour day-of-month month day-of-week. */
    public static final String CRON = "0 0 2 1 * ?";
    public static final JobKey JOB = JobKey.jobKey("monthly-close", "billing");
    static final String CONTEXT_KEY = "ascc.billing.service";

    private BillingSchedule() {
    }

    /**
     * Schedules the monthly close; call from engine start, before the scheduler starts. A stored trigger with the same
     * cron and zone is kept, so a missed fire (engine down at 02:00 on the 1st) runs once as soon as the scheduler starts;
     * a changed zone replaces it.
     */
    public static CronTrigger register(Scheduler scheduler, BillingService service) {
        try {
            scheduler.quartz().getContext().put(CONTEXT_KEY, service);
            JobDetail job = JobBuilder.newJob(BillingJob.class).withIdentity(JOB).withDescription("monthly billing close")
                    .storeDurably().requestRecovery().build();
            // Quartz runs on the system time, so the stored trigger starts now (its default)
            CronTrigger trigger = trigger(service.zone(), new Date());
            scheduler.scheduleKeepingMissedFires(job, trigger);
            return (CronTrigger) scheduler.quartz().getTrigger(trigger.getKey());
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule the monthly billing close (cron " + CRON + " " + service.zone() + "): "
                    + e.getMessage(), e);
        }
    }

    /**
     * The monthly-close trigger in {@code zone}, starting at {@code start}: its fire times depend on nothing else (tests
     * pass a fixed start instead of reading today's date). A missed fire runs once as soon as the scheduler is back.
     */
    static CronTrigger trigger(ZoneId zone, Date start) {
        return TriggerBuilder.newTrigger().withIdentity("monthly-close", "billing").forJob(JOB).startAt(start)
                .withSchedule(CronScheduleBuilder.cronSchedule(CRON).inTimeZone(TimeZone.getTimeZone(zone))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
    }
}
