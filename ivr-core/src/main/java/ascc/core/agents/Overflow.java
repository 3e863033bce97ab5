package ascc.core.agents;

import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiException;
import ascc.routing.config.Agent;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Desk;
import ascc.routing.config.OverflowConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Overflow steps ({@code overflow.yaml}), checked every second by {@link AgentStates}: while the longest-waiting
 * caller of a desk's queue has waited at least a step's seconds, the backup desk's agents are members of this queue
 * (AMI {@code QueueAdd}, penalty from their proficiency on the backup desk), so callers already waiting are offered to
 * them too; once nobody waits, the members this step added are removed again. Every caller who has waited past a step
 * gets the step recorded once ({@link Taken}).
 */
final class Overflow {
    private static final Logger LOG = LoggerFactory.getLogger(Overflow.class);

    /** A step taken on a waiting call. */
    record Taken(String uniqueId, String deskId, int stepNo, String action, long waitedSeconds, Instant at) {
    }

    /** Sends an AMI action and waits for its answer (throws {@link AmiException}). */
    @FunctionalInterface
    interface Sender {
        void send(AmiAction action);
    }

    private final OverflowConfig steps;
    private final Supplier<CenterConfig> config;
    private final AgentStateTracker tracker;
    private final Sender ami;
    private final Clock clock;
    private final Consumer<Taken> recorder;
    /** "queue|step" -> agents this step added (and must remove). */
    private final Map<String, Set<String>> added = new HashMap<>();
    /** "uniqueId|step" already recorded. */
    private final Set<String> recorded = new HashSet<>();

    Overflow(OverflowConfig steps, Supplier<CenterConfig> config, AgentStateTracker tracker, Sender ami, Clock clock,
             Consumer<Taken> recorder) {
        this.steps = Objects.requireNonNull(steps, "steps");
        this.config = config;
        this.tracker = tracker;
        this.ami = ami;
        this.clock = clock;
        this.recorder = recorder;
    }

    boolean isEmpty() {
        return steps.steps().isEmpty();
    }

    /** One pass over every desk with steps. */
    synchronized void check() {
        Instant now = clock.instant();
        CenterConfig c = config.get();
        Set<String> stillWaiting = new HashSet<>();
        for (Map.Entry<String, List<OverflowConfig.Step>> e : steps.steps().entrySet()) {
            Desk desk = c.desks().get(e.getKey());
            if (desk == null) {
                continue;
            }
            String queue = desk.queueName();
            List<Map.Entry<String, Instant>> waiting = tracker.waitingIn(queue);
            waiting.forEach(w -> stillWaiting.add(w.getKey()));
            long longest = waiting.isEmpty() ? -1 : Duration.between(waiting.get(0).getValue(), now).toSeconds();
            for (int i = 0; i < e.getValue().size(); i++) {
                OverflowConfig.Step step = e.getValue().get(i);
                String key = queue + "|" + i;
                if (longest >= step.afterSeconds()) {
                    if (!added.containsKey(key)) {
                        added.put(key, addBackup(c, desk, step));
                    }
                    for (Map.Entry<String, Instant> w : waiting) {
                        long waited = Duration.between(w.getValue(), now).toSeconds();
                        if (waited >= step.afterSeconds() && recorded.add(w.getKey() + "|" + key)) {
                            recorder.accept(new Taken(w.getKey(), desk.id(), i + 1, "add-agents-of " + step.addAgentsOf(), waited, now));
                        }
                    }
                } else if (waiting.isEmpty() && added.containsKey(key)) {
                    removeBackup(queue, added.remove(key));
                }
            }
        }
        recorded.removeIf(k -> !stillWaiting.contains(k.substring(0, k.indexOf('|'))));
    }

    private Set<String> addBackup(CenterConfig c, Desk desk, OverflowConfig.Step step) {
        Set<String> mine = new TreeSet<>();
        Set<String> members = tracker.membersOf(desk.queueName());
        for (Agent a : c.agents().values()) {
            Integer proficiency = a.skills().get(step.addAgentsOf());
            if (proficiency == null || members.contains(a.id())) {
                continue;
            }
            try {
                ami.send(AmiAction.of("QueueAdd").with("Queue", desk.queueName()).with("Interface", "PJSIP/" + a.id())
                        .with("Penalty", Agent.penaltyFor(proficiency)).with("MemberName", a.name())
                        .with("StateInterface", "PJSIP/" + a.id()).with("Paused", "false"));
                tracker.memberAdded(desk.queueName(), a.id(), false, null);
                mine.add(a.id());
            } catch (AmiException ex) {
                LOG.error("overflow desk {}: QueueAdd of backup agent {} (desk {}) failed: {}", desk.id(), a.id(), step.addAgentsOf(),
                        ex.getMessage());
            }
        }
        LOG.info("overflow desk {}: caller waited >= {} s, added agents of desk {}: {}", desk.id(), step.afterSeconds(),
                step.addAgentsOf(), mine);
        return mine;
    }

    private void removeBackup(String queue, Set<String> agents) {
        for (String a : agents) {
            try {
                ami.send(AmiAction.of("QueueRemove").with("Queue", queue).with("Interface", "PJSIP/" + a));
                tracker.memberRemoved(queue, a);
            } catch (AmiException ex) {
                LOG.error("overflow: QueueRemove of backup agent {} from {} failed: {}", a, queue, ex.getMessage());
            }
        }
        LOG.info("overflow queue {} drained: removed backup agents {}", queue, agents);
    }
}
