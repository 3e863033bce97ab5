package ascc.core.ami;

import ascc.core.metrics.Metrics;
import io.micrometer.core.instrument.Counter;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's Asterisk Manager Interface client on Netty.
 *
 * <p>Threads: one I/O thread {@code ami-io} (decoding, correlation, keepalive; never blocks: it only decodes and
 * enqueues immutable {@link AmiEvent}s), one scheduler thread {@code ami-reconnect} (reconnect attempts with exponential
 * backoff and jitter), and one consumer thread per named subscription, {@code ami-sub-<name>} (its event consumers and
 * resync hooks; unnamed ones share {@code ami-events}). Each subscription has its own bounded queue, so a slow
 * subscriber delays only itself: when its queue is full its events are dropped, counted, and its resync hooks run after
 * its backlog drained (see {@link #subscribe(String, Consumer)}).
 *
 * <p>Lifecycle: {@link #start()} connects in the background: {@code CONNECTING -> AUTHENTICATING} (banner, Login)
 * {@code -> CONNECTED} after {@code FullyBooted}; then every subscription's resync hooks run on its own thread. After every loss the
 * client goes {@code DISCONNECTED} and retries; a rejected login is retried too, with a slower backoff
 * ({@link AmiFailure.Kind#LOGIN_REJECTED}: the next try succeeds once Asterisk reloaded {@code manager.conf}); only a peer
 * that does not speak AMI is fatal ({@code FAILED}, no more attempts). {@link #downReason()} says why AMI is not up.
 * A link with nothing read for {@link AmiSettings#deadAfter()} is closed (a {@code Ping} is sent after
 * {@link AmiSettings#pingInterval()} of write-idle time, so a healthy idle link always has traffic).
 *
 * <p>Futures returned by {@code send*} complete on the {@code ami-io} thread: dependent stages must not block
 * (use the {@code *Async} variants for slow work). Calling {@code join()} on them from other threads is fine.
 */
public final class AmiClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AmiClient.class);
    private static final double JITTER = 0.2;
    private static final Duration LOGOFF_WAIT = Duration.ofSeconds(2);
    /** The subscription of {@link #subscribe(Consumer)} and {@link #onResync(Runnable)}: thread {@code ami-events}. */
    private static final String UNNAMED = "events";

    private final AmiSettings settings;
    private final Clock clock;
    private final AmiBackoff backoff;
    /** Slower backoff after a rejected login (16x the first delay, up to 30x the longest; 4 s .. 60 s by default). */
    private final AmiBackoff loginBackoff;
    private final String where;
    private final String actionIdPrefix;
    private final AtomicLong actionCounter = new AtomicLong();

    private final EventLoopGroup group;
    private final ScheduledExecutorService scheduler;

    /** Subscriptions by name; changed under {@link #subscribersLock} (no I/O there), read lock-free by ami-io. */
    private final Map<String, AmiSubscriber> subscribers = new HashMap<>();
    private final Object subscribersLock = new Object();
    private volatile AmiSubscriber[] subscriberList = new AmiSubscriber[0];

    private final List<Consumer<AmiStateChange>> stateListeners = new CopyOnWriteArrayList<>();

    private final Object stateLock = new Object();
    private volatile AmiState state = AmiState.DISCONNECTED;
    private volatile AmiFailure lastFailure;
    private volatile AmiSession session;
    private final AtomicInteger attempt = new AtomicInteger();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closing;

    private final Counter reconnects;
    private final Counter loginsRejected;
    private final Counter eventsTotal;
    private final Counter eventsDropped;
    /** The box id, or null on the one-box link. */
    private final String box;
    private final String threadSuffix;

    public AmiClient(AmiSettings settings, Clock clock, Metrics metrics) {
        this(settings, clock, metrics, new Random());
    }

    /** As {@link #AmiClient(AmiSettings, Clock, Metrics)} with the jitter's {@link Random} injected (tests). */
    public AmiClient(AmiSettings settings, Clock clock, Metrics metrics, Random random) {
        this(settings, clock, metrics, random, null);
    }

    /**
     * The link to Asterisk box {@code box} (engine.yaml {@code boxes}; {@link AmiLinks} makes one per box): its meters carry
     * the tag {@code box}, its threads end in {@code -<box>}, its events carry the box id. Null: the one-box link, untagged.
     */
    public AmiClient(AmiSettings settings, Clock clock, Metrics metrics, Random random, String box) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.box = box;
        this.threadSuffix = box == null ? "" : "-" + box;
        String[] tags = box == null ? new String[0] : new String[] {"box", box};
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(metrics, "metrics");
        this.backoff = new AmiBackoff(settings.backoffMin(), settings.backoffMax(), JITTER, random);
        this.loginBackoff = new AmiBackoff(settings.backoffMin().multipliedBy(16), settings.backoffMax().multipliedBy(30), JITTER,
            random);
        this.where = settings.user() + "@" + settings.host() + ":" + settings.port();
        this.actionIdPrefix = "ascc-" + Integer.toHexString(random.nextInt() & 0xffffff) + "-";
        this.group = new MultiThreadIoEventLoopGroup(1, new SingleNameThreadFactory("ami-io" + threadSuffix), NioIoHandler.newFactory());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ami-reconnect" + threadSuffix);
            t.setDaemon(true);
            return t;
        });
        metrics.gauge("ascc_ami_connected", "1 while the AMI connection is logged in, else 0",
            () -> state == AmiState.CONNECTED ? 1 : 0, tags);
        this.reconnects = metrics.counter("ascc_ami_reconnects_total", "AMI reconnect attempts", tags);
        this.loginsRejected = metrics.counter("ascc_ami_logins_rejected_total",
            "AMI logins Asterisk rejected (secret mismatch; retried with backoff)", tags);
        this.eventsTotal = metrics.counter("ascc_ami_events_total", "AMI events received", tags);
        this.eventsDropped = metrics.counter("ascc_ami_events_dropped_total",
            "AMI events dropped because a subscriber was too slow (each drop triggers that subscriber's resync)", tags);
    }

    // ---------------------------------------------------------------- lifecycle

    /** Starts connecting in the background and returns at once. */
    public void start() {
        if (closing) {
            throw new IllegalStateException("AMI client " + where + " is closed");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("AMI client " + where + " already started (state=" + state + ")");
        }
        synchronized (subscribersLock) {
            for (AmiSubscriber s : subscribers.values()) {
                s.start();
            }
        }
        scheduler.execute(this::connect);
    }

    /**
     * Waits until the client is logged in and Asterisk is fully booted.
     *
     * @throws AmiException fatal if the client failed (e.g. login rejected) or was closed, retriable on timeout
     */
    public void awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stateLock) {
            while (state != AmiState.CONNECTED) {
                if (state == AmiState.FAILED || state == AmiState.CLOSED) {
                    AmiFailure f = lastFailure;
                    throw new AmiException(f != null && !f.retriable() ? f
                        : AmiFailure.fatal("AMI client " + where + " is " + state + (f == null ? "" : " (" + f + ")")));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AmiException(AmiFailure.retriable("AMI not connected to " + where + " after "
                        + timeout.toMillis() + " ms (state=" + state + ", last failure: " + lastFailure + ")", null));
                }
                TimeUnit.NANOSECONDS.timedWait(stateLock, left);
            }
        }
    }

    /** The box id of this link, or null on the one-box link. */
    public String box() {
        return box;
    }

    public AmiState state() {
        return state;
    }

    public boolean isConnected() {
        return state == AmiState.CONNECTED;
    }

    /**
     * Why AMI is not up, for {@code /health} and operators: null while CONNECTED, else the state and the last failure
     * (never a secret), e.g. {@code DISCONNECTED: AMI login as 'engine' to 127.0.0.1:5038 rejected: Authentication failed
     * (...run: asterisk -rx 'manager reload')}.
     */
    public String downReason() {
        AmiState s = state;
        if (s == AmiState.CONNECTED) {
            return null;
        }
        AmiFailure f = lastFailure;
        return s + (f == null ? (s == AmiState.DISCONNECTED ? ": not connected yet" : "") : ": " + f.reason());
    }

    /** The failure behind the last DISCONNECTED/FAILED state, or null. */
    public AmiFailure lastFailure() {
        return lastFailure;
    }

    /** Events dropped because a subscription's queue was full (all subscriptions). */
    public long droppedEvents() {
        return (long) eventsDropped.count();
    }

    /** Events dropped because the queue of subscription {@code name} was full; 0 for an unknown name. */
    public long droppedEvents(String name) {
        synchronized (subscribersLock) {
            AmiSubscriber s = subscribers.get(name);
            return s == null ? 0 : s.dropped();
        }
    }

    /**
     * Logs off (waiting up to 2 s for Asterisk's Goodbye), closes the connection and stops all threads.
     * Must not be called from {@code ami-io}.
     */
    @Override
    public void close() {
        if (group.next().inEventLoop()) {
            throw new IllegalStateException("AmiClient.close() must not be called on the ami-io thread");
        }
        synchronized (stateLock) {
            if (closing) {
                return;
            }
            closing = true;
        }
        AmiSession s = session;
        if (s != null && state == AmiState.CONNECTED) {
            try {
                s.submit(AmiAction.of("Logoff").withActionId(nextActionId()), LOGOFF_WAIT, null)
                    .get(LOGOFF_WAIT.toMillis() + 100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("interrupted while logging off from AMI {}", where);
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("AMI Logoff from {} not confirmed, closing anyway: {}", where, e.toString());
            }
        }
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(1, TimeUnit.SECONDS)) {
                LOG.warn("ami-reconnect did not stop within 1 s ({})", where);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while waiting for ami-reconnect to stop ({})", where);
        }
        if (s != null) {
            s.closeChannel().awaitUninterruptibly(1000);
        }
        setState(AmiState.CLOSED, null);
        AmiSubscriber[] subs;
        synchronized (subscribersLock) {
            subs = subscriberList; // no thread is started for a subscription added from now on
        }
        for (AmiSubscriber sub : subs) {
            sub.stop();
        }
        group.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS).awaitUninterruptibly(2000);
        for (AmiSubscriber sub : subs) {
            try {
                sub.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("interrupted while waiting for the thread of AMI subscriber '{}' to stop ({})", sub.name(), where);
            }
        }
        LOG.info("AMI client {} closed", where);
    }

    // ---------------------------------------------------------------- listeners

    /**
     * Adds an event subscriber to the shared unnamed subscription (thread {@code ami-events}), called in arrival order.
     * New code should name its subscription: {@link #subscribe(String, Consumer)}. Returns a handle that removes it.
     */
    public Runnable subscribe(Consumer<AmiEvent> subscriber) {
        return subscribe(UNNAMED, subscriber);
    }

    /**
     * Adds an event subscriber to subscription {@code name} ({@code [A-Za-z0-9._-]+}): called in arrival order on the
     * subscription's own thread {@code ami-sub-<name>}, fed from its own queue of
     * {@link AmiSettings#eventQueueCapacity()} events. It may take its time or block: that delays only this
     * subscription. If it falls so far behind that the queue is full, its newer events are dropped (counted in
     * {@code ascc_ami_events_dropped_total} and {@link #droppedEvents(String)}, logged once) and the resync hooks
     * registered under the same name run once it caught up; a subscriber that must not lose anything (e.g. CDR ingest)
     * re-reads in its resync hook what it may have missed. Subscribers and hooks under one name never run concurrently.
     * Returns a handle that removes the subscriber (the thread ends when nothing is left under the name).
     */
    public Runnable subscribe(String name, Consumer<AmiEvent> subscriber) {
        return subscribe(name, eventName -> true, subscriber);
    }

    /**
     * As {@link #subscribe(String, Consumer)}, with only the events whose name {@code eventNames} accepts (e.g.
     * {@code Set.of("Hangup")::contains}): the others are not queued for this subscriber, and a subscription none of
     * whose subscribers reads an event is not woken for it.
     */
    public Runnable subscribe(String name, Predicate<String> eventNames, Consumer<AmiEvent> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Objects.requireNonNull(eventNames, "eventNames");
        AmiSubscriber s = subscription(name);
        s.addConsumer(eventNames, subscriber);
        return () -> {
            s.removeConsumer(subscriber);
            dropIfEmpty(s);
        };
    }

    /**
     * Adds a resync hook to the shared unnamed subscription (thread {@code ami-events}); see
     * {@link #onResync(String, Runnable)}.
     */
    public Runnable onResync(Runnable hook) {
        return onResync(UNNAMED, hook);
    }

    /**
     * Adds a resync hook to subscription {@code name}: it re-reads state (e.g. QueueStatus) on the subscription's thread
     * after the first connect, after every reconnect, and after that subscription dropped events, each time once its
     * queue drained, never concurrently with its subscribers. It may block on {@code send(..).join()} (delaying only its
     * own subscription's events). Returns a handle that removes it.
     */
    public Runnable onResync(String name, Runnable hook) {
        Objects.requireNonNull(hook, "hook");
        AmiSubscriber s = subscription(name);
        s.addHook(hook);
        return () -> {
            s.removeHook(hook);
            dropIfEmpty(s);
        };
    }

    private AmiSubscriber subscription(String name) {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("AMI subscription name must match [A-Za-z0-9._-]+, got '" + name + "'");
        }
        synchronized (subscribersLock) {
            AmiSubscriber s = subscribers.get(name);
            if (s == null) {
                s = new AmiSubscriber(name, (name.equals(UNNAMED) ? "ami-events" : "ami-sub-" + name) + threadSuffix, where,
                    settings.eventQueueCapacity(), eventsDropped);
                subscribers.put(name, s);
                subscriberList = subscribers.values().toArray(new AmiSubscriber[0]);
                if (started.get() && !closing) {
                    s.start();
                }
            }
            return s;
        }
    }

    private void dropIfEmpty(AmiSubscriber s) {
        synchronized (subscribersLock) {
            if (s.isEmpty() && subscribers.get(s.name()) == s) {
                subscribers.remove(s.name());
                subscriberList = subscribers.values().toArray(new AmiSubscriber[0]);
                s.stop();
            }
        }
    }

    /** Adds a state listener, called synchronously on the thread changing the state: it must be quick and non-blocking. */
    public Runnable onStateChange(Consumer<AmiStateChange> listener) {
        Objects.requireNonNull(listener, "listener");
        stateListeners.add(listener);
        return () -> stateListeners.remove(listener);
    }

    // ---------------------------------------------------------------- actions

    /**
     * Sends {@code action} with a fresh ActionID; the future gets the response, fails with {@link AmiException}
     * on {@code Response: Error} (not retriable), on loss of the connection or timeout (retriable).
     */
    public CompletableFuture<AmiMessage> send(AmiAction action) {
        return send(action, settings.responseTimeout());
    }

    /** As {@link #send(AmiAction)} with its own timeout. */
    public CompletableFuture<AmiMessage> send(AmiAction action, Duration timeout) {
        AmiSession s = connectedSession(action);
        if (s == null) {
            return CompletableFuture.failedFuture(notConnected(action));
        }
        CompletableFuture<List<AmiMessage>> f = s.submit(action.withActionId(nextActionId()), timeout, null);
        return f.thenApply(list -> list.get(0));
    }

    /**
     * Sends a list action (QueueStatus, CoreShowChannels, ...) and collects the events carrying its ActionID until
     * {@code completeEventName}. The list holds those events in order, the complete event last (the response itself
     * is not included). Events collected here are not given to subscribers.
     */
    public CompletableFuture<List<AmiMessage>> sendForList(AmiAction action, String completeEventName) {
        return sendForList(action, completeEventName, settings.responseTimeout());
    }

    /** As {@link #sendForList(AmiAction, String)} with its own timeout. */
    public CompletableFuture<List<AmiMessage>> sendForList(AmiAction action, String completeEventName, Duration timeout) {
        Objects.requireNonNull(completeEventName, "completeEventName");
        AmiSession s = connectedSession(action);
        if (s == null) {
            return CompletableFuture.failedFuture(notConnected(action));
        }
        return s.submit(action.withActionId(nextActionId()), timeout, completeEventName);
    }

    /**
     * Sends an {@code Originate} with {@code Async: true} and completes with the {@code OriginateResponse} event of
     * the same ActionID (check {@link AmiEvents.OriginateResponse#success()}). {@code timeout} should exceed the
     * Originate's own {@code Timeout} (ring time).
     */
    public CompletableFuture<AmiEvents.OriginateResponse> originateAsync(AmiAction originate, Duration timeout) {
        if (!originate.name().equalsIgnoreCase("Originate")) {
            throw new IllegalArgumentException("originateAsync needs an Originate action, got " + originate.name());
        }
        AmiAction a = originate.get("Async") == null ? originate.with("Async", "true") : originate;
        return sendForList(a, "OriginateResponse", timeout).thenApply(list -> {
            AmiEvent e = AmiEvent.of(list.get(list.size() - 1), clock.instant());
            return (AmiEvents.OriginateResponse) AmiEvents.typed(e).orElseThrow();
        });
    }

    /** Runs a CLI command ({@code Action: Command}); completes with the {@code Output:} lines (Asterisk 22 form). */
    public CompletableFuture<List<String>> command(String cli) {
        return send(AmiAction.of("Command").with("Command", cli)).thenApply(m -> m.getAll("Output"));
    }

    private AmiSession connectedSession(AmiAction action) {
        Objects.requireNonNull(action, "action");
        AmiSession s = session;
        return s != null && state == AmiState.CONNECTED && !closing ? s : null;
    }

    private AmiException notConnected(AmiAction action) {
        return new AmiException(AmiFailure.retriable("AMI not connected to " + where + ": cannot send " + action.name()
            + " (state=" + state + ", last failure: " + lastFailure + ")", null));
    }

    String nextActionId() {
        return actionIdPrefix + actionCounter.incrementAndGet();
    }

    // ---------------------------------------------------------------- connection management (package-private hooks)

    private void connect() {
        if (closing || state == AmiState.FAILED) {
            return;
        }
        setState(AmiState.CONNECTING, null);
        AmiSession s = new AmiSession(this, settings, where);
        session = s;
        Bootstrap b = new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .handler(s.initializer());
        ChannelFuture f = b.connect(settings.host(), settings.port());
        // the close may be seen before the failed connect promise: wait for both to know the cause
        f.channel().closeFuture().addListener(closed -> f.addListener(done -> {
            if (!done.isSuccess()) {
                s.recordFailure(AmiFailure.retriable("cannot connect to AMI " + where, done.cause()));
            }
            connectionLost(s);
        }));
    }

    private void connectionLost(AmiSession s) {
        if (session != s) {
            return;
        }
        session = null;
        AmiFailure f = s.failure() != null ? s.failure()
            : AmiFailure.retriable("AMI connection " + where + " closed by peer", null);
        if (closing) {
            return;
        }
        lastFailure = f;
        if (!f.retriable()) {
            LOG.error("AMI {} failed fatally, not retrying: {}", where, f.reason());
            setState(AmiState.FAILED, f);
            return;
        }
        setState(AmiState.DISCONNECTED, f);
        int n = attempt.getAndIncrement();
        reconnects.increment();
        Duration delay;
        if (f.kind() == AmiFailure.Kind.LOGIN_REJECTED) {
            loginsRejected.increment();
            delay = loginBackoff.delay(n);
            LOG.error("{}; login attempt {} in {} ms", f.reason(), n + 2, delay.toMillis());
        } else {
            delay = backoff.delay(n);
            LOG.warn("AMI {} lost: {}; reconnect attempt {} in {} ms", where, f, n + 1, delay.toMillis());
        }
        try {
            scheduler.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("AMI {} reconnect not scheduled: client closing", where, e);
        }
    }

    void authenticating() {
        setState(AmiState.AUTHENTICATING, null);
    }

    void connected(AmiSession s) {
        if (session != s || closing) {
            return;
        }
        attempt.set(0);
        setState(AmiState.CONNECTED, null);
        requestResync("connected to " + where);
    }

    /** Called on ami-io for every event not consumed by a pending list action: enqueues it per subscription. Never blocks. */
    void publish(AmiMessage m) {
        AmiEvent e = AmiEvent.of(m, clock.instant(), box == null ? "" : box);
        String name = e.name();
        for (AmiSubscriber s : subscriberList) {
            if (s.wants(name)) {
                s.offer(e);
            }
        }
    }

    void countEvent() {
        eventsTotal.increment();
    }

    Instant now() {
        return clock.instant();
    }

    private void requestResync(String why) {
        LOG.debug("AMI resync requested: {}", why);
        for (AmiSubscriber s : subscriberList) {
            s.requestResync();
        }
    }

    private void setState(AmiState to, AmiFailure failure) {
        AmiState from;
        synchronized (stateLock) {
            from = state;
            if (from == to || from == AmiState.CLOSED || (from == AmiState.FAILED && to != AmiState.CLOSED)) {
                return;
            }
            state = to;
            stateLock.notifyAll();
        }
        LOG.info("AMI {}: {} -> {}", where, from, to);
        AmiStateChange change = new AmiStateChange(from, to, failure);
        for (Consumer<AmiStateChange> l : stateListeners) {
            try {
                l.accept(change);
            } catch (RuntimeException ex) {
                LOG.error("AMI state listener {} failed on {}", l, change, ex);
            }
        }
    }

    /** Names the single I/O thread exactly {@code name} (Netty's factory would append pool and thread numbers). */
    private static final class SingleNameThreadFactory extends DefaultThreadFactory {
        private final String name;

        SingleNameThreadFactory(String name) {
            super(name, true);
            this.name = name;
        }

        @Override
        protected Thread newThread(Runnable r, String ignored) {
            return super.newThread(r, name);
        }
    }
}
