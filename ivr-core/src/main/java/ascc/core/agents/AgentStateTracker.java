package ascc.core.agents;

import ascc.routing.config.Agent;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Desk;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Queue and agent state as the engine learns it from AMI events (fed by {@link AgentStates}): which agent is in which
 * desk queue, paused (with reason), on a call, in wrap-up; callers waiting per queue; today's answered calls and
 * service level. Every change of an agent's state closes an {@link Interval} given to the history consumer
 * (called while holding this tracker's lock: it must only queue). Thread-safe; time from the injected clock.
 *
 * <p>An agent's state: {@code ON_CALL} if on a queue call, else {@code LOGGED_OUT} if in no desk queue, else
 * {@code PAUSED} if paused in a desk queue, else {@code AVAILABLE}. Queues that are no desk's (the engine-down
 * fallback queue, which lists every agent statically) do not count as logged in.
 *
 * <p>Several Asterisk boxes (engine.yaml {@code boxes}): each box has its own queues, so memberships are kept per box
 * (the box id of the event, {@code ""} on the one-box link). An agent's state is read from its box: the box its phone
 * is registered on ({@link #registered}), else the first box. Waiting callers of every box count in their queue (their
 * unique ids never collide: each box's {@code systemname} prefixes them); a box's resync replaces only that box's
 * members, calls and callers. The methods without a box act on the agent's box.
 */
public final class AgentStateTracker {

    /** A closed interval of one state, for the history. */
    public record Interval(String agentId, AgentState state, String reason, Instant from, Instant to) {
    }

    /** A queue member as {@code QueueStatus} reports it. */
    public record MemberSnapshot(String queue, String agentId, boolean paused, String reason, boolean inCall) {
    }

    /** A waiting caller as {@code QueueStatus} reports it. */
    public record EntrySnapshot(String queue, String uniqueId, long waitSeconds) {
    }

    /** The live state of one desk. */
    public record DeskLive(String deskId, String queue, int waiting, long longestWaitSeconds, Map<AgentState, List<String>> agents,
                           Map<String, String> pauseReasons, int answeredToday, int answeredWithinTarget, int targetSeconds) {
        /** Service level today in percent (answered within target / answered), null when nothing was answered. */
        public Double serviceLevelPercent() {
            return answeredToday == 0 ? null : Math.round(1000.0 * answeredWithinTarget / answeredToday) / 10.0;
        }
    }

    private static final class Member {
        boolean paused;
        String reason;

        Member(boolean paused, String reason) {
            this.paused = paused;
            this.reason = reason;
        }
    }

    private record Current(AgentState state, String reason, Instant since) {
    }

    private final Clock clock;
    private final Supplier<CenterConfig> config;
    private final int serviceLevelSeconds;
    private final Consumer<Interval> history;
    private final Instant started;
    /** The box of agents not registered anywhere known (the first box; {@code ""} with one box). */
    private final String firstBox;
    /** box -> queue -> agent -> member. */
    private final Map<String, Map<String, Map<String, Member>>> boxes = new HashMap<>();
    /** agent -> the box whose queue call it is on. */
    private final Map<String, String> onCall = new HashMap<>();
    /** agent -> the box its phone is registered on (last told). */
    private final Map<String, String> registeredOn = new HashMap<>();
    private final Map<String, Instant> wrapUpUntil = new HashMap<>();
    /** queue -> caller unique id -> joined at. */
    private final Map<String, Map<String, Instant>> waiting = new HashMap<>();
    /** caller unique id -> the box it waits on. */
    private final Map<String, String> waitingBox = new HashMap<>();
    /** queue -> {answered, within target}, for {@link #day}. */
    private final Map<String, int[]> answered = new HashMap<>();
    private final Map<String, Current> current = new HashMap<>();
    private LocalDate day;

    public AgentStateTracker(Clock clock, Supplier<CenterConfig> config, int serviceLevelSeconds, Consumer<Interval> history) {
        this(clock, config, serviceLevelSeconds, history, "");
    }

    /** With several boxes: {@code firstBox} is where agents whose phone's box is not known yet are read. */
    public AgentStateTracker(Clock clock, Supplier<CenterConfig> config, int serviceLevelSeconds, Consumer<Interval> history,
                             String firstBox) {
        this.firstBox = Objects.requireNonNull(firstBox, "firstBox");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.config = Objects.requireNonNull(config, "config");
        this.serviceLevelSeconds = serviceLevelSeconds;
        this.history = Objects.requireNonNull(history, "history");
        this.started = clock.instant();
    }

    // ------------------------------------------------------------------------------------------ events

    public synchronized void memberAdded(String queue, String agent, boolean paused, String reason) {
        memberAdded(boxOf(agent), queue, agent, paused, reason);
    }

    public synchronized void memberAdded(String box, String queue, String agent, boolean paused, String reason) {
        members(box).computeIfAbsent(queue, q -> new HashMap<>()).put(agent, new Member(paused, paused ? reason : null));
        update(agent);
    }

    public synchronized void memberRemoved(String queue, String agent) {
        memberRemoved(boxOf(agent), queue, agent);
    }

    public synchronized void memberRemoved(String box, String queue, String agent) {
        Map<String, Member> m = members(box).get(queue);
        if (m != null) {
            m.remove(agent);
        }
        update(agent);
    }

    public synchronized void memberPaused(String queue, String agent, boolean paused, String reason) {
        memberPaused(boxOf(agent), queue, agent, paused, reason);
    }

    public synchronized void memberPaused(String box, String queue, String agent, boolean paused, String reason) {
        Member m = members(box).computeIfAbsent(queue, q -> new HashMap<>()).computeIfAbsent(agent, a -> new Member(false, null));
        m.paused = paused;
        m.reason = paused ? blankToNull(reason) : null;
        update(agent);
    }

    /**
     * The agent's phone is (or is no longer) registered on {@code box} ({@code ContactStatus}, the device state of a queue
     * member): its state is read from that box's queues from now on (a box that loses it leaves it to the first box).
     */
    public synchronized void registered(String box, String agent, boolean registered) {
        String before = registeredOn.get(agent);
        if (registered) {
            registeredOn.put(agent, box);
        } else if (box.equals(before)) {
            registeredOn.remove(agent);
        }
        if (!Objects.equals(before, registeredOn.get(agent))) {
            update(agent);
        }
    }

    /** The box the agent's phone is registered on, else the first box ({@code ""} with one box). */
    public synchronized String boxOf(String agent) {
        return registeredOn.getOrDefault(agent, firstBox);
    }

    /** {@code InCall} of a {@code QueueMemberStatus}: sets on-call without counting an answered call. */
    public synchronized void memberInCall(String agent, boolean inCall) {
        if (inCall ? onCall.putIfAbsent(agent, boxOf(agent)) == null : onCall.remove(agent) != null) {
            update(agent);
        }
    }

    /** {@code AgentConnect}: the agent answered a caller who waited {@code holdSeconds}. */
    public synchronized void callConnected(String queue, String agent, long holdSeconds) {
        callConnected(boxOf(agent), queue, agent, holdSeconds);
    }

    /** {@code AgentConnect} on {@code box}. */
    public synchronized void callConnected(String box, String queue, String agent, long holdSeconds) {
        rollDay();
        int[] counts = answered.computeIfAbsent(queue, q -> new int[2]);
        counts[0]++;
        if (holdSeconds <= serviceLevelSeconds) {
            counts[1]++;
        }
        onCall.put(agent, box);
        update(agent);
    }

    /** {@code AgentComplete}: the call ended; the desk's wrap-up starts. */
    public synchronized void callCompleted(String queue, String agent) {
        onCall.remove(agent);
        Desk d = deskOfQueue(queue);
        int wrap = d == null ? 0 : d.wrapUpSeconds();
        wrapUpUntil.put(agent, clock.instant().plusSeconds(wrap));
        update(agent);
    }

    public synchronized void callerJoined(String queue, String uniqueId) {
        callerJoined(firstBox, queue, uniqueId);
    }

    /** {@code QueueCallerJoin} on {@code box}. */
    public synchronized void callerJoined(String box, String queue, String uniqueId) {
        waiting.computeIfAbsent(queue, q -> new HashMap<>()).putIfAbsent(uniqueId, clock.instant());
        waitingBox.put(uniqueId, box);
    }

    public synchronized void callerLeft(String queue, String uniqueId) {
        Map<String, Instant> w = waiting.get(queue);
        if (w != null) {
            w.remove(uniqueId);
        }
        if (waiting.values().stream().noneMatch(q -> q.containsKey(uniqueId))) {
            waitingBox.remove(uniqueId);
        }
    }

    /** The box the waiting caller {@code uniqueId} waits on, or null when not waiting. */
    public synchronized String boxOfCaller(String uniqueId) {
        return waitingBox.get(uniqueId);
    }

    /**
     * After a (re)connect: replaces members and waiting callers of every queue with {@code QueueStatus}'s answer;
     * agents whose state changed get a history interval as for any change.
     */
    public synchronized void resync(List<MemberSnapshot> snapshot, List<EntrySnapshot> entries) {
        resync(firstBox, snapshot, entries);
    }

    /** As above for box {@code box} only: the other boxes' members, calls and waiting callers stay. */
    public synchronized void resync(String box, List<MemberSnapshot> snapshot, List<EntrySnapshot> entries) {
        Set<String> touched = new HashSet<>();
        Map<String, Map<String, Member>> members = members(box);
        members.values().forEach(m -> touched.addAll(m.keySet()));
        onCall.forEach((agent, b) -> {
            if (b.equals(box)) {
                touched.add(agent);
            }
        });
        members.clear();
        onCall.values().removeIf(box::equals);
        for (MemberSnapshot s : snapshot) {
            members.computeIfAbsent(s.queue(), q -> new HashMap<>()).put(s.agentId(),
                    new Member(s.paused(), s.paused() ? blankToNull(s.reason()) : null));
            if (s.inCall()) {
                onCall.put(s.agentId(), box);
            }
            touched.add(s.agentId());
        }
        Instant now = clock.instant();
        Map<String, Map<String, Instant>> before = new HashMap<>();
        waiting.forEach((q, w) -> before.put(q, new HashMap<>(w)));
        for (Map<String, Instant> w : waiting.values()) {
            w.keySet().removeIf(id -> box.equals(waitingBox.getOrDefault(id, firstBox)));
        }
        waitingBox.values().removeIf(box::equals);
        for (EntrySnapshot e : entries) {
            Instant known = before.getOrDefault(e.queue(), Map.of()).get(e.uniqueId());
            waiting.computeIfAbsent(e.queue(), q -> new HashMap<>()).put(e.uniqueId(),
                    known != null ? known : now.minusSeconds(e.waitSeconds()));
            waitingBox.put(e.uniqueId(), box);
        }
        touched.forEach(this::update);
    }

    // ------------------------------------------------------------------------------------------ queries

    public synchronized AgentState state(String agent) {
        return compute(agent).state();
    }

    /** The pause reason, or null. */
    public synchronized String reason(String agent) {
        return compute(agent).reason();
    }

    public synchronized boolean isLoggedIn(String agent) {
        return !deskQueuesWith(agent).isEmpty();
    }

    /** Paused in a desk queue (whether on a call or not). */
    public synchronized boolean isPaused(String agent) {
        return pausedMember(agent) != null;
    }

    /** The reason of the pause in a desk queue, or null. */
    public synchronized String pauseReason(String agent) {
        Member m = pausedMember(agent);
        return m == null ? null : m.reason;
    }

    private Member pausedMember(String agent) {
        Map<String, Desk> byQueue = desksByQueue();
        for (Map.Entry<String, Map<String, Member>> e : new TreeMap<>(members(boxOf(agent))).entrySet()) {
            Member m = e.getValue().get(agent);
            if (m != null && m.paused && byQueue.containsKey(e.getKey())) {
                return m;
            }
        }
        return null;
    }

    public synchronized boolean isOnCall(String agent) {
        return onCall.containsKey(agent);
    }

    /** Desk queues the agent is a member of. */
    public synchronized Set<String> deskQueuesWith(String agent) {
        Set<String> out = new TreeSet<>();
        Map<String, Desk> byQueue = desksByQueue();
        members(boxOf(agent)).forEach((q, m) -> {
            if (byQueue.containsKey(q) && m.containsKey(agent)) {
                out.add(q);
            }
        });
        return out;
    }

    /** Members of a queue: the agents that are members of it on their own box. */
    public synchronized Set<String> membersOf(String queue) {
        Set<String> out = new TreeSet<>();
        boxes.forEach((box, queues) -> queues.getOrDefault(queue, Map.of()).keySet().forEach(a -> {
            if (boxOf(a).equals(box)) {
                out.add(a);
            }
        }));
        return out;
    }

    /** Members of a queue on box {@code box}, wherever their phones are (auto-login fills each box's queues). */
    public synchronized Set<String> membersOf(String box, String queue) {
        return new TreeSet<>(boxes.getOrDefault(box, Map.of()).getOrDefault(queue, Map.of()).keySet());
    }

    /** Callers waiting in a queue with the time each joined, longest first. */
    public synchronized List<Map.Entry<String, Instant>> waitingIn(String queue) {
        List<Map.Entry<String, Instant>> out = new ArrayList<>(waiting.getOrDefault(queue, Map.of()).entrySet());
        out.sort(Map.Entry.comparingByValue());
        return out;
    }

    /** Every desk, sorted by id. */
    public synchronized List<DeskLive> live() {
        rollDay();
        Instant now = clock.instant();
        CenterConfig c = config.get();
        List<Desk> desks = new ArrayList<>(c.desks().values());
        desks.sort(Comparator.comparing(Desk::id));
        List<DeskLive> out = new ArrayList<>();
        for (Desk d : desks) {
            String q = d.queueName();
            Set<String> agents = membersOf(q);
            for (Agent a : c.agents().values()) {
                if (a.skills().containsKey(d.id())) {
                    agents.add(a.id());
                }
            }
            Map<AgentState, List<String>> byState = new EnumMap<>(AgentState.class);
            for (AgentState s : AgentState.values()) {
                byState.put(s, new ArrayList<>());
            }
            Map<String, String> reasons = new TreeMap<>();
            for (String a : agents) {
                Member mm = members(boxOf(a)).getOrDefault(q, Map.of()).get(a);
                AgentState s;
                if (mm == null) {
                    s = AgentState.LOGGED_OUT;
                } else if (onCall.containsKey(a)) {
                    s = AgentState.ON_CALL;
                } else if (mm.paused) {
                    s = AgentState.PAUSED;
                    reasons.put(a, mm.reason == null ? "" : mm.reason);
                } else if (now.isBefore(wrapUpUntil.getOrDefault(a, Instant.MIN))) {
                    s = AgentState.WRAP_UP;
                } else {
                    s = AgentState.AVAILABLE;
                }
                byState.get(s).add(a);
            }
            List<Map.Entry<String, Instant>> w = waitingIn(q);
            long longest = w.isEmpty() ? 0 : Math.max(0, Duration.between(w.get(0).getValue(), now).toSeconds());
            int[] counts = answered.getOrDefault(q, new int[2]);
            out.add(new DeskLive(d.id(), q, w.size(), longest, byState, reasons, counts[0], counts[1], serviceLevelSeconds));
        }
        return out;
    }

    /** Closes every open interval at now (engine shutdown); the state is kept. */
    public synchronized void flush() {
        Instant now = clock.instant();
        current.replaceAll((agent, cur) -> {
            if (now.isAfter(cur.since())) {
                history.accept(new Interval(agent, cur.state(), cur.reason(), cur.since(), now));
            }
            return new Current(cur.state(), cur.reason(), now);
        });
    }

    // ------------------------------------------------------------------------------------------ internals

    private Current compute(String agent) {
        Map<String, Desk> byQueue = desksByQueue();
        boolean loggedIn = false;
        String pauseReason = null;
        boolean paused = false;
        for (Map.Entry<String, Map<String, Member>> e : new TreeMap<>(members(boxOf(agent))).entrySet()) {
            Member m = e.getValue().get(agent);
            if (m == null || !byQueue.containsKey(e.getKey())) {
                continue;
            }
            loggedIn = true;
            if (m.paused && !paused) {
                paused = true;
                pauseReason = m.reason;
            }
        }
        AgentState s;
        if (onCall.containsKey(agent)) {
            s = AgentState.ON_CALL;
        } else if (!loggedIn) {
            s = AgentState.LOGGED_OUT;
        } else if (paused) {
            s = AgentState.PAUSED;
        } else {
            s = AgentState.AVAILABLE;
        }
        return new Current(s, s == AgentState.PAUSED ? pauseReason : null, null);
    }

    private void update(String agent) {
        Current next = compute(agent);
        Instant now = clock.instant();
        Current cur = current.get(agent);
        if (cur == null) {
            cur = new Current(AgentState.LOGGED_OUT, null, started);
        }
        if (cur.state() == next.state() && Objects.equals(cur.reason(), next.reason())) {
            current.putIfAbsent(agent, cur);
            return;
        }
        history.accept(new Interval(agent, cur.state(), cur.reason(), cur.since(), now));
        current.put(agent, new Current(next.state(), next.reason(), now));
    }

    /** Box {@code box}'s queues: queue -> agent -> member. */
    private Map<String, Map<String, Member>> members(String box) {
        return boxes.computeIfAbsent(box, b -> new HashMap<>());
    }

    private Map<String, Desk> desksByQueue() {
        Map<String, Desk> out = new HashMap<>();
        for (Desk d : config.get().desks().values()) {
            out.put(d.queueName(), d);
        }
        return out;
    }

    private Desk deskOfQueue(String queue) {
        return desksByQueue().get(queue);
    }

    private void rollDay() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), config.get().engine().timeZone());
        if (!today.equals(day)) {
            day = today;
            answered.clear();
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
