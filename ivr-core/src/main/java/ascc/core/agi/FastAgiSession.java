package ascc.core.agi;

import ascc.agi.AgiHangupException;
import ascc.agi.AgiRequest;
import ascc.agi.AgiScript;
import ascc.core.agi.AgiLineReader.Deadline;
import ascc.routing.Phones;
import ascc.routing.asterisk.ChannelVars;
import java.io.IOException;
import java.net.Socket;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One FastAGI conversation, run on its own virtual thread: environment, script, fallback on any failure. */
final class FastAgiSession implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(FastAgiSession.class);
    /** {@code CC_FALLBACK_REASON} of a call shed beyond the session limit. */
    static final String OVERLOAD = "overload";
    static final String FALLBACK_ACTION_COMMAND = "SET VARIABLE " + ChannelVars.ACTION + " \"" + ChannelVars.ACTION_FALLBACK + "\"";

    private final FastAgiServer server;
    private final Socket socket;
    private final String remote;
    /** Beyond the session limit: the call gets the fallback at once instead of its script. */
    private final boolean shed;
    private volatile Thread thread;
    private volatile AgiConnection connection;
    private volatile String channelId = "";
    private Instant startedAt;
    private long startNanos;
    private String script = "";
    private String caller = "";

    FastAgiSession(FastAgiServer server, Socket socket) {
        this(server, socket, false);
    }

    FastAgiSession(FastAgiServer server, Socket socket, boolean shed) {
        this.server = server;
        this.socket = socket;
        this.shed = shed;
        String address = String.valueOf(socket.getRemoteSocketAddress());
        this.remote = address.startsWith("/") ? address.substring(1) : address;
    }

    /** The channel when known, else the remote address. */
    String id() {
        return channelId.isEmpty() ? remote : channelId;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        startedAt = server.clock().instant();
        startNanos = System.nanoTime();
        server.register(this);
        try {
            converse();
        } catch (VirtualMachineError e) {
            LOG.error("AGI session {} died: {}", id(), e.toString(), e);
            throw e;
        } catch (RuntimeException e) {
            LOG.error("AGI session {} failed inside the engine: {}", id(), e.toString(), e);
        } finally {
            closeSocket();
            server.deregister(this);
        }
    }

    /** Shutdown: stop this session (see {@link AgiConnection#abort}). */
    void abort() {
        AgiConnection c = connection;
        if (c != null) {
            c.abort(thread);
        }
        // else: converse() checks server.abortingAll() right after creating the connection
    }

    /** Shutdown, last step: close the socket under the session. */
    void forceClose() {
        try {
            AgiConnection c = connection;
            if (c != null) {
                c.forceClose();
            } else {
                socket.close();
            }
        } catch (IOException e) {
            LOG.warn("AGI session {}: closing the socket at shutdown failed: {}", id(), e.toString());
        }
    }

    private void converse() {
        AgiConnection c;
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            c = new AgiConnection(socket, server.settings().maxLineBytes());
        } catch (IOException e) {
            fail("socket_error", "cannot set up the socket: " + e, false, false, null);
            return;
        }
        connection = c;
        if (server.abortingAll()) {
            c.abort(thread);
        }
        if (!peerAllowed()) {
            c.markClosed();
            return;
        }
        AgiRequest request;
        try {
            request = authenticated(readEnvironment(c));
        } catch (BadInputException e) {
            fail(e.reason(), e.getMessage(), e.protocolUsable(), true, null);
            return;
        }
        if (request == null) {
            return;
        }
        if (c.aborted()) {
            fail("shutdown", "engine shutting down before the script started", true, false, null);
            return;
        }
        if (shed) {
            String fallback = sendFallback(OVERLOAD);
            LOG.debug("AGI session {} script={}: overload, fallback {} after {} ms", id(), script, fallback, elapsedMillis());
            return;
        }
        Optional<AgiScript> found;
        try {
            found = server.resolver().resolve(request.script());
        } catch (RuntimeException e) {
            fail("script_error", "resolving script '" + request.script() + "' threw " + e, true, false, e);
            return;
        }
        if (found.isEmpty()) {
            fail("unknown_script", "no script named '" + AgiConnection.abbreviate(request.script()) + "'", true, true, null);
            return;
        }
        FastAgiChannel channel = new FastAgiChannel(request, c, server.settings().commandTimeout(), server.settings().execTimeout());
        Throwable failure = null;
        c.scriptRunning(true);
        try {
            found.get().run(channel);
        } catch (AgiHangupException e) {
            LOG.debug("AGI session {} script={}: caller hung up: {}", id(), script, e.getMessage());
        } catch (VirtualMachineError e) {
            if (!(e instanceof StackOverflowError)) {
                throw e;
            }
            failure = e;
        } catch (Exception | Error e) {
            failure = e;
        } finally {
            c.scriptRunning(false);
        }
        if (failure != null) {
            String reason = c.aborted() ? "shutdown"
                : failure instanceof AgiCommandTimeoutException || c.commandTimedOut() ? "command_timeout" : "script_error";
            fail(reason, describe(failure), c.usableForFallback(), false, failure);
            return;
        }
        if (c.commandTimedOut()) {
            // the script caught the timeout and went on: the conversation is still out of step, so the call goes back
            fail("command_timeout", "a command got no reply by its deadline (the script went on)", c.usableForFallback(), false, null);
            return;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("AGI session {} script={} caller={} done in {} ms", id(), script, Phones.mask(caller), elapsedMillis());
        }
    }

    private AgiRequest readEnvironment(AgiConnection c) throws BadInputException {
        FastAgiSettings settings = server.settings();
        try {
            AgiRequest request = AgiEnvironment.read(c.reader(), Deadline.after(settings.envReadTimeout()), settings.maxEnvLines(),
                this::remember);
            script = request.script();
            return request;
        } catch (BadInputException e) {
            if (!e.protocolUsable()) {
                c.markClosed();
            }
            throw e;
        }
    }

    /**
     * The peer check (agi.allowed-peers), before anything is read: a connection from elsewhere is closed at once.
     *
     * @return false when the session was ended (logged once)
     */
    private boolean peerAllowed() {
        if (server.settings().access().allows(socket.getInetAddress())) {
            return true;
        }
        server.unauthenticatedCounter().increment();
        fail("peer_not_allowed", "peer " + remote + " is not in agi.allowed-peers " + server.settings().access().allowedPeers()
            + "; closed without reading", false, false, null);
        return false;
    }

    /**
     * The secret check (agi.secret as {@code agi_arg_1}), before the script is even looked up: a session without it
     * gets the fallback route only, whatever it claims to be (channel, context, script).
     *
     * @return the request without the secret, or null when the session was ended (logged once)
     */
    private AgiRequest authenticated(AgiRequest request) {
        String presented = request.env().get("arg_1");
        if (server.settings().access().authenticates(presented)) {
            return AgiEnvironment.withoutSecret(request);
        }
        server.unauthenticatedCounter().increment();
        fail("unauthenticated", (presented == null ? "no AGI secret (agi_arg_1)" : "wrong AGI secret in agi_arg_1")
            + " from " + remote, true, false, null);
        return null;
    }

    private void remember(String key, String value) {
        switch (key) {
            case "channel" -> channelId = value;
            case "callerid" -> caller = value;
            default -> {
            }
        }
    }

    /** See {@link AgiEnvironment#scriptName}. */
    static String scriptName(Map<String, String> env) {
        return AgiEnvironment.scriptName(env);
    }

    private void fail(String reason, String detail, boolean usable, boolean badInput, Throwable cause) {
        if (badInput) {
            server.badInputCounter().increment();
        }
        server.failedCounter().increment();
        String fallback = usable ? sendFallback(reason) : "not sent (connection unusable)";
        server.failureLog().accept(String.format(
            "AGI session fallback: reason=%s id=%s script=%s caller=%s detail=%s fallback=%s after %d ms (started %s)",
            reason, id(), script.isEmpty() ? "-" : AgiConnection.abbreviate(script), caller.isEmpty() ? "-" : Phones.mask(caller),
            detail, fallback, elapsedMillis(), startedAt));
        if (cause != null && LOG.isDebugEnabled()) {
            LOG.debug("AGI session {}: stack trace of the {} above", id(), reason, cause);
        }
    }

    private String sendFallback(String reason) {
        AgiConnection c = connection;
        if (c == null) {
            return "not sent (no connection)";
        }
        Deadline deadline = Deadline.after(server.settings().envReadTimeout());
        String error = c.sendLenient(FALLBACK_ACTION_COMMAND, deadline);
        if (error == null) {
            error = c.sendLenient("SET VARIABLE " + ChannelVars.FALLBACK_REASON + " " + AgiQuoting.quote("reason", reason), deadline);
        }
        return error == null ? "sent" : "failed (" + error + ")";
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(t.toString().replace('\n', ' '));
        StackTraceElement[] trace = t.getStackTrace();
        if (trace.length > 0) {
            sb.append(" at ").append(trace[0]);
        }
        return Phones.maskText(sb.toString());
    }

    private long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("AGI session {}: closing the socket failed: {}", id(), e.toString());
        }
    }

    /** For the shutdown log: {@code PJSIP/a-01 (inbound, 1234 ms)}. */
    String summary() {
        return id() + " (" + (script.isEmpty() ? "-" : script) + ", " + elapsedMillis() + " ms)";
    }
}
