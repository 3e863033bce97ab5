package ascc.core.callbacks;

import ascc.core.durable.DurableSpool;
import ascc.core.durable.DurableWriter;
import ascc.core.metrics.Metrics;
import ascc.core.sched.Scheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLTransientException;
import java.time.Duration;
import ascc.routing.Phones;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes callback bookings (after-hours, overflow, follow-ups) off the call path, durably: {@link #book} appends the request
 * to the write-ahead journal in {@code <spool-dir>/callbacks} and forces it to disk before it returns, so the flow tells
 * the caller "booked" only once the booking survives a database outage of any length and a kill -9. The writer thread
 * ({@code callback-writer}) then stores it ({@code callback_request}, unique per call: a replay stores nothing twice) and
 * schedules a Quartz job at the due time (the company's next opening), which marks it due and hands it to the dialer set
 * with {@link #onDue}. While the database is away the writer retries, then spools; the journal is replayed at start.
 */
public final class CallbackService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackService.class);
    static final String GROUP = "callbacks";
    /** The bookings' journal: {@code <spool-dir>/callbacks}. */
    public static final String SPOOL_SUBDIR = "callbacks";
    /** What the writer carries. */
    public static final DurableWriter.Kind<CallbackRequest> KIND = new DurableWriter.Kind<>("callback bookings", "callback-writer",
            CallbackRequest::linkedId, CallbackRequest::number, "callback_request");
    private static final DurableWriter.Settings SETTINGS = new DurableWriter.Settings(50, Duration.ofMillis(20),
            Duration.ofMillis(100), Duration.ofSeconds(5), 100_000, 5, Duration.ofSeconds(10));

    private final CallbackStore store;
    private final Scheduler scheduler;
    private final Clock clock;
    private volatile Consumer<CallbackRequest> dueDialer;
    private final Map<String, CompletableFuture<Boolean>> waiting = new ConcurrentHashMap<>();
    private final DurableWriter<CallbackRequest> writer;

    /** Without a journal: bookings wait in memory until stored (tests). */
    public CallbackService(CallbackStore store, Scheduler scheduler, Clock clock) {
        this(store, scheduler, clock, null, new Metrics());
    }

    /**
     * @param spoolDir the engine's spool directory ({@code database.spool-dir}); the journal is its {@value #SPOOL_SUBDIR}
     *     subdirectory. Null: no journal (bookings wait in memory).
     */
    public CallbackService(CallbackStore store, Scheduler scheduler, Clock clock, Path spoolDir, Metrics metrics) {
        this.store = store;
        this.scheduler = scheduler;
        this.clock = clock;
        scheduler.register(DueJob.class, () -> new DueJob(store, clock, this::due));
        DurableSpool<CallbackRequest> spool;
        try {
            spool = spoolDir == null ? null : spool(spoolDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the callback bookings' journal in " + spoolDir.resolve(SPOOL_SUBDIR), e);
        }
        this.writer = new DurableWriter<>(KIND, this::storeAll, spool, metrics, clock, SETTINGS, d -> Thread.sleep(d.toMillis()));
    }

    /** The bookings' journal in {@code spoolDir/}{@value #SPOOL_SUBDIR}. */
    public static DurableSpool<CallbackRequest> spool(Path spoolDir) throws IOException {
        return new DurableSpool<>(spoolDir.resolve(SPOOL_SUBDIR), "callbacks", CallbackRequestCodec.INSTANCE, KIND.noun());
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

    /**
     * Books {@code r}: journaled (on disk) when this returns true, stored and scheduled in the background. False when it could
     * not be journaled (logged): the caller must not be told it is booked.
     */
    public boolean book(CallbackRequest r) {
        return writer.submit(r);
    }

    /**
     * {@link #book}s {@code r}; the future says, once it is stored, whether it was new. It fails at once when the booking could
     * not be journaled.
     */
    public Future<Boolean> request(CallbackRequest r) {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        waiting.put(r.linkedId(), f);
        if (!book(r)) {
            waiting.remove(r.linkedId(), f);
            f.completeExceptionally(new IllegalStateException("callback not booked (journal or writer refused it): " + r));
        }
        return f;
    }

    /** The writer's sink: stores each request (idempotent by linked id) and schedules its due job unless it is scheduled. */
    private void storeAll(List<CallbackRequest> requests) throws SQLException {
        for (CallbackRequest r : requests) {
            boolean stored = store.insert(r, clock.instant());
            try {
                boolean scheduled = scheduleUnlessScheduled(r);
                LOG.info(stored ? "callback stored and scheduled: {}" : "callback for call {} was stored already (scheduled now: {})",
                        stored ? r : r.linkedId(), scheduled);
            } catch (SchedulerException e) {
                throw new SQLTransientException("callback " + r.linkedId() + " stored but not scheduled: " + e.getMessage(), e);
            }
            CompletableFuture<Boolean> f = waiting.remove(r.linkedId());
            if (f != null) {
                f.complete(stored);
            }
        }
    }

    /** Bookings not yet stored and scheduled. */
    public long pending() {
        return writer.pending();
    }

    /** The store: find tasks (also follow-ups by their original call) and mark them solved. */
    public CallbackStore store() {
        return store;
    }

    /**
     * Schedules the due job of {@code r}, stored by someone else (a web callback request), unless it is scheduled already:
     * at its due time it becomes DUE and goes to the dialer like an after-hours callback.
     *
     * @throws SQLTransientException when the scheduler refused (the writer retries)
     */
    public void scheduleDue(CallbackRequest r) throws SQLTransientException {
        try {
            scheduleUnlessScheduled(r);
        } catch (SchedulerException e) {
            throw new SQLTransientException("callback " + r.linkedId() + " stored but not scheduled: " + e.getMessage(), e);
        }
    }

    /** Schedules the due job unless one exists (a replayed booking, or a store retried after its schedule). */
    private boolean scheduleUnlessScheduled(CallbackRequest r) throws SchedulerException {
        if (scheduler.quartz().checkExists(JobKey.jobKey("callback-" + r.linkedId(), GROUP))) {
            return false;
        }
        try {
            schedule(r);
            return true;
        } catch (ObjectAlreadyExistsException e) {
            return false;
        }
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

    /** Stores what is queued (waiting up to 10 s); what is left stays in the journal for the next start. */
    @Override
    public void close() {
        writer.close();
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
