package ascc.core.happycall;

import ascc.core.sched.Scheduler;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz job that hands due happy-calls to the {@link Dialer}: runs every {@code every} (one node at a time in a
 * cluster: Quartz clustered job store, plus the compare-and-set claim in {@link HappyCallStore#claimDue}, so two
 * engines never dial one happy-call).
 */
@DisallowConcurrentExecution
public final class HappyCallJob implements Job {
    public static final JobKey JOB = JobKey.jobKey("happy-call-dispatch", "happy-calls");
    private static final Logger LOG = LoggerFactory.getLogger(HappyCallJob.class);

    private final HappyCalls happyCalls;
    private final Dialer dialer;
    private final int batch;

    HappyCallJob(HappyCalls happyCalls, Dialer dialer, int batch) {
        this.happyCalls = Objects.requireNonNull(happyCalls, "happyCalls");
        this.dialer = Objects.requireNonNull(dialer, "dialer");
        this.batch = batch;
    }

    /**
     * Registers and schedules the job (replacing a stored one); call once at engine start when a dialer exists.
     *
     * @param batch most happy-calls handed over per run (the dialer paces them)
     */
    public static Trigger register(Scheduler scheduler, HappyCalls happyCalls, Dialer dialer, Duration every, int batch) {
        scheduler.register(HappyCallJob.class, () -> new HappyCallJob(happyCalls, dialer, batch));
        try {
            JobDetail job = JobBuilder.newJob(HappyCallJob.class).withIdentity(JOB).withDescription("hand due happy-calls to the dialer")
                    .storeDurably().build();
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity(JOB.getName(), JOB.getGroup()).forJob(JOB)
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(every.toMillis()).repeatForever()
                            .withMisfireHandlingInstructionNextWithRemainingCount())
                    .build();
            scheduler.quartz().scheduleJob(job, Set.of(trigger), true);
            return trigger;
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule the happy-call dispatch job (every " + every + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            int n = happyCalls.dispatchDue(dialer, batch);
            if (n > 0) {
                LOG.info("{} due happy-calls handed to the dialer", n);
            }
        } catch (SQLException e) {
            throw new JobExecutionException("happy-call dispatch (batch " + batch + "): " + e.getMessage(), e);
        }
    }
}
