package ascc.core.agi;

import ascc.agi.AgiHangupException;
import ascc.core.agi.AgiLineReader.Deadline;
import ascc.routing.Phones;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The AGI conversation on one socket: sends commands, reads replies, tracks HANGUP, and coordinates with a
 * shutdown that wants to abort the session. Used by one session thread; {@link #abort} and {@link #forceClose}
 * may be called from the shutdown thread.
 *
 * <p>A virtual thread interrupted while blocked in socket I/O gets its socket closed by the JDK, so an abort only
 * interrupts the session thread while it runs script code, never while it waits for Asterisk's reply; in that
 * case the channel throws {@link AgiSessionAbortedException} as soon as the reply arrives.
 */
final class AgiConnection {
    private static final int MAX_REPLY_LINES = 500;

    private final Socket socket;
    private final AgiLineReader reader;
    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean inCommand;
    private boolean scriptRunning;
    private volatile boolean aborted;
    private volatile boolean hungUp;
    private volatile boolean closed;
    /** Commands that timed out: their late replies are skipped by the fallback. Session thread only. */
    private int lateReplies;
    /** A garbled reply was read: where we are in the conversation is unknown. Session thread only. */
    private boolean outOfStep;
    /** Why closing the socket after a hangup failed, or null. Session thread only. */
    private String hungUpCloseError;

    AgiConnection(Socket socket, int maxLineBytes) throws IOException {
        this.socket = socket;
        this.reader = new AgiLineReader(socket.getInputStream(), socket::setSoTimeout, maxLineBytes);
        this.out = socket.getOutputStream();
    }

    AgiLineReader reader() {
        return reader;
    }

    boolean hungUp() {
        return hungUp;
    }

    boolean aborted() {
        return aborted;
    }

    /** Whether the fallback variables can still be sent (the connection is open and the caller still there). */
    boolean usableForFallback() {
        return !closed && !hungUp && !socket.isClosed();
    }

    /** Whether a command got no reply by its deadline (the session must end with the fallback). Session thread only. */
    boolean commandTimedOut() {
        return lateReplies > 0;
    }

    void markClosed() {
        closed = true;
    }

    /** Marks the session aborted; interrupts its thread when it is inside script code (not in our socket I/O). */
    void abort(Thread sessionThread) {
        aborted = true;
        lock.lock();
        try {
            if (scriptRunning && !inCommand && sessionThread != null) {
                sessionThread.interrupt();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Closes the socket from another thread, which ends any blocked read of the session thread. */
    void forceClose() throws IOException {
        closed = true;
        socket.close();
    }

    /** Called by the session thread around the script; when the script ends, clears a pending abort interrupt. */
    void scriptRunning(boolean running) {
        lock.lock();
        try {
            scriptRunning = running;
        } finally {
            lock.unlock();
        }
        if (!running) {
            // An interrupt left over from abort() would make the JDK close the socket at the fallback's first
            // blocking I/O; the abort itself stays recorded in the aborted flag.
            Thread.interrupted();
        }
    }

    /**
     * Sends one command and returns its 200 reply.
     *
     * @throws AgiHangupException 511, HANGUP, or the connection was lost
     * @throws AgiCommandException 510, 520, another code, a garbled reply, or no reply by the deadline
     * @throws AgiSessionAbortedException the engine is shutting down
     */
    AgiReply command(String line, Deadline deadline) {
        lock.lock();
        try {
            if (aborted) {
                throw new AgiSessionAbortedException("engine shutting down; not sending " + shown(line));
            }
            if (hungUp) {
                throw new AgiHangupException("caller hung up; not sending " + shown(line));
            }
            if (closed) {
                throw new AgiHangupException("connection to Asterisk is closed; not sending " + shown(line));
            }
            if (outOfStep || lateReplies > 0) {
                throw new AgiCommandException(shown(line), -1, "",
                    "an earlier command got no proper reply; the conversation is out of step");
            }
            inCommand = true;
        } finally {
            lock.unlock();
        }
        AgiReply reply;
        try {
            if (hangupArrived(deadline)) {
                throw new AgiHangupException("caller hung up (HANGUP between commands); not sending " + shown(line));
            }
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            reply = readReply(deadline);
        } catch (SocketTimeoutException e) {
            lateReplies++;
            throw new AgiCommandTimeoutException(shown(line), "no reply within " + deadline.budget().toMillis() + " ms");
        } catch (BadInputException e) {
            outOfStep = true;
            throw new AgiCommandException(shown(line), -1, "", "garbled reply: " + e.getMessage());
        } catch (IOException e) {
            closed = true;
            if (aborted) {
                throw (AgiSessionAbortedException) new AgiSessionAbortedException(
                    "engine shutting down; connection closed during " + shown(line)).initCause(e);
            }
            throw (AgiHangupException) new AgiHangupException("connection to Asterisk lost during " + shown(line) + ": " + e).initCause(e);
        } finally {
            lock.lock();
            try {
                inCommand = false;
            } finally {
                lock.unlock();
            }
        }
        if (hungUp || reply.code() == 511) {
            releaseChannel();
        }
        if (aborted) {
            throw new AgiSessionAbortedException("engine shutting down; stopped after the reply to " + shown(line));
        }
        return switch (reply.code()) {
            case 200 -> {
                if (hungUp) {
                    throw new AgiHangupException("caller hung up (HANGUP) during " + shown(line));
                }
                yield reply;
            }
            case 511 -> {
                hungUp = true;
                throw new AgiHangupException("channel is dead (511) for " + shown(line));
            }
            case 510 -> throw new AgiCommandException(shown(line), 510, reply.text(), "Asterisk does not know the command");
            case 520 -> throw new AgiCommandException(shown(line), 520, reply.text(), "Asterisk rejected the command syntax");
            default -> throw new AgiCommandException(shown(line), reply.code(), reply.text(), "unexpected reply code");
        };
    }

    /**
     * Before a command: a {@code HANGUP} Asterisk sent while the script was busy between commands is read now, so no
     * further command is sent for a caller who is gone (the channel is then released at once).
     */
    private boolean hangupArrived(Deadline deadline) {
        try {
            while (reader.ready()) {
                String pending = reader.readLine(deadline);
                if (pending == null) {
                    closed = true;
                    return false;
                }
                if (pending.equals("HANGUP")) {
                    hungUp = true;
                } else {
                    outOfStep = true;
                }
            }
        } catch (IOException | BadInputException e) {
            // the command's own write or read reports a broken connection; garbage makes the conversation out of step
            outOfStep |= e instanceof BadInputException;
        }
        if (hungUp) {
            releaseChannel();
        }
        return hungUp;
    }

    /**
     * The caller hung up: close the connection now, so Asterisk ends the AGI and releases the channel (and its RTP
     * ports) at once, whatever the script still does before it returns (logging, its listener). Session thread only.
     */
    private void releaseChannel() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing a socket whose peer is gone may fail; the channel is released either way
            hungUpCloseError = e.toString();
        }
    }

    /** Why closing the socket after a hangup failed, or null (tests, debug). */
    String hangupCloseError() {
        return hungUpCloseError;
    }

    /** The command for an exception message, phone numbers masked; built only when one is thrown (a regex per command). */
    private static String shown(String line) {
        return Phones.maskText(line);
    }

    private AgiReply readReply(Deadline deadline) throws IOException, BadInputException {
        while (true) {
            String line = reader.readLine(deadline);
            if (line == null) {
                throw new EOFException("Asterisk closed the connection");
            }
            if (line.equals("HANGUP")) {
                hungUp = true;
                continue;
            }
            if (!AgiReply.looksLikeReply(line)) {
                throw new BadInputException("bad_reply", "not a reply line: '" + abbreviate(line) + "'", true);
            }
            if (line.length() > 3 && line.charAt(3) == '-') {
                return readMultiLine(line, deadline);
            }
            return AgiReply.parse(line);
        }
    }

    private AgiReply readMultiLine(String first, Deadline deadline) throws IOException, BadInputException {
        int code = AgiReply.codeOf(first);
        String last = first.substring(0, 3) + " ";
        List<String> lines = new ArrayList<>();
        lines.add(first);
        while (lines.size() < MAX_REPLY_LINES) {
            String line = reader.readLine(deadline);
            if (line == null) {
                throw new EOFException("Asterisk closed the connection in a " + code + " reply");
            }
            lines.add(line);
            if (line.startsWith(last) || line.equals(last.strip())) {
                return new AgiReply(code, "", null, "", lines);
            }
        }
        throw new BadInputException("bad_reply", "a " + code + " reply longer than " + MAX_REPLY_LINES + " lines", true);
    }

    /**
     * Best effort for the fallback: sends a command and waits for a reply, skipping whatever else arrives (the rest
     * of a bad environment, late replies, HANGUP).
     *
     * @return null when Asterisk answered 200, else what went wrong
     */
    String sendLenient(String line, Deadline deadline) {
        if (!usableForFallback()) {
            return "connection unusable";
        }
        try {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (true) {
                String reply;
                try {
                    reply = reader.readLine(deadline);
                } catch (BadInputException e) {
                    continue;
                }
                if (reply == null) {
                    closed = true;
                    return "Asterisk closed the connection";
                }
                if (reply.equals("HANGUP")) {
                    hungUp = true;
                    continue;
                }
                if (!AgiReply.looksLikeReply(reply)) {
                    continue;
                }
                if (reply.length() > 3 && reply.charAt(3) == '-') {
                    try {
                        readMultiLine(reply, deadline);
                    } catch (BadInputException e) {
                        return "garbled multi-line reply: " + e.getMessage();
                    }
                }
                if (lateReplies > 0) {
                    lateReplies--;
                    continue;
                }
                int code = AgiReply.codeOf(reply);
                return code == 200 ? null : "reply " + abbreviate(reply);
            }
        } catch (SocketTimeoutException e) {
            return "no reply within " + deadline.budget().toMillis() + " ms";
        } catch (IOException e) {
            closed = true;
            return e.toString();
        }
    }

    static String abbreviate(String s) {
        String m = Phones.maskText(s);
        return m.length() <= 80 ? m : m.substring(0, 80) + "...";
    }
}
