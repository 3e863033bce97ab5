package ascc.core.overflow;

import ascc.core.agents.AgentState;
import ascc.core.agents.AgentStateTracker;
import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiEvent;
import ascc.core.ami.AmiException;
import ascc.core.ami.AmiMessage;
import ascc.routing.Phones;
import ascc.routing.asterisk.ChannelVars;
import ascc.routing.asterisk.Channels;
import ascc.routing.asterisk.Queues;
import ascc.routing.asterisk.UserEvents;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Desk;
import ascc.routing.config.OverflowConfig;
import ascc.routing.config.WaitingRules;
import ascc.routing.overflow.OverflowPolicy;
import ascc.routing.overflow.RecentHandleTimes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Overflow, the engine side ({@code overflow.yaml}): every second, feeds each desk's live queue (callers from the
 * {@link AgentStateTracker}, their channels from {@code QueueCallerJoin}, agents logged in / staffed / free, recent
 * handle times from {@code AgentComplete}) to {@link OverflowPolicy} and carries out its plan on callers already
 * waiting:
 * <ul>
 *   <li>add a backup desk's agents: AMI {@code QueueAdd} (penalty from their proficiency there), removed when the queue
 *       is empty again;</li>
 *   <li>widen: callers enter a desk with {@code start-proficiency} with {@code QUEUE_MAX_PENALTY} (AstDB
 *       {@code ascc-maxpen/<queue>}, put at every connect); the step lowers the penalty of the desk's own members with
 *       proficiency {@code >= widen-to} to that maximum (AMI {@code QueuePenalty}, checked by Asterisk when it rings, so
 *       callers already waiting are offered to them), restored when the queue is empty;</li>
 *   <li>offer a callback, partner center, voicemail: AMI {@code Setvar} + {@code Redirect} of the caller's channel to
 *       a rendered context ({@code ascc-overflow-*}); an accepted callback goes to {@link Callbacks}, which keeps the
 *       caller's place.</li>
 * </ul>
 * Every step taken on a caller is claimed once before it is taken ({@link Taken}, {@link OverflowSteps}: its row in
 * {@code call_overflow_step}, under the {@code overflow} lease when several engine nodes run; docs/scale-out.md).
 *
 * <p>Threads: overflow is an actor. Its state is only touched on its own thread {@code overflow} (events, the check
 * every second, the answers to its AMI actions), so it takes no lock. AMI actions are sent asynchronously and their
 * answers handled when they come: a slow Asterisk delays no thread, not even {@code overflow}. Step rows and the
 * hand-over of accepted callbacks run on {@code overflow-io} (JDBC). Events reach it from its own AMI subscription
 * {@code ami-sub-overflow}. Built with the public constructors (tests), the caller's thread is the actor.
 */
public final class Overflow implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Overflow.class);
    static final Duration AMI_TIMEOUT = Duration.ofSeconds(5);
    /** Callers not waiting any more are forgotten this long after they first joined, even without a Hangup event. */
    static final Duration FORGET_AFTER = Duration.ofHours(4);
    static final String MAX_PENALTY_FAMILY = Queues.MAX_PENALTY_FAMILY;
    static final String OFFER_EVENT = UserEvents.CALLBACK_OFFER;

    /** A step taken on a waiting call. */
    public record Taken(String uniqueId, String linkedId, String deskId, int stepNo, String action, long waitedSeconds, Instant at) {
    }

    /**
     * The AMI calls overflow makes: sends and returns at once; the future fails with {@link AmiException} on an
     * {@code Error} response, a lost connection or a timeout.
     */
    @FunctionalInterface
    public interface Sender {
        CompletableFuture<AmiMessage> send(AmiAction action);
    }

    /** A caller who accepted a callback offer. */
    public record Accepted(String uniqueId, String linkedId, String deskId, String queue, String number, Instant firstJoined) {
        @Override
        public String toString() {
            return "Accepted[" + uniqueId + ", linked=" + linkedId + ", desk=" + deskId + ", number=" + Phones.mask(number) + "]";
        }
    }

    /** Where accepted callbacks go, and who tells which queue entries are their place holders. */
    public interface Callbacks {
        void accepted(Accepted a);

        /** The first entry time of the caller whose place holder runs as Local exten {@code exten}, or null. */
        Instant placeholderJoined(String exten);

        /** A moving step took the caller of call {@code linkedId} out of the queue (for the call record). */
        default void moved(String linkedId, OverflowConfig.Action action) {
        }
    }

    /** What QueueCallerJoin told about a caller; {@code joins}: how many times this node saw them join a queue. */
    private record CallerInfo(String uniqueId, String linkedId, String channel, String number, String queue, Instant firstJoined,
                              int joins) {
    }

    /** The running overflow.yaml (swapped by a config reload). */
    private final Supplier<OverflowConfig> cfg;
    private final Supplier<CenterConfig> config;
    private final AgentStateTracker tracker;
    /** Where each action goes (one link with one box). */
    private final OverflowLinks links;
    private final Clock clock;
    private final OverflowSteps stepLog;
    private final Callbacks callbacks;
    private final RecentHandleTimes handleTimes = new RecentHandleTimes(20);
    /** Runs everything that touches the state below (the actor); direct in tests. */
    private final Executor actor;
    /** Runs JDBC writes and hand-overs to {@link Callbacks#accepted} / {@link Callbacks#moved}; direct in tests. */
    private final Executor io;
    /** uniqueId -> the caller (kept until hang-up, across a re-entry into the queue). Written by the actor only. */
    private final Map<String, CallerInfo> callers = new ConcurrentHashMap<>();
    /** Callers a moving step was taken on (never moved twice). Written by the actor only. */
    private final Set<String> moved = ConcurrentHashMap.newKeySet();
    /** Callers in the callback offer: uniqueId -> desk. */
    private final Map<String, String> offered = new HashMap<>();
    /** {@link OverflowPolicy#takenKey} of steps taken. */
    private final Set<String> taken = new HashSet<>();
    /** The membership steps applied to queues. */
    private final MembershipSteps memberships;
    /** Position and estimated wait told to waiting callers (overflow.yaml waiting:). */
    private final WaitAnnouncer announcer;
    private ScheduledExecutorService timer;
    private ExecutorService ioThread;

    public Overflow(OverflowConfig cfg, Supplier<CenterConfig> config, AgentStateTracker tracker, Sender ami, Clock clock,
                    Consumer<Taken> recorder, Callbacks callbacks) {
        this(constant(cfg), config, tracker, ami, clock, recorder, callbacks);
    }

    /** With {@code cfg} read at every check, so a reloaded overflow.yaml applies from the next second. */
    public Overflow(Supplier<OverflowConfig> cfg, Supplier<CenterConfig> config, AgentStateTracker tracker, Sender ami, Clock clock,
                    Consumer<Taken> recorder, Callbacks callbacks) {
        this(cfg, config, tracker, ami, clock, OverflowSteps.recording(recorder), callbacks, Runnable::run, Runnable::run);
    }

    Overflow(Supplier<OverflowConfig> cfg, Supplier<CenterConfig> config, AgentStateTracker tracker, Sender ami, Clock clock,
             OverflowSteps steps, Callbacks callbacks, Executor actor, Executor io) {
        this(cfg, config, tracker, OverflowLinks.of(Objects.requireNonNull(ami, "ami")), clock, steps, callbacks, actor, io);
    }

    /** Over several boxes' links: each action goes to the box it concerns ({@link Links}). */
    Overflow(Supplier<OverflowConfig> cfg, Supplier<CenterConfig> config, AgentStateTracker tracker, OverflowLinks links, Clock clock,
             OverflowSteps steps, Callbacks callbacks, Executor actor, Executor io) {
        this.actor = Objects.requireNonNull(actor, "actor");
        this.io = Objects.requireNonNull(io, "io");
        this.cfg = Objects.requireNonNull(cfg, "cfg");
        this.config = Objects.requireNonNull(config, "config");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.links = Objects.requireNonNull(links, "links");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stepLog = Objects.requireNonNull(steps, "steps");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        this.memberships = new MembershipSteps(this.cfg, this.tracker, agent -> onBox(tracker.boxOf(agent)));
        this.announcer = new WaitAnnouncer(this::onChannel);
    }

    /** The threads {@link OverflowStart} made for this overflow, stopped by {@link #close}. */
    void runsOn(ScheduledExecutorService timer, ExecutorService ioThread) {
        this.timer = timer;
        this.ioThread = ioThread;
    }

    /** Puts the AstDB max penalties on one box (its link just (re)connected; {@link OverflowStart}). */
    void putMaxPenalties(Sender box) {
        putMaxPenalties(new OverflowAmi(box, actor));
    }

    /** The check, run on the actor's own thread ({@link OverflowStart}'s timer). */
    void checkOnActor() {
        checkNow();
    }

    static <T> Supplier<T> constant(T value) {
        Objects.requireNonNull(value, "value");
        return () -> value;
    }

    /**
     * A node that gained the overflow lease: the steps earlier holders carried out count as taken here too; a claim they
     * did not mark done ({@link OverflowSteps}: killed between the claim and the action, or before confirming it) is checked
     * against the caller as this node's AMI view shows it ({@link StaleClaims}): redone when the action cannot have
     * happened, else marked done. Runs on the lease renewer's thread; the work runs on the actor.
     */
    public void resync(OverflowSteps.Claims claims) {
        onActor(() -> StaleClaims.apply(claims, this::judge, taken, offered::put,
                t -> onIo(() -> stepLog.done(t), () -> "earlier holder's step not marked done: " + t)));
    }

    /** {@link StaleClaims#judge} of claim {@code t} by what this node sees of its caller now (on the actor). */
    private StaleClaims.Verdict judge(Taken t) {
        CallerInfo i = callers.get(t.uniqueId());
        Desk desk = config.get().desks().get(t.deskId());
        boolean waiting = desk != null && tracker.waitingIn(desk.queueName()).stream().anyMatch(w -> w.getKey().equals(t.uniqueId()));
        return StaleClaims.judge(t, i == null ? 0 : i.joins(), moved.contains(t.uniqueId()) || offered.containsKey(t.uniqueId()),
                waiting);
    }

    // ------------------------------------------------------------------------------------------ AMI events

    /** The AMI events {@link #onEvent} reads. */
    public static final Set<String> AMI_EVENTS = Set.of("QueueCallerJoin", "AgentComplete", "AgentConnect", "Hangup",
            UserEvents.AMI_EVENT);

    /** Follows callers (join, hang-up), handle times and callback offer answers (handled on the actor). */
    public void onEvent(AmiEvent e) {
        onActor(() -> handle(e));
    }

    private void handle(AmiEvent e) {
        switch (e.name()) {
            case "QueueCallerJoin" -> {
                CallerInfo before = callers.get(e.uniqueId());
                Instant first = before != null ? before.firstJoined() : e.received();
                callers.put(e.uniqueId(), new CallerInfo(e.uniqueId(), e.linkedId(), e.channel(), e.get("CallerIDNum", ""), e.queue(),
                        first, before == null ? 1 : before.joins() + 1));
                offered.remove(e.uniqueId()); // back from a declined offer
            }
            case "AgentComplete" -> handleTimes.add(e.queue(), e.getLong("TalkTime", -1));
            case "AgentConnect" -> announcer.connected(e.uniqueId());
            case "Hangup" -> forget(e.uniqueId());
            case UserEvents.AMI_EVENT -> {
                if (OFFER_EVENT.equals(e.get(UserEvents.AMI_EVENT))) {
                    offerAnswered(e.get(UserEvents.CALLER), e.get(UserEvents.ANSWER));
                } else if (UserEvents.WAIT_ANNOUNCE.equals(e.get(UserEvents.AMI_EVENT))) {
                    announcer.played(e.get(UserEvents.CALLER));
                }
            }
            default -> {
                // other events do not concern overflow
            }
        }
    }

    private void forget(String uniqueId) {
        if (uniqueId == null || callers.remove(uniqueId) == null) {
            return;
        }
        moved.remove(uniqueId);
        offered.remove(uniqueId);
        announcer.forget(uniqueId);
        taken.removeIf(k -> k.startsWith(uniqueId + "|"));
    }

    private void offerAnswered(String uniqueId, String answer) {
        String desk = offered.remove(uniqueId);
        CallerInfo c = callers.get(uniqueId);
        if (desk == null || c == null) {
            LOG.warn("callback offer answer '{}' for unknown caller {} (not offered by this engine)", answer, uniqueId);
            return;
        }
        if (!UserEvents.ANSWER_ACCEPTED.equals(answer)) {
            LOG.info("caller {} of desk {} declined the callback offer; back in the queue at their place", uniqueId, desk);
            return;
        }
        Accepted a = new Accepted(uniqueId, c.linkedId(), desk, c.queue(), c.number(), c.firstJoined());
        LOG.info("callback accepted: {}", a);
        onIo(() -> {
            callbacks.moved(c.linkedId(), new OverflowConfig.OfferCallback());
            callbacks.accepted(a);
        }, () -> "callback accepted but not handed over: " + a);
    }

    /**
     * After each (re)connect: AstDB max penalties of desks with a start proficiency (read by the inbound dialplan); the
     * family is cleared first, so a desk whose start proficiency was removed is offered to every agent again.
     */
    public void putMaxPenalties() {
        for (Sender box : links.every()) {
            putMaxPenalties(new OverflowAmi(box, actor));
        }
    }

    /** As above on one box (its link just (re)connected). */
    private void putMaxPenalties(OverflowAmi calls) {
        MaxPenalties.put(calls, cfg.get(), config.get());
    }

    // ------------------------------------------------------------------------------------------ the check

    /** One pass over every desk with steps (on the actor). */
    public void check() {
        onActor(this::checkNow);
    }

    private void checkNow() {
        Instant now = clock.instant();
        CenterConfig c = config.get();
        // a Hangup missed while AMI was away must not keep a caller forever
        callers.values().removeIf(i -> i.firstJoined().isBefore(now.minus(FORGET_AFTER)) && !offered.containsKey(i.uniqueId())
                && tracker.waitingIn(i.queue()).stream().noneMatch(w -> w.getKey().equals(i.uniqueId())));
        for (Map.Entry<String, List<OverflowConfig.Step>> e : cfg.get().steps().entrySet()) {
            Desk desk = c.desks().get(e.getKey());
            if (desk != null) {
                checkDesk(c, desk, e.getValue(), now);
            }
        }
        for (Desk desk : c.desks().values()) {
            announce(desk, now);
        }
    }

    /** Wait announcements of one desk: its callers by first entry, without place holders and callers being moved. */
    private void announce(Desk desk, Instant now) {
        WaitingRules.Settings s = cfg.get().waiting().forDesk(desk.id());
        if (!s.enabled()) {
            return;
        }
        List<OverflowPolicy.Caller> waiting = waiting(desk.queueName());
        if (waiting.isEmpty()) {
            return;
        }
        OverflowPolicy.QueueState q = queueState(desk.queueName(), waiting);
        List<WaitAnnouncer.Caller> told = new ArrayList<>();
        for (int i = 0; i < waiting.size(); i++) {
            OverflowPolicy.Caller w = waiting.get(i);
            CallerInfo info = callers.get(w.id());
            if (!w.placeholder() && !w.moved() && !offered.containsKey(w.id()) && info != null) {
                told.add(new WaitAnnouncer.Caller(w.id(), info.channel(), info.number(), i + 1));
            }
        }
        announcer.check(desk, s, told, q.staffed(), q.free(), q.averageHandle(), now);
    }

    /** When the caller {@code uniqueId} first joined a queue, or null when not waiting (any thread). */
    public Instant firstJoinedOf(String uniqueId) {
        CallerInfo c = uniqueId == null ? null : callers.get(uniqueId);
        return c == null ? null : c.firstJoined();
    }

    /** A waiting caller as QueueCallerJoin told overflow (a supervisor's action on the caller reads it). */
    public record Waiting(String uniqueId, String linkedId, String channel, String number, String queue, Instant firstJoined) {
        @Override
        public String toString() {
            return "Waiting[" + uniqueId + ", linked=" + linkedId + ", queue=" + queue + ", number=" + Phones.mask(number) + "]";
        }
    }

    /** The caller {@code uniqueId} as last seen joining a queue, while not hung up (any thread). */
    public Optional<Waiting> waitingCaller(String uniqueId) {
        CallerInfo i = uniqueId == null ? null : callers.get(uniqueId);
        return i == null ? Optional.empty()
                : Optional.of(new Waiting(i.uniqueId(), i.linkedId(), i.channel(), i.number(), i.queue(), i.firstJoined()));
    }

    /**
     * A supervisor's move: {@code vars}, then a Redirect of the waiting caller's channel (no step taken on it meanwhile, none
     * waited for); once redirected {@code step} is recorded and the steps taken are forgotten (they start over where moved).
     */
    public CompletableFuture<Void> redirect(String uniqueId, Map<String, String> vars, String context, String exten, String priority,
                                            Taken step) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onActor(() -> {
            CallerInfo info = callers.get(uniqueId);
            if (info == null || info.channel() == null || offered.containsKey(uniqueId)) {
                done.completeExceptionally(new IllegalStateException("caller " + uniqueId + " is not waiting in a queue (known="
                        + (info != null) + ", in a callback offer=" + offered.containsKey(uniqueId) + ")"));
                return;
            }
            boolean mine = moved.add(uniqueId);
            OverflowAmi ami = onChannel(info.channel());
            CallerRedirect.redirect(ami, info.channel(), vars, context, exten, priority).whenCompleteAsync((r, err) -> {
                moved.remove(mine ? uniqueId : "");
                if (err != null) {
                    done.completeExceptionally(OverflowAmi.failure(err));
                    return;
                }
                taken.removeIf(k -> k.startsWith(uniqueId + "|"));
                record(step);
                done.complete(null);
            }, actor);
        });
        return done;
    }

    /** Records a supervisor's move: claimed like a step (on a node without the overflow lease: not written, warned). */
    private void record(Taken t) {
        onIo(() -> stepLog.claimed(t), () -> "overflow step not recorded: " + t);
    }

    private void checkDesk(CenterConfig c, Desk desk, List<OverflowConfig.Step> steps, Instant now) {
        String queue = desk.queueName();
        List<OverflowPolicy.Caller> waiting = waiting(queue);
        if (waiting.isEmpty()) {
            memberships.release(queue);
            return;
        }
        OverflowPolicy.QueueState state = queueState(queue, waiting);
        OverflowPolicy.Plan plan = OverflowPolicy.decide(steps, state, now, taken);
        for (int no : plan.activeMembershipSteps()) {
            memberships.ensure(c, desk, no, steps.get(no - 1).action());
        }
        for (OverflowPolicy.Decision d : plan.decisions()) {
            String key = OverflowPolicy.takenKey(d.callerId(), d.stepNo());
            taken.add(key);
            OverflowConfig.Action action = d.step().action();
            CallerInfo info = callers.get(d.callerId());
            Taken t = new Taken(d.callerId(), info == null ? null : info.linkedId(), desk.id(), d.stepNo(), action.describe(),
                    d.waitedSeconds(), now);
            int position = positionOf(waiting, d.callerId());
            if (action.movesCaller()) {
                moved.add(d.callerId());
            }
            onIo(() -> {
                OverflowSteps.Claim claim = stepLog.claim(t);
                onActor(() -> {
                    if (claim == OverflowSteps.Claim.TAKE && action.movesCaller()) {
                        move(c, desk, d, action, position, () -> onIo(() -> stepLog.done(t), () -> "step not confirmed: " + t),
                                () -> onIo(() -> stepLog.withdraw(t), () -> "step not withdrawn: " + t));
                    } else if (claim == OverflowSteps.Claim.TAKE) {
                        onIo(() -> stepLog.done(t), () -> "step not confirmed: " + t);
                    } else if (claim == OverflowSteps.Claim.RETRY && taken.remove(key)) {
                        moved.remove(d.callerId());
                    }
                });
            }, () -> "overflow step not claimed: " + t);
        }
    }

    /** The queue's callers by first entry (a caller back from an offer, a place holder: their first entry). */
    private List<OverflowPolicy.Caller> waiting(String queue) {
        List<OverflowPolicy.Caller> out = new ArrayList<>();
        for (Map.Entry<String, Instant> w : tracker.waitingIn(queue)) {
            String id = w.getKey();
            CallerInfo info = callers.get(id);
            Instant holderJoined = info == null ? null : callbacks.placeholderJoined(placeholderExten(info.channel()));
            Instant first = holderJoined != null ? holderJoined : info != null ? info.firstJoined() : w.getValue();
            out.add(new OverflowPolicy.Caller(id, first, holderJoined != null, moved.contains(id)));
        }
        out.sort(Comparator.comparing(OverflowPolicy.Caller::firstJoined));
        return out;
    }

    private OverflowPolicy.QueueState queueState(String queue, List<OverflowPolicy.Caller> waiting) {
        Set<String> members = tracker.membersOf(queue);
        int staffed = 0;
        int free = 0;
        for (String a : members) {
            if (!tracker.isPaused(a)) {
                staffed++;
                if (tracker.state(a) == AgentState.AVAILABLE) {
                    free++;
                }
            }
        }
        return new OverflowPolicy.QueueState(waiting, members.size(), staffed, free, handleTimes.average(queue));
    }

    /**
     * The place a caller entering now should take to be where a caller who first joined at {@code firstJoined} was. Any
     * thread: reads the actor's concurrent maps, never waits for it.
     */
    public int positionFor(String queue, Instant firstJoined) {
        int ahead = 0;
        for (OverflowPolicy.Caller c : waiting(queue)) {
            if (c.firstJoined().isBefore(firstJoined)) {
                ahead++;
            }
        }
        return ahead + 1;
    }

    private static int positionOf(List<OverflowPolicy.Caller> waiting, String id) {
        for (int i = 0; i < waiting.size(); i++) {
            if (waiting.get(i).id().equals(id)) {
                return i + 1;
            }
        }
        return waiting.size() + 1;
    }

    /** {@code Local/<exten>@ascc-callback-wait-0000001;2} -> exten; null for other channels. */
    public static String placeholderExten(String channel) {
        return Channels.callbackIdOf(channel);
    }

    // ------------------------------------------------------------------------------------------ moving actions

    /**
     * Sends the caller's variables, then the Redirect ({@link CallerRedirect}), without waiting on any thread; on success
     * (answered on the actor) runs {@code onMoved}; a caller without a channel or company box stays in the queue.
     */
    private void move(CenterConfig c, Desk desk, OverflowPolicy.Decision d, OverflowConfig.Action action, int position,
                      Runnable onMoved, Runnable onFailed) {
        CallerInfo info = callers.get(d.callerId());
        if (info == null || info.channel() == null) {
            LOG.error("overflow desk {} step {} ({}): caller {} has no known channel (joined before the engine connected?); left in"
                    + " the queue", desk.id(), d.stepNo(), action.describe(), d.callerId());
            onFailed.run();
            return;
        }
        String context = CallerRedirect.contextOf(action);
        if (action instanceof OverflowConfig.OfferCallback) {
            offered.put(d.callerId(), desk.id());
        }
        CompletableFuture<Boolean> done = CallerRedirect.run(onChannel(info.channel()), c, cfg.get(), info.channel(), action, position);
        done.whenCompleteAsync((ok, err) -> {
            if (err != null) {
                offered.remove(d.callerId());
                LOG.error("overflow desk {} step {} ({}): moving caller {} failed (hung up meanwhile?): {}", desk.id(), d.stepNo(),
                        action.describe(), d.callerId(), OverflowAmi.failure(err).getMessage());
                onFailed.run();
            } else if (!ok) {
                LOG.error("overflow desk {} step {} (voicemail): caller {} has no known company ({}); left in the queue",
                        desk.id(), d.stepNo(), d.callerId(), ChannelVars.COMPANY);
                onFailed.run();
            } else {
                LOG.info("overflow desk {} step {}: caller {} ({}) moved to {} at position {}", desk.id(), d.stepNo(), d.callerId(),
                        Phones.mask(info.number()), context, position);
                if (!(action instanceof OverflowConfig.OfferCallback)) {
                    onIo(() -> callbacks.moved(info.linkedId(), action), () -> "call record not told of " + action.describe());
                }
                onMoved.run();
            }
        }, actor);
    }

    /** The link of the box {@code channel} (a channel name or unique id) is on. */
    private OverflowAmi onChannel(String channel) {
        return new OverflowAmi(links.forChannel(channel), actor);
    }

    /** The link of box {@code box}. */
    private OverflowAmi onBox(String box) {
        return new OverflowAmi(links.forBox(box), actor);
    }

    // ------------------------------------------------------------------------------------------ threads

    private void onActor(Runnable task) {
        try {
            actor.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("overflow closed: task dropped", e);
        }
    }

    private void onIo(Runnable task, Supplier<String> failure) {
        try {
            io.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException ex) {
                    LOG.error(failure.get(), ex);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.error("{} (overflow closed)", failure.get(), e);
        }
    }

    /** Stops the check and the actor; waits up to 2 s for step rows still being written. */
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (ioThread != null) {
            ioThread.shutdown();
            try {
                if (!ioThread.awaitTermination(2, TimeUnit.SECONDS)) {
                    LOG.warn("overflow-io did not finish within 2 s; step rows may be missing");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
