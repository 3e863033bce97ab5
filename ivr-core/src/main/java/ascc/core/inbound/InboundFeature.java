package ascc.core.inbound;

import ascc.agi.AgiRequest;
import ascc.agi.flows.InboundFlow;
import ascc.agi.flows.SelfServiceFlow;
import ascc.core.selfservice.SelfServiceFeature;
import ascc.routing.selfservice.SelfServiceResult;
import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiClient;
import ascc.core.ami.AmiEvent;
import ascc.core.ami.AmiMessage;
import ascc.core.ami.AmiState;
import ascc.core.callbacks.CallbackRequest;
import ascc.core.callbacks.CallbackService;
import ascc.core.callbacks.CallbacksFeature;
import ascc.routing.calls.CallOutcome;
import ascc.core.calls.CallRecord;
import ascc.core.calls.CallRecordSpool;
import ascc.core.calls.CallRecordStore;
import ascc.core.calls.CallRecordWriter;
import ascc.core.campaign.CampaignsFeature;
import ascc.core.cdr.AsteriskCallStore;
import ascc.core.feature.Feature;
import ascc.core.feature.FeatureContext;
import ascc.core.recordings.RecordingsFeature;
import ascc.core.recordings.RecordingsModule;
import ascc.core.metrics.CounterFamily;
import ascc.core.tracking.CallEnd;
import ascc.core.tracking.CallTracker;
import ascc.core.tracking.TrackedCall;
import ascc.routing.InquiryType;
import ascc.routing.Phones;
import ascc.routing.RecentCallers;
import ascc.routing.RouteDecision;
import ascc.routing.asterisk.AgiScripts;
import ascc.routing.asterisk.Channels;
import ascc.routing.callbacks.AfterHoursCallbackStatus;
import ascc.routing.config.AfterHours;
import ascc.routing.config.CenterConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbound calls and their call records: the {@code inbound} FastAGI script, the call tracker fed by the flow and by AMI
 * queue events, the call record writer (its records also schedule happy-calls), repeat callers, and after-hours
 * callback requests. Gauges {@code ascc_calls_active} and {@code ascc_recent_callers}.
 */
public final class InboundFeature implements Feature {
    private static final Logger LOG = LoggerFactory.getLogger(InboundFeature.class);

    private final Supplier<CenterConfig> config;
    private final Clock clock;
    private final String nodeName;
    private final RecordingsModule recordings;
    private final CallbackService callbacks;
    private final RecentCallers recentCallers = new RecentCallers();
    private final CallRecordWriter writer;
    private final CallTracker tracker;
    private final java.util.List<java.util.function.Consumer<TrackedCall>> ended = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Runnable unsubscribe;
    private final Runnable stopResync;
    /** ascc_calls_ended_total per desk, queue and outcome: looked up once per combination, not per call. */
    private final CounterFamily callsEnded;
    private final ScheduledExecutorService housekeeping;
    private final Runnable stopStates;
    /**
     * Per box (the box id its events carry, "" for the one box): when its AMI link was lost (the last moment the engine
     * heard it), until a resync has settled the gap.
     */
    private final Map<String, AtomicReference<Instant>> lostAt = new ConcurrentHashMap<>();
    /** How long a call whose hang-up was not heard waits for its CDR (AMI, or the CDR file read after a reconnect). */
    static final Duration SETTLE_WAIT = Duration.ofSeconds(60);

    /** Calls whose caller hung up in self-service after hearing an item: recorded as SELF_SERVICE, not as an IVR abandon. */
    private final Set<String> servedBySelfService = ConcurrentHashMap.newKeySet();

    public InboundFeature(FeatureContext ctx, RecordingsFeature recordings, CallbacksFeature callbacks, CampaignsFeature campaigns,
            SelfServiceFeature selfService) throws IOException {
        this.config = ctx.config();
        this.clock = ctx.clock();
        this.nodeName = ctx.nodeName();
        this.recordings = recordings.recordings();
        this.callbacks = callbacks.service();
        CallRecordStore store = new CallRecordStore(ctx.dataSource());
        writer = new CallRecordWriter(campaigns.scheduleHappyCalls(store::upsert), new CallRecordSpool(Path.of(ctx.settings().spoolDir())),
                ctx.metrics(), clock, CallRecordWriter.Settings.defaults(), d -> Thread.sleep(d.toMillis()));
        loadRecentCallers(store, ctx.settings().priorities().repeatCallerDays());
        this.callsEnded = ctx.metrics().counters("ascc_calls_ended_total",
                "Calls that entered the engine and ended, by desk, queue and outcome", "desk", "queue", "outcome");
        ctx.metrics().gauge("ascc_recent_callers", "Callers remembered for repeat-caller priority", recentCallers::size);
        AsteriskCallStore asteriskCalls = new AsteriskCallStore(ctx.dataSource());
        tracker = new CallTracker(this::record, clock, ids -> asteriskEnds(asteriskCalls, ids), SETTLE_WAIT);
        ctx.metrics().gauge("ascc_calls_active", "Calls the engine is following", tracker::size);
        ctx.metrics().gauge("ascc_calls_settling", "Ended calls waiting for Asterisk's CDR of their end (hang-up not heard)",
                tracker::settling);
        // every box's calls (with several boxes each box's linkedids start with its id: asterisk.conf systemname)
        unsubscribe = ctx.contribute().amiEventsEveryBox("calls", AMI_EVENTS::contains, this::onAmiEvent);
        stopResync = ctx.contribute().amiResyncEveryBox("calls", this::resyncCalls);
        // each box's gap is its own: only that box's calls take their times from the CDR (docs/scale-out.md "Boxes")
        java.util.List<Runnable> stops = new java.util.ArrayList<>();
        for (AmiClient link : ctx.contribute().links().values()) {
            stops.add(link.onStateChange(change -> {
                if (change.from() == AmiState.CONNECTED && change.to() != AmiState.CONNECTED) {
                    lostAt(link).compareAndSet(null, clock.instant());
                    tracker.deafFromNow(link.box());
                }
            }));
        }
        stopStates = () -> stops.forEach(Runnable::run);
        SelfServiceFlow selfServiceFlow = new SelfServiceFlow(selfService.config(), config, selfService.cases(), selfService.sounds(),
                clock, (req, visit) -> {
                    if (visit.result() == SelfServiceResult.RESOLVED) {
                        servedBySelfService.add(req.linkedId());
                    }
                    selfService.visited(req, visit);
                });
        ctx.contribute().script(AgiScripts.INBOUND, new InboundFlow(config, clock, new FlowListener(), this.recordings.prompts(),
                recentCallers, this.recordings.planner(), selfServiceFlow));
        housekeeping = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("engine-housekeeping").daemon(true)
                .unstarted(r));
        housekeeping.scheduleWithFixedDelay(() -> tracker.sweep(Duration.ofHours(4)), 1, 1, TimeUnit.MINUTES);
        housekeeping.scheduleWithFixedDelay(this::settleEnds, 1, 1, TimeUnit.SECONDS);
        housekeeping.scheduleWithFixedDelay(() -> recentCallers.prune(clock.instant()
                .minus(Duration.ofDays(Math.max(1, config.get().engine().priorities().repeatCallerDays())))), 1, 1, TimeUnit.HOURS);
    }

    /** The call {@code linkedId} while it is up: what the flow decided and what AMI told (the agent desktop's screen pop). */
    public java.util.Optional<TrackedCall> call(String linkedId) {
        return tracker.find(linkedId);
    }

    /** The outcome call {@code linkedId} will be recorded with unless it is answered (a callback, a voicemail, ...). */
    public void plan(String linkedId, CallOutcome outcome) {
        tracker.plan(linkedId, outcome);
    }

    /** What the inbound flow tells: routed calls, after-hours choices, callers hanging up in the IVR. */
    private final class FlowListener implements InboundFlow.Listener {
        @Override
        public void routed(AgiRequest req, RouteDecision d, Instant at) {
            CallOutcome planned = d.action() == RouteDecision.Action.CLOSED ? CallOutcome.CLOSED : null;
            tracker.routed(new TrackedCall(req.linkedId(), req.uniqueId(), req.extension(), req.callerId(),
                    d.company().map(c -> c.id()).orElse(null), d.category().map(c -> c.id()).orElse(null),
                    d.inquiry().map(InquiryType::id).orElse(null),
                    d.desk().id(), d.queueName(), null, at, null, null, null, planned, d.rule(),
                    recordings.recordingPath(req, d, at)));
        }

        @Override
        public void afterHours(AgiRequest req, RouteDecision d, AfterHours outcome, String number, Instant at) {
            if (outcome == AfterHours.VOICEMAIL) {
                tracker.plan(req.linkedId(), CallOutcome.VOICEMAIL);
            } else if (outcome == AfterHours.CALLBACK) {
                tracker.plan(req.linkedId(), CallOutcome.CALLBACK_REQUESTED);
                CenterConfig cfg = config.get();
                String company = d.company().map(c -> c.id()).orElse(null);
                Instant due = cfg.hours().callbackDue(company, d.desk().id(), at, cfg.engine().timeZone());
                CallbackRequest r = new CallbackRequest(req.linkedId(), company, d.desk().id(), d.queueName(), number, at, due,
                        AfterHoursCallbackStatus.PENDING);
                // journaled (on disk) when book returns: only then does the flow play "booked"
                if (!callbacks.book(r)) {
                    LOG.error("after-hours callback {} could not be journaled; the caller is told it is booked", r);
                }
            }
        }

        @Override
        public void abandoned(AgiRequest req, String step, String companyId, Instant at) {
            if (servedBySelfService.remove(req.linkedId())) {
                tracker.resolvedInSelfService(req.linkedId(), req.uniqueId(), req.extension(), req.callerId(), companyId, at);
                return;
            }
            tracker.abandonedInIvr(req.linkedId(), req.uniqueId(), req.extension(), req.callerId(), step, companyId, at);
        }
    }

    /** The AMI events {@link #onAmiEvent} reads. */
    static final Set<String> AMI_EVENTS = Set.of("QueueCallerJoin", "AgentConnect", "Hangup");

    private void onAmiEvent(AmiEvent e) {
        switch (e.name()) {
            case "QueueCallerJoin" -> tracker.queueJoined(e.linkedId(), e.uniqueId(), e.queue(), e.get("CallerIDNum", ""),
                    e.get("Exten", ""), e.channel(), e.received());
            case "AgentConnect" -> tracker.agentConnected(e.linkedId(), agentId(e), e.received());
            case "Hangup" -> tracker.hungUp(e.linkedId(), e.uniqueId(), e.received());
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

    /**
     * After (re)connecting, or after this subscription dropped events: the calls Asterisk no longer has ended while the
     * engine was not listening. They are not closed at this moment but with Asterisk's end (the CDR, merged by CDR ingest
     * from AMI or the CDR file), or at the moment the link was lost when no CDR comes (see {@link CallTracker#settle()}).
     * The channel list is taken here; the tracker is updated on {@code engine-housekeeping} (it reads the database).
     */
    private void resyncCalls(AmiClient link) {
        AtomicReference<Instant> lost = lostAt(link);
        Instant since = lost.get();
        tracker.deafFromNow(link.box()); // also after dropped events: an AgentConnect may be among them
        if (tracker.size() == 0) {
            lost.compareAndSet(since, null);
            tracker.heardAgain(link.box());
            return;
        }
        Instant asOf = clock.instant();
        // that box's channels only, and only its calls can be missing from them
        java.util.function.Predicate<String> ofBox = link.box() == null ? id -> true : id -> id.startsWith(link.box() + "-");
        link.sendForList(AmiAction.of("CoreShowChannels"), "CoreShowChannelsComplete").whenCompleteAsync((list, err) -> {
            if (err != null) {
                LOG.warn("call resync after AMI reconnect failed ({} calls tracked); the next reconnect or the sweeper closes stale ones",
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
            int ended = tracker.endMissing(live, asOf, since == null ? asOf : since, ofBox);
            lost.compareAndSet(since, null);
            tracker.heardAgain(link.box());
            LOG.info("call resync after AMI reconnect: {} live channels, {} tracked calls had ended (not heard since {}); {} wait for"
                    + " their CDR", list.size(), ended, since == null ? asOf : since, tracker.settling());
        }, housekeeping);
    }

    private AtomicReference<Instant> lostAt(AmiClient link) {
        return lostAt.computeIfAbsent(link.box() == null ? "" : link.box(), b -> new AtomicReference<>());
    }

    /** Closes the unheard calls whose CDR arrived (or whose wait is over); never lets an error stop the schedule. */
    private void settleEnds() {
        try {
            tracker.settle();
        } catch (RuntimeException e) {
            LOG.error("settling {} calls with Asterisk's ends failed; tried again in 1 s", tracker.settling(), e);
        }
    }

    private static Map<String, CallEnd> asteriskEnds(AsteriskCallStore store, Collection<String> ids) throws SQLException {
        Map<String, CallEnd> out = new HashMap<>();
        store.ends(ids).forEach((id, e) -> out.put(id, new CallEnd(e.endedAt(), e.answered(), e.talkMs(), e.agentId())));
        return out;
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

    /** Calls followed now (in the IVR, waiting in a queue, talking), as last updated; for the live pages. */
    public java.util.List<TrackedCall> openCalls() {
        return tracker.openCalls();
    }

    /**
     * Tells {@code listener} about every call that ends (on the thread that closes it): the live pages' today figures.
     * It must only queue.
     */
    public void onCallEnded(java.util.function.Consumer<TrackedCall> listener) {
        ended.add(listener);
    }

    private void record(TrackedCall c) {
        ended.forEach(l -> l.accept(c));
        recentCallers.record(c.callerNumber(), c.enteredAt(), c.inquiryType());
        CallRecord r = new CallRecord(c.linkedId(), c.uniqueId(), c.companyId(), c.category(), c.inquiryType(), c.deskId(),
                c.queueName(), c.agentId(), c.dialedNumber(), c.callerNumber(), c.enteredAt(), c.answeredAt(), c.endedAt(),
                c.waitMillis(), c.talkMillis(), c.outcome(), c.rule(), nodeName, c.recordingPath());
        // per desk and queue (never per customer): the same calls the report counts, live for Prometheus
        callsEnded.with(orNone(c.deskId()), orNone(c.queueName()), String.valueOf(c.outcome())).increment();
        if (!writer.submit(r)) {
            LOG.error("call record writer refused call {} (company={}, caller={}); queue full or closed", c.linkedId(),
                    c.companyId(), Phones.mask(c.callerNumber()));
        }
    }

    private static String orNone(String v) {
        return v == null || v.isBlank() ? "none" : v;
    }

    /** Stops following calls and writes the queued call records (up to 10 s). */
    @Override
    public void close() {
        stopStates.run();
        unsubscribe.run();
        housekeeping.shutdownNow();
        try {
            if (!housekeeping.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("engine-housekeeping still busy after 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int waiting = tracker.settle(); // what arrived meanwhile
        if (tracker.settling() > 0) {
            LOG.warn("{} calls ended while AMI was away still wait for Asterisk's CDR at shutdown ({} settled now); they are not"
                    + " recorded by this engine", tracker.settling(), waiting);
        }
        stopResync.run();
        int left = writer.close(Duration.ofSeconds(10));
        if (left > 0) {
            LOG.error("{} call records could not be written before shutdown", left);
        }
    }
}
