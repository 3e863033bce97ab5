package ascc.core.recordings;

import java.io.IOException;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Quartz job: deletes expired recordings through the {@link RecordingsModule} found in the scheduler context. */
@DisallowConcurrentExecution
public final class RetentionJob implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        Object module;
        try {
            module = context.getScheduler().getContext().get(RecordingsModule.CONTEXT_KEY);
        } catch (SchedulerException e) {
            throw new JobExecutionException("retention: no scheduler context (job " + context.getJobDetail().getKey() + ")", e);
        }
        if (!(module instanceof RecordingsModule m)) {
            LOG.warn("retention: no recordings module on this engine (scheduler {}); skipped", context.getScheduler());
            return;
        }
        try {
            m.sweepNow();
        } catch (IOException | RuntimeException e) {
            throw new JobExecutionException("retention sweep failed under " + m.config().recordingsEngineDir() + ": " + e, e);
        }
    }
}
