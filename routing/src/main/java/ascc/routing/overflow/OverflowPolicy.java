package ascc.routing.overflow;

import ascc.routing.config.OverflowConfig;
import ascc.routing.config.OverflowConfig.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The overflow decisions, pure: given one desk's ordered steps and a snapshot of its queue, which steps to take on which
 * waiting caller now, and which queue-wide (membership) actions must be in force.
 *
 * <p>Rules:
 * <ul>
 *   <li>A trigger is judged per caller: waited at least T (from the caller's first entry into the queue, so a caller who
 *       comes back after declining an offer keeps their wait); queue length at least N holds for the callers at position
 *       N or later; no agent logged in / none free holds for every caller; estimated wait at least T holds when
 *       {@code position * average handle time / staffed agents} reaches T (no staffed agent: unbounded; no recent
 *       handle time: unknown, never triggers).</li>
 *   <li>Membership actions (add a backup desk's agents, widen to lower proficiency) are queue-wide: in force while the
 *       trigger holds for at least one caller (place holders of callbacks included), and kept until the queue is empty
 *       (the engine releases them then), so an agent added is not pulled away mid-offer.</li>
 *   <li>Moving actions (offer a callback, partner center, voicemail) take the caller out of the queue: a caller gets at
 *       most one, the first in step order whose trigger holds; a callback's place holder never gets one.</li>
 *   <li>Each (caller, step) is taken once; {@code taken} holds what was taken before.</li>
 * </ul>
 */
public final class OverflowPolicy {
    private OverflowPolicy() {
    }

    /**
     * A caller in the queue, in queue order.
     *
     * @param id the caller's channel unique id
     * @param firstJoined when the caller first entered this queue
     * @param placeholder true for the stand-in of a callback (keeps a customer's place; never moved)
     * @param moved true when a moving step was taken on this caller already (e.g. a declined callback offer)
     */
    public record Caller(String id, Instant firstJoined, boolean placeholder, boolean moved) {
        public Caller {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(firstJoined, "firstJoined");
        }
    }

    /**
     * One desk's queue now.
     *
     * @param waiting callers in queue order (position 1 first)
     * @param loggedIn agents who are members of the queue
     * @param staffed members not paused (free, on a call or in wrap-up)
     * @param free members free to take a call now
     * @param averageHandle mean handle time of the desk's recent calls, null when none is known
     */
    public record QueueState(List<Caller> waiting, int loggedIn, int staffed, int free, Duration averageHandle) {
        public QueueState {
            waiting = List.copyOf(waiting);
            if (loggedIn < 0 || staffed < 0 || free < 0) {
                throw new IllegalArgumentException("negative agent counts: loggedIn=" + loggedIn + ", staffed=" + staffed
                        + ", free=" + free);
            }
        }
    }

    /** A step to take on one caller now. {@code stepNo} is 1-based. */
    public record Decision(String callerId, int stepNo, Step step, long waitedSeconds) {
    }

    /**
     * What to do now.
     *
     * @param decisions steps to take and record now, in queue order then step order
     * @param activeMembershipSteps 1-based numbers of membership steps whose trigger holds for some caller
     */
    public record Plan(List<Decision> decisions, Set<Integer> activeMembershipSteps) {
        public Plan {
            decisions = List.copyOf(decisions);
            activeMembershipSteps = Collections.unmodifiableSet(new TreeSet<>(activeMembershipSteps));
        }
    }

    /** The key under which a taken step is remembered. */
    public static String takenKey(String callerId, int stepNo) {
        return callerId + "|" + stepNo;
    }

    /** Decides for {@code queue} at {@code now}; {@code taken} holds {@link #takenKey}s of steps taken before. */
    public static Plan decide(List<Step> steps, QueueState queue, Instant now, Set<String> taken) {
        List<Decision> out = new ArrayList<>();
        Set<Integer> active = new TreeSet<>();
        List<Caller> waiting = queue.waiting();
        for (int p = 0; p < waiting.size(); p++) {
            Caller c = waiting.get(p);
            long waited = Math.max(0, Duration.between(c.firstJoined(), now).toSeconds());
            boolean movable = !c.placeholder() && !c.moved();
            for (int i = 0; i < steps.size(); i++) {
                Step s = steps.get(i);
                int no = i + 1;
                if (!holds(s.trigger(), queue, p + 1, waited)) {
                    continue;
                }
                boolean moves = s.action().movesCaller();
                if (!moves) {
                    active.add(no);
                }
                if (moves && !movable) {
                    continue;
                }
                if (!c.placeholder() && !taken.contains(takenKey(c.id(), no))) {
                    out.add(new Decision(c.id(), no, s, waited));
                }
                if (moves) {
                    movable = false; // one move per caller: later steps cannot move them again
                }
            }
        }
        return new Plan(out, active);
    }

    /** Whether {@code trigger} holds for the caller at {@code position} (1-based) who has waited {@code waitedSeconds}. */
    public static boolean holds(OverflowConfig.Trigger trigger, QueueState q, int position, long waitedSeconds) {
        return switch (trigger) {
            case OverflowConfig.WaitedAtLeast w -> waitedSeconds >= w.seconds();
            case OverflowConfig.QueueLengthAtLeast n -> position >= n.callers();
            case OverflowConfig.NoAgent n -> n.free() ? q.free() == 0 : q.loggedIn() == 0;
            case OverflowConfig.EstimatedWaitAtLeast e -> {
                Duration ewt = estimatedWait(q, position);
                yield ewt != null && ewt.toSeconds() >= e.seconds();
            }
        };
    }

    /**
     * Estimated wait of the caller at {@code position}: {@code position * averageHandle / staffed}; null when no handle
     * time is known; {@link Duration#ofSeconds} of {@link Long#MAX_VALUE} / 2 (unbounded) when nobody is staffed.
     */
    public static Duration estimatedWait(QueueState q, int position) {
        if (q.averageHandle() == null) {
            return null;
        }
        if (q.staffed() == 0) {
            return Duration.ofSeconds(Long.MAX_VALUE / 2);
        }
        return q.averageHandle().multipliedBy(position).dividedBy(q.staffed());
    }
}
