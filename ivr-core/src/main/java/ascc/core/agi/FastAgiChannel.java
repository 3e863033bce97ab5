package ascc.core.agi;

import static ascc.core.agi.AgiQuoting.quote;

import ascc.agi.AgiChannel;
import ascc.agi.AgiHangupException;
import ascc.agi.AgiRequest;
import ascc.core.agi.AgiLineReader.Deadline;
import ascc.routing.Phones;
import java.time.Duration;
import java.util.SequencedMap;

/**
 * {@link AgiChannel} over a FastAGI connection. Arguments are quoted ({@code SET VARIABLE "NAME" "a \"b\""});
 * values with line breaks are refused with {@link IllegalArgumentException} before anything is sent.
 * Result -1 of ANSWER, STREAM FILE, GET DATA and WAIT FOR DIGIT (failure or hangup) throws
 * {@link AgiHangupException}.
 */
public final class FastAgiChannel implements AgiChannel {
    private final AgiRequest request;
    private final AgiConnection connection;
    private final Duration commandTimeout;
    private final Duration execTimeout;

    FastAgiChannel(AgiRequest request, AgiConnection connection, Duration commandTimeout, Duration execTimeout) {
        this.request = request;
        this.connection = connection;
        this.commandTimeout = commandTimeout;
        this.execTimeout = execTimeout;
    }

    /** The connection under this channel (tests: whether Asterisk's next line has arrived). */
    AgiConnection connection() {
        return connection;
    }

    @Override
    public AgiRequest request() {
        return request;
    }

    @Override
    public void answer() {
        String cmd = "ANSWER";
        int result = send(cmd, 0).resultAsInt(cmd);
        if (result < 0) {
            throw new AgiHangupException("ANSWER failed with result " + result + " (channel " + request.channel() + ")");
        }
    }

    @Override
    public String getVariable(String name) {
        String cmd = "GET VARIABLE " + quote("name", name);
        AgiReply reply = send(cmd, 0);
        if (reply.resultAsInt(cmd) != 1) {
            return null;
        }
        return reply.data() == null ? "" : reply.data();
    }

    @Override
    public void setVariable(String name, String value) {
        String cmd = "SET VARIABLE " + quote("name", name) + " " + quote("value of " + name, value);
        send(cmd, 0);
    }

    @Override
    public char streamFile(String file, String escapeDigits) {
        String cmd = "STREAM FILE " + quote("file", file) + " " + quote("escapeDigits", escapeDigits == null ? "" : escapeDigits);
        return digitOrHangup("STREAM FILE", cmd, send(cmd, 0));
    }

    /**
     * AGI's GET DATA plays ONE file (Asterisk's {@code ast_app_getdata_full} does not split on '&', unlike the dialplan's
     * Read): a menu of files joined with '&' is played part by part with STREAM FILE (any key interrupts and is the first
     * digit), then GET DATA on the last part collects the rest.
     */
    private String getDataJoined(String prompt, long timeoutMillis, int maxDigits) {
        String[] parts = prompt.split("&");
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].isEmpty()) {
                continue;
            }
            char c = streamFile(parts[i], "0123456789*#");
            if (c == '#') {
                return "";
            }
            if (c != 0) {
                String first = String.valueOf(c);
                if (maxDigits == 1) {
                    return first;
                }
                String rest = getData("silence/1", timeoutMillis, maxDigits - 1);
                return rest == null ? first : first + rest;
            }
        }
        return getData(parts[parts.length - 1], timeoutMillis, maxDigits);
    }

    @Override
    public String getData(String prompt, long timeoutMillis, int maxDigits) {
        if (maxDigits < 1 || timeoutMillis < 0) {
            throw new IllegalArgumentException("GET DATA needs maxDigits >= 1 and timeoutMillis >= 0, got " + maxDigits + " and "
                + timeoutMillis + " (prompt " + prompt + ")");
        }
        if (prompt.indexOf('&') >= 0) {
            return getDataJoined(prompt, timeoutMillis, maxDigits);
        }
        String cmd = "GET DATA " + quote("prompt", prompt) + " " + timeoutMillis + " " + maxDigits;
        AgiReply reply = send(cmd, timeoutMillis * (maxDigits + 1));
        if (reply.result().startsWith("-")) {
            throw new AgiHangupException("GET DATA failed with result " + reply.result() + " (channel " + request.channel() + ")");
        }
        boolean timedOut = "timeout".equals(reply.data());
        if (timedOut && reply.result().isEmpty()) {
            return null;
        }
        return reply.result();
    }

    @Override
    public char waitForDigit(long timeoutMillis) {
        String cmd = "WAIT FOR DIGIT " + timeoutMillis;
        if (timeoutMillis < 0) {
            return digitOrHangup("WAIT FOR DIGIT", cmd, connection.command(cmd, execDeadline()));
        }
        return digitOrHangup("WAIT FOR DIGIT", cmd, send(cmd, timeoutMillis));
    }

    /** Names and values MSet takes as they are: no separators (, |), quotes, backslashes or spaces to escape. */
    private static final String MSET_SAFE_PUNCTUATION = "_@./:+*#-";

    /**
     * One {@code EXEC MSet name=value,...} when every name and value is plain (MSet strips quotes and splits on
     * {@code ,} and {@code |}, so anything else goes as one SET VARIABLE each, as Asterisk's docs advise); also one
     * SET VARIABLE each when MSet is missing (result -2).
     */
    @Override
    public void setVariables(SequencedMap<String, String> variables) {
        if (variables.size() < 2 || variables.size() > 99) {
            variables.forEach(this::setVariable);
            return;
        }
        StringBuilder options = new StringBuilder(256);
        for (var e : variables.entrySet()) {
            if (!msetName(e.getKey()) || !msetValue(e.getValue())) {
                variables.forEach(this::setVariable);
                return;
            }
            options.append(options.isEmpty() ? "" : ",").append(e.getKey()).append('=').append(e.getValue());
        }
        if (exec("MSet", options.toString()) == -2) {
            variables.forEach(this::setVariable);
        }
    }

    /** {@code _{0,2}[A-Za-z][A-Za-z0-9_]*}, checked by hand (a regex per variable was a tenth of the session's CPU). */
    static boolean msetName(String name) {
        int i = 0;
        while (i < 2 && i < name.length() && name.charAt(i) == '_') {
            i++;
        }
        if (i == name.length() || !asciiLetter(name.charAt(i))) {
            return false;
        }
        for (i++; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!asciiLetter(c) && !(c >= '0' && c <= '9') && c != '_') {
                return false;
            }
        }
        return true;
    }

    /** {@code [A-Za-z0-9_@./:+*#-]*}, checked by hand. */
    static boolean msetValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!asciiLetter(c) && !(c >= '0' && c <= '9') && MSET_SAFE_PUNCTUATION.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean asciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /**
     * EXEC waits for the application (prompts, {@code Read}) up to the generous exec deadline; a peer silent that long
     * ends the session with the fallback ({@link AgiCommandTimeoutException}).
     */
    @Override
    public int exec(String application, String options) {
        String cmd = "EXEC " + quote("application", application) + (options == null ? "" : " " + quote("options", options));
        return connection.command(cmd, execDeadline()).resultAsInt(cmd);
    }

    private Deadline execDeadline() {
        return Deadline.after(commandTimeout.plus(execTimeout));
    }

    @Override
    public void verbose(String message, int level) {
        send("VERBOSE " + quote("message", message) + " " + level, 0);
    }

    private AgiReply send(String cmd, long extraMillis) {
        return connection.command(cmd, Deadline.after(commandTimeout.plusMillis(extraMillis)));
    }

    private char digitOrHangup(String verb, String cmd, AgiReply reply) {
        int result = reply.resultAsInt(cmd);
        if (result < 0) {
            throw new AgiHangupException(verb + " failed with result " + result + " (hangup or failure; channel "
                + request.channel() + ")");
        }
        if (result > 0xFFFF) {
            throw new AgiCommandException(Phones.maskText(cmd), 200, reply.text(), "result is not a character code");
        }
        return (char) result;
    }
}
