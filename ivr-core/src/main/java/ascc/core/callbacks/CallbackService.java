package ascc.core.callbacks;

import ascc.core.sched.Scheduler;
import ascc.routing.Phones;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes after-hours callback requests off the call path: the AGI flow hands a request over and goes on
 * at once; a worker stores it ({@code callback_request}, unique per call) and schedules a Quartz job at the
 * due time (the company's next opening), which marks it due and hands it to the dialer set with {@link #onDue}.
 */
public final class CallbackService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackService.class);
    static final String GROUP = "callbacks";

    private final CallbackStore store;
    private final Scheduler scheduler;
    private final Clock clock;
    private volatile Consumer<CallbackRequest> dueDialer;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "callback-writer");
        t.setDaemon(true);
        return t;
    });

    public CallbackService(CallbackStore store, Scheduler scheduler, Clock clock) {
        this.store = store;
        this.scheduler = scheduler;
        this.clock = clock;
        scheduler.register(DueJob.class, () -> new DueJob(store, clock, this::due));
    }

    /**
     * Who dials requests when they become due (e.g. {@code ascc.core.overflow.OverflowCallbacks#dialDue}: a place holder in the desk's
     * queue, the agent first, then the customer); without one, due requests stay DUE for an outbound dialer.
     */
    public void onDue(Consumer<CallbackRequest> dialer) {
        this.dueDialer = dialer;
    }

    private void due(CallbackRequest r) {
        Consumer<CallbackRequest> d = dueDialer;
        if (d == null) {
            LOG.info("callback {} is due; no dialer configured (overflow.yaml trunk-dial), it stays DUE", r);
            return;
        }
        d.accept(r);
    }

    /** Stores and schedules {@code r} in the background; the returned future says whether it was new. */
    public Future<Boolean> request(CallbackRequest r) {
        return worker.submit(() -> {
            try {
                boolean stored = store.insert(r, clock.instant());
                if (!stored) {
                    LOG.info("callback for call {} was stored already", r.linkedId());
                    return false;
                }
                schedule(r);
                LOG.info("callback stored and scheduled: {}", r);
                return true;
            } catch (SQLException | SchedulerException e) {
                LOG.error("could not store or schedule {}; the caller was told it is booked", r, e);
                throw e;
            }
        });
    }

    /** The store: find tasks (also follow-ups by their original call) and mark them solved. */
    public CallbackStore store() {
        return store;
    }

    private void schedule(CallbackRequest r) throws SchedulerException {
        JobDetail job = JobBuilder.newJob(DueJob.class)
                .withIdentity("callback-" + r.linkedId(), GROUP)
                .usingJobData("linkedId", r.linkedId())
                .build();
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity("callback-" + r.linkedId(), GROUP)
                .startAt(Date.from(r.dueAt()))
                .build();
        scheduler.quartz().scheduleJob(job, trigger);
    }

    @Override
    public void close() {
        worker.shutdown();
    }

    /** Fires at the due time: the request becomes due (the outbound dialer picks DUE requests up). */
    public static final class DueJob implements Job {
        private final CallbackStore store;
        private final Clock clock;
        private final Consumer<CallbackRequest> dialer;

        DueJob(CallbackStore store, Clock clock, Consumer<CallbackRequest> dialer) {
            this.store = store;
            this.clock = clock;
            this.dialer = dialer;
        }

        @Override
        public void execute(JobExecutionContext ctx) throws JobExecutionException {
            String linkedId = ctx.getMergedJobDataMap().getString("linkedId");
            try {
                Instant now = clock.instant();
                boolean changed = store.markDue(linkedId, now);
                store.find(linkedId).ifPresent(r -> {
                    LOG.info("callback due now (changed={}): company {}, desk {}, number {}", changed, r.companyId(), r.deskId(),
                            Phones.mask(r.number()));
                    if (changed) {
                        dialer.accept(r);
                    }
                });
            } catch (SQLException e) {
                JobExecutionException je = new JobExecutionException("callback " + linkedId + ": " + e.getMessage(), e);
                je.setRefireImmediately(false);
                throw je;
            }
        }
    }
}
