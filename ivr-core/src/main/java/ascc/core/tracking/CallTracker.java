package ascc.core.tracking;

import ascc.routing.Phones;
import ascc.routing.calls.CallOutcome;

import ascc.routing.asterisk.Channels;
import ascc.routing.asterisk.Queues;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows each call from the engine's routing decision (AGI) through the queue (AMI events) to its
 * hang-up, and hands the finished {@link TrackedCall} to a sink (the call-record writer). Keyed by
 * linkedid. Thread-safe: AGI sessions and the AMI event thread call it concurrently.
 *
 * <p>Times come from Asterisk's truth after any gap. A call whose hang-up the engine did not hear (Asterisk no longer
 * has it after an AMI reconnect or a dropped-events resync, or the 4 h sweeper found it) is not closed at the time the
 * engine noticed: it waits ({@link #settle()}, {@code settleWait} at most) for Asterisk's CDR of the call ({@link CallEnds}:
 * its end, and its talk time = billsec) and is closed with those; only when no CDR comes in time is it closed at its
 * fallback end, the last moment the engine was still listening (so a gap never adds talk time). A call that was up across
 * a gap is closed the same way when its hang-up arrives (its answer may have happened while AMI was away).
 *
 * <p>Calls the engine never routed (the engine was down for the AGI step but AMI sees the call join
 * the fallback queue) are tracked from their queue join and recorded as {@link CallOutcome#FALLBACK}.
 */
public final class CallTracker {
    private static final Logger LOG = LoggerFactory.getLogger(CallTracker.class);

    private final Map<String, TrackedCall> calls = new ConcurrentHashMap<>();
    /** Ended calls waiting for Asterisk's CDR of their end. */
    private final Map<String, Unheard> unheard = new ConcurrentHashMap<>();
    /** Calls that were up across an AMI gap: their hang-up waits for the CDR too. */
    private final Set<String> crossedGap = ConcurrentHashMap.newKeySet();
    /**
     * True from the moment the engine may have stopped hearing Asterisk (the AMI link lost, or a subscriber dropped events)
     * until the resync against Asterisk's channel list is done: calls tracked meanwhile may miss events too.
     */
    private volatile boolean deaf;
    /** Boxes (engine.yaml {@code boxes}) whose own link may not be heard now: only calls of such a box cross its gap. */
    private final Set<String> deafBoxes = ConcurrentHashMap.newKeySet();
    private final Consumer<TrackedCall> sink;
    private final Clock clock;
    private final CallEnds truth;
    private final Duration settleWait;

    /**
     * An ended call waiting for its CDR until {@code giveUpAt}, else closed at {@code fallbackEnd}; {@code seen} is what the
     * previous settle read (a call's CDRs may be merged in more than one batch: its end is taken once two reads agree).
     */
    private record Unheard(TrackedCall call, Instant fallbackEnd, Instant giveUpAt, String why, CallEnd seen) {
        Unheard(TrackedCall call, Instant fallbackEnd, Instant giveUpAt, String why) {
            this(call, fallbackEnd, giveUpAt, why, null);
        }
    }

    /** A tracker without CDR truth: calls whose hang-up was not heard close at once at their fallback end. */
    public CallTracker(Consumer<TrackedCall> sink, Clock clock) {
        this(sink, clock, CallEnds.NONE, Duration.ZERO);
    }

    /**
     * @param truth Asterisk's ends of calls (CDRs)
     * @param settleWait how long an unheard end waits for its CDR before it is closed at its fallback end
     */
    public CallTracker(Consumer<TrackedCall> sink, Clock clock, CallEnds truth, Duration settleWait) {
        this.sink = sink;
        this.clock = clock;
        this.truth = truth;
        this.settleWait = settleWait;
    }

    /** The AGI flow decided where the call goes. */
    public void routed(TrackedCall routing) {
        calls.merge(routing.linkedId(), routing, (old, fresh) -> fresh);
        if (deafFor(routing.linkedId())) {
            crossedGap.add(routing.linkedId());
        }
    }

    /**
     * The engine may not hear Asterisk from now on (AMI link lost, events dropped): every call tracked now, and every call
     * tracked until {@link #heardAgain()}, has its hang-up settled from Asterisk's CDR, since its answer (AgentConnect) may
     * be lost. This covers a hang-up heard live after the reconnect but before the resync had marked the call (a call
     * answered in a silent gap whose hang-up came just after the link was back).
     */
    public void deafFromNow() {
        deaf = true;
        crossedGap.addAll(calls.keySet());
    }

    /** The resync after a gap is done: calls tracked from now on are heard live. */
    public void heardAgain() {
        deaf = false;
    }

    /**
     * As {@link #deafFromNow()} for box {@code box} only (its link lost, or its subscription dropped events): only that
     * box's calls (their linkedids start with {@code <box>-}, its {@code systemname}) take their end from the CDR; the
     * other boxes' calls are still heard live. Null: the one-box link, every call.
     */
    public void deafFromNow(String box) {
        if (box == null) {
            deafFromNow();
            return;
        }
        deafBoxes.add(box);
        calls.keySet().stream().filter(id -> ofBox(id, box)).forEach(crossedGap::add);
    }

    /** As {@link #heardAgain()} for box {@code box} (null: the one-box link). */
    public void heardAgain(String box) {
        if (box == null) {
            heardAgain();
        } else {
            deafBoxes.remove(box);
        }
    }

    private boolean deafFor(String linkedId) {
        return deaf || (!deafBoxes.isEmpty() && deafBoxes.stream().anyMatch(b -> ofBox(linkedId, b)));
    }

    private static boolean ofBox(String linkedId, String box) {
        return linkedId != null && linkedId.startsWith(box + "-");
    }

    /**
     * The caller hung up in the engine's menus before the flow decided: recorded at once as abandoned in
     * the IVR, with the step. Ignored when the call was already routed (its hang-up event ends it).
     */
    public void abandonedInIvr(String linkedId, String uniqueId, String dialed, String caller, String step, Instant at) {
        abandonedInIvr(linkedId, uniqueId, dialed, caller, step, null, at);
    }

    /** As above, for a company known by then (so the abandon counts on its statement). */
    public void abandonedInIvr(String linkedId, String uniqueId, String dialed, String caller, String step, String companyId,
            Instant at) {
        if (calls.containsKey(linkedId) || unheard.containsKey(linkedId)) {
            return;
        }
        emit(new TrackedCall(linkedId, uniqueId, dialed, caller, companyId, null, null, null, null, null, at, null, null, at,
                CallOutcome.ABANDONED_IVR, "caller hung up in the IVR at step " + step));
    }

    /**
     * The caller hung up in self-service after hearing an item: served without an agent, recorded at once with outcome
     * {@link CallOutcome#SELF_SERVICE}. Ignored when the call was already routed.
     */
    public void resolvedInSelfService(String linkedId, String uniqueId, String dialed, String caller, String companyId, Instant at) {
        if (calls.containsKey(linkedId) || unheard.containsKey(linkedId)) {
            return;
        }
        emit(new TrackedCall(linkedId, uniqueId, dialed, caller, companyId, null, null, null, null, null, at, null, null, at,
                CallOutcome.SELF_SERVICE, "served by self-service (caller hung up after hearing an item)"));
    }

    /** The flow settled how a call that is not queued ends (voicemail, callback requested). */
    public void plan(String linkedId, CallOutcome outcome) {
        calls.computeIfPresent(linkedId, (id, c) -> c.withPlanned(outcome));
    }

    /** AMI QueueCallerJoin of the customer's channel. */
    public void queueJoined(String linkedId, String uniqueId, String queue, String callerNumber, String dialed) {
        queueJoined(linkedId, uniqueId, queue, callerNumber, dialed, null);
    }

    /**
     * AMI QueueCallerJoin of a channel. A callback's place holder ({@code Local/<callback id>@ascc-callback-wait}, whose
     * agent leg then dials the customer) is not an offered inbound call: it gets no call record (the callback's result is
     * in {@code callback_request}; the original call keeps CALLBACK_REQUESTED), so reports and billing count the customer's
     * call once.
     */
    public void queueJoined(String linkedId, String uniqueId, String queue, String callerNumber, String dialed, String channel) {
        queueJoined(linkedId, uniqueId, queue, callerNumber, dialed, channel, clock.instant());
    }

    /** As above, at {@code now}: when the event was read from Asterisk (not when a busy subscriber got to it). */
    public void queueJoined(String linkedId, String uniqueId, String queue, String callerNumber, String dialed, String channel,
            Instant now) {
        if (isCallbackLeg(channel)) {
            LOG.debug("queue join of callback place holder {} in {} not tracked as a call", Phones.maskText(channel), queue);
            return;
        }
        calls.compute(linkedId, (id, c) -> {
            if (c == null) {
                boolean fallback = Queues.FALLBACK.equals(queue);
                return new TrackedCall(linkedId, uniqueId, dialed, callerNumber, null, null, null, null, queue, null, now, now,
                        null, null, fallback ? CallOutcome.FALLBACK : null,
                        fallback ? "dialplan fallback (engine did not route the call)" : "queue " + queue + " (not routed by engine)");
            }
            return c.withQueue(queue, now);
        });
        if (deafFor(linkedId)) {
            crossedGap.add(linkedId);
        }
    }

    /** AMI AgentConnect: an agent answered the customer. */
    public void agentConnected(String linkedId, String agentId) {
        agentConnected(linkedId, agentId, clock.instant());
    }

    /** As above, at {@code now} (when the event was read). */
    public void agentConnected(String linkedId, String agentId, Instant now) {
        calls.computeIfPresent(linkedId, (id, c) -> c.withAnswer(agentId, now));
    }

    /**
     * AMI Hangup of a channel. Only the customer's channel (the tracked unique id) ends the call;
     * agent legs hanging up are ignored.
     */
    public void hungUp(String linkedId, String uniqueId) {
        hungUp(linkedId, uniqueId, clock.instant());
    }

    /** As above, at {@code at} (when the event was read). */
    public void hungUp(String linkedId, String uniqueId, Instant at) {
        TrackedCall c = calls.get(linkedId);
        if (c == null || !c.uniqueId().equals(uniqueId)) {
            return;
        }
        if (!calls.remove(linkedId, c)) {
            hungUp(linkedId, uniqueId, at); // changed concurrently: retry with the newest state
            return;
        }
        if (crossedGap.remove(linkedId) && settleWait.isPositive()) {
            // its answer may have happened while AMI was away: the next settle (off this thread) takes the CDR's times
            unheard.put(linkedId, new Unheard(c, at, clock.instant().plus(settleWait), "up across an AMI gap"));
            return;
        }
        emit(c.withEnd(at));
    }

    /**
     * Ends calls older than {@code maxAge} whose hang-up was never seen (lost events across an AMI outage),
     * so no call stays in memory forever. Returns how many were closed.
     */
    public int sweep(Duration maxAge) {
        Instant limit = clock.instant().minus(maxAge);
        List<String> stale = new ArrayList<>();
        calls.forEach((id, c) -> {
            if (c.enteredAt().isBefore(limit)) {
                stale.add(id);
            }
        });
        int n = 0;
        Instant now = clock.instant();
        for (String id : stale) {
            TrackedCall c = calls.remove(id);
            if (c != null) {
                crossedGap.remove(id);
                LOG.warn("call {} had no hang-up after {} (company={}, queue={}); its end is taken from Asterisk's CDR, else now", id,
                        maxAge, c.companyId(), c.queueName());
                unheard.put(id, new Unheard(c, now, now.plus(settleWait), "no hang-up after " + maxAge));
                n++;
            }
        }
        settle();
        return n;
    }

    /** True for the channels of a callback attempt (the place holder in the queue, a Local channel in its context). */
    public static boolean isCallbackLeg(String channel) {
        return Channels.callbackIdOf(channel) != null;
    }

    /** The call {@code linkedId} while it is up (the agent desktop's screen pop reads its company, category and inquiry). */
    public java.util.Optional<TrackedCall> find(String linkedId) {
        return linkedId == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(calls.get(linkedId));
    }

    /** The calls followed now, as last updated (the live pages read them). */
    public List<TrackedCall> openCalls() {
        return List.copyOf(calls.values());
    }

    /** Linked ids of calls still up, for a resync against Asterisk's channel list. */
    public List<String> activeLinkedIds() {
        return List.copyOf(calls.keySet());
    }

    /** Ends the calls whose channels Asterisk no longer has, at once (as of now, not heard since now). */
    public int endMissing(Set<String> liveLinkedIds) {
        Instant now = clock.instant();
        return endMissing(liveLinkedIds, now, now);
    }

    /**
     * After an AMI reconnect (or a resync after dropped events): Asterisk's live calls are {@code liveLinkedIds}, as of
     * {@code asOf} (when the channel list was asked for; calls tracked since are left alone). Tracked calls not among
     * them ended while the engine was not listening: they wait for Asterisk's CDR of their end ({@link #settle()}), and
     * close at {@code notHeardSince} (when the link was lost) if none comes. Calls still up are marked as having crossed
     * the gap, so their hang-up also takes its times from the CDR.
     *
     * @return how many tracked calls had ended
     */
    public int endMissing(Set<String> liveLinkedIds, Instant asOf, Instant notHeardSince) {
        return endMissing(liveLinkedIds, asOf, notHeardSince, id -> true);
    }

    /**
     * As {@link #endMissing(Set, Instant, Instant)} for the calls of one Asterisk box: {@code liveLinkedIds} is that box's
     * channel list, and only the calls {@code ofThisBox} accepts (by linkedid) can be missing from it.
     */
    public int endMissing(Set<String> liveLinkedIds, Instant asOf, Instant notHeardSince, java.util.function.Predicate<String> ofThisBox) {
        int n = 0;
        Instant giveUpAt = clock.instant().plus(settleWait);
        for (Map.Entry<String, TrackedCall> e : List.copyOf(calls.entrySet())) {
            String id = e.getKey();
            TrackedCall c = e.getValue();
            if (c.enteredAt() != null && c.enteredAt().isAfter(asOf) || !ofThisBox.test(id)) {
                continue;
            }
            if (liveLinkedIds.contains(id)) {
                crossedGap.add(id);
                if (!calls.containsKey(id)) {
                    crossedGap.remove(id); // its hang-up came meanwhile: nothing left to mark
                }
            } else if (calls.remove(id, c)) {
                crossedGap.remove(id);
                unheard.put(id, new Unheard(c, latest(c, notHeardSince), giveUpAt, "ended while AMI was away"));
                n++;
            }
        }
        settle();
        return n;
    }

    /**
     * Closes the ended calls whose CDR has arrived (read the same at two settles in a row, so a call whose CDRs are still
     * being merged is not closed with half of them), with Asterisk's end and talk time, and those whose wait is over, at
     * their fallback end. Reads the database ({@link CallEnds}): call it off the AMI and call threads. Returns how many
     * were closed.
     */
    public synchronized int settle() {
        if (unheard.isEmpty()) {
            return 0;
        }
        Map<String, CallEnd> known;
        try {
            known = truth.ends(List.copyOf(unheard.keySet()));
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Asterisk's ends of {} calls could not be read ({}); asked again at the next settle", unheard.size(), e.toString());
            known = Map.of();
        }
        Instant now = clock.instant();
        int n = 0;
        for (Map.Entry<String, Unheard> e : List.copyOf(unheard.entrySet())) {
            Unheard u = e.getValue();
            CallEnd end = known.get(e.getKey());
            if (end != null && end.equals(u.seen())) {
                if (unheard.remove(e.getKey(), u)) {
                    emit(u.call().withTruth(end));
                    n++;
                }
            } else if (end != null) {
                unheard.replace(e.getKey(), u, new Unheard(u.call(), u.fallbackEnd(), u.giveUpAt(), u.why(), end)); // confirm next time
            } else if (!now.isBefore(u.giveUpAt()) && unheard.remove(e.getKey(), u)) {
                if (settleWait.isPositive()) {
                    LOG.warn("call {} ({}): no CDR from Asterisk within {}; closed at {}, the last time the engine heard Asterisk"
                            + " (company={}, queue={})", e.getKey(), u.why(), settleWait, u.fallbackEnd(), u.call().companyId(),
                            u.call().queueName());
                }
                emit(u.call().withEnd(u.fallbackEnd()));
                n++;
            }
        }
        return n;
    }

    /** Ended calls waiting for Asterisk's CDR of their end. */
    public int settling() {
        return unheard.size();
    }

    /** The fallback end of an unheard call: when the engine stopped hearing, never before what it saw of the call. */
    private static Instant latest(TrackedCall c, Instant notHeardSince) {
        Instant t = notHeardSince;
        for (Instant seen : new Instant[] {c.enteredAt(), c.queuedAt(), c.answeredAt()}) {
            if (seen != null && seen.isAfter(t)) {
                t = seen;
            }
        }
        return t;
    }

    public int size() {
        return calls.size();
    }

    private void emit(TrackedCall c) {
        try {
            sink.accept(c);
        } catch (RuntimeException e) {
            LOG.error("could not hand over the record of call {} (company={}, outcome={})", c.linkedId(), c.companyId(),
                    c.outcome(), e);
        }
    }
}
