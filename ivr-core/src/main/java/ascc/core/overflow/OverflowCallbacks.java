package ascc.core.overflow;

import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiEvent;
import ascc.core.ami.AmiEvents;
import ascc.core.callbacks.CallbackRequest;
import ascc.core.callbacks.CallbackStore;
import ascc.core.cluster.TrunkSlotFailure;
import ascc.core.cluster.TrunkSlots;
import ascc.core.durable.DurableWriter;
import ascc.routing.Phones;
import ascc.routing.asterisk.ChannelVars;
import ascc.routing.asterisk.Channels;
import ascc.routing.asterisk.Contexts;
import ascc.routing.asterisk.UserEvents;
import ascc.routing.callbacks.CallbackEvent;
import ascc.routing.callbacks.CallbackKind;
import ascc.routing.callbacks.CallbackStatus;
import ascc.routing.callbacks.OverflowCallbackStatus;
import ascc.routing.config.OverflowConfig;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
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
 *
 * <p>Durable (issue #12): an accepted callback is first appended to the write-ahead journal
 * ({@link OverflowCallbackJournal}, fsynced), then placed; the {@code overflow-callback-writer} thread inserts it into
 * {@code callback_request} (unique linked id, so a replay inserts nothing twice). The writer only stores: it never
 * places or dials, so a replayed booking is dialed by the usual restart path ({@link #recover}) and never twice.
 *
 * <p>Across nodes (issue #17): the stored row is the claim of a callback's dialing, its status the state. A holder killed
 * between reading a booking and its place holder's Originate leaves it QUEUED with no live place holder: the next holder's
 * {@link #recover} (at its lease gain, against Asterisk's live channels) places it; one killed after the Originate leaves
 * a live place holder, which the next holder follows instead of placing another. So each booking is dialed once.
 */
public final class OverflowCallbacks implements Overflow.Callbacks, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OverflowCallbacks.class);
    /** A usable callback id: the call's linked id, with its box's systemname prefix when several boxes run ({@code a-1765.12}). */
    static final String ID = "([A-Za-z0-9_]+-)?[0-9][0-9.]*";

    /** Sends an async Originate; completes with its OriginateResponse. */
    @FunctionalInterface
    public interface Originator {
        CompletableFuture<AmiEvents.OriginateResponse> originate(AmiAction originate, Duration timeout);
    }

    /**
     * Claims the callback's trunk slot ({@code slotKey}: {@link TrunkSlots#callbackKey}) and sends the place holder's
     * Originate through the slot's box ({@link TrunkSlots#originate} in the engine); the slot is given back when the
     * Originate fails or the place holder hangs up.
     */
    @FunctionalInterface
    public interface TrunkOriginator {
        CompletableFuture<AmiEvents.OriginateResponse> originate(String slotKey, AmiAction originate, Duration timeout)
                throws TrunkSlotFailure;
    }

    /** How long a callback that found no trunk slot waits before it tries again (no attempt is counted). */
    static final Duration NO_SLOT_RETRY = Duration.ofSeconds(5);

    /** Runs a task after a delay (a scheduled executor in the engine; tests run it when they move time). */
    @FunctionalInterface
    public interface Delayer {
        void schedule(Runnable task, Duration after);
    }

    /** A callback still being dialed this long after it was requested is not dialed any more after a restart. */
    static final Duration EXPIRE_AFTER = Duration.ofHours(12);

    private final CallbackStore store;
    /** The bookings' durable writer; null: bookings are inserted directly (tests without a journal). */
    private final DurableWriter<CallbackRequest> bookings;
    /** The running overflow.yaml (callback rules, trunk-dial; swapped by a config reload). */
    private final Supplier<OverflowConfig> cfg;
    private final TrunkOriginator ami;
    private final Delayer delayer;
    private final Clock clock;
    private final ToIntBiFunction<String, Instant> position;
    /** Callback id (the call's linked id, digits and a dot) -> state. */
    private final Map<String, PendingCallback> pending = new ConcurrentHashMap<>();
    /** Callback id -> queue priority of its place holder, when not 0 (requests from the web, SMS, e-mail). */
    private final Map<String, Integer> priorities = new ConcurrentHashMap<>();
    /** Callback id -> when this run stopped serving it (answered, failed): {@link #adoptBooked} never places it again. */
    private final Map<String, Instant> finished = new ConcurrentHashMap<>();
    /** Callback ids whose place holder is on a box that was down at {@link #recover}: not placed until a recover sees it. */
    private final java.util.Set<String> unseen = ConcurrentHashMap.newKeySet();

    /**
     * @param position the place in a queue (1 = head) of a caller who first joined at the given time
     */
    public OverflowCallbacks(CallbackStore store, OverflowConfig cfg, Originator ami, Delayer delayer, Clock clock,
                             ToIntBiFunction<String, Instant> position) {
        this(store, () -> cfg, ami, delayer, clock, position);
        Objects.requireNonNull(cfg, "cfg");
    }

    /** With the rules read at every attempt, so a reloaded overflow.yaml applies to the next one. */
    public OverflowCallbacks(CallbackStore store, Supplier<OverflowConfig> cfg, Originator ami, Delayer delayer, Clock clock,
                             ToIntBiFunction<String, Instant> position) {
        this(store, cfg, ami, delayer, clock, position, null);
    }

    /**
     * Bookings journaled in {@code bookings} ({@link OverflowCallbackJournal#writer}) before they are placed.
     */
    public OverflowCallbacks(CallbackStore store, Supplier<OverflowConfig> cfg, Originator ami, Delayer delayer, Clock clock,
                             ToIntBiFunction<String, Instant> position, DurableWriter<CallbackRequest> bookings) {
        this(store, cfg, direct(ami), delayer, clock, position, bookings);
    }

    /** Each place holder claims a trunk slot first ({@code trunk}: the global limit, the boxes' capacity). */
    public OverflowCallbacks(CallbackStore store, Supplier<OverflowConfig> cfg, TrunkOriginator ami, Delayer delayer, Clock clock,
                             ToIntBiFunction<String, Instant> position, DurableWriter<CallbackRequest> bookings) {
        this.bookings = bookings;
        this.store = Objects.requireNonNull(store, "store");
        this.cfg = Objects.requireNonNull(cfg, "cfg");
        this.ami = Objects.requireNonNull(ami, "ami");
        this.delayer = Objects.requireNonNull(delayer, "delayer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.position = Objects.requireNonNull(position, "position");
    }

    /** Straight through {@code ami}, without trunk slots. */
    private static TrunkOriginator direct(Originator ami) {
        Objects.requireNonNull(ami, "ami");
        return (slotKey, originate, timeout) -> ami.originate(originate, timeout);
    }

    @Override
    public void accepted(Overflow.Accepted a) {
        acceptNow(a);
    }

    /**
     * Books the callback (journaled, fsynced) and places it at the caller's place; true once it is journaled (the caller may
     * be told it is booked), false when it was not booked (logged: unusable call or number, booked already, journal refused).
     */
    public boolean acceptNow(Overflow.Accepted a) {
        if (!usable(a)) {
            return false;
        }
        String id = a.linkedId();
        Instant now = clock.instant();
        // reserved before it is booked: a check for bookings of other nodes ({@link #adoptBooked}) that reads its row
        // before it is placed here skips it
        PendingCallback p = new PendingCallback(a, 0, OverflowCallbackStatus.INITIAL);
        if (pending.putIfAbsent(id, p) != null) {
            LOG.warn("callback for call {} is being served already; not placed twice", id);
            return false;
        }
        if (!book(request(a, now), now)) {
            pending.remove(id, p);
            return false;
        }
        place(p, position.applyAsInt(a.queue(), placeOf(a)));
        return true;
    }

    /**
     * On a node without the overflow lease: books the callback (journaled, fsynced, then stored QUEUED with the caller's
     * first-joined time in {@code due_at}) without placing it; the lease's holder adopts it ({@link #adoptBooked}). True once
     * it is journaled (the caller may be told it is booked).
     */
    public boolean bookForHolder(Overflow.Accepted a) {
        if (!usable(a)) {
            return false;
        }
        if (pending.containsKey(a.linkedId())) {
            LOG.warn("callback for call {} is being served here already; not booked twice", a.linkedId());
            return false;
        }
        Instant now = clock.instant();
        if (!book(request(a, now), now)) {
            return false;
        }
        LOG.info("callback {} booked for the overflow lease's holder, who places it at the place of a caller who joined at {}",
                a.linkedId(), placeOf(a));
        return true;
    }

    /** Whether {@code a} can be booked (a linked id to key it by, a number to dial); logged when not. */
    private static boolean usable(Overflow.Accepted a) {
        String id = a.linkedId();
        if (id == null || !id.matches(ID)) {
            LOG.error("callback accepted on a call without a usable linked id ({}); not placed", a);
            return false;
        }
        if (a.number() == null || !a.number().matches("\\+?[0-9]{3,20}")) {
            LOG.error("callback accepted but the caller's number {} cannot be dialed back ({}); not placed", Phones.mask(a.number()), a);
            return false;
        }
        return true;
    }

    /** The caller's place: when they first joined the queue (the time of the booking when not known). */
    private Instant placeOf(Overflow.Accepted a) {
        return a.firstJoined() != null ? a.firstJoined() : clock.instant();
    }

    /** The row of an overflow booking: {@code due_at} is the caller's first-joined time (where the place holder enters). */
    private CallbackRequest request(Overflow.Accepted a, Instant now) {
        return new CallbackRequest(a.linkedId(), null, a.deskId(), a.queue(), a.number(), now, placeOf(a),
                OverflowCallbackStatus.INITIAL);
    }

    /**
     * The place a stored callback keeps: an overflow callback's {@code due_at} (the caller's first-joined time; the time
     * of the booking in rows stored before it was kept), an after-hours one's request time.
     */
    private Instant joinedOf(CallbackRequest r) {
        if (r.status().kind() == CallbackKind.OVERFLOW && r.dueAt() != null) {
            return r.dueAt();
        }
        return r.requestedAt() != null ? r.requestedAt() : clock.instant();
    }

    /**
     * On the overflow lease's holder (every 10 s, after {@link #recover} ran under its lease): overflow callbacks stored
     * QUEUED with no attempt made that this run does not serve (booked by another node, {@link #bookForHolder}) are placed
     * at the place of a caller who joined at the stored first-joined time, once each (a callback served or finished here is
     * skipped, whenever its row lands).
     *
     * @return the linked ids placed
     */
    public List<String> adoptBooked() {
        List<CallbackStore.Open> open;
        try {
            open = store.findBeingDialed();
        } catch (SQLException e) {
            LOG.warn("callbacks booked on other nodes not read ({}); read again at the next check", e.getMessage());
            return List.of();
        }
        Instant now = clock.instant();
        finished.values().removeIf(at -> at.isBefore(now.minus(EXPIRE_AFTER)));
        List<String> placed = new java.util.ArrayList<>();
        for (CallbackStore.Open o : open) {
            CallbackRequest r = o.request();
            String id = r.linkedId();
            if (r.status() != OverflowCallbackStatus.QUEUED || o.attempts() != 0 || id == null || pending.containsKey(id)
                    || finished.containsKey(id) || unseen.contains(id) || r.queueName() == null || r.number() == null) {
                continue;
            }
            if (expired(r, o.attempts())) {
                continue;
            }
            Instant joined = joinedOf(r);
            PendingCallback p = new PendingCallback(new Overflow.Accepted(id, id, r.deskId(), r.queueName(), r.number(), joined), 0,
                    OverflowCallbackStatus.QUEUED);
            if (pending.putIfAbsent(id, p) != null) {
                continue;
            }
            LOG.info("callback {} booked on another node: placed here, at the place of a caller who joined at {}", id, joined);
            placed.add(id);
            place(p, position.applyAsInt(r.queueName(), joined));
        }
        return placed;
    }

    /** Records FAILED (EXPIRED) a callback requested more than {@link #EXPIRE_AFTER} ago; true when it is. */
    private boolean expired(CallbackRequest r, int attempts) {
        Instant requested = r.requestedAt() != null ? r.requestedAt() : clock.instant();
        if (!requested.isBefore(clock.instant().minus(EXPIRE_AFTER))) {
            return false;
        }
        try {
            store.update(r.linkedId(), r.status().on(CallbackEvent.GAVE_UP), attempts, "EXPIRED", clock.instant());
        } catch (SQLException e) {
            LOG.error("callback {}: expired but its status FAILED was not saved", r.linkedId(), e);
        }
        LOG.warn("callback {} ({}, requested {}) is older than {} h; not dialed any more, recorded FAILED (EXPIRED)", r,
                r.status(), requested, EXPIRE_AFTER.toHours());
        return true;
    }

    /** Books {@code r} ({@link OverflowCallbackJournal#book}); false when it must not be placed. */
    private boolean book(CallbackRequest r, Instant now) {
        return OverflowCallbackJournal.book(store, bookings, r, now);
    }

    /** Stores what is journaled and queued (waiting up to 10 s); what is left stays in the journal for the next start. */
    @Override
    public void close() {
        if (bookings != null) {
            bookings.close();
        }
    }

    /**
     * An after-hours callback became due: dialed the same way, a place holder joins the end of the desk's queue; the
     * agent who takes it is connected first, then the customer is called; retried per the same rules.
     */
    public void dialDue(CallbackRequest r) {
        dialDue(r, 0);
    }

    /** As {@link #dialDue(CallbackRequest)}, the place holder with queue priority {@code priority} (web, SMS, e-mail requests). */
    public void dialDue(CallbackRequest r, int priority) {
        String id = r.linkedId();
        if (id == null || !id.matches(ID) || r.number() == null || !r.number().matches("\\+?[0-9]{3,20}")
                || r.queueName() == null) {
            LOG.error("due callback {} cannot be dialed (linked id, number or queue unusable); left DUE", r);
            return;
        }
        Optional<CallbackStatus> queued = r.status().next(CallbackEvent.PLACE);
        if (queued.isEmpty()) {
            LOG.error("callback {} cannot be dialed from its status; left as it is", r);
            return;
        }
        Instant now = clock.instant();
        PendingCallback p = new PendingCallback(new Overflow.Accepted(id, id, r.deskId(), r.queueName(), r.number(), now), 0, queued.get());
        if (pending.putIfAbsent(id, p) != null) {
            LOG.warn("due callback {} is being dialed already", id);
            return;
        }
        if (priority > 0) {
            priorities.put(id, priority);
        }
        save(id, p, null);
        place(p, position.applyAsInt(r.queueName(), now));
    }

    @Override
    public Instant placeholderJoined(String exten) {
        PendingCallback p = exten == null ? null : pending.get(exten);
        return p == null ? null : p.request().firstJoined();
    }

    /**
     * After the engine (re)starts, or AMI reconnects: callbacks stored as QUEUED, CALLING or RETRY that this run does not
     * serve yet are taken over, so none is lost:
     * <ul>
     *   <li>its place holder ({@code Local/<id>@ascc-callback-wait...}) is still among {@code liveChannels}: followed as it
     *       is (its UserEvents come to this run; a place holder still QUEUED that hangs up is a failed attempt);</li>
     *   <li>QUEUED or RETRY without a live place holder: placed again, at the place of a caller who joined when the
     *       stored row says (an overflow callback's {@code due_at}: the caller's first-joined time; else its request);</li>
     *   <li>CALLING without a live channel: that attempt is over with no known result: retried per the rules (RETRY, or
     *       FAILED when the attempts are used up);</li>
     *   <li>requested more than {@link #EXPIRE_AFTER} ago: recorded FAILED (EXPIRED), not dialed.</li>
     * </ul>
     * One engine per Asterisk: call it once per engine run (two engines taking over the same stored callbacks would dial
     * them twice).
     *
     * @param liveChannels names of the channels Asterisk has now (AMI CoreShowChannels)
     * @return how many callbacks were taken over; -1 when the stored ones could not be read (nothing was taken over)
     */
    public int recover(java.util.Collection<String> liveChannels) {
        return recover(liveChannels, id -> false);
    }

    /**
     * As above, leaving alone the callbacks {@code elsewhere} names (their place holder is on a box whose link is down: it
     * may be up there); {@link #adoptBooked} skips them too, a later recover (that box's link back) takes them over.
     */
    public int recover(java.util.Collection<String> liveChannels, java.util.function.Predicate<String> elsewhere) {
        List<CallbackStore.Open> open;
        try {
            open = store.findBeingDialed();
        } catch (SQLException e) {
            LOG.error("callbacks being dialed could not be read after a (re)start; they stay as stored until the next resync", e);
            return -1;
        }
        int n = 0;
        for (CallbackStore.Open o : open) {
            CallbackRequest r = o.request();
            String id = r.linkedId();
            if (pending.containsKey(id)) {
                continue;
            }
            if (id != null && elsewhere.test(id)) {
                unseen.add(id);
                continue;
            }
            unseen.remove(id);
            if (id == null || r.queueName() == null || r.number() == null) {
                LOG.error("callback {} being dialed cannot be taken over (linked id, queue or number missing); left {}", r, r.status());
                continue;
            }
            if (expired(r, o.attempts())) {
                continue;
            }
            Instant joined = joinedOf(r);
            Overflow.Accepted a = new Overflow.Accepted(id, id, r.deskId(), r.queueName(), r.number(), joined);
            String prefix = Channels.callbackPlaceholder(id);
            boolean live = liveChannels.stream().anyMatch(ch -> ch != null && ch.startsWith(prefix));
            n++;
            if (live) {
                pending.put(id, new PendingCallback(a, o.attempts(), r.status(), true));
                LOG.info("callback {} ({}, attempt {}): its place holder is still up; followed from here", id, r.status(), o.attempts());
            } else if (r.status().calling()) {
                pending.put(id, new PendingCallback(a, o.attempts(), r.status()));
                LOG.warn("callback {}: was calling the customer {} (attempt {}) but its channels are gone; counted as failed",
                        id, Phones.mask(r.number()), o.attempts());
                attemptFailed(id, "LOST");
            } else {
                PendingCallback queued = new PendingCallback(a, o.attempts(), r.status().on(CallbackEvent.PLACE));
                pending.put(id, queued);
                save(id, queued, null);
                LOG.info("callback {} was {} with {} attempts made; placed again", id, r.status(), o.attempts());
                place(queued, position.applyAsInt(a.queue(), joined));
            }
        }
        if (n > 0) {
            LOG.info("callbacks taken over after a (re)start: {} of {} stored as being dialed", n, open.size());
        }
        return n;
    }

    /** Callbacks being served (queued, calling or waiting for a retry). */
    public int active() {
        return pending.size();
    }

    private void place(PendingCallback p, int pos) {
        Overflow.Accepted a = p.request();
        OverflowConfig.CallbackRules r = cfg.get().callback();
        Duration maxWait = Duration.ofSeconds(r.maxWaitSeconds());
        AmiAction o = AmiAction.of("Originate")
                .with("Channel", Channels.callbackPlaceholderDial(a.linkedId()))
                .with("Context", Contexts.CALLBACK_DIAL).with("Exten", "s").with("Priority", 1)
                .with("Timeout", maxWait.plusSeconds(10).toMillis())
                .with("CallerID", "\"Callback\" <" + a.number() + ">")
                .with("Variable", ChannelVars.assign(ChannelVars.CB_ID, a.linkedId()))
                .with("Variable", ChannelVars.assign(ChannelVars.CB_QUEUE, a.queue()))
                .with("Variable", ChannelVars.assign(ChannelVars.CB_POS, pos))
                .with("Variable", ChannelVars.assign(ChannelVars.CB_MAXWAIT, r.maxWaitSeconds()))
                .with("Variable", ChannelVars.assign(ChannelVars.CB_DIAL, cfg.get().dialFor(a.number())))
                .with("Variable", ChannelVars.assign(ChannelVars.CB_RING, r.ringSeconds()))
                .with("Variable", ChannelVars.assign(ChannelVars.CB_PRIO, priorities.getOrDefault(a.linkedId(), 0)))
                .with("Variable", ChannelVars.assign(ChannelVars.inherited(ChannelVars.DESK), a.deskId()))
                .with("Variable", ChannelVars.assign(ChannelVars.inherited(ChannelVars.CALLER_MASKED), Phones.mask(a.number())));
        LOG.info("callback {} (attempt {}): place holder enters {} at position {}", a.linkedId(), p.attempts() + 1, a.queue(), pos);
        CompletableFuture<AmiEvents.OriginateResponse> sent;
        try {
            sent = ami.originate(TrunkSlots.callbackKey(a.linkedId()), o, maxWait.plusSeconds(30));
        } catch (TrunkSlotFailure f) {
            // nothing was dialed: no attempt counted; the place holder tries again while the callback is still this one
            if (f.kind() == TrunkSlotFailure.Kind.FATAL) {
                LOG.error("callback {}: not placed, trunk slots failed ({}); tried again in {} s", a.linkedId(), f.getMessage(),
                        NO_SLOT_RETRY.toSeconds(), f);
            } else {
                LOG.info("callback {}: not placed yet, {}; tried again in {} s", a.linkedId(), f.getMessage(), NO_SLOT_RETRY.toSeconds());
            }
            delayer.schedule(() -> {
                if (pending.get(a.linkedId()) == p) {
                    place(p, pos);
                }
            }, NO_SLOT_RETRY);
            return;
        }
        sent.whenComplete((resp, err) -> {
            if (err != null || resp == null || !resp.success()) {
                String why = err != null ? String.valueOf(err.getMessage()) : resp == null ? "no answer" : "reason " + resp.reason();
                LOG.warn("callback {}: place holder got no agent or failed ({})", a.linkedId(), why);
                attemptFailed(a.linkedId(), "NOAGENT");
            }
        });
    }

    /** The AMI events {@link #onEvent} reads. */
    static final Set<String> AMI_EVENTS = Set.of("Hangup", UserEvents.AMI_EVENT);

    /** Follows the callback dialplan's UserEvents (Id, Status). */
    public void onEvent(AmiEvent e) {
        if ("Hangup".equals(e.name())) {
            adoptedHolderGone(e.channel());
            return;
        }
        if (!UserEvents.AMI_EVENT.equals(e.name()) || !UserEvents.CALLBACK.equals(e.get(UserEvents.AMI_EVENT))) {
            return;
        }
        String id = e.get(UserEvents.ID);
        String status = e.get(UserEvents.STATUS, "");
        PendingCallback p = id == null ? null : pending.get(id);
        if (p == null) {
            LOG.debug("callback event for {} not served here: {}", id, status);
            return;
        }
        if (UserEvents.STATUS_AGENT.equals(status)) {
            if (p.status().next(CallbackEvent.AGENT_TOOK).isEmpty()) {
                LOG.warn("callback {}: an agent took a place holder while the callback is {}; ignored", id, p.status());
                return;
            }
            PendingCallback calling = p.on(CallbackEvent.AGENT_TOOK, p.attempts() + 1);
            pending.put(id, calling);
            LOG.info("callback {}: an agent took the place holder; calling the customer {} (attempt {})", id,
                    Phones.mask(p.request().number()), calling.attempts());
            save(id, calling, null);
        } else if ("ANSWER".equals(status)) {
            // an answer means an agent took it, even when that step was not seen (a place holder taken over after a restart)
            PendingCallback calling = p.status().queued() ? p.on(CallbackEvent.AGENT_TOOK, p.attempts()) : p;
            if (calling.status().next(CallbackEvent.ANSWERED).isEmpty()) {
                LOG.warn("callback {}: the customer answered while the callback is {}; ignored", id, p.status());
                return;
            }
            pending.remove(id);
            finished.put(id, clock.instant());
            priorities.remove(id);
            LOG.info("callback {}: customer {} answered and was connected (attempt {})", id, Phones.mask(p.request().number()),
                    p.attempts());
            save(id, calling.on(CallbackEvent.ANSWERED, p.attempts()), status);
        } else {
            attemptFailed(id, status);
        }
    }

    /** A place holder taken over at {@link #recover} hung up before an agent took it: that attempt found no agent. */
    private void adoptedHolderGone(String channel) {
        String id = Overflow.placeholderExten(channel);
        PendingCallback p = id == null ? null : pending.get(id);
        if (p != null && p.adopted() && p.status().queued()) {
            LOG.warn("callback {}: the place holder taken over after a restart hung up with no agent", id);
            attemptFailed(id, "NOAGENT");
        }
    }

    private void attemptFailed(String id, String result) {
        PendingCallback p = pending.get(id);
        if (p == null) {
            return;
        }
        int made = p.status().calling() ? p.attempts() : p.attempts() + 1;
        OverflowConfig.CallbackRules r = cfg.get().callback();
        if (r.mayRetry(made)) {
            Duration delay = r.retryDelay(made);
            PendingCallback retry = p.on(CallbackEvent.ATTEMPT_FAILED, made);
            pending.put(id, retry);
            save(id, retry, result);
            LOG.info("callback {}: attempt {} of {} failed ({}); next in {} s", id, made, r.attempts(), result, delay.toSeconds());
            delayer.schedule(() -> {
                PendingCallback again = pending.get(id);
                if (again != null && again.status().waitingForRetry()) {
                    PendingCallback queued = new PendingCallback(again.request(), again.attempts(), again.status().on(CallbackEvent.PLACE));
                    pending.put(id, queued);
                    save(id, queued, result);
                    place(queued, 1);
                }
            }, delay);
        } else {
            pending.remove(id);
            finished.put(id, clock.instant());
            priorities.remove(id);
            save(id, p.on(CallbackEvent.GAVE_UP, made), result);
            LOG.warn("callback {}: customer {} not reached after {} attempts (last: {}); recorded FAILED", id,
                    Phones.mask(p.request().number()), made, result);
        }
    }

    private void save(String id, PendingCallback p, String result) {
        try {
            store.update(id, p.status(), p.attempts(), result, clock.instant());
        } catch (SQLException e) {
            LOG.error("callback {}: status {} (attempts {}, result {}) not saved", id, p.status(), p.attempts(), result, e);
        }
    }
}
