package ascc.core.agi;

import ascc.agi.AgiHangupException;
import ascc.agi.AgiRequest;
import ascc.agi.AgiScript;
import ascc.core.agi.AgiLineReader.Deadline;
import ascc.routing.Phones;
import ascc.routing.asterisk.ChannelVars;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One FastAGI conversation, run on its own virtual thread: environment, script, fallback on any failure. */
final class FastAgiSession implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(FastAgiSession.class);
    static final String FALLBACK_ACTION_COMMAND = "SET VARIABLE " + ChannelVars.ACTION + " \"" + ChannelVars.ACTION_FALLBACK + "\"";

    private final FastAgiServer server;
    private final Socket socket;
    private final String remote;
    private volatile Thread thread;
    private volatile AgiConnection connection;
    private volatile String channelId = "";
    private Instant startedAt;
    private long startNanos;
    private String script = "";
    private String caller = "";

    FastAgiSession(FastAgiServer server, Socket socket) {
        this.server = server;
        this.socket = socket;
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
        AgiRequest request;
        try {
            request = readEnvironment(c);
        } catch (BadInputException e) {
            fail(e.reason(), e.getMessage(), e.protocolUsable(), true, null);
            return;
        }
        if (c.aborted()) {
            fail("shutdown", "engine shutting down before the script started", true, false, null);
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
        FastAgiChannel channel = new FastAgiChannel(request, c, server.settings().commandTimeout());
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
            String reason = c.aborted() ? "shutdown" : "script_error";
            fail(reason, describe(failure), c.usableForFallback(), false, failure);
            return;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("AGI session {} script={} caller={} done in {} ms", id(), script, Phones.mask(caller), elapsedMillis());
        }
    }

    private AgiRequest readEnvironment(AgiConnection c) throws BadInputException {
        FastAgiSettings settings = server.settings();
        Deadline deadline = Deadline.after(settings.envReadTimeout());
        Map<String, String> env = new HashMap<>(64);
        TreeMap<Integer, String> args = new TreeMap<>();
        int lines = 0;
        while (true) {
            String line;
            try {
                line = c.reader().readLine(deadline);
            } catch (BadInputException e) {
                throw new BadInputException(e.reason(), "environment line " + (lines + 1) + ": " + e.getMessage(), true);
            } catch (SocketTimeoutException e) {
                throw new BadInputException("env_timeout", "environment incomplete after " + settings.envReadTimeout().toMillis()
                    + " ms (" + lines + " lines read)", true);
            } catch (EOFException e) {
                c.markClosed();
                throw new BadInputException(lines == 0 ? "no_environment" : "truncated_environment", e.getMessage()
                    + " after " + lines + " environment lines", false);
            } catch (IOException e) {
                c.markClosed();
                throw new BadInputException("socket_error", "reading the environment failed after " + lines + " lines: " + e, false);
            }
            if (line == null) {
                c.markClosed();
                throw new BadInputException(lines == 0 ? "no_environment" : "truncated_environment",
                    "connection closed after " + lines + " environment lines", false);
            }
            if (line.isEmpty()) {
                if (lines == 0) {
                    throw new BadInputException("no_environment", "blank line before any agi_ variable", true);
                }
                break;
            }
            lines++;
            if (lines > settings.maxEnvLines()) {
                throw new BadInputException("too_many_env_lines", "more than " + settings.maxEnvLines() + " environment lines", true);
            }
            int colon = line.indexOf(':');
            if (!line.startsWith("agi_") || colon < 5) {
                throw new BadInputException("malformed_env_line", "environment line " + lines + " is not 'agi_name: value': '"
                    + AgiConnection.abbreviate(line) + "'", true);
            }
            String key = line.substring(4, colon);
            String value = line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            env.put(key, value);
            remember(key, value);
            if (key.startsWith("arg_")) {
                try {
                    args.put(Integer.parseInt(key.substring(4)), value);
                } catch (NumberFormatException e) {
                    throw new BadInputException("malformed_env_line", "environment line " + lines + ": bad argument name '"
                        + AgiConnection.abbreviate(key) + "'", true);
                }
            }
        }
        script = scriptName(env);
        return new AgiRequest(script, env, new ArrayList<>(args.values()));
    }

    private void remember(String key, String value) {
        switch (key) {
            case "channel" -> channelId = value;
            case "callerid" -> caller = value;
            default -> {
            }
        }
    }

    /** {@code agi_network_script} (or the path of {@code agi_request}) without query string or leading slash. */
    static String scriptName(Map<String, String> env) {
        String path = env.get("network_script");
        if (path == null) {
            String url = env.getOrDefault("request", "");
            int scheme = url.indexOf("://");
            if (scheme < 0) {
                return "";
            }
            int slash = url.indexOf('/', scheme + 3);
            path = slash < 0 ? "" : url.substring(slash + 1);
        }
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        return path;
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
