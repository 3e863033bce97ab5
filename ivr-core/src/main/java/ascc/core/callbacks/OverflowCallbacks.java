package ascc.core.callbacks;

import ascc.core.agents.Overflow;
import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiEvent;
import ascc.core.ami.AmiEvents;
import ascc.core.asterisk.AsteriskConfigRenderer;
import ascc.routing.Phones;
import ascc.routing.config.OverflowConfig;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntBiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Callbacks that keep the caller's place (overflow step {@code offer-callback}). When a caller accepts, the request is
 * stored (kind OVERFLOW, status QUEUED) and a place holder enters the same queue at the caller's place: an AMI
 * {@code Originate} of {@code Local/<id>@ascc-callback-wait}, whose far side runs {@code Queue(queue,...,position)}.
 * When an agent answers the place holder, the near side continues in {@code ascc-callback-dial}, which calls the
 * customer over the trunk: the agent is connected first, then the customer is called. Dial's outcome comes back as a
 * UserEvent; an unanswered call (or a place holder that found no agent within {@code max-wait-seconds}) is retried per
 * {@link OverflowConfig.CallbackRules} (at the head of the queue: the caller's turn has come) and finally recorded FAILED.
 */
public final class OverflowCallbacks implements Overflow.Callbacks {
    private static final Logger LOG = LoggerFactory.getLogger(OverflowCallbacks.class);

    /** Sends an async Originate; completes with its OriginateResponse. */
    @FunctionalInterface
    public interface Originator {
        CompletableFuture<AmiEvents.OriginateResponse> originate(AmiAction originate, Duration timeout);
    }

    /** Runs a task after a delay (a scheduled executor in the engine; tests run it when they move time). */
    @FunctionalInterface
    public interface Delayer {
        void schedule(Runnable task, Duration after);
    }

    /** One callback being served. */
    private record Pending(Overflow.Accepted request, int attempts, String status) {
        Pending with(int attemptsMade, String newStatus) {
            return new Pending(request, attemptsMade, newStatus);
        }
    }

    private final CallbackStore store;
    private final OverflowConfig cfg;
    private final Originator ami;
    private final Delayer delayer;
    private final Clock clock;
    private final ToIntBiFunction<String, Instant> position;
    /** Callback id (the call's linked id, digits and a dot) -> state. */
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    /**
     * @param position the place in a queue (1 = head) of a caller who first joined at the given time
     */
    public OverflowCallbacks(CallbackStore store, OverflowConfig cfg, Originator ami, Delayer delayer, Clock clock,
                             ToIntBiFunction<String, Instant> position) {
        this.store = Objects.requireNonNull(store, "store");
        this.cfg = Objects.requireNonNull(cfg, "cfg");
        this.ami = Objects.requireNonNull(ami, "ami");
        this.delayer = Objects.requireNonNull(delayer, "delayer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.position = Objects.requireNonNull(position, "position");
    }

    @Override
    public void accepted(Overflow.Accepted a) {
        String id = a.linkedId();
        if (id == null || !id.matches("[0-9][0-9.]*")) {
            LOG.error("callback accepted on a call without a usable linked id ({}); not placed", a);
            return;
        }
        if (a.number() == null || !a.number().matches("\\+?[0-9]{3,20}")) {
            LOG.error("callback accepted but the caller's number {} cannot be dialed back ({}); not placed", Phones.mask(a.number()), a);
            return;
        }
        Instant now = clock.instant();
        try {
            if (!store.insertOverflow(new CallbackRequest(id, null, a.deskId(), a.queue(), a.number(), now, now, CallbackRequest.QUEUED),
                    now)) {
                LOG.warn("callback for call {} was stored already; not placed twice", id);
                return;
            }
        } catch (SQLException e) {
            LOG.error("callback accepted but not stored ({}); placing it anyway", a, e);
        }
        Pending p = new Pending(a, 0, CallbackRequest.QUEUED);
        pending.put(id, p);
        place(p, position.applyAsInt(a.queue(), a.firstJoined()));
    }

    /**
     * An after-hours callback became due: dialed the same way, a place holder joins the end of the desk's queue; the
     * agent who takes it is connected first, then the customer is called; retried per the same rules.
     */
    public void dialDue(CallbackRequest r) {
        String id = r.linkedId();
        if (id == null || !id.matches("[0-9][0-9.]*") || r.number() == null || !r.number().matches("\\+?[0-9]{3,20}")
                || r.queueName() == null) {
            LOG.error("due callback {} cannot be dialed (linked id, number or queue unusable); left DUE", r);
            return;
        }
        Instant now = clock.instant();
        Pending p = new Pending(new Overflow.Accepted(id, id, r.deskId(), r.queueName(), r.number(), now), 0, CallbackRequest.QUEUED);
        if (pending.putIfAbsent(id, p) != null) {
            LOG.warn("due callback {} is being dialed already", id);
            return;
        }
        save(id, p, null);
        place(p, position.applyAsInt(r.queueName(), now));
    }

    @Override
    public Instant placeholderJoined(String exten) {
        Pending p = exten == null ? null : pending.get(exten);
        return p == null ? null : p.request().firstJoined();
    }

    /** Callbacks being served (queued, calling or waiting for a retry). */
    public int active() {
        return pending.size();
    }

    private void place(Pending p, int pos) {
        Overflow.Accepted a = p.request();
        OverflowConfig.CallbackRules r = cfg.callback();
        Duration maxWait = Duration.ofSeconds(r.maxWaitSeconds());
        AmiAction o = AmiAction.of("Originate")
                .with("Channel", "Local/" + a.linkedId() + "@" + AsteriskConfigRenderer.CALLBACK_WAIT_CONTEXT + "/n")
                .with("Context", AsteriskConfigRenderer.CALLBACK_DIAL_CONTEXT).with("Exten", "s").with("Priority", 1)
                .with("Timeout", maxWait.plusSeconds(10).toMillis())
                .with("CallerID", "\"Callback\" <" + a.number() + ">")
                .with("Variable", "CB_ID=" + a.linkedId())
                .with("Variable", "CB_QUEUE=" + a.queue())
                .with("Variable", "CB_POS=" + pos)
                .with("Variable", "CB_MAXWAIT=" + r.maxWaitSeconds())
                .with("Variable", "CB_DIAL=" + cfg.dialFor(a.number()))
                .with("Variable", "CB_RING=" + r.ringSeconds())
                .with("Variable", "__CC_DESK=" + a.deskId())
                .with("Variable", "__CC_CALLER_MASKED=" + Phones.mask(a.number()));
        LOG.info("callback {} (attempt {}): place holder enters {} at position {}", a.linkedId(), p.attempts() + 1, a.queue(), pos);
        ami.originate(o, maxWait.plusSeconds(30)).whenComplete((resp, err) -> {
            if (err != null || resp == null || !resp.success()) {
                String why = err != null ? String.valueOf(err.getMessage()) : resp == null ? "no answer" : "reason " + resp.reason();
                LOG.warn("callback {}: place holder got no agent or failed ({})", a.linkedId(), why);
                attemptFailed(a.linkedId(), "NOAGENT");
            }
        });
    }

    /** Follows the callback dialplan's UserEvents (Id, Status). */
    public void onEvent(AmiEvent e) {
        if (!"UserEvent".equals(e.name()) || !AsteriskConfigRenderer.CALLBACK_EVENT.equals(e.get("UserEvent"))) {
            return;
        }
        String id = e.get("Id");
        String status = e.get("Status", "");
        Pending p = id == null ? null : pending.get(id);
        if (p == null) {
            LOG.debug("callback event for {} not served here: {}", id, status);
            return;
        }
        if ("AGENT".equals(status)) {
            Pending calling = p.with(p.attempts() + 1, CallbackRequest.CALLING);
            pending.put(id, calling);
            LOG.info("callback {}: an agent took the place holder; calling the customer {} (attempt {})", id,
                    Phones.mask(p.request().number()), calling.attempts());
            save(id, calling, null);
        } else if ("ANSWER".equals(status)) {
            pending.remove(id);
            LOG.info("callback {}: customer {} answered and was connected (attempt {})", id, Phones.mask(p.request().number()),
                    p.attempts());
            save(id, p.with(p.attempts(), CallbackRequest.DONE), status);
        } else {
            attemptFailed(id, status);
        }
    }

    private void attemptFailed(String id, String result) {
        Pending p = pending.get(id);
        if (p == null) {
            return;
        }
        int made = CallbackRequest.CALLING.equals(p.status()) ? p.attempts() : p.attempts() + 1;
        OverflowConfig.CallbackRules r = cfg.callback();
        if (r.mayRetry(made)) {
            Duration delay = r.retryDelay(made);
            Pending retry = p.with(made, CallbackRequest.RETRY);
            pending.put(id, retry);
            save(id, retry, result);
            LOG.info("callback {}: attempt {} of {} failed ({}); next in {} s", id, made, r.attempts(), result, delay.toSeconds());
            delayer.schedule(() -> {
                Pending again = pending.get(id);
                if (again != null && CallbackRequest.RETRY.equals(again.status())) {
                    Pending queued = again.with(again.attempts(), CallbackRequest.QUEUED);
                    pending.put(id, queued);
                    save(id, queued, result);
                    place(queued, 1);
                }
            }, delay);
        } else {
            pending.remove(id);
            save(id, p.with(made, CallbackRequest.FAILED), result);
            LOG.warn("callback {}: customer {} not reached after {} attempts (last: {}); recorded FAILED", id,
                    Phones.mask(p.request().number()), made, result);
        }
    }

    private void save(String id, Pending p, String result) {
        try {
            store.update(id, p.status(), p.attempts(), result, clock.instant());
        } catch (SQLException e) {
            LOG.error("callback {}: status {} (attempts {}, result {}) not saved", id, p.status(), p.attempts(), result, e);
        }
    }
}
