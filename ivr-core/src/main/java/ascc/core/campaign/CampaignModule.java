package ascc.core.campaign;

import ascc.agi.flows.SurveyFlow;
import ascc.core.ami.AmiClient;
import ascc.core.cluster.TrunkClaims;
import ascc.core.durable.DurableWriter;
import ascc.core.metrics.Metrics;
import ascc.core.http.HttpResponseSpec;
import ascc.core.sched.Scheduler;
import ascc.routing.asterisk.Channels;
import ascc.routing.campaign.Campaign;
import ascc.routing.campaign.CampaignKind;
import ascc.routing.campaign.CampaignsConfig;
import ascc.routing.config.Secret;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound campaign engine, wired from the engine's parts: the AMI {@link OutboundDialer}, the {@link CampaignRunner}
 * with one Quartz {@link CampaignJob} per campaign (its cron, center time zone), the survey AGI flow's
 * {@link SurveySessions}, recovery of attempts left open (at every AMI resync and every 20 s), billing's
 * {@link CampaignUsage}, and the progress JSON of {@code /api/campaigns}.
 */
public final class CampaignModule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignModule.class);
    /** How long the survey flow waits for a key after a question. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(6);
    /**
     * Period of the campaign attempts' recovery in ms: 20 s; the real-stack tests that kill a node mid-call shorten it with
     * the system property {@code ascc.test.campaign-recovery-ms} (at least 500), so the killed call's attempt is closed as
     * soon as it is {@link CampaignRunner#ORPHAN_AFTER} past its ring time, not up to one period later. No operator setting.
     */
    static final long RECOVERY_PERIOD_MS = Math.max(500, Long.getLong("ascc.test.campaign-recovery-ms", 20_000));

    /** The running campaigns.yaml: read at each use, so a reload reaches the runner, dialer and survey sessions. */
    private final Supplier<CampaignsConfig> config;
    private final CampaignStore store;
    private final DialerStore dialerStore;
    private final OutboundDialer dialer;
    private final CampaignRunner runner;
    private final SurveySessions sessions;
    private final DurableWriter<SurveyAnswer> answers;
    private final OutboundDialer.Ami ami;
    private final ScheduledExecutorService recovery;
    /** Every box's link by box id, the first box's first. */
    private final Map<String, AmiClient> links;
    private final Clock clock;
    private volatile HappyCallDialer happyCallDialer;

    private CampaignModule(Supplier<CampaignsConfig> config, DataSource ds, Map<String, AmiClient> links, TrunkClaims slots,
            String agiBaseUrl, Secret agiSecret, Supplier<ZoneId> zone,
            Supplier<Set<LocalDate>> holidays, Clock clock, String node, Path spoolDir, Metrics metrics) {
        this.config = config;
        this.store = new CampaignStore(ds, clock, node);
        this.dialerStore = new DialerStore(ds);
        this.links = Map.copyOf(links);
        this.ami = links.size() == 1 ? OutboundDialer.Ami.of(links.values().iterator().next()) : OutboundDialer.Ami.of(links);
        this.clock = clock;
        this.dialer = new OutboundDialer(ami, agiBaseUrl, agiSecret);
        links.values().forEach(dialer::attach); // hang-ups and resyncs of every box's calls
        // a dial goes through the box its trunk slot was claimed on (docs/scale-out.md "Trunk slots"): dial(target, box)
        CampaignRunner.Dialer boxDialer = dialer::dial;
        this.runner = new CampaignRunner(store, dialerStore, boxDialer, config, zone, holidays, c -> SurveyFlow.SCRIPT, clock,
                d -> Thread.sleep(Math.max(1, d.toMillis())), () -> links.values().stream().anyMatch(AmiClient::isConnected), slots);
        this.answers = SurveyAnswers.writer(SurveyAnswers.sink(dialerStore), spoolDir, metrics, clock);
        this.sessions = new SurveySessions(dialerStore, answers, dialer, config, clock);
        this.recovery = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "campaign-recovery");
            t.setDaemon(true);
            return t;
        });
        links.values().forEach(c -> c.onResync(this::recoverSoon));
        recovery.scheduleWithFixedDelay(this::recover, RECOVERY_PERIOD_MS, RECOVERY_PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts the campaign engine and schedules every campaign of {@code config} on {@code scheduler}.
     *
     * @param agiBaseUrl this engine's FastAGI URL, e.g. {@code agi://127.0.0.1:4573/}
     * @param agiSecret engine.yaml {@code agi.secret}: the first argument of every AGI call the dialer originates
     * @param spoolDir engine.yaml {@code database.spool-dir}: survey answers are journaled in its
     *     {@value SurveyAnswers#SPOOL_SUBDIR} subdirectory
     */
    public static CampaignModule start(Supplier<CampaignsConfig> config, DataSource ds, Map<String, AmiClient> links,
            TrunkClaims slots, Scheduler scheduler, String agiBaseUrl, Secret agiSecret, Supplier<ZoneId> zone,
            Supplier<Set<LocalDate>> holidays, Clock clock, String node, Path spoolDir, Metrics metrics) {
        CampaignModule m = new CampaignModule(config, ds, links, slots, agiBaseUrl, agiSecret, zone, holidays, clock, node, spoolDir,
                metrics);
        scheduler.register(CampaignJob.class, () -> new CampaignJob(m.runner));
        for (Campaign c : config.get().campaigns()) {
            m.schedule(scheduler, c, zone.get());
        }
        CampaignsConfig c = config.get();
        LOG.info("campaigns: {} scheduled, {} trunk channels for outbound calls, dialing over {}", c.campaigns().size(),
                c.trunkChannels(), c.dialing().channel());
        return m;
    }

    private void schedule(Scheduler scheduler, Campaign c, ZoneId zone) {
        String name = c.company() + "." + c.id();
        JobDetail job = JobBuilder.newJob(CampaignJob.class).withIdentity(name, CampaignJob.GROUP)
                .usingJobData(CampaignJob.COMPANY, c.company()).usingJobData(CampaignJob.CAMPAIGN, c.id()).storeDurably().build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(name, CampaignJob.GROUP).forJob(job)
                .withSchedule(CronScheduleBuilder.cronSchedule(c.schedule()).inTimeZone(TimeZone.getTimeZone(zone))
                        .withMisfireHandlingInstructionDoNothing())
                .build();
        try {
            scheduler.quartz().scheduleJob(job, Set.of(trigger), true);
        } catch (SchedulerException | RuntimeException e) {
            throw new IllegalStateException("cannot schedule campaign " + c.key() + " (schedule \"" + c.schedule() + "\"): "
                    + e.getMessage(), e);
        }
    }

    /** The survey flow to register as FastAGI script {@link SurveyFlow#SCRIPT}. Prompts are sound file names. */
    public SurveyFlow surveyFlow() {
        return new SurveyFlow(sessions, ANSWER_TIMEOUT, p -> p);
    }

    public SurveySessions sessions() {
        return sessions;
    }

    public OutboundDialer dialer() {
        return dialer;
    }

    public CampaignRunner runner() {
        return runner;
    }

    public DialerStore dialerStore() {
        return dialerStore;
    }

    public CampaignsConfig config() {
        return config.get();
    }

    /** Billing's source of happy-call and survey counts. */
    public CampaignUsage usage() {
        return new CampaignUsage(config);
    }

    /**
     * The production dialer of happy-calls over this module's {@link OutboundDialer} (see {@link HappyCallDialer}); from
     * now on happy-calls left queued or answered by a lost engine are closed at every AMI (re)connect, so at start, and
     * every 20 s (never dialed again).
     */
    public synchronized HappyCallDialer happyCallDialer(ascc.core.happycall.HappyCalls happyCalls) {
        if (happyCallDialer == null) {
            HappyCallDialer d = new HappyCallDialer(dialer::dial, runner, config, clock); // through its slot's box
            happyCallDialer = d;
            Runnable recover = () -> recoverHappyCalls(happyCalls, d);
            links.values().forEach(c -> c.onResync(() -> recovery.schedule(recover, 0, TimeUnit.MILLISECONDS)));
            recovery.scheduleWithFixedDelay(recover, 20, 20, TimeUnit.SECONDS);
        }
        return happyCallDialer;
    }

    /** How long a happy-call may stay queued or answered without a channel before recovery closes it. */
    Duration happyCallOrphanAfter() {
        return Duration.ofSeconds(config.get().dialing().ringSeconds()).plus(CampaignRunner.ORPHAN_AFTER)
                .plus(HappyCallDialer.MAX_QUEUE_WAIT);
    }

    private void recoverHappyCalls(ascc.core.happycall.HappyCalls happyCalls, HappyCallDialer d) {
        try {
            Set<String> live = ami.liveUniqueIds().get(10, TimeUnit.SECONDS);
            Set<String> here = new java.util.HashSet<>(d.held());
            here.addAll(dialer.attemptsUp());
            int n = happyCalls.recover(clock.instant().minus(happyCallOrphanAfter()), here, live, Channels.ATTEMPT_ID_PREFIX);
            if (n > 0) {
                LOG.info("happy-call recovery: {} happy-calls left open by a lost engine closed", n);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("happy-call recovery skipped: {} (next try in 20 s)", e.toString());
        }
    }

    private void recoverSoon() {
        recovery.schedule(this::recover, 0, TimeUnit.MILLISECONDS);
    }

    /** Closes attempts left open by a lost engine or AMI link (see {@link CampaignRunner#recover}). */
    void recover() {
        try {
            Set<String> live = ami.liveUniqueIds().get(10, TimeUnit.SECONDS);
            int n = runner.recover(dialer.attemptsUp(), live);
            if (n > 0) {
                LOG.info("campaign recovery: {} attempts left open by a lost engine or AMI link closed", n);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("campaign recovery skipped: {} (next try in 20 s)", e.toString());
        }
    }

    /** {@code GET /api/campaigns}: every campaign's state, calls up, attempts and targets per status. */
    public HttpResponseSpec live() throws SQLException {
        Map<String, Map<String, Integer>> counts = store.statusCounts();
        Map<String, int[]> attempts = store.attemptCounts();
        StringBuilder sb = new StringBuilder("{\"trunk\":{\"limit\":").append(runner.trunk().limit()).append(",\"inUse\":")
                .append(runner.trunk().inUse()).append("},\"campaigns\":[");
        boolean first = true;
        for (Campaign c : config.get().campaigns()) {
            sb.append(first ? "" : ",");
            first = false;
            String state = dialerStore.state(c.company(), c.id()).orElse(c.kind() == CampaignKind.SURVEY ? "not-started" : "running");
            int[] at = attempts.getOrDefault(c.key(), new int[2]);
            sb.append("{\"company\":\"").append(c.company()).append("\",\"id\":\"").append(c.id()).append("\",\"kind\":\"")
                    .append(c.kind().id()).append("\",\"state\":\"").append(state).append("\",\"callsUp\":").append(runner.active(c.key()))
                    .append(",\"attempts\":").append(at[0]).append(",\"attemptsOpen\":").append(at[1]).append(",\"targets\":{");
            boolean f2 = true;
            for (Map.Entry<String, Integer> e : counts.getOrDefault(c.key(), Map.of()).entrySet()) {
                sb.append(f2 ? "" : ",").append('"').append(e.getKey()).append("\":").append(e.getValue());
                f2 = false;
            }
            sb.append("}}");
        }
        return HttpResponseSpec.json(200, sb.append("]}").toString());
    }

    @Override
    public void close() {
        runner.stop();
        if (happyCallDialer != null) {
            happyCallDialer.close();
        }
        recovery.shutdownNow();
        dialer.close();
        answers.close(); // writes what is queued; what is left stays journaled for the next start
    }

    @Override
    public String toString() {
        return "CampaignModule" + Objects.toString(config.get().campaigns().stream().map(Campaign::key).toList());
    }
}
