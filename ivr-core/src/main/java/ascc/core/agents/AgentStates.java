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
 */
public final class AgentStates implements AgentControl, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentStates.class);
    static final Duration AMI_TIMEOUT = Duration.ofSeconds(5);

    /** The AMI calls this module makes; {@link AmiClient} in the engine, a fake in tests. */
    interface Ami {
        CompletableFuture<AmiMessage> send(AmiAction action);

        CompletableFuture<List<AmiMessage>> sendForList(AmiAction action, String completeEvent);
    }

    private final Ami ami;
    private final Supplier<CenterConfig> config;
    private final AgentStatesConfig settings;
    private final AgentStateTracker tracker;
    private final AgentHistoryWriter writer;
    private final Clock clock;
    /** Agents who logged out with *12: auto-login leaves them out until they log in with *11. */
    private final Set<String> loggedOutByPhone = ConcurrentHashMap.newKeySet();

    AgentStates(Ami ami, Supplier<CenterConfig> config, AgentStatesConfig settings, AgentHistoryWriter writer, Clock clock) {
        this.ami = Objects.requireNonNull(ami, "ami");
        this.config = Objects.requireNonNull(config, "config");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.writer = writer;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tracker = new AgentStateTracker(clock, config, settings.serviceLevelSeconds(), i -> {
            if (writer != null) {
                writer.submit(i);
            }
        });
    }

    /**
     * Creates the module and hooks it to {@code client} (events and resync); call before {@link AmiClient#start()} so
     * the first connect's resync (and auto-login) is not missed.
     */
    public static AgentStates start(AmiClient client, Supplier<CenterConfig> config, AgentStatesConfig settings,
                                    DataSource db, Clock clock, String node, Path spoolDir, Metrics metrics) {
        Ami port = new Ami() {
            @Override
            public CompletableFuture<AmiMessage> send(AmiAction action) {
                return client.send(action);
            }

            @Override
            public CompletableFuture<List<AmiMessage>> sendForList(AmiAction action, String completeEvent) {
                return client.sendForList(action, completeEvent);
            }
        };
        AgentStates s = new AgentStates(port, config, settings, new AgentHistoryWriter(db, node, spoolDir, metrics, clock), clock);
        client.subscribe("agent-states", s::onEvent);
        client.onResync("agent-states", s::resync);
        LOG.info("agent states: auto-login {}, pause reasons {}, service level {} s", settings.autoLogin(), settings.reasons(),
                settings.serviceLevelSeconds());
        return s;
    }

    /**
     * Memberships on another Asterisk box (engine.yaml {@code boxes} beyond the first): the same auto-login and resync on
     * that box's link, so its agents are in its queues too and each box rings the agents whose phones are registered
     * there. No history is written from it and its tracker is not the one {@code /api/live} shows (docs/scale-out.md).
     */
    public static AgentStates startOnBox(AmiClient client, Supplier<CenterConfig> config, AgentStatesConfig settings, Clock clock) {
        Ami port = new Ami() {
            @Override
            public CompletableFuture<AmiMessage> send(AmiAction action) {
                return client.send(action);
            }

            @Override
            public CompletableFuture<List<AmiMessage>> sendForList(AmiAction action, String completeEvent) {
                return client.sendForList(action, completeEvent);
            }
        };
        AgentStates s = new AgentStates(port, config, settings, null, clock);
        client.subscribe("agent-states", s::onEvent);
        client.onResync("agent-states", s::resync);
        return s;
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

    void onEvent(AmiEvent e) {
        String agent = agentOf(e.memberInterface());
        switch (e.name()) {
            case "QueueMemberAdded" -> {
                if (agent != null) {
                    tracker.memberAdded(e.queue(), agent, "1".equals(e.get("Paused")), pausedReason(e));
                }
            }
            case "QueueMemberRemoved" -> {
                if (agent != null) {
                    tracker.memberRemoved(e.queue(), agent);
                }
            }
            case "QueueMemberPause", "QueueMemberStatus" -> {
                if (agent != null && e.get("Paused") != null) {
                    tracker.memberPaused(e.queue(), agent, "1".equals(e.get("Paused")), pausedReason(e));
                }
            }
            case "AgentConnect" -> {
                if (agent != null) {
                    tracker.callConnected(e.queue(), agent, e.getLong("HoldTime", 0));
                }
            }
            case "AgentComplete" -> {
                if (agent != null) {
                    tracker.callCompleted(e.queue(), agent);
                }
            }
            case "QueueCallerJoin" -> tracker.callerJoined(e.queue(), e.uniqueId());
            case "QueueCallerLeave", "QueueCallerAbandon" -> tracker.callerLeft(e.queue(), e.uniqueId());
            default -> {
                // other events do not change agent or queue state
            }
        }
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
        List<AmiMessage> list;
        try {
            list = ami.sendForList(AmiAction.of("QueueStatus"), "QueueStatusComplete").get(AMI_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("agent state resync: QueueStatus failed; states may be stale until the next reconnect", e);
            return;
        }
        List<AgentStateTracker.MemberSnapshot> members = new ArrayList<>();
        List<AgentStateTracker.EntrySnapshot> entries = new ArrayList<>();
        for (AmiMessage m : list) {
            if ("QueueMember".equalsIgnoreCase(m.eventName())) {
                String iface = m.get("Location") != null ? m.get("Location") : m.get("Interface");
                String agent = agentOf(iface);
                if (agent != null) {
                    String reason = m.get("PausedReason");
                    members.add(new AgentStateTracker.MemberSnapshot(m.get("Queue"), agent, "1".equals(m.get("Paused")), reason,
                            "1".equals(m.get("InCall"))));
                }
            } else if ("QueueEntry".equalsIgnoreCase(m.eventName())) {
                long wait = parseLong(m.get("Wait"));
                entries.add(new AgentStateTracker.EntrySnapshot(m.get("Queue"), m.get("Uniqueid"), wait));
            }
        }
        tracker.resync(members, entries);
        LOG.info("agent state resync: {} queue members, {} waiting callers", members.size(), entries.size());
        if (settings.autoLogin()) {
            autoLogin();
        }
    }

    private void autoLogin() {
        int added = 0;
        int skipped = 0;
        for (Agent a : config.get().agents().values()) {
            if (loggedOutByPhone.contains(a.id())) {
                skipped++;
                continue;
            }
            for (Map.Entry<String, Desk> d : desksOf(a).entrySet()) {
                if (!tracker.membersOf(d.getValue().queueName()).contains(a.id())) {
                    if (add(a, d.getValue()) == Result.OK) {
                        added++;
                    }
                }
            }
        }
        LOG.info("auto-login: {} desk memberships added ({} agents logged out from their phone left out)", added, skipped);
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
        for (Desk d : desksOf(a).values()) {
            switch (add(a, d)) {
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
        for (String q : queues) {
            try {
                send(AmiAction.of("QueueRemove").with("Queue", q).with("Interface", iface(agentId)));
                tracker.memberRemoved(q, agentId);
                removed++;
            } catch (AmiException e) {
                if (notThere(e)) {
                    tracker.memberRemoved(q, agentId);
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
        try {
            send(a);
        } catch (AmiException e) {
            LOG.error("QueuePause {} of agent {} failed: {}", paused, agentId, e.getMessage());
            return Result.FAILED;
        }
        for (String q : tracker.deskQueuesWith(agentId)) {
            tracker.memberPaused(q, agentId, paused, reason);
        }
        return Result.OK;
    }

    private Result add(Agent a, Desk d) {
        AmiAction add = AmiAction.of("QueueAdd").with("Queue", d.queueName()).with("Interface", iface(a.id()))
                .with("Penalty", Agent.penaltyFor(a.skills().get(d.id()))).with("MemberName", a.name())
                .with("StateInterface", iface(a.id())).with("Paused", "false");
        try {
            send(add);
            tracker.memberAdded(d.queueName(), a.id(), false, null);
            return Result.OK;
        } catch (AmiException e) {
            if (e.response() != null && String.valueOf(e.response().get("Message")).contains("Already there")) {
                return Result.ALREADY;
            }
            LOG.error("QueueAdd of agent {} to {} failed: {}", a.id(), d.queueName(), e.getMessage());
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

    private void send(AmiAction action) {
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
