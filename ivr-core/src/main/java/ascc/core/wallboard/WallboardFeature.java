package ascc.core.wallboard;

import ascc.core.agents.AgentState;
import ascc.core.agents.AgentStateTracker;
import ascc.core.agents.AgentsFeature;
import ascc.core.ami.AmiEvent;
import ascc.core.config.ConfigHolder;
import ascc.core.feature.Feature;
import ascc.core.feature.FeatureContext;
import ascc.core.http.HttpRequestInfo;
import ascc.core.http.HttpResponseSpec;
import ascc.core.inbound.InboundFeature;
import ascc.core.overflow.OverflowFeature;
import ascc.core.overflow.WaitingMoves;
import ascc.core.report.ReportStore;
import ascc.core.tracking.TrackedCall;
import ascc.core.web.StaticAsset;
import ascc.core.web.WebAuth;
import ascc.core.web.WebFeature;
import ascc.core.web.WebSession;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor wallboard ({@code /wallboard}, admins and supervisors): per desk the callers waiting, the longest wait,
 * today's service level and abandon rate (the traffic report's definitions), agents by state, per company; the waiting
 * callers and the live calls. Pushed to the browsers as server-sent events ({@code /wallboard/events}).
 *
 * <p>When: an AMI event about queues, agents or hang-ups (its own subscription {@code wallboard}) or a call ending makes
 * the thread {@code wallboard} rebuild the whole state {@link #SOON} after it (the other subscribers update the trackers
 * on their own threads meanwhile) and once more {@link #LATE} after it (for a subscriber that was slower), then publish
 * it to every stream. No timer runs between events: nothing moves, nothing is sent (the page counts waits up itself).
 * The same figures are gauges on {@code /metrics} ({@code ascc_desk_*}).
 */
public final class WallboardFeature implements Feature {
    private static final Logger LOG = LoggerFactory.getLogger(WallboardFeature.class);
    static final long SOON = 100;
    static final long LATE = 500;

    private final ConfigHolder config;
    private final Clock clock;
    private final AgentStateTracker tracker;
    private final InboundFeature inbound;
    private final DataSource db;
    private final TodayCalls today;
    private final WallboardHub hub = new WallboardHub();
    private final WallboardChart chart;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean soonQueued = new AtomicBoolean();
    private final AtomicBoolean lateQueued = new AtomicBoolean();
    /** When the first AMI event of the burst being shown was received (the page shows how long it took). */
    private final AtomicReference<Instant> burstAt = new AtomicReference<>();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicReference<Map<String, WallboardView.DeskFigures>> figures = new AtomicReference<>(Map.of());
    /** Waiting callers' unique id -> when their QueueCallerJoin was received (the page shows the time to it). */
    private final Map<String, Instant> joinedAt = new java.util.concurrent.ConcurrentHashMap<>();
    private final Runnable unsubscribe;
    private final Runnable unresync;
    private final Runnable unreload;
    /** Desks whose gauges are registered (a removed desk's gauges stay, reading 0). */
    private final java.util.Set<String> gauged = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public WallboardFeature(FeatureContext ctx, WebFeature web, AgentsFeature agents, InboundFeature inbound, OverflowFeature overflow) {
        this.config = ctx.config();
        this.clock = ctx.clock();
        this.tracker = agents.tracker();
        this.inbound = inbound;
        this.db = ctx.dataSource();
        ReportStore store = new ReportStore(db);
        this.today = new TodayCalls(store, clock, () -> config.get().engine().timeZone());
        this.chart = new WallboardChart(store, clock, () -> config.get().engine().timeZone(), this::targetSeconds);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("wallboard").daemon(true).unstarted(r));
        inbound.onCallEnded(c -> {
            today.ended(c);
            changed(clock.instant());
        });
        // every box's callers and agents (docs/scale-out.md "Boxes")
        unsubscribe = ctx.contribute().amiEventsEveryBox("wallboard", WallboardFeature::reads, this::onEvent);
        unresync = ctx.contribute().amiResyncEveryBox("wallboard", link -> changed(null));
        MeterRegistry registry = ctx.metrics().registry();
        registerGauges(registry);
        unreload = config.onReload((before, after) -> registerGauges(registry)); // desks added by a reload get their gauges
        // listen/whisper/barge originated on the box the agent's phone is registered on (its calls are there)
        SupervisorActions actions = new SupervisorActions(config::get, () -> config.snapshot().agentStates(), agents.control(), tracker,
                web.audit(), inbound::openCalls, moves(overflow.waitingMoves()),
                agent -> ctx.contribute().link(tracker.boxOf(agent))::send);
        WebAuth auth = web.auth();
        ctx.contribute().routes(http -> http
                .openRoute("GET", "/wallboard", auth.page(WebAuth.SUPERVISORS, this::page))
                .openRoute("GET", "/wallboard/events", auth.api(WebAuth.SUPERVISORS, this::events))
                .openRoute("GET", "/wallboard/state", auth.api(WebAuth.SUPERVISORS, (r, s) -> HttpResponseSpec.json(200, state())))
                .openRoute("POST", "/wallboard/action", auth.action(WebAuth.SUPERVISORS, actions::handle))
                .openRoute("GET", "/wallboard/chart.svg", auth.api(WebAuth.SUPERVISORS, (r, s) -> chart.answer()))
                .openRoute("GET", "/web/wallboard.js", StaticAsset.of("wallboard.js")));
        changed(null); // the first state, before any event
    }

    private static SupervisorActions.Moves moves(WaitingMoves m) {
        return new SupervisorActions.Moves() {
            @Override
            public java.util.concurrent.CompletableFuture<Void> move(String uniqueId, ascc.routing.config.Desk target, String dialed,
                                                                      String by) {
                return m.moveToDesk(uniqueId, target, dialed, by);
            }

            @Override
            public java.util.concurrent.CompletableFuture<Void> callback(String uniqueId, String by) {
                return m.takeCallback(uniqueId, by);
            }
        };
    }

    /** The AMI events {@link #onEvent} reads: the queues', agents' and callers' changes. */
    static boolean reads(String n) {
        return n.startsWith("Queue") || n.startsWith("Agent") || n.equals("Hangup") || n.equals("UserEvent");
    }

    private void onEvent(AmiEvent e) {
        String n = e.name();
        if (n.equals("QueueCallerJoin") && e.uniqueId() != null) {
            joinedAt.put(e.uniqueId(), e.received());
        } else if ((n.equals("QueueCallerLeave") || n.equals("Hangup")) && e.uniqueId() != null) {
            joinedAt.remove(e.uniqueId());
        }
        if (n.startsWith("Queue") || n.startsWith("Agent") || n.equals("Hangup") || n.equals("UserEvent")) {
            changed(e.received());
        }
    }

    /** Something changed at {@code at} (null: not an event of a call): rebuild soon and once more a little later. */
    private void changed(Instant at) {
        if (at != null) {
            burstAt.compareAndSet(null, at);
        }
        if (soonQueued.compareAndSet(false, true)) {
            schedule(() -> {
                soonQueued.set(false);
                rebuild(burstAt.get());
            }, SOON);
        }
        if (lateQueued.compareAndSet(false, true)) {
            schedule(() -> {
                lateQueued.set(false);
                rebuild(burstAt.getAndSet(null));
            }, LATE);
        }
    }

    private void schedule(Runnable r, long millis) {
        try {
            thread.schedule(r, millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("wallboard stopped; change not shown");
        }
    }

    /** On {@code wallboard}: builds the whole state and sends it to every stream. */
    private void rebuild(Instant eventAt) {
        try {
            WallboardView v = view(eventAt);
            Map<String, WallboardView.DeskFigures> byDesk = new HashMap<>();
            v.desks().forEach(d -> byDesk.put(d.deskId(), d));
            figures.set(byDesk);
            hub.publish(v.json());
        } catch (SQLException | RuntimeException e) {
            LOG.error("wallboard state not built ({} streams open); the next change tries again", hub.streams(), e);
        }
    }

    private WallboardView view(Instant eventAt) throws SQLException {
        List<TrackedCall> open = inbound.openCalls();
        return WallboardView.build(config.get(), clock.instant(), seq.incrementAndGet(), eventAt, tracker.live(), open,
                today.totals(targetSeconds()), steps(open), Map.copyOf(joinedAt), targetSeconds());
    }

    private int targetSeconds() {
        return config.snapshot().agentStates().serviceLevelSeconds();
    }

    /** The overflow steps taken on the callers waiting now ({@code call_overflow_step}). */
    private Map<String, String> steps(List<TrackedCall> open) throws SQLException {
        List<String> ids = new ArrayList<>();
        for (TrackedCall t : open) {
            if (t.endedAt() == null && t.answeredAt() == null && t.queuedAt() != null && t.uniqueId() != null) {
                ids.add(t.uniqueId());
            }
        }
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, TreeMap<Integer, String>> out = new HashMap<>();
        String in = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT unique_id, step_no, action FROM call_overflow_step WHERE unique_id IN ("
                     + in + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setString(i + 1, ids.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getInt(2), rs.getString(3));
                }
            }
        }
        Map<String, String> text = new HashMap<>();
        out.forEach((id, steps) -> {
            StringBuilder sb = new StringBuilder();
            steps.forEach((no, action) -> sb.append(sb.isEmpty() ? "" : "; ").append(no).append(": ").append(action));
            text.put(id, sb.toString());
        });
        return text;
    }

    /** The newest state (built now when none was yet). */
    private String state() throws SQLException {
        String latest = hub.latest();
        return latest != null ? latest : view(null).json();
    }

    private HttpResponseSpec events(HttpRequestInfo req, WebSession session) {
        if (!hub.hasRoom()) {
            return HttpResponseSpec.json(503, "{\"error\":\"too many wallboard streams open\"}").withHeader("Retry-After", "5");
        }
        return HttpResponseSpec.events(hub::open);
    }

    private HttpResponseSpec page(HttpRequestInfo req, WebSession session) {
        return HttpResponseSpec.html(200, WallboardPage.render(session, config.get(), config.snapshot().agentStates().reasons()));
    }

    private void registerGauges(MeterRegistry registry) {
        for (String desk : config.get().desks().keySet()) {
            if (!gauged.add(desk)) {
                continue;
            }
            Gauge.builder("ascc_desk_waiting", () -> fig(desk) == null ? 0 : fig(desk).waiting())
                    .description("Callers waiting in the desk's queue now").tag("desk", desk).register(registry);
            Gauge.builder("ascc_desk_longest_wait_seconds", () -> fig(desk) == null ? 0 : fig(desk).longestWaitSeconds())
                    .description("Wait of the desk's longest waiting caller, as of the last change").tag("desk", desk).register(registry);
            Gauge.builder("ascc_desk_service_level_percent", () -> fig(desk) == null || fig(desk).serviceLevel() == null ? Double.NaN
                    : fig(desk).serviceLevel()).description("Service level today (traffic report definition); NaN before a call")
                    .tag("desk", desk).register(registry);
            for (AgentState s : AgentState.values()) {
                Gauge.builder("ascc_desk_agents", () -> fig(desk) == null ? 0 : fig(desk).agents().getOrDefault(s, 0))
                        .description("Agents of the desk by state").tags("desk", desk, "state", s.name().toLowerCase(java.util.Locale.ROOT))
                        .register(registry);
            }
        }
    }

    private WallboardView.DeskFigures fig(String desk) {
        return figures.get().get(desk);
    }

    @Override
    public void close() {
        unsubscribe.run();
        unresync.run();
        unreload.run();
        thread.shutdownNow();
    }
}
