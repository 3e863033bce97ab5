package ascc.core;

import ascc.agi.AgiRequest;
import ascc.agi.AgiScript;
import ascc.agi.flows.AgentFeatureFlow;
import ascc.agi.flows.HappyCallFlow;
import ascc.agi.flows.InboundFlow;
import ascc.core.agents.AgentStates;
import ascc.core.agents.PeakStaffing;
import ascc.core.agents.Overflow;
import ascc.core.agi.FastAgiServer;
import ascc.core.agi.FastAgiSettings;
import ascc.core.agi.ScriptResolver;
import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiClient;
import ascc.core.ami.AmiEvent;
import ascc.core.ami.AmiMessage;
import ascc.core.ami.AmiSettings;
import ascc.routing.callbacks.AfterHoursCallbackStatus;
import ascc.routing.calls.CallOutcome;
import ascc.core.calls.CallRecord;
import ascc.core.calls.CallRecordSpool;
import ascc.core.calls.CallRecordStore;
import ascc.core.calls.CallRecordWriter;
import ascc.core.cdr.AsteriskCallStore;
import ascc.core.cdr.CdrFile;
import ascc.core.cdr.CdrIngest;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.happycall.HappyCallPrompts;
import ascc.core.happycall.HappyCallStore;
import ascc.core.happycall.HappyCalls;
import ascc.core.http.HealthCheck;
import ascc.core.http.HttpResponseSpec;
import ascc.core.http.HttpServer;
import ascc.core.metrics.Metrics;
import ascc.core.recordings.RecordingsModule;
import ascc.core.sched.Scheduler;
import ascc.core.tracking.CallTracker;
import ascc.core.tracking.TrackedCall;
import ascc.routing.InquiryType;
import ascc.routing.Phones;
import ascc.routing.RecentCallers;
import ascc.routing.RouteDecision;
import ascc.core.billing.BillingSchedule;
import ascc.core.billing.BillingService;
import ascc.core.callbacks.CallbackRequest;
import ascc.core.callbacks.CallbackService;
import ascc.core.callbacks.CallbackStore;
import ascc.core.campaign.CampaignModule;
import ascc.core.campaign.CampaignUsage;
import ascc.core.config.Conf;
import ascc.routing.asterisk.AgiScripts;
import ascc.routing.asterisk.Channels;
import ascc.routing.campaign.CampaignsConfig;
import ascc.core.callbacks.OverflowCallbacks;
import ascc.routing.config.AfterHours;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import ascc.routing.config.ConfigPrinter;
import ascc.routing.config.EngineSettings;
import ascc.routing.config.OverflowConfig;
import ascc.routing.config.StaffingConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running engine: wires config, database, call tracking, Quartz, AMI, FastAGI and HTTP with plain
 * constructors. {@link #close()} is the SIGTERM path: AGI sessions finish or hand their calls back to the
 * dialplan, queued call records are written, AMI is logged off.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    /** How to start: config directory, environment for {@code ${VAR}} references, clock and node name. */
    public record Options(Path confDir, Map<String, String> env, Clock clock, String nodeName) {
        public static Options defaults(Path confDir) {
            return new Options(confDir, System.getenv(), Clock.systemUTC(), defaultNodeName());
        }
    }

    private final Options options;
    private final ConfigHolder config;
    private final Metrics metrics = Metrics.withJvmMetrics();
    private final Clock clock;
    private Database db;
    private CallRecordWriter writer;
    private CallTracker tracker;
    private Scheduler scheduler;
    private RecordingsModule recordings;
    private AmiClient ami;
    private FastAgiServer agi;
    private HttpServer http;
    private ScheduledExecutorService housekeeping;
    private volatile boolean agiRunning;
    private AsteriskFiles asteriskFiles;
    private CallbackService callbacks;
    private ConfigWatcher configWatcher;
    private final RecentCallers recentCallers = new RecentCallers();
    /** overflow.yaml, staffing.yaml, campaigns.yaml: parts of the running config, swapped with it on reload. */
    private final Supplier<OverflowConfig> overflowConfig;
    private AgentStates agentStates;
    private final Supplier<CampaignsConfig> campaignsConfig;
    private HappyCalls happyCalls;
    private final Supplier<StaffingConfig> staffingConfig;
    private PeakStaffing staffing;
    private CampaignModule campaigns;
    private Overflow overflow;
    private OverflowCallbacks overflowCallbacks;
    private ScheduledExecutorService callbackTimer;
    private CdrIngest cdrIngest;
    private Runnable cdrUnsubscribe = () -> { };
    private CdrFile cdrFile;
    private java.util.concurrent.ExecutorService cdrFileReader;

    private Engine(Options options, ConfigHolder config) {
        this.options = options;
        this.clock = options.clock();
        this.config = config;
        this.overflowConfig = config.part(Conf::overflow);
        this.staffingConfig = config.part(Conf::staffing);
        this.campaignsConfig = config.part(Conf::campaigns);
    }

    /** Loads the config and starts every part; on failure, stops what was started and rethrows. */
    public static Engine start(Options options) throws ConfigException, IOException {
        Engine e = new Engine(options, ConfigHolder.load(options.confDir(), options.env()));
        try {
            e.startParts();
        } catch (IOException | ConfigException | RuntimeException ex) {
            e.close();
            throw ex;
        }
        return e;
    }

    private void startParts() throws IOException, ConfigException {
        EngineSettings s = config.get().engine();
        LOG.info("starting engine node {} with config from {}:\n{}", options.nodeName(), options.confDir(),
                ConfigPrinter.print(config.get()));

        DbSettings dbs = DbSettings.of(s, 10);
        db = Database.open(dbs, metrics.registry());
        // happy-calls: every call record written (also replayed from the spool) may schedule one (campaigns.yaml)
        happyCalls = new HappyCalls(new HappyCallStore(db.dataSource()), campaignsConfig, config::get,
                task -> callbacks.request(task).get(), new HappyCallPrompts(() -> recordings.config()), clock);
        writer = new CallRecordWriter(happyCalls.sink(new CallRecordStore(db.dataSource())::upsert),
                new CallRecordSpool(Path.of(s.spoolDir())), metrics, clock, CallRecordWriter.Settings.defaults(),
                d -> Thread.sleep(d.toMillis()));
        loadRecentCallers(new CallRecordStore(db.dataSource()), s.priorities().repeatCallerDays());
        metrics.gauge("ascc_recent_callers", "Callers remembered for repeat-caller priority", recentCallers::size);
        tracker = new CallTracker(this::record, clock);
        metrics.gauge("ascc_calls_active", "Calls the engine is following", tracker::size);

        // a campaign's job holds a worker while it dials: one more worker per campaign besides the 3 for other jobs
        scheduler = Scheduler.start(db.dataSource(), "ascc", !dbs.isEmbedded(), 3 + campaignsConfig.get().campaigns().size());
        callbacks = new CallbackService(new CallbackStore(db.dataSource()), scheduler, clock);
        recordings = RecordingsModule.start(config.part(Conf::recordings), clock, config::get, scheduler);
        if (config.snapshot().billing().isPresent()) { // adding or removing billing.yaml needs a restart (RestartRules)
            // monthly close on the 1st at 02:00 in the program's time zone
            BillingSchedule.register(scheduler, new BillingService(db.dataSource(),
                    config.part(c -> c.billing().orElseThrow()), config, new CampaignUsage(campaignsConfig), clock));
        }

        ami = new AmiClient(AmiSettings.defaults(s.amiHost(), s.amiPort(), s.amiUser(), s.amiSecret()), clock, metrics);
        ami.subscribe("calls", this::onAmiEvent);
        // Asterisk's CDRs (cdr_manager over AMI) for billing reconciliation; Asterisk's local times read in this host's zone
        cdrIngest = CdrIngest.start(new AsteriskCallStore(db.dataSource()), Path.of(s.spoolDir()),
                number -> config.get().companyByNumber(number).map(co -> co.id()), java.time.ZoneId.systemDefault(), options.nodeName(),
                metrics, clock);
        cdrUnsubscribe = ami.subscribe("cdr", cdrIngest::accept);
        startCdrFile(s);
        ami.onResync("calls", this::resyncCalls);
        campaigns = CampaignModule.start(campaignsConfig, db.dataSource(), ami, scheduler,
                AgiScripts.baseUrl(s.agiUrlHost() + ":" + s.agiPort()),
                () -> config.get().engine().timeZone(), () -> config.get().hours().holidayDates(), clock, options.nodeName());
        agentStates = AgentStates.start(ami, config::get, config.snapshot().agentStates(), db.dataSource(), clock, options.nodeName());
        startOverflow();
        staffing = PeakStaffing.start(ami, config::get, staffingConfig, agentStates, clock);
        config.onReload((before, after) -> {
            if (ami.isConnected()) {
                overflow.putMaxPenalties(); // start proficiencies of the reloaded overflow.yaml
            }
        });
        asteriskFiles = new AsteriskFiles(s.asteriskConfigDir(), ami);
        asteriskFiles.render(config.get());
        config.onReload((before, after) -> asteriskFiles.render(after));
        ami.start();

        Map<String, AgiScript> scripts = new LinkedHashMap<>();
        scripts.put(AgiScripts.INBOUND, new InboundFlow(config, clock, new InboundFlow.Listener() {
            @Override
            public void routed(AgiRequest request, RouteDecision decision, Instant at) {
                Engine.this.routed(request, decision, at);
            }

            @Override
            public void afterHours(AgiRequest request, RouteDecision decision, AfterHours outcome, String number, Instant at) {
                Engine.this.afterHours(request, decision, outcome, number, at);
            }

            @Override
            public void abandoned(AgiRequest request, String step, String companyId, Instant at) {
                tracker.abandonedInIvr(request.linkedId(), request.uniqueId(), request.extension(), request.callerId(), step,
                        companyId, at);
            }
        }, recordings.prompts(), recentCallers, recordings.planner()));
        // happy-calls are dialed by the campaigns' outbound dialer (pacing, trunk limit, window, pause)
        ascc.core.campaign.HappyCallDialer happyCallDialer = campaigns.happyCallDialer(happyCalls);
        scripts.put(HappyCallFlow.SCRIPT, new HappyCallFlow(happyCallDialer.sessions(happyCalls, campaigns.dialer())));
        scripts.put(ascc.agi.flows.SurveyFlow.SCRIPT, campaigns.surveyFlow());
        scripts.put(AgiScripts.AGENT_FEATURE, new AgentFeatureFlow(agentStates, agentStates::settings));
        agi = new FastAgiServer(FastAgiSettings.defaults(s.agiBind(), s.agiPort()), ScriptResolver.of(scripts), metrics, clock);
        agi.start();
        agiRunning = true;
        dialHappyCallsWith(happyCallDialer);

        Map<String, BooleanSupplier> probes = new LinkedHashMap<>();
        probes.put("ami", ami::isConnected);
        probes.put("db", db::isHealthy);
        probes.put("agi", () -> agiRunning);
        http = new HttpServer(s.httpBind(), s.httpPort(), s.adminToken(), metrics, HealthCheck.of(probes));
        http.route("GET", "/api/config", req -> HttpResponseSpec.text(200, ConfigPrinter.print(config.get())));
        http.route("POST", "/api/config/reload", config::handleReload);
        recordings.serve(http, s.adminToken());
        http.route("GET", "/api/live", req -> agentStates.live());
        http.route("GET", "/api/campaigns", req -> campaigns.live());
        http.start();
        configWatcher = ConfigWatcher.start(config, Duration.ofMillis(500));

        housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "engine-housekeeping");
            t.setDaemon(true);
            return t;
        });
        housekeeping.scheduleWithFixedDelay(() -> tracker.sweep(Duration.ofHours(4)), 1, 1, TimeUnit.MINUTES);
        housekeeping.scheduleWithFixedDelay(() -> recentCallers.prune(clock.instant()
                .minus(Duration.ofDays(Math.max(1, config.get().engine().priorities().repeatCallerDays())))), 1, 1, TimeUnit.HOURS);
        LOG.info("engine up: FastAGI {}:{}, HTTP {}:{}, AMI {}:{}, database {}", s.agiBind(), agi.port(), s.httpBind(),
                http.port(), s.amiHost(), s.amiPort(), dbs.isEmbedded() ? "embedded " + s.embeddedDbPath() : s.dbUrl());
    }

    /** Overflow steps (overflow.yaml) and the callbacks that keep the caller's place. */
    private void startOverflow() {
        callbackTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "callback-retry");
            t.setDaemon(true);
            return t;
        });
        overflowCallbacks = new OverflowCallbacks(new CallbackStore(db.dataSource()), overflowConfig, ami::originateAsync,
                (task, after) -> callbackTimer.schedule(() -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.error("callback retry failed", e);
                    }
                }, after.toMillis(), TimeUnit.MILLISECONDS),
                clock, (queue, firstJoined) -> overflow.positionFor(queue, firstJoined));
        ami.subscribe("overflow-callbacks", overflowCallbacks::onEvent);
        java.util.concurrent.atomic.AtomicBoolean recovered = new java.util.concurrent.atomic.AtomicBoolean();
        ami.onResync("overflow-callbacks", () -> {
            if (recovered.compareAndSet(false, true)) {
                recoverCallbacks(); // once per run: this run's own callbacks stay in memory across AMI reconnects
            }
        });
        callbacks.onDue(r -> { // after-hours callbacks are dialed like overflow callbacks, when overflow.yaml has a trunk-dial
            if (overflowConfig.get().trunkDial().isEmpty()) {
                LOG.info("callback {} is due; no dialer configured (overflow.yaml trunk-dial), it stays DUE", r);
            } else {
                overflowCallbacks.dialDue(r);
            }
        });
        Overflow.Callbacks planned = new Overflow.Callbacks() {
            @Override
            public void accepted(Overflow.Accepted a) {
                overflowCallbacks.accepted(a);
            }

            @Override
            public Instant placeholderJoined(String exten) {
                return overflowCallbacks.placeholderJoined(exten);
            }

            @Override
            public void moved(String linkedId, OverflowConfig.Action action) {
                // the caller's call record: a callback requested or a voicemail instead of an abandon in the queue
                if (action instanceof OverflowConfig.OfferCallback) {
                    tracker.plan(linkedId, CallOutcome.CALLBACK_REQUESTED);
                } else if (action instanceof OverflowConfig.Voicemail) {
                    tracker.plan(linkedId, CallOutcome.VOICEMAIL);
                } else if (action instanceof OverflowConfig.Partner) {
                    tracker.plan(linkedId, CallOutcome.OVERFLOW_PARTNER);
                }
            }
        };
        overflow = Overflow.start(ami, agentStates.tracker(), config::get, overflowConfig, db.dataSource(), clock, planned);
    }

    /** At the first AMI connect: callbacks stored as being dialed are taken over against Asterisk's live channels. */
    private void recoverCallbacks() {
        ami.sendForList(AmiAction.of("CoreShowChannels"), "CoreShowChannelsComplete").whenComplete((list, err) -> {
            if (err != null) {
                LOG.error("callbacks being dialed not taken over: CoreShowChannels failed; retried at the next reconnect", err);
                return;
            }
            List<String> channels = list.stream().map(m -> m.get("Channel")).filter(java.util.Objects::nonNull).toList();
            try {
                overflowCallbacks.recover(channels);
            } catch (RuntimeException e) {
                LOG.error("taking over callbacks being dialed failed ({} live channels)", channels.size(), e);
            }
        });
    }

    /** Overflow callbacks, for tests. */
    public OverflowCallbacks overflowCallbacks() {
        return overflowCallbacks;
    }

    public CenterConfig config() {
        return config.get();
    }

    /** The live config: {@link ConfigHolder#reload()} swaps it atomically. */
    public ConfigHolder configHolder() {
        return config;
    }

    public Metrics metrics() {
        return metrics;
    }

    public int agiPort() {
        return agi.port();
    }

    public int httpPort() {
        return http.port();
    }

    public AmiClient ami() {
        return ami;
    }

    /** Asterisk's CDRs for billing reconciliation. */
    public CdrIngest cdrIngest() {
        return cdrIngest;
    }

    /**
     * The CDR file Asterisk writes (asterisk.cdr-file): read at start and after every AMI (re)connect on thread
     * {@code cdr-file-reader}, off the call path, so calls made while no engine was connected are counted too.
     */
    private void startCdrFile(EngineSettings s) {
        if (s.asteriskCdrFile().isEmpty()) {
            return;
        }
        CdrIngest ingest = cdrIngest;
        cdrFile = new CdrFile(Path.of(s.asteriskCdrFile()), Path.of(s.spoolDir()).resolve("asterisk-cdr-file.progress"),
                java.time.ZoneId.systemDefault(), new CdrFile.Sink() {
                    @Override
                    public boolean accept(ascc.routing.cdr.CdrLeg leg) {
                        return ingest.acceptLeg(leg);
                    }

                    @Override
                    public boolean flush() throws InterruptedException {
                        return ingest.flush(Duration.ofSeconds(60));
                    }
                });
        cdrFileReader = java.util.concurrent.Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("cdr-file-reader")
                .daemon(true).unstarted(r));
        readCdrFile();
        ami.onResync("cdr", this::readCdrFile);
    }

    /** Queues one read of the CDR file (a read already queued covers this one too). */
    private void readCdrFile() {
        try {
            cdrFileReader.execute(() -> {
                try {
                    cdrFile.backfill();
                } catch (java.io.IOException | RuntimeException e) {
                    LOG.error("CDR file {} not read: {} (read again after the next AMI reconnect or start)", cdrFile.file(),
                            e.toString(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("CDR file read not queued, engine stopping: {}", e.toString());
        }
    }

    /** The CDR file reader, when asterisk.cdr-file is set. */
    public java.util.Optional<CdrFile> cdrFile() {
        return java.util.Optional.ofNullable(cdrFile);
    }

    public CallRecordWriter callWriter() {
        return writer;
    }

    public AgentStates agentStates() {
        return agentStates;
    }

    /** The outbound campaign engine (dialer, runner, survey sessions). */
    public CampaignModule campaigns() {
        return campaigns;
    }

    // ------------------------------------------------------------------------------------ call tracking

    private void routed(AgiRequest req, RouteDecision d, Instant at) {
        CallOutcome planned = d.action() == RouteDecision.Action.CLOSED ? CallOutcome.CLOSED : null;
        tracker.routed(new TrackedCall(req.linkedId(), req.uniqueId(), req.extension(), req.callerId(),
                d.company().map(c -> c.id()).orElse(null), d.category().map(c -> c.id()).orElse(null),
                d.inquiry().map(InquiryType::id).orElse(null),
                d.desk().id(), d.queueName(), null, at, null, null, null, planned, d.rule(),
                recordings.recordingPath(req, d, at)));
    }

    private void afterHours(AgiRequest req, RouteDecision d, AfterHours outcome, String number, Instant at) {
        if (outcome == AfterHours.VOICEMAIL) {
            tracker.plan(req.linkedId(), CallOutcome.VOICEMAIL);
            return;
        }
        if (outcome != AfterHours.CALLBACK) {
            return;
        }
        tracker.plan(req.linkedId(), CallOutcome.CALLBACK_REQUESTED);
        CenterConfig cfg = config.get();
        String company = d.company().map(c -> c.id()).orElse(null);
        Instant due = cfg.hours().nextOpening(company, d.desk().id(), at.atZone(cfg.engine().timeZone()), 31)
                .map(java.time.ZonedDateTime::toInstant)
                .orElse(at.plus(Duration.ofDays(1)));
        callbacks.request(new CallbackRequest(req.linkedId(), company, d.desk().id(), d.queueName(), number, at, due,
                AfterHoursCallbackStatus.PENDING));
    }

    /** Happy-calls: scheduling, the store, and {@link HappyCalls#dispatchDue} for the outbound dialer. */
    public HappyCalls happyCalls() {
        return happyCalls;
    }

    /**
     * Starts handing due happy-calls to {@code dialer} (the outbound dialer's port), every 30 s, 20 at a time (replacing
     * the dialer given before). The engine calls it at start with the campaigns' {@link ascc.core.campaign.HappyCallDialer}.
     */
    public void dialHappyCallsWith(ascc.core.happycall.Dialer dialer) {
        ascc.core.happycall.HappyCallJob.register(scheduler, happyCalls, dialer, Duration.ofSeconds(30), 20);
    }

    /** The callback store, for tests and the admin API. */
    public CallbackService callbacks() {
        return callbacks;
    }

    private void onAmiEvent(AmiEvent e) {
        switch (e.name()) {
            case "QueueCallerJoin" -> tracker.queueJoined(e.linkedId(), e.uniqueId(), e.queue(), e.get("CallerIDNum", ""),
                    e.get("Exten", ""), e.channel());
            case "AgentConnect" -> tracker.agentConnected(e.linkedId(), agentId(e));
            case "Hangup" -> tracker.hungUp(e.linkedId(), e.uniqueId());
            default -> {
                // other events are not needed for call records
            }
        }
    }

    /** Agent id from the member interface ({@code PJSIP/1001} -> {@code 1001}), else the member name. */
    static String agentId(AmiEvent e) {
        String agent = Channels.resourceOf(e.memberInterface());
        return agent != null ? agent : e.get("MemberName", "");
    }

    /** After (re)connecting: calls Asterisk no longer has ended while AMI was away. */
    private void resyncCalls() {
        if (tracker.size() == 0) {
            return;
        }
        ami.sendForList(AmiAction.of("CoreShowChannels"), "CoreShowChannelsComplete").whenComplete((list, err) -> {
            if (err != null) {
                LOG.warn("call resync after AMI reconnect failed ({} calls tracked); the sweeper will close stale ones",
                        tracker.size(), err);
                return;
            }
            Set<String> live = new HashSet<>();
            for (AmiMessage m : list) {
                String id = m.get("Linkedid");
                if (id != null) {
                    live.add(id);
                }
            }
            int ended = tracker.endMissing(live);
            LOG.info("call resync after AMI reconnect: {} live channels, {} tracked calls had ended", list.size(), ended);
        });
    }

    /** Who called in the last {@code days} days, from call_record, once at start (0: repeat callers off, nothing loaded). */
    private void loadRecentCallers(CallRecordStore store, int days) {
        if (days <= 0) {
            return;
        }
        try {
            int rows = store.loadRecentCallers(clock.instant().minus(Duration.ofDays(days)), recentCallers);
            LOG.info("repeat callers: {} calls of the last {} days read, {} callers remembered", rows, days, recentCallers.size());
        } catch (SQLException e) {
            LOG.warn("repeat callers: cannot read the last {} days of call_record; repeat-caller priority starts from calls made from"
                    + " now on", days, e);
        }
    }

    private void record(TrackedCall c) {
        recentCallers.record(c.callerNumber(), c.enteredAt(), c.inquiryType());
        CallRecord r = new CallRecord(c.linkedId(), c.uniqueId(), c.companyId(), c.category(), c.inquiryType(), c.deskId(),
                c.queueName(), c.agentId(), c.dialedNumber(), c.callerNumber(), c.enteredAt(), c.answeredAt(), c.endedAt(),
                c.waitMillis(), c.talkMillis(), c.outcome(), c.rule(), options.nodeName(), c.recordingPath());
        if (!writer.submit(r)) {
            LOG.error("call record writer refused call {} (company={}, caller={}); queue full or closed", c.linkedId(),
                    c.companyId(), Phones.mask(c.callerNumber()));
        }
    }

    // ------------------------------------------------------------------------------------ shutdown

    @Override
    public void close() {
        LOG.info("engine stopping");
        agiRunning = false;
        closeQuietly("config watcher", configWatcher);
        closeQuietly("FastAGI", agi);
        if (housekeeping != null) {
            housekeeping.shutdownNow();
        }
        if (writer != null) {
            int left = writer.close(Duration.ofSeconds(10));
            if (left > 0) {
                LOG.error("{} call records could not be written before shutdown", left);
            }
        }
        closeQuietly("campaigns", campaigns);
        cdrUnsubscribe.run();
        if (cdrFileReader != null) {
            cdrFileReader.shutdownNow();
            try {
                if (!cdrFileReader.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    LOG.error("CDR file reader still running after 10 s; its progress is saved only after a complete merge");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly("Asterisk CDR ingest", cdrIngest);
        closeQuietly("callbacks", callbacks);
        closeQuietly("peak staffing", staffing);
        closeQuietly("overflow", overflow);
        if (callbackTimer != null) {
            callbackTimer.shutdownNow();
        }
        closeQuietly("agent states", agentStates);
        closeQuietly("AMI", ami);
        closeQuietly("recordings", recordings);
        if (scheduler != null) {
            try {
                scheduler.shutdown(true);
            } catch (RuntimeException e) {
                LOG.warn("Quartz shutdown failed", e);
            }
        }
        closeQuietly("HTTP", http);
        closeQuietly("database", db);
        closeQuietly("metrics", metrics);
        LOG.info("engine stopped");
    }

    private static void closeQuietly(String what, AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed", what, e);
        }
    }

    static String defaultNodeName() {
        String host = System.getenv().getOrDefault("HOSTNAME", "");
        if (host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "node";
            }
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /** For tests: the calls still followed. */
    List<String> activeCalls() {
        return tracker.activeLinkedIds();
    }
}
