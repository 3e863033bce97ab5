package ascc.core.overflow;

import ascc.core.agents.AgentStateTracker;
import ascc.core.ami.AmiAction;
import ascc.routing.asterisk.Channels;
import ascc.routing.config.Agent;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Desk;
import ascc.routing.config.OverflowConfig;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Overflow's membership steps on queues: add a backup desk's agents (AMI {@code QueueAdd}) and widen (AMI
 * {@code QueuePenalty}), each undone when its queue is empty again. Touched by {@link Overflow}'s actor only. With
 * several Asterisk boxes each agent's action goes to the box its phone is registered on (where it can ring).
 */
final class MembershipSteps {
    /** Logs as {@link Overflow} (one logger for the whole of overflow). */
    private static final Logger LOG = LoggerFactory.getLogger(Overflow.class);

    private final Supplier<OverflowConfig> cfg;
    private final AgentStateTracker tracker;
    /** The link of the box an agent's phone is registered on (its queue-member actions go there). */
    private final java.util.function.Function<String, OverflowAmi> ami;
    /** "queue|stepNo" -> an applied membership step. */
    private final Map<String, Membership> applied = new TreeMap<>();

    MembershipSteps(Supplier<OverflowConfig> cfg, AgentStateTracker tracker, java.util.function.Function<String, OverflowAmi> forAgent) {
        this.cfg = Objects.requireNonNull(cfg, "cfg");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.ami = Objects.requireNonNull(forAgent, "forAgent");
    }

    /** Applies membership step {@code stepNo} of {@code desk} unless it is applied already. */
    void ensure(CenterConfig c, Desk desk, int stepNo, OverflowConfig.Action action) {
        String key = desk.queueName() + "|" + stepNo;
        if (!applied.containsKey(key)) {
            applied.put(key, apply(c, desk, action));
        }
    }

    private Membership apply(CenterConfig c, Desk desk, OverflowConfig.Action action) {
        return switch (action) {
            case OverflowConfig.AddAgentsOf add -> addBackup(c, desk, add.deskId());
            case OverflowConfig.Widen w -> widen(c, desk, w.toProficiency());
            default -> throw new IllegalStateException("not a membership action: " + action);
        };
    }

    /** Undoes every membership step applied to {@code queue} (it drained). */
    void release(String queue) {
        var it = applied.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Membership> e = it.next();
            if (e.getKey().startsWith(queue + "|")) {
                e.getValue().release();
                it.remove();
            }
        }
    }

    private Membership addBackup(CenterConfig c, Desk desk, String backupDesk) {
        String queue = desk.queueName();
        Membership m = new Membership(queue, "backup agents of desk " + backupDesk);
        Set<String> members = tracker.membersOf(queue);
        for (Agent a : c.agents().values()) {
            Integer proficiency = a.skills().get(backupDesk);
            if (proficiency == null || members.contains(a.id())) {
                continue;
            }
            m.apply(a.id(), AmiAction.of("QueueAdd").with("Queue", queue).with("Interface", Channels.pjsip(a.id()))
                    .with("Penalty", Agent.penaltyFor(proficiency)).with("MemberName", a.name())
                    .with("StateInterface", Channels.pjsip(a.id())).with("Paused", "false"),
                    AmiAction.of("QueueRemove").with("Queue", queue).with("Interface", Channels.pjsip(a.id())));
        }
        LOG.info("overflow desk {}: adding agents of desk {}: {}", desk.id(), backupDesk, m.asked);
        return m;
    }

    private Membership widen(CenterConfig c, Desk desk, int toProficiency) {
        String queue = desk.queueName();
        int start = cfg.get().startProficiency().getOrDefault(desk.id(), 5);
        int allowed = Agent.penaltyFor(start);
        Membership m = new Membership(queue, "penalties widened to proficiency " + toProficiency);
        Set<String> members = tracker.membersOf(queue);
        for (Agent a : c.agents().values()) {
            Integer p = a.skills().get(desk.id());
            if (p == null || p >= start || p < toProficiency || !members.contains(a.id())) {
                continue;
            }
            m.apply(a.id(), penalty(queue, a.id(), allowed), penalty(queue, a.id(), Agent.penaltyFor(p)));
        }
        LOG.info("overflow desk {}: widening to proficiency {}: agents {} to be offered at penalty {}", desk.id(), toProficiency,
                m.asked, allowed);
        return m;
    }

    private static AmiAction penalty(String queue, String agent, int penalty) {
        return AmiAction.of("QueuePenalty").with("Queue", queue).with("Interface", Channels.pjsip(agent)).with("Penalty", penalty);
    }

    /**
     * A membership step applied to one queue: per agent an action and its undo. Answers arrive on the actor; an action
     * that succeeds after the step was released (the queue drained meanwhile) is undone at once.
     */
    private final class Membership {
        private final String queue;
        private final String what;
        private final Set<String> asked = new TreeSet<>();
        /** agent -> undo of its action that succeeded. */
        private final Map<String, AmiAction> done = new TreeMap<>();
        private boolean released;

        Membership(String queue, String what) {
            this.queue = queue;
            this.what = what;
        }

        void apply(String agent, AmiAction action, AmiAction undo) {
            asked.add(agent);
            ami.apply(agent).send(action, (r, err) -> {
                if (err != null) {
                    LOG.error("overflow queue {} ({}): {} of agent {} failed: {}", queue, what, action.name(), agent, err.getMessage());
                    return;
                }
                track(action, agent);
                if (released) {
                    undo(agent, undo);
                } else {
                    done.put(agent, undo);
                }
            });
        }

        void release() {
            released = true;
            LOG.info("overflow queue {} drained: undoing {} for agents {}", queue, what, done.keySet());
            done.forEach(this::undo);
            done.clear();
        }

        private void undo(String agent, AmiAction undo) {
            ami.apply(agent).send(undo, (r, err) -> {
                if (err != null) {
                    LOG.error("overflow queue {} ({}): {} of agent {} failed: {}", queue, what, undo.name(), agent, err.getMessage());
                } else {
                    track(undo, agent);
                }
            });
        }

        private void track(AmiAction a, String agent) {
            if (a.name().equals("QueueAdd")) {
                tracker.memberAdded(queue, agent, false, null);
            } else if (a.name().equals("QueueRemove")) {
                tracker.memberRemoved(queue, agent);
            }
        }
    }
}
