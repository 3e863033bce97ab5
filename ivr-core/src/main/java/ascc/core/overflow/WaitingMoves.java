package ascc.core.overflow;

import ascc.routing.Phones;
import ascc.routing.asterisk.ChannelVars;
import ascc.routing.asterisk.Contexts;
import ascc.routing.asterisk.Queues;
import ascc.routing.calls.CallOutcome;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Desk;
import ascc.routing.config.OverflowConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A supervisor's actions on a waiting caller (the wallboard), done with overflow's own machinery so they are tracked like
 * its steps (a {@code call_overflow_step} row with step number {@link #SUPERVISOR_STEP}):
 * <ul>
 *   <li>{@link #moveToDesk}: the caller's channel is redirected (AMI Setvar + Redirect, as overflow's moving steps) to the
 *       inbound context's enqueue label with the other desk's queue; the tracker follows the new queue join, so the call
 *       record's {@code queue_name} is the desk it was answered on (its {@code desk_id} stays the desk it was routed to, as
 *       with a backup desk);</li>
 *   <li>{@link #takeCallback}: the callback keeping the caller's place is booked exactly as the waiting caller's key 1
 *       books it ({@link OverflowCallbacks#acceptNow}: journaled, fsynced, before this returns), then the caller hears the
 *       thank-you prompt ({@link Contexts#WAIT_KEYS_BOOKED}) and is hung up; the call ends as a callback requested.</li>
 * </ul>
 * The caller checks of the web layer (role, CSRF, desk allowed for the company, the audit row) are the wallboard's.
 */
public final class WaitingMoves {
    private static final Logger LOG = LoggerFactory.getLogger(WaitingMoves.class);
    /** The step number of a supervisor's action in {@code call_overflow_step} (overflow.yaml steps count from 1). */
    public static final int SUPERVISOR_STEP = 0;

    private final Overflow overflow;
    private final OverflowCallbacks callbacks;
    private final Supplier<OverflowConfig> config;
    private final Supplier<CenterConfig> center;
    private final BiConsumer<String, CallOutcome> plan;
    private final Clock clock;

    WaitingMoves(Overflow overflow, OverflowCallbacks callbacks, Supplier<OverflowConfig> config, Supplier<CenterConfig> center,
                 BiConsumer<String, CallOutcome> plan, Clock clock) {
        this.overflow = Objects.requireNonNull(overflow, "overflow");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        this.config = Objects.requireNonNull(config, "config");
        this.center = Objects.requireNonNull(center, "center");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Refused before anything was done: the message says why (with the state). */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }

    /**
     * Moves waiting caller {@code uniqueId} to {@code target}'s queue; {@code dialed} is the number the caller dialed (the
     * inbound context's exten). Throws {@link Refused} when the caller is not waiting or already in that desk; the future
     * completes once Asterisk redirected the channel, exceptionally when it refused (the caller hung up meanwhile).
     */
    public CompletableFuture<Void> moveToDesk(String uniqueId, Desk target, String dialed, String by) {
        Overflow.Waiting w = waitingOrRefuse(uniqueId);
        if (target.queueName().equals(w.queue())) {
            throw new Refused("caller " + uniqueId + " waits in " + w.queue() + " already");
        }
        if (dialed == null || !dialed.matches("[0-9]{2,}")) {
            throw new Refused("caller " + uniqueId + " has no dialed number to re-enter " + Contexts.INBOUND + " with ("
                    + Phones.mask(dialed) + ")");
        }
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put(ChannelVars.QUEUE, target.queueName());
        vars.put(ChannelVars.inherited(ChannelVars.DESK), target.id()); // the agent's phone is told the desk it answers for
        vars.put(Queues.MAX_PENALTY_VARIABLE, ""); // the enqueue label puts the new desk's start proficiency, if any
        String from = deskOf(w.queue());
        Overflow.Taken step = step(w, from, "moved to desk " + target.id() + " by " + by);
        LOG.info("supervisor {} moves caller {} from {} to desk {}", by, w, w.queue(), target.id());
        return overflow.redirect(uniqueId, vars, Contexts.INBOUND, dialed, Contexts.INBOUND_ENQUEUE, step);
    }

    /**
     * Books the callback of waiting caller {@code uniqueId} keeping their place (journaled before this returns), then
     * thanks and hangs up the caller. Throws {@link Refused} when the caller is not waiting, their desk takes no callbacks
     * (overflow.yaml has no trunk-dial) or the booking was refused (their number, a callback for the call already); the
     * future completes once the caller was redirected to the thank-you prompt (exceptionally: the callback stays booked,
     * the caller stays in the queue until they hang up or are answered).
     */
    public CompletableFuture<Void> takeCallback(String uniqueId, String by) {
        Overflow.Waiting w = waitingOrRefuse(uniqueId);
        OverflowConfig c = config.get();
        if (c.trunkDial().isEmpty()) {
            throw new Refused("no callbacks: overflow.yaml has no trunk-dial to call back over (caller " + uniqueId + ")");
        }
        String desk = deskOf(w.queue());
        Overflow.Accepted a = new Overflow.Accepted(w.uniqueId(), w.linkedId(), desk, w.queue(), w.number(), w.firstJoined());
        if (!callbacks.acceptNow(a)) {
            throw new Refused("callback for " + a + " not booked (number not callable, or booked already: see the engine log)");
        }
        plan.accept(w.linkedId(), CallOutcome.CALLBACK_REQUESTED);
        LOG.info("supervisor {} took the callback of caller {} (kept place of {})", by, w, w.firstJoined());
        Map<String, String> vars = Map.of(ChannelVars.PROMPT, c.callback().thanksPrompt());
        return overflow.redirect(uniqueId, vars, Contexts.WAIT_KEYS, Queues.WAIT_CALLBACK_KEY, Contexts.WAIT_KEYS_BOOKED,
                step(w, desk, "callback taken by " + by));
    }

    private Overflow.Waiting waitingOrRefuse(String uniqueId) {
        return overflow.waitingCaller(uniqueId).filter(w -> w.channel() != null)
                .orElseThrow(() -> new Refused("caller " + uniqueId + " is not waiting in a queue of this engine"));
    }

    private String deskOf(String queue) {
        for (Desk d : center.get().desks().values()) {
            if (d.queueName().equals(queue)) {
                return d.id();
            }
        }
        return queue;
    }

    private Overflow.Taken step(Overflow.Waiting w, String desk, String action) {
        Instant now = clock.instant();
        long waited = Math.max(0, Duration.between(w.firstJoined(), now).toSeconds());
        return new Overflow.Taken(w.uniqueId(), w.linkedId(), desk, SUPERVISOR_STEP, action, waited, now);
    }
}
