package ascc.core.agents;

import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiClient;
import ascc.core.ami.AmiException;
import ascc.core.ami.AmiFailure;
import ascc.core.ami.AmiMessage;
import ascc.routing.asterisk.Channels;
import ascc.routing.config.Agent;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Desk;
import ascc.routing.config.StaffingConfig;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peak-hour staffing ({@code staffing.yaml}): on every {@link #tick()} (each second on the {@code agent-staffing}
 * thread) compares the backup agents the schedules want on each desk now with the desk queues' members, adds the
 * missing ones (AMI {@code QueueAdd}, member name marked {@value #MARK}) and removes the ones it added whose hours are
 * over ({@code QueueRemove}). Only memberships this module added are ever removed: an agent already on the desk by other
 * means (own login, overflow) is left alone. After each AMI (re)connect the marked members are re-read from
 * {@code QueueStatus}, so an engine restart or reconnect in the middle of a peak neither loses nor duplicates them.
 * Agents who logged out from their phone are not added; an agent on a call is removed once the call is over; a paused
 * agent is added paused.
 *
 * <p>Threads: an actor. Its state is only touched on its thread {@code agent-staffing} (the tick and the answers to its
 * AMI actions); actions are sent asynchronously, never waited for and never under a lock, so a slow Asterisk delays
 * nobody. A membership whose QueueAdd or QueueRemove is still unanswered is left alone by the next ticks. Built with the
 * package constructors (tests), the caller's thread is the actor.
 */
public final class PeakStaffing implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeakStaffing.class);
    /** Appended to the member name of memberships this module added; how they are recognised after a restart. */
    static final String MARK = " [peak]";

    /** The running staffing.yaml (swapped by a config reload; read at every tick). */
    private final Supplier<StaffingConfig> plan;
    private final Supplier<CenterConfig> config;
    private final AgentStateTracker tracker;
    private final AgentStates.Ami ami;
    private final Predicate<String> loggedOutByPhone;
    private final Clock clock;
    /** queue -> agents this module added (and must remove). */
    private final Map<String, Set<String>> added = new HashMap<>();
    /** "queue|agent" whose removal waits for the end of a call (logged once). */
    private final Set<String> deferred = new HashSet<>();
    /** "queue|agent" whose QueueAdd or QueueRemove is not answered yet. */
    private final Set<String> inFlight = new HashSet<>();
    /** Runs the tick and the answers (the actor); direct in tests. */
    private final Executor actor;
    private volatile boolean resyncNeeded = true;
    private boolean resyncing;
    private ScheduledExecutorService timer;

    PeakStaffing(StaffingConfig plan, Supplier<CenterConfig> config, AgentStateTracker tracker, AgentStates.Ami ami,
                 Predicate<String> loggedOutByPhone, Clock clock) {
        this(constant(plan), config, tracker, ami, loggedOutByPhone, clock);
    }

    PeakStaffing(Supplier<StaffingConfig> plan, Supplier<CenterConfig> config, AgentStateTracker tracker, AgentStates.Ami ami,
                 Predicate<String> loggedOutByPhone, Clock clock) {
        this(plan, config, tracker, ami, loggedOutByPhone, clock, Runnable::run);
    }

    private PeakStaffing(Supplier<StaffingConfig> plan, Supplier<CenterConfig> config, AgentStateTracker tracker, AgentStates.Ami ami,
                         Predicate<String> loggedOutByPhone, Clock clock, Executor actor) {
        this.actor = Objects.requireNonNull(actor, "actor");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.config = Objects.requireNonNull(config, "config");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.ami = Objects.requireNonNull(ami, "ami");
        this.loggedOutByPhone = Objects.requireNonNull(loggedOutByPhone, "loggedOutByPhone");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Starts reconciling every second while AMI is connected (nothing runs when {@code plan} has no schedules); re-reads
     * its memberships after every (re)connect.
     */
    public static PeakStaffing start(AmiClient client, Supplier<CenterConfig> config, StaffingConfig plan, AgentStates states,
                                     Clock clock) {
        if (plan.schedules().isEmpty()) {
            return new PeakStaffing(plan, config, states.tracker(), states.byAgent(), states::isLoggedOutByPhone, clock);
        }
        return start(client, config, constant(plan), states, clock);
    }

    /**
     * As above with the running staffing.yaml read at every tick, so a reloaded schedule applies from the next second (and
     * a removed one's agents are taken out again); reconciles every second even without schedules, since a reload may add
     * some.
     */
    public static PeakStaffing start(AmiClient client, Supplier<CenterConfig> config, Supplier<StaffingConfig> plan,
                                     AgentStates states, Clock clock) {
        return start(client, config, plan, states, clock, () -> true);
    }

    /**
     * As above, ticking only while {@code active} (this node holds the staffing lease; docs/scale-out.md). A node that
     * gains the lease calls {@link #requestResync()} first, so it re-reads the memberships from Asterisk before changing any.
     */
    public static PeakStaffing start(AmiClient client, Supplier<CenterConfig> config, Supplier<StaffingConfig> plan,
                                     AgentStates states, Clock clock, java.util.function.BooleanSupplier active) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agent-staffing");
            t.setDaemon(true);
            return t;
        });
        PeakStaffing s = new PeakStaffing(plan, config, states.tracker(), states.byAgent(), states::isLoggedOutByPhone, clock,
                timer);
        client.onResync("peak-staffing", s::requestResync);
        s.timer = timer;
        s.timer.scheduleWithFixedDelay(() -> {
            try {
                if (client.isConnected() && active.getAsBoolean()) {
                    s.tickNow();
                }
            } catch (RuntimeException e) {
                LOG.error("peak staffing tick failed (schedules {})",
                        plan.get().schedules().stream().map(StaffingConfig.Schedule::name).toList(), e);
            }
        }, 1, 1, TimeUnit.SECONDS);
        LOG.info("peak staffing: {} schedule(s): {}", plan.get().schedules().size(), plan.get().schedules().stream()
                .map(p -> "'" + p.name() + "' desk " + p.deskId() + " agents " + p.agents() + " " + p.hours().describe()).toList());
        return s;
    }

    /** After an AMI (re)connect: the next tick re-reads which memberships are this module's before changing any. */
    public void requestResync() {
        resyncNeeded = true;
    }

    /** Memberships this module added and keeps: queue to agents. On the actor (tests: their own thread). */
    Map<String, Set<String>> added() {
        Map<String, Set<String>> out = new HashMap<>();
        added.forEach((q, a) -> out.put(q, Set.copyOf(a)));
        return out;
    }

    /** One reconciliation on the actor: add the wanted backup agents that are missing, remove this module's that are no longer wanted. */
    void tick() {
        try {
            actor.execute(this::tickNow);
        } catch (RejectedExecutionException e) {
            LOG.debug("peak staffing closed: tick dropped", e);
        }
    }

    private void tickNow() {
        if (resyncing) {
            return; // QueueStatus not answered yet
        }
        if (resyncNeeded) {
            resyncNeeded = false;
            readMarkedMembers();
            return;
        }
        reconcile();
    }

    private void reconcile() {
        CenterConfig c = config.get();
        List<StaffingConfig.Assignment> wanted = plan.get().wantedAt(clock.instant(), c.engine().timeZone(), c.hours().holidayDates());
        Set<String> wantedKeys = new HashSet<>();
        for (StaffingConfig.Assignment w : wanted) {
            Desk desk = c.desks().get(w.deskId());
            Agent agent = c.agents().get(w.agentId());
            if (desk == null || agent == null) {
                continue; // the desk or agent left the config after the engine started
            }
            String queue = desk.queueName();
            wantedKeys.add(queue + "|" + agent.id());
            if (inFlight.contains(queue + "|" + agent.id())) {
                continue;
            }
            Set<String> mine = added.computeIfAbsent(queue, q -> new TreeSet<>());
            boolean member = tracker.membersOf(queue).contains(agent.id());
            if (mine.contains(agent.id()) && !member) {
                // removed behind our back (*12 from the phone, an Asterisk restart): ours no more
                mine.remove(agent.id());
            }
            if (member || loggedOutByPhone.test(agent.id())) {
                continue;
            }
            add(queue, agent, w);
        }
        for (Map.Entry<String, Set<String>> e : added.entrySet()) {
            for (String agent : new TreeSet<>(e.getValue())) {
                if (!wantedKeys.contains(e.getKey() + "|" + agent) && !inFlight.contains(e.getKey() + "|" + agent)) {
                    remove(e.getKey(), agent);
                }
            }
        }
    }

    private void add(String queue, Agent agent, StaffingConfig.Assignment w) {
        boolean paused = tracker.isPaused(agent.id());
        String reason = tracker.pauseReason(agent.id());
        AmiAction a = AmiAction.of("QueueAdd").with("Queue", queue).with("Interface", Channels.pjsip(agent.id()))
                .with("Penalty", Agent.penaltyFor(w.proficiency())).with("MemberName", agent.name() + MARK)
                .with("StateInterface", Channels.pjsip(agent.id())).with("Paused", Boolean.toString(paused));
        if (paused && reason != null) {
            a = a.with("Reason", reason);
        }
        String key = queue + "|" + agent.id();
        inFlight.add(key);
        send(a, err -> {
            inFlight.remove(key);
            if (err != null) {
                if (!message(err).contains("Already there")) {
                    LOG.error("peak staffing '{}': QueueAdd of agent {} to {} failed: {}", w.schedule(), agent.id(), queue,
                            err.getMessage());
                    return;
                }
                // a member we had not heard of yet (event still on its way): not ours
                tracker.memberAdded(queue, agent.id(), paused, reason);
                return;
            }
            tracker.memberAdded(queue, agent.id(), paused, reason);
            added.computeIfAbsent(queue, q -> new TreeSet<>()).add(agent.id());
            LOG.info("peak staffing '{}': agent {} added to {} (penalty {}{})", w.schedule(), agent.id(), queue,
                    Agent.penaltyFor(w.proficiency()), paused ? ", paused" : "");
        });
    }

    private void remove(String queue, String agent) {
        String key = queue + "|" + agent;
        if (tracker.isOnCall(agent)) {
            if (deferred.add(key)) {
                LOG.info("peak staffing: agent {} stays in {} until the current call ends", agent, queue);
            }
            return;
        }
        inFlight.add(key);
        send(AmiAction.of("QueueRemove").with("Queue", queue).with("Interface", Channels.pjsip(agent)), err -> {
            inFlight.remove(key);
            if (err != null && !message(err).contains("Not there")) {
                LOG.error("peak staffing: QueueRemove of agent {} from {} failed (retried next second): {}", agent, queue,
                        err.getMessage());
                return;
            }
            tracker.memberRemoved(queue, agent);
            Set<String> mine = added.get(queue);
            if (mine != null) {
                mine.remove(agent);
            }
            deferred.remove(key);
            LOG.info("peak staffing: agent {} removed from {} (peak hours over)", agent, queue);
        });
    }

    private static <T> Supplier<T> constant(T value) {
        Objects.requireNonNull(value, "value");
        return () -> value;
    }

    /** The {@link AmiException} behind a failed future (others wrapped as retriable). */
    private static AmiException failure(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        return t instanceof AmiException ae ? ae : new AmiException(AmiFailure.retriable("AMI action failed: " + t, t));
    }

    private static String message(AmiException ex) {
        return String.valueOf(ex.response() == null ? null : ex.response().get("Message"));
    }

    /** Replaces {@link #added} with the members {@code QueueStatus} shows with {@link #MARK}, then reconciles. */
    private void readMarkedMembers() {
        resyncing = true;
        CompletableFuture<List<AmiMessage>> f;
        try {
            f = ami.sendForList(AmiAction.of("QueueStatus"), "QueueStatusComplete");
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenCompleteAsync((list, err) -> {
            resyncing = false;
            if (err != null) {
                resyncNeeded = true;
                LOG.warn("peak staffing: QueueStatus failed; memberships are re-read on the next tick", err);
                return;
            }
            added.clear();
            int n = 0;
            for (AmiMessage m : list) {
                String name = m.get("Name");
                if ("QueueMember".equalsIgnoreCase(m.eventName()) && name != null && name.endsWith(MARK)) {
                    String agent = AgentStates.agentOf(m.get("Location") != null ? m.get("Location") : m.get("Interface"));
                    if (agent != null) {
                        added.computeIfAbsent(m.get("Queue"), q -> new TreeSet<>()).add(agent);
                        n++;
                    }
                }
            }
            LOG.info("peak staffing: {} membership(s) added earlier found in Asterisk: {}", n, added);
            reconcile();
        }, actor);
    }

    /** Sends {@code action}; {@code then} gets null or the failure on the actor. */
    private void send(AmiAction action, Consumer<AmiException> then) {
        CompletableFuture<AmiMessage> f;
        try {
            f = ami.send(action);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenCompleteAsync((r, err) -> then.accept(err == null ? null : failure(err)), actor);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
