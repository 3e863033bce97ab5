package ascc.core.tracking;

import ascc.routing.Phones;
import ascc.routing.calls.CallOutcome;

import ascc.routing.asterisk.Channels;
import ascc.routing.asterisk.Queues;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows each call from the engine's routing decision (AGI) through the queue (AMI events) to its
 * hang-up, and hands the finished {@link TrackedCall} to a sink (the call-record writer). Keyed by
 * linkedid. Thread-safe: AGI sessions and the AMI event thread call it concurrently.
 *
 * <p>Calls the engine never routed (the engine was down for the AGI step but AMI sees the call join
 * the fallback queue) are tracked from their queue join and recorded as {@link CallOutcome#FALLBACK}.
 */
public final class CallTracker {
    private static final Logger LOG = LoggerFactory.getLogger(CallTracker.class);

    private final Map<String, TrackedCall> calls = new ConcurrentHashMap<>();
    private final Consumer<TrackedCall> sink;
    private final Clock clock;

    public CallTracker(Consumer<TrackedCall> sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    /** The AGI flow decided where the call goes. */
    public void routed(TrackedCall routing) {
        calls.merge(routing.linkedId(), routing, (old, fresh) -> fresh);
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
        if (calls.containsKey(linkedId)) {
            return;
        }
        emit(new TrackedCall(linkedId, uniqueId, dialed, caller, companyId, null, null, null, null, null, at, null, null, at,
                CallOutcome.ABANDONED_IVR, "caller hung up in the IVR at step " + step));
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
        if (isCallbackLeg(channel)) {
            LOG.debug("queue join of callback place holder {} in {} not tracked as a call", Phones.maskText(channel), queue);
            return;
        }
        Instant now = clock.instant();
        calls.compute(linkedId, (id, c) -> {
            if (c == null) {
                boolean fallback = Queues.FALLBACK.equals(queue);
                return new TrackedCall(linkedId, uniqueId, dialed, callerNumber, null, null, null, null, queue, null, now, now,
                        null, null, fallback ? CallOutcome.FALLBACK : null,
                        fallback ? "dialplan fallback (engine did not route the call)" : "queue " + queue + " (not routed by engine)");
            }
            return c.withQueue(queue, now);
        });
    }

    /** AMI AgentConnect: an agent answered the customer. */
    public void agentConnected(String linkedId, String agentId) {
        Instant now = clock.instant();
        calls.computeIfPresent(linkedId, (id, c) -> c.withAnswer(agentId, now));
    }

    /**
     * AMI Hangup of a channel. Only the customer's channel (the tracked unique id) ends the call;
     * agent legs hanging up are ignored.
     */
    public void hungUp(String linkedId, String uniqueId) {
        TrackedCall c = calls.get(linkedId);
        if (c == null || !c.uniqueId().equals(uniqueId)) {
            return;
        }
        TrackedCall ended = c.withEnd(clock.instant());
        if (calls.remove(linkedId, c)) {
            emit(ended);
        } else {
            hungUp(linkedId, uniqueId); // changed concurrently: retry with the newest state
        }
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
        for (String id : stale) {
            TrackedCall c = calls.remove(id);
            if (c != null) {
                LOG.warn("call {} had no hang-up after {} (company={}, queue={}); recording it as ended now", id, maxAge,
                        c.companyId(), c.queueName());
                emit(c.withEnd(clock.instant()));
                n++;
            }
        }
        return n;
    }

    /** True for the channels of a callback attempt (the place holder in the queue, a Local channel in its context). */
    public static boolean isCallbackLeg(String channel) {
        return Channels.callbackIdOf(channel) != null;
    }

    /** Linked ids of calls still up, for a resync against Asterisk's channel list. */
    public List<String> activeLinkedIds() {
        return List.copyOf(calls.keySet());
    }

    /** Ends the calls whose channels Asterisk no longer has (after an AMI reconnect). */
    public int endMissing(java.util.Set<String> liveLinkedIds) {
        int n = 0;
        for (String id : activeLinkedIds()) {
            if (!liveLinkedIds.contains(id)) {
                TrackedCall c = calls.remove(id);
                if (c != null) {
                    emit(c.withEnd(clock.instant()));
                    n++;
                }
            }
        }
        return n;
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
