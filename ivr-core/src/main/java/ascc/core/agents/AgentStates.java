package ascc.core.agents;

import ascc.agi.flows.AgentControl;
import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiClient;
import ascc.core.ami.AmiEvent;
import ascc.core.ami.AmiException;
import ascc.core.ami.AmiMessage;
import ascc.core.http.HttpResponseSpec;
import ascc.core.metrics.Metrics;
import ascc.routing.asterisk.Channels;
import ascc.routing.config.Agent;
import ascc.routing.config.AgentStatesConfig;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Desk;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agent states, the engine side: implements {@link AgentControl} for the phone feature codes with AMI
 * {@code QueueAdd} / {@code QueueRemove} / {@code QueuePause}; follows queue member and caller events into an
 * {@link AgentStateTracker}; resyncs it with {@code QueueStatus} after every (re)connect; with
 * {@code auto-login: true} (agent-states.yaml) adds every agent's desk memberships then, except agents who logged out
 * from their phone; writes the state history to {@code agent_state}; serves {@code GET /api/live}.
 *
 * <p>Desk queues are rendered without static members: membership is dynamic (the engine or the agent's phone adds
 * it); the engine-down fallback queue stays static with every agent.
 *
 * <p>Several Asterisk boxes (engine.yaml {@code boxes}): one module follows every box's link (events and resync, each
 * box's queues auto-logged in on that box). An agent's box is the one its phone is registered on ({@code ContactStatus},
 * {@code DeviceStateChange}, the device {@code Status} of its queue memberships); its queue-member actions (log in,
 * log out, pause) go to that box's link, and its state is read from that box's queues ({@link AgentStateTracker}).
 */
public final class AgentStates implements AgentControl, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentStates.class);
    static final Duration AMI_TIMEOUT = Duration.ofSeconds(5);

    /** The AMI calls this module makes; {@link AmiClient} in the engine, a fake in tests. */
    interface Ami {
        CompletableFuture<AmiMessage> send(AmiAction action);

        CompletableFuture<List<AmiMessage>> sendForList(AmiAction action, String completeEvent);
    }

    /** Box id (as its events carry it, {@code ""} on the one-box link) -> its link, the first box first. */
    private final Map<String, Ami> boxes;
    private final Supplier<CenterConfig> config;
    private final AgentStatesConfig settings;
    private final AgentStateTracker tracker;
    private final AgentHistoryWriter writer;
    private final Clock clock;
    /** Agents who logged out with *12: auto-login leaves them out until they log in with *11. */
    private final Set<String> loggedOutByPhone = ConcurrentHashMap.newKeySet();

    AgentStates(Ami ami, Supplier<CenterConfig> config, AgentStatesConfig settings, AgentHistoryWriter writer, Clock clock) {
        this(Map.of("", Objects.requireNonNull(ami, "ami")), config, settings, writer, clock);
    }

    /** Over several boxes' links ({@code boxes}: box id -> link, in engine.yaml's order). */
    AgentStates(Map<String, Ami> boxes, Supplier<CenterConfig> config, AgentStatesConfig settings, AgentHistoryWriter writer,
                Clock clock) {
        if (boxes.isEmpty()) {
            throw new IllegalArgumentException("no AMI link");
        }
        this.boxes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(boxes));
        this.config = Objects.requireNonNull(config, "config");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.writer = writer;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tracker = new AgentStateTracker(clock, config, settings.serviceLevelSeconds(), i -> {
            if (writer != null) {
                writer.submit(i);
            }
        }, this.boxes.keySet().iterator().next());
    }

    /**
     * Creates the module and hooks it to {@code client} (events and resync); call before {@link AmiClient#start()} so
     * the first connect's resync (and auto-login) is not missed.
     */
    public static AgentStates start(AmiClient client, Supplier<CenterConfig> config, AgentStatesConfig settings,
                                    DataSource db, Clock clock, String node, Path spoolDir, Metrics metrics) {
        return start(Map.of(boxKey(client), client), config, settings, db, clock, node, spoolDir, metrics);
    }

    /**
     * The module over every box's link ({@code links}: box id as its events carry it -> link, the first box first), hooked
     * to each (events and resync on that link's own subscription thread); call before the links start.
     */
    public static AgentStates start(Map<String, AmiClient> links, Supplier<CenterConfig> config, AgentStatesConfig settings,
                                    DataSource db, Clock clock, String node, Path spoolDir, Metrics metrics) {
        Map<String, Ami> ports = new java.util.LinkedHashMap<>();
        links.forEach((box, client) -> ports.put(box, port(client)));
        AgentStates s = new AgentStates(ports, config, settings, new AgentHistoryWriter(db, node, spoolDir, metrics, clock), clock);
        links.forEach((box, client) -> {
            client.subscribe("agent-states", AMI_EVENTS::contains, s::onEvent);
            client.onResync("agent-states", () -> s.resync(box));
        });
        LOG.info("agent states: auto-login {}, pause reasons {}, service level {} s{}", settings.autoLogin(), settings.reasons(),
                settings.serviceLevelSeconds(), links.size() > 1 ? ", boxes " + links.keySet() : "");
        return s;
    }

    /** The box id {@code client}'s events carry ({@code ""} on the one-box link). */
    public static String boxKey(AmiClient client) {
        return client.box() == null ? "" : client.box();
    }

    private static Ami port(AmiClient client) {
        return new Ami() {
            @Override
            public CompletableFuture<AmiMessage> send(AmiAction action) {
                return client.send(action, AMI_TIMEOUT);
            }

            @Override
            public CompletableFuture<List<AmiMessage>> sendForList(AmiAction action, String completeEvent) {
                return client.sendForList(action, completeEvent, AMI_TIMEOUT);
            }
        };
    }

    /**
     * The AMI port of queue-member actions on agents (peak staffing): an action naming an agent's {@code Interface} goes to
     * that agent's box; a list ({@code QueueStatus}) is read from every box and joined (a box that fails is left out).
     */
    Ami byAgent() {
        return new Ami() {
            @Override
            public CompletableFuture<AmiMessage> send(AmiAction action) {
                String agent = agentOf(action.get("Interface"));
                return agent == null ? first().send(action) : linkOf(agent).send(action);
            }

            @Override
            public CompletableFuture<List<AmiMessage>> sendForList(AmiAction action, String completeEvent) {
                if (boxes.size() == 1) {
                    return first().sendForList(action, completeEvent);
                }
                CompletableFuture<List<AmiMessage>> all = CompletableFuture.completedFuture(List.of());
                for (Map.Entry<String, Ami> box : boxes.entrySet()) {
                    // a box that is down has no members to read: the others' are read all the same
                    CompletableFuture<List<AmiMessage>> one = box.getValue().sendForList(action, completeEvent).exceptionally(e -> {
                        LOG.warn("{} of box {} failed (left out): {}", action.name(), box.getKey(), e.toString());
                        return List.of();
                    });
                    all = all.thenCombine(one, (x, y) -> {
                        List<AmiMessage> out = new ArrayList<>(x);
                        out.addAll(y);
                        return out;
                    });
                }
                return all;
            }
        };
    }

    /** The link of the box {@code agentId}'s phone is registered on (the first box's when not known). */
    private Ami linkOf(String agentId) {
        Ami a = boxes.get(tracker.boxOf(agentId));
        return a != null ? a : first();
    }

    private Ami first() {
        return boxes.values().iterator().next();
    }

    public AgentStateTracker tracker() {
        return tracker;
    }

    public AgentStatesConfig settings() {
        return settings;
    }

    /** Whether the agent logged out with *12 and has not logged in since (peak staffing leaves them out too). */
    public boolean isLoggedOutByPhone(String agentId) {
        return loggedOutByPhone.contains(agentId);
    }

    /** {@code GET /api/live}. */
    public HttpResponseSpec live() {
        return HttpResponseSpec.json(200, LiveJson.render(clock.instant(), tracker.live()));
    }

    // ------------------------------------------------------------------------------------------ AMI events

    /** The AMI events {@link #onEvent} reads. */
    static final Set<String> AMI_EVENTS = Set.of("QueueMemberAdded", "QueueMemberRemoved", "QueueMemberPause",
            "QueueMemberStatus", "ContactStatus", "DeviceStateChange", "AgentConnect", "AgentComplete", "QueueCallerJoin",
            "QueueCallerLeave", "QueueCallerAbandon");

    void onEvent(AmiEvent e) {
        String agent = agentOf(e.memberInterface());
        String box = e.box();
        switch (e.name()) {
            case "QueueMemberAdded" -> {
                if (agent != null) {
                    deviceStatus(box, agent, e.get("Status"));
                    tracker.memberAdded(box, e.queue(), agent, "1".equals(e.get("Paused")), pausedReason(e));
                }
            }
            case "QueueMemberRemoved" -> {
                if (agent != null) {
                    tracker.memberRemoved(box, e.queue(), agent);
                }
            }
            case "QueueMemberPause", "QueueMemberStatus" -> {
                if (agent != null) {
                    deviceStatus(box, agent, e.get("Status"));
                }
                if (agent != null && e.get("Paused") != null) {
                    tracker.memberPaused(box, e.queue(), agent, "1".equals(e.get("Paused")), pausedReason(e));
                }
            }
            case "ContactStatus" -> {
                String aor = agentOf(Channels.pjsip(e.get("AOR", "")));
                Boolean up = contactUp(e.get("ContactStatus"));
                if (aor != null && up != null && config.get().agents().containsKey(aor)) {
                    tracker.registered(box, aor, up);
                }
            }
            case "DeviceStateChange" -> {
                String dev = agentOf(e.get("Device"));
                if (dev != null && config.get().agents().containsKey(dev)) {
                    Boolean up = deviceUp(e.get("State"));
                    if (up != null) {
                        tracker.registered(box, dev, up);
                    }
                }
            }
            case "AgentConnect" -> {
                if (agent != null) {
                    tracker.callConnected(box, e.queue(), agent, e.getLong("HoldTime", 0));
                }
            }
            case "AgentComplete" -> {
                if (agent != null) {
                    tracker.callCompleted(e.queue(), agent);
                }
            }
            case "QueueCallerJoin" -> tracker.callerJoined(box, e.queue(), e.uniqueId());
            case "QueueCallerLeave", "QueueCallerAbandon" -> tracker.callerLeft(e.queue(), e.uniqueId());
            default -> {
                // other events do not change agent or queue state
            }
        }
    }

    /** A queue member's device {@code Status} (ast_device_state number) tells whether its phone is registered on the box. */
    private void deviceStatus(String box, String agent, String status) {
        Boolean up = switch (status == null ? "" : status.strip()) {
            case "1", "2", "3", "6", "7", "8" -> Boolean.TRUE;  // not in use, in use, busy, ringing, ring in use, on hold
            case "4", "5" -> Boolean.FALSE;                     // invalid, unavailable (not registered)
            default -> null;                                    // unknown: says nothing
        };
        if (up != null) {
            tracker.registered(box, agent, up);
        }
    }

    /** {@code ContactStatus}: registered (true), gone (false), or says nothing (null). */
    static Boolean contactUp(String status) {
        return switch (status == null ? "" : status) {
            case "Created", "Reachable", "Updated", "NonQualified" -> Boolean.TRUE;
            case "Removed", "Unreachable" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** {@code DeviceStateChange} state names: registered (true), unavailable (false), unknown (null). */
    static Boolean deviceUp(String state) {
        return switch (state == null ? "" : state) {
            case "NOT_INUSE", "INUSE", "BUSY", "RINGING", "RINGINUSE", "ONHOLD" -> Boolean.TRUE;
            case "UNAVAILABLE", "INVALID" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static String pausedReason(AmiEvent e) {
        String r = e.get("PausedReason");
        return r != null ? r : e.get("Reason");
    }

    /** {@code PJSIP/2101} -> {@code 2101}; null for other technologies or none. */
    static String agentOf(String iface) {
        return Channels.agentOfInterface(iface);
    }

    /** After each (re)connect, on its AMI subscription's thread {@code ami-sub-agent-states}: re-reads every queue, then auto-logs in. */
    void resync() {
        resync(boxes.keySet().iterator().next());
    }

    /** As above for box {@code box}'s link (after it (re)connects): its queues only, its auto-login. */
    void resync(String box) {
        Ami ami = boxes.get(box);
        if (ami == null) {
            LOG.error("agent state resync of unknown box '{}' (boxes {})", box, boxes.keySet());
            return;
        }
        List<AmiMessage> list;
        try {
            list = ami.sendForList(AmiAction.of("QueueStatus"), "QueueStatusComplete").get(AMI_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("agent state resync{}: QueueStatus failed; states may be stale until the next reconnect", boxName(box), e);
            return;
        }
        List<AgentStateTracker.MemberSnapshot> members = new ArrayList<>();
        List<AgentStateTracker.EntrySnapshot> entries = new ArrayList<>();
        for (AmiMessage m : list) {
            if ("QueueMember".equalsIgnoreCase(m.eventName())) {
                String iface = m.get("Location") != null ? m.get("Location") : m.get("Interface");
                String agent = agentOf(iface);
                if (agent != null) {
                    deviceStatus(box, agent, m.get("Status"));
                    String reason = m.get("PausedReason");
                    members.add(new AgentStateTracker.MemberSnapshot(m.get("Queue"), agent, "1".equals(m.get("Paused")), reason,
                            "1".equals(m.get("InCall"))));
                }
            } else if ("QueueEntry".equalsIgnoreCase(m.eventName())) {
                long wait = parseLong(m.get("Wait"));
                entries.add(new AgentStateTracker.EntrySnapshot(m.get("Queue"), m.get("Uniqueid"), wait));
            }
        }
        tracker.resync(box, members, entries);
        LOG.info("agent state resync{}: {} queue members, {} waiting callers", boxName(box), members.size(), entries.size());
        if (settings.autoLogin()) {
            autoLogin(box);
        }
    }

    private static String boxName(String box) {
        return box.isEmpty() ? "" : " of box " + box;
    }

    /** Every agent into its desk queues on {@code box} (each box's queues ring the agents registered there). */
    private void autoLogin(String box) {
        int added = 0;
        int skipped = 0;
        for (Agent a : config.get().agents().values()) {
            if (loggedOutByPhone.contains(a.id())) {
                skipped++;
                continue;
            }
            for (Map.Entry<String, Desk> d : desksOf(a).entrySet()) {
                if (!tracker.membersOf(box, d.getValue().queueName()).contains(a.id())) {
                    if (add(box, a, d.getValue()) == Result.OK) {
                        added++;
                    }
                }
            }
        }
        LOG.info("auto-login{}: {} desk memberships added ({} agents logged out from their phone left out)", boxName(box), added,
                skipped);
    }

    // ------------------------------------------------------------------------------------------ AgentControl

    @Override
    public Result login(String agentId) {
        Agent a = config.get().agents().get(agentId);
        if (a == null) {
            return Result.NOT_AN_AGENT;
        }
        loggedOutByPhone.remove(agentId);
        int ok = 0;
        int already = 0;
        String box = tracker.boxOf(agentId);
        for (Desk d : desksOf(a).values()) {
            switch (add(box, a, d)) {
                case OK -> ok++;
                case ALREADY -> already++;
                default -> {
                    // logged by add()
                }
            }
        }
        if (ok + already < desksOf(a).size()) {
            return Result.FAILED;
        }
        return ok == 0 ? Result.ALREADY : Result.OK;
    }

    @Override
    public Result logout(String agentId) {
        Agent a = config.get().agents().get(agentId);
        if (a == null) {
            return Result.NOT_AN_AGENT;
        }
        if (tracker.isOnCall(agentId)) {
            LOG.warn("agent {} asked to log out during a call: refused, still in {}", agentId, tracker.deskQueuesWith(agentId));
            return Result.ON_CALL;
        }
        Set<String> queues = new java.util.TreeSet<>(tracker.deskQueuesWith(agentId));
        desksOf(a).values().forEach(d -> queues.add(d.queueName()));
        int removed = 0;
        boolean failed = false;
        String box = tracker.boxOf(agentId);
        for (String q : queues) {
            try {
                send(box, AmiAction.of("QueueRemove").with("Queue", q).with("Interface", iface(agentId)));
                tracker.memberRemoved(box, q, agentId);
                removed++;
            } catch (AmiException e) {
                if (notThere(e)) {
                    tracker.memberRemoved(box, q, agentId);
                } else {
                    LOG.error("QueueRemove of agent {} from {} failed: {}", agentId, q, e.getMessage());
                    failed = true;
                }
            }
        }
        if (failed) {
            return Result.FAILED;
        }
        loggedOutByPhone.add(agentId);
        return removed == 0 ? Result.ALREADY : Result.OK;
    }

    @Override
    public Result pause(String agentId, int reasonCode, String reason) {
        return setPaused(agentId, true, reason);
    }

    @Override
    public Result unpause(String agentId) {
        return setPaused(agentId, false, null);
    }

    private Result setPaused(String agentId, boolean paused, String reason) {
        if (!config.get().agents().containsKey(agentId)) {
            return Result.NOT_AN_AGENT;
        }
        if (!tracker.isLoggedIn(agentId)) {
            return Result.NOT_LOGGED_IN;
        }
        if (tracker.isPaused(agentId) == paused && (!paused || Objects.equals(reason, tracker.pauseReason(agentId)))) {
            return Result.ALREADY;
        }
        // no Queue: pauses in every queue of the interface, the fallback queue included
        AmiAction a = AmiAction.of("QueuePause").with("Interface", iface(agentId)).with("Paused", Boolean.toString(paused));
        if (reason != null) {
            a = a.with("Reason", reason);
        }
        String box = tracker.boxOf(agentId);
        try {
            send(box, a);
        } catch (AmiException e) {
            LOG.error("QueuePause {} of agent {}{} failed: {}", paused, agentId, boxName(box), e.getMessage());
            return Result.FAILED;
        }
        for (String q : tracker.deskQueuesWith(agentId)) {
            tracker.memberPaused(box, q, agentId, paused, reason);
        }
        return Result.OK;
    }

    private Result add(String box, Agent a, Desk d) {
        AmiAction add = AmiAction.of("QueueAdd").with("Queue", d.queueName()).with("Interface", iface(a.id()))
                .with("Penalty", Agent.penaltyFor(a.skills().get(d.id()))).with("MemberName", a.name())
                .with("StateInterface", iface(a.id())).with("Paused", "false");
        try {
            send(box, add);
            tracker.memberAdded(box, d.queueName(), a.id(), false, null);
            return Result.OK;
        } catch (AmiException e) {
            if (e.response() != null && String.valueOf(e.response().get("Message")).contains("Already there")) {
                return Result.ALREADY;
            }
            LOG.error("QueueAdd of agent {} to {}{} failed: {}", a.id(), d.queueName(), boxName(box), e.getMessage());
            return Result.FAILED;
        }
    }

    private static boolean notThere(AmiException e) {
        return e.response() != null && String.valueOf(e.response().get("Message")).contains("Not there");
    }

    private Map<String, Desk> desksOf(Agent a) {
        Map<String, Desk> out = new java.util.LinkedHashMap<>();
        for (String deskId : a.skills().keySet()) {
            Desk d = config.get().desks().get(deskId);
            if (d != null) {
                out.put(deskId, d);
            }
        }
        return out;
    }

    private void send(String box, AmiAction action) {
        Ami ami = boxes.getOrDefault(box, first());
        try {
            ami.send(action).get(AMI_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AmiException(ascc.core.ami.AmiFailure.retriable("interrupted waiting for " + action.name(), e));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AmiException ae) {
                throw ae;
            }
            throw new AmiException(ascc.core.ami.AmiFailure.retriable(action.name() + " failed: " + e.getCause(), e.getCause()));
        } catch (TimeoutException e) {
            throw new AmiException(ascc.core.ami.AmiFailure.retriable("no answer to " + action.name() + " within " + AMI_TIMEOUT, e));
        }
    }

    private static String iface(String agentId) {
        return Channels.pjsip(agentId);
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            LOG.debug("not a number in QueueEntry Wait: {}", s);
            return 0;
        }
    }

    /** Closes open intervals at now, writes the history that is queued. */
    @Override
    public void close() {
        tracker.flush();
        if (writer != null) {
            writer.close();
        }
    }
}
