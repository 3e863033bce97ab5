package ascc.core.recordings;

import ascc.agi.AgiRequest;
import ascc.agi.flows.InboundFlow;
import ascc.agi.flows.Prompts;
import ascc.core.http.HttpServer;
import ascc.core.sched.Scheduler;
import ascc.recordings.RecordingPlan;
import ascc.recordings.RecordingsConfig;
import ascc.routing.RouteDecision;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Secret;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's recordings part: per-company prompts for the inbound flow, the recording plan of each routed call,
 * {@code GET /api/recordings/<company>/<call id>} and the retention job. Built by {@link #start}; the engine passes
 * {@link #prompts()} and {@link #planner()} to the inbound flow and stores {@link #recordingPath} in the call record.
 */
public final class RecordingsModule implements AutoCloseable {
    /** Key under which the module sits in the Quartz scheduler context, for {@link RetentionJob}. */
    static final String CONTEXT_KEY = "ascc.recordings";
    static final JobKey JOB = JobKey.jobKey("recordings-retention", "ascc");
    private static final Logger LOG = LoggerFactory.getLogger(RecordingsModule.class);

    /** The running recordings.yaml (the config registry's part): a reload reaches prompts, plans, tokens and retention. */
    private final Supplier<RecordingsConfig> config;
    private final Clock clock;
    private final Supplier<CenterConfig> center;
    private Scheduler scheduler;

    RecordingsModule(Supplier<RecordingsConfig> config, Clock clock, Supplier<CenterConfig> center) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.center = Objects.requireNonNull(center, "center");
    }

    /**
     * Starts on the running recordings.yaml and schedules the retention job; {@link #serve} adds the HTTP route once the
     * server exists.
     *
     * @param config the running recordings.yaml, e.g. {@code holder.part(Conf::recordings)}
     * @param scheduler the engine's Quartz scheduler; null: no retention job (tests)
     */
    public static RecordingsModule start(Supplier<RecordingsConfig> config, Clock clock, Supplier<CenterConfig> center,
            Scheduler scheduler) {
        RecordingsModule m = new RecordingsModule(config, clock, center);
        RecordingsConfig c = m.config();
        LOG.info("recordings: {} companies configured, recordings in {} (Asterisk: {}), prompts in {} (Asterisk: {})",
                c.companies().size(), c.recordingsEngineDir(), c.recordingsAsteriskDir(), c.promptsEngineDir(), c.promptsAsteriskDir());
        if (scheduler != null) {
            m.schedule(scheduler, c.retentionCheckMinutes());
        }
        return m;
    }

    /**
     * Adds {@code GET /api/recordings/<company>/<call id>} to the engine's HTTP server (before or after it started).
     *
     * @param adminToken the engine's admin token, which reaches every company's recordings
     */
    public RecordingsModule serve(HttpServer http, Secret adminToken) {
        return serve(http, adminToken, RecordingAccessHandler.StoredDay.NONE);
    }

    /**
     * As {@link #serve(HttpServer, Secret)}, finding a recording whose linkedid does not name its day through the call
     * record ({@code stored}).
     */
    public RecordingsModule serve(HttpServer http, Secret adminToken, RecordingAccessHandler.StoredDay stored) {
        http.selfAuthorizedPrefixRoute("GET", RecordingAccessHandler.PREFIX, new RecordingAccessHandler(adminToken, this::config, stored));
        return this;
    }

    private void schedule(Scheduler s, int minutes) {
        try {
            s.quartz().getContext().put(CONTEXT_KEY, this);
            JobDetail job = JobBuilder.newJob(RetentionJob.class).withIdentity(JOB).storeDurably().build();
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity("recordings-retention", "ascc").forJob(job)
                    .startNow().withSchedule(SimpleScheduleBuilder.repeatMinutelyForever(minutes)
                            .withMisfireHandlingInstructionNextWithRemainingCount()).build();
            s.quartz().scheduleJob(job, java.util.Set.of(trigger), true);
            scheduler = s;
            LOG.info("recordings: retention job every {} min", minutes);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule the recordings retention job (every " + minutes + " min): "
                    + e.getMessage(), e);
        }
    }

    public RecordingsConfig config() {
        return config.get();
    }

    /** Per-company prompts for the inbound flow. */
    public Prompts prompts() {
        return Prompts.perCompany(this::config);
    }

    /** The recording plan of a routed call, for the inbound flow. */
    public InboundFlow.RecordingPlanner planner() {
        return this::plan;
    }

    /** How {@code d} is recorded, if at all; the same inputs always give the same file. */
    public Optional<RecordingPlan> plan(AgiRequest req, RouteDecision d, Instant at) {
        String company = d.company().map(c -> c.id()).orElse(null);
        if (company == null || d.action() == RouteDecision.Action.CLOSED) {
            return Optional.empty();
        }
        try {
            return config().plan(company, d.desk().id(), req.linkedId(), true, at, center.get().engine().timeZone());
        } catch (IllegalArgumentException e) {
            LOG.error("recordings: call {} of company {} cannot be recorded: {}", req.linkedId(), company, e.getMessage());
            return Optional.empty();
        }
    }

    /** The file (engine's view) for the call record, or null when the call is not recorded. */
    public String recordingPath(AgiRequest req, RouteDecision d, Instant at) {
        return plan(req, d, at).map(p -> p.engineFile().toString()).orElse(null);
    }

    /** Runs retention now: deletes expired recordings, logs each, returns them. */
    public List<RecordingFiles.Removed> sweepNow() throws IOException {
        RecordingsConfig c = config();
        List<RecordingFiles.Removed> removed = new RecordingFiles(c.recordingsEngineDir()).sweep(clock, c::retentionDays);
        for (RecordingFiles.Removed r : removed) {
            LOG.info("retention: deleted {} of company {} ({} bytes, last written {}, retention {} days)", r.file(), r.company(),
                    r.bytes(), r.modified(), c.retentionDays(r.company()));
        }
        LOG.info("retention: {} recording(s) deleted under {}", removed.size(), c.recordingsEngineDir());
        return removed;
    }

    @Override
    public void close() {
        if (scheduler != null) {
            try {
                scheduler.quartz().getContext().remove(CONTEXT_KEY);
            } catch (SchedulerException e) {
                LOG.warn("recordings: could not detach from the scheduler context", e);
            }
        }
    }
}
