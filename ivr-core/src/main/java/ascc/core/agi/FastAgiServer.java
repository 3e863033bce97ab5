package ascc.core.agi;

import ascc.core.metrics.Metrics;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's FastAGI listener: one platform thread ({@code agi-acceptor}) only accepts connections and starts one
 * virtual thread per call ({@code agi-session-N}) that reads the AGI environment, runs the {@link ascc.agi.AgiScript}
 * named by the URL path and ends the session. There is no pool; with {@link #limitSessions} a connection beyond that
 * many running sessions is <b>shed</b>: it reads the environment, gets the fallback route at once ({@code CC_ACTION
 * "fallback"}, {@code CC_FALLBACK_REASON "overload"}) and ends, so the sessions already running keep their normal
 * latency; sheds are counted ({@code ascc_agi_sessions_shed_total}) and reported in one WARN line per 10 s at most.
 *
 * <p>Any bad input (no/oversized/binary/too long/too slow environment, unknown script, a script exception) ends the
 * session with the safe default route: {@code SET VARIABLE CC_ACTION "fallback"} and {@code CC_FALLBACK_REASON}
 * when the protocol is still usable, one WARN line naming the channel (or remote address), then the socket closes
 * and the dialplan takes the call to the fallback queue. The listener keeps serving.
 *
 * <p>Only peers in {@code agi.allowed-peers} are served (others are closed at once), and only sessions whose first
 * AGI argument is the deployment's AGI secret run a script; any other session gets the fallback route and one
 * WARN line (reasons {@code peer_not_allowed}, {@code unauthenticated}). Every command has a deadline (EXEC a
 * generous one); a peer silent past it ends the session with the fallback ({@code command_timeout}).
 *
 * <p>Metrics: {@code ascc_agi_sessions_total} (accepted connections), {@code ascc_agi_sessions_failed_total}
 * (sessions that ended with the fallback, including shutdown aborts), {@code ascc_agi_bad_input_total} (bad
 * environment or unknown script), {@code ascc_agi_unauthenticated_total} (peer not allowed or no secret), gauge
 * {@code ascc_agi_sessions_active}.
 */
public final class FastAgiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FastAgiServer.class);
    private static final Duration MAX_ABORT_WINDOW = Duration.ofSeconds(5);
    private static final Duration FORCE_CLOSE_WAIT = Duration.ofSeconds(2);
    private static final long ACCEPT_ERROR_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final FastAgiSettings settings;
    private final ScriptResolver resolver;
    private final Clock clock;
    private final Consumer<String> failureLog;
    private final Counter sessionsTotal;
    private final Counter sessionsFailed;
    private final Counter badInput;
    private final Counter shed;
    private volatile int maxSessions = Integer.MAX_VALUE;
    /** Sheds since the last WARN line, and when that line was written (System.nanoTime); acceptor thread only. */
    private long shedSinceLog;
    private long lastShedLog;
    private final Counter unauthenticated;
    private final AtomicInteger active = new AtomicInteger();
    private final Set<FastAgiSession> sessions = ConcurrentHashMap.newKeySet();
    private final Object lifecycle = new Object();
    private volatile boolean closing;
    private volatile boolean abortAll;
    private volatile boolean abortsSent;
    private ServerSocket serverSocket;
    private Thread acceptor;

    public FastAgiServer(FastAgiSettings settings, ScriptResolver resolver, Metrics metrics, Clock clock) {
        this(settings, resolver, metrics, clock, LOG::warn);
    }

    /** With a sink for the one-line failure reports (tests capture them; production logs them at WARN). */
    FastAgiServer(FastAgiSettings settings, ScriptResolver resolver, Metrics metrics, Clock clock, Consumer<String> failureLog) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.failureLog = Objects.requireNonNull(failureLog, "failureLog");
        this.sessionsTotal = metrics.counter("ascc_agi_sessions_total", "FastAGI connections accepted");
        this.sessionsFailed = metrics.counter("ascc_agi_sessions_failed_total",
            "FastAGI sessions that ended with the fallback route (bad input, unknown script, script error, shutdown)");
        this.badInput = metrics.counter("ascc_agi_bad_input_total", "FastAGI sessions with a bad environment or unknown script");
        this.shed = metrics.counter("ascc_agi_sessions_shed_total",
            "FastAGI sessions beyond the session limit, given the fallback route at once (overload)");
        this.unauthenticated = metrics.counter("ascc_agi_unauthenticated_total",
            "FastAGI connections refused: a peer outside agi.allowed-peers, or a session without the AGI secret");
        metrics.gauge("ascc_agi_sessions_active", "FastAGI sessions running now", active::get);
    }

    /** At most {@code max} sessions run the scripts at once; connections beyond get the fallback at once. */
    public FastAgiServer limitSessions(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("FastAGI session limit must be >= 1, got " + max);
        }
        maxSessions = max;
        return this;
    }

    /** Binds the listening socket and starts the acceptor thread. */
    public void start() throws IOException {
        synchronized (lifecycle) {
            if (serverSocket != null) {
                throw new IllegalStateException("FastAGI server already started on port " + serverSocket.getLocalPort());
            }
            ServerSocket ss = new ServerSocket();
            try {
                ss.setReuseAddress(true);
                ss.bind(new InetSocketAddress(settings.bindHost(), settings.port()), settings.backlog());
            } catch (IOException e) {
                ss.close();
                throw new IOException("cannot listen for FastAGI on " + settings.bindHost() + ":" + settings.port() + ": " + e.getMessage(),
                    e);
            }
            serverSocket = ss;
            acceptor = Thread.ofPlatform().name("agi-acceptor").unstarted(this::acceptLoop);
            acceptor.start();
            LOG.info("FastAGI listening on {}:{} (backlog {})", settings.bindHost(), ss.getLocalPort(), settings.backlog());
        }
    }

    /** The bound port (useful with port 0). */
    public int port() {
        synchronized (lifecycle) {
            if (serverSocket == null) {
                throw new IllegalStateException("FastAGI server not started");
            }
            return serverSocket.getLocalPort();
        }
    }

    /** Sessions accepted and not yet ended. */
    public int activeSessions() {
        return active.get();
    }

    private void acceptLoop() {
        ServerSocket ss = serverSocket;
        Thread.Builder builder = Thread.ofVirtual().name("agi-session-", 1);
        int errorsSinceLog = 0;
        long lastErrorLog = 0;
        while (!ss.isClosed()) {
            Socket socket;
            try {
                socket = ss.accept();
            } catch (IOException e) {
                if (ss.isClosed()) {
                    break;
                }
                errorsSinceLog++;
                long now = System.nanoTime();
                if (now - lastErrorLog > TimeUnit.SECONDS.toNanos(10)) {
                    LOG.warn("FastAGI accept on port {} failed ({} times since the last report): {}", ss.getLocalPort(), errorsSinceLog,
                        e.toString());
                    errorsSinceLog = 0;
                    lastErrorLog = now;
                }
                LockSupport.parkNanos(ACCEPT_ERROR_PAUSE_NANOS);
                continue;
            }
            boolean overloaded = active.incrementAndGet() > maxSessions;
            sessionsTotal.increment();
            if (overloaded) {
                noteShed(ss.getLocalPort());
            }
            try {
                builder.start(new FastAgiSession(this, socket, overloaded));
            } catch (RuntimeException | OutOfMemoryError e) {
                active.decrementAndGet();
                sessionsFailed.increment();
                LOG.error("FastAGI cannot start a session for {}: {}", socket.getRemoteSocketAddress(), e.toString());
                try {
                    socket.close();
                } catch (IOException closeError) {
                    LOG.debug("closing the refused FastAGI socket failed: {}", closeError.toString());
                }
            }
        }
        LOG.info("FastAGI acceptor on port {} stopped", ss.getLocalPort());
    }

    private void noteShed(int port) {
        shed.increment();
        shedSinceLog++;
        long now = System.nanoTime();
        if (lastShedLog == 0 || now - lastShedLog > TimeUnit.SECONDS.toNanos(10)) {
            LOG.warn("FastAGI on port {} overloaded: {} sessions running (limit {}); {} new calls given the fallback at once"
                + " since the last report", port, active.get(), maxSessions, shedSinceLog);
            shedSinceLog = 0;
            lastShedLog = now;
        }
    }

    /**
     * Graceful shutdown: stops accepting, lets running sessions finish for up to {@code shutdownGrace}, then aborts
     * the rest (their calls go back to the dialplan with {@code CC_FALLBACK_REASON "shutdown"} when possible) and,
     * after at most another {@code min(shutdownGrace, 5 s)}, closes whatever sockets remain. Idempotent.
     */
    @Override
    public void close() {
        ServerSocket ss;
        Thread acceptorThread;
        synchronized (lifecycle) {
            if (closing || serverSocket == null) {
                return;
            }
            closing = true;
            ss = serverSocket;
            acceptorThread = acceptor;
        }
        boolean interrupted = false;
        try {
            ss.close();
        } catch (IOException e) {
            LOG.warn("closing the FastAGI listening socket on port {} failed: {}", ss.getLocalPort(), e.toString());
        }
        try {
            acceptorThread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            interrupted = true;
        }
        Duration grace = settings.shutdownGrace();
        if (!interrupted) {
            LOG.info("FastAGI stopped accepting; waiting up to {} ms for {} sessions", grace.toMillis(), active.get());
            interrupted = !awaitIdle(grace);
        }
        if (active.get() > 0) {
            abortAll = true;
            LOG.warn("FastAGI shutdown: {} sessions still running after {} ms, handing their calls back to the dialplan: {}",
                active.get(), grace.toMillis(), sessions.stream().limit(20).map(FastAgiSession::summary).collect(Collectors.joining(", ")));
            sessions.forEach(FastAgiSession::abort);
            abortsSent = true;
            Duration window = grace.compareTo(MAX_ABORT_WINDOW) < 0 ? grace : MAX_ABORT_WINDOW;
            interrupted |= !awaitIdle(window);
        }
        if (active.get() > 0) {
            LOG.warn("FastAGI shutdown: closing the sockets of {} sessions that did not stop", active.get());
            sessions.forEach(FastAgiSession::forceClose);
            interrupted |= !awaitIdle(FORCE_CLOSE_WAIT);
            if (active.get() > 0) {
                LOG.error("FastAGI shutdown: {} sessions still running after their sockets were closed", active.get());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until no session runs or the time is up; false when interrupted (the wait is then cut short). */
    private boolean awaitIdle(Duration max) {
        long end = System.nanoTime() + max.toNanos();
        while (active.get() > 0 && System.nanoTime() - end < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        return true;
    }

    void register(FastAgiSession session) {
        sessions.add(session);
    }

    void deregister(FastAgiSession session) {
        sessions.remove(session);
        active.decrementAndGet();
    }

    boolean abortingAll() {
        return abortAll;
    }

    /** True once close() has told every running session to abort (tests). */
    boolean abortsSent() {
        return abortsSent;
    }

    FastAgiSettings settings() {
        return settings;
    }

    ScriptResolver resolver() {
        return resolver;
    }

    Clock clock() {
        return clock;
    }

    Consumer<String> failureLog() {
        return failureLog;
    }

    Counter failedCounter() {
        return sessionsFailed;
    }

    Counter badInputCounter() {
        return badInput;
    }

    Counter unauthenticatedCounter() {
        return unauthenticated;
    }
}
