package ascc.agi.testing;

import ascc.agi.AgiChannel;
import ascc.agi.AgiHangupException;
import ascc.agi.AgiRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A scripted in-memory {@link AgiChannel} for call-flow unit tests.
 *
 * <p>Caller input is a queue of events: {@link #pressDigits(String)} adds digits, {@link #timeoutNext()} adds
 * "the caller pressed nothing". Consumers:
 * <ul>
 *   <li>STREAM FILE takes the next digit only if it is one of the escape digits (like Asterisk); otherwise the
 *       prompt plays to its end (0) and the queue is left alone. A queued timeout is not consumed by it.</li>
 *   <li>WAIT FOR DIGIT takes the next event: a digit, or a timeout (0). An empty queue is a timeout.</li>
 *   <li>GET DATA takes digits until {@code #} (consumed, not returned), {@code maxDigits} digits, a timeout event
 *       or the end of the queue; it returns null only when no digit came before the timeout.</li>
 *   <li>{@code EXEC Read VAR,a&b&c,maxdigits,options,attempts,timeout} (the dialplan application) plays the files in
 *       turn; a queued digit interrupts the first file (only it is recorded as played) and is kept as the first digit,
 *       otherwise every file is recorded as played. It then collects like GET DATA ({@code maxdigits} 0: no limit) and
 *       sets {@code VAR} to the digits ("" when none) and {@code READSTATUS} to {@code OK} ('#' or {@code maxdigits}
 *       reached) or {@code TIMEOUT} (a timeout event or the end of the queue), as Asterisk does. An
 *       {@link #execResult} for Read replaces all this: a negative one sets {@code READSTATUS} to {@code HANGUP}.</li>
 * </ul>
 * {@link #hangupAfter(int)} makes the caller hang up after that many further commands: every command after that
 * throws {@link AgiHangupException}, like the FastAGI channel does after HANGUP.
 *
 * <p>Every executed command is recorded in a readable form without quotes: {@code ANSWER},
 * {@code GET VARIABLE NAME}, {@code SET VARIABLE NAME value}, {@code STREAM FILE hello} (escape digits are not
 * recorded), {@code GET DATA menu 5000 4}, {@code WAIT FOR DIGIT 5000}, {@code EXEC Dial PJSIP/1,20},
 * {@code VERBOSE text 1}. Values with line breaks are refused like the real channel refuses them.
 * Methods are synchronized so a test thread may inspect a flow running on another thread.
 */
public final class FakeAgiChannel implements AgiChannel {
    private static final char TIMEOUT = '\uffff';
    private static final String READ = "Read";

    private final AgiRequest request;
    private final Deque<Character> input = new ArrayDeque<>();
    private final List<String> commands = new ArrayList<>();
    private final List<String> prompts = new ArrayList<>();
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final Map<String, Integer> execResults = new HashMap<>();
    private int commandsUntilHangup = -1;
    private boolean hungUp;
    private int refusedAfterHangup;
    private boolean answered;

    public FakeAgiChannel(AgiRequest request) {
        this.request = Objects.requireNonNull(request, "request");
    }

    /**
     * A request as Asterisk would send for {@code agi://engine/<script>} with the caller's number and the dialed
     * extension set; channel {@code PJSIP/test-00000001}, unique id {@code 1700000000.1}.
     */
    public static AgiRequest request(String script, String callerId, String extension, String... args) {
        return AgiRequest.of(script, "PJSIP/test-00000001", "1700000000.1", "from-pstn", callerId, extension, args);
    }

    /** Queues DTMF the caller will press, e.g. {@code "1#"}; only 0-9, *, # and A-D are allowed. */
    public synchronized FakeAgiChannel pressDigits(String digits) {
        for (char c : digits.toCharArray()) {
            if ("0123456789*#ABCD".indexOf(c) < 0) {
                throw new IllegalArgumentException("not a DTMF digit: '" + c + "' in \"" + digits + "\"");
            }
            input.add(c);
        }
        return this;
    }

    /** Queues a timeout: the next WAIT FOR DIGIT / GET DATA gets no (more) digits. */
    public synchronized FakeAgiChannel timeoutNext() {
        input.add(TIMEOUT);
        return this;
    }

    /** The caller hangs up after {@code n} more commands (0: before the next command). */
    public synchronized FakeAgiChannel hangupAfter(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("hangupAfter needs n >= 0, got " + n);
        }
        commandsUntilHangup = n;
        return this;
    }

    /** A value GET VARIABLE will return (as if the dialplan had set it). */
    public synchronized FakeAgiChannel presetVariable(String name, String value) {
        variables.put(name, value);
        return this;
    }

    /** The result EXEC of this application returns (default 0). */
    public synchronized FakeAgiChannel execResult(String application, int result) {
        execResults.put(application, result);
        return this;
    }

    /** Every executed command, in order. */
    public synchronized List<String> commands() {
        return List.copyOf(commands);
    }

    /** Files played by STREAM FILE and GET DATA, in order. */
    public synchronized List<String> prompts() {
        return List.copyOf(prompts);
    }

    /** A variable's current value (set by the flow or preset), or null. */
    public synchronized String variable(String name) {
        return variables.get(name);
    }

    public synchronized Map<String, String> variables() {
        return Map.copyOf(variables);
    }

    public synchronized boolean answered() {
        return answered;
    }

    public synchronized boolean hungUp() {
        return hungUp;
    }

    /** Commands the flow tried after the hangup (each threw). */
    public synchronized int refusedAfterHangup() {
        return refusedAfterHangup;
    }

    /** DTMF events not consumed yet (a timeout shows as {@code T}). */
    public synchronized String pendingInput() {
        StringBuilder sb = new StringBuilder();
        input.forEach(c -> sb.append(c == TIMEOUT ? 'T' : c));
        return sb.toString();
    }

    @Override
    public AgiRequest request() {
        return request;
    }

    @Override
    public synchronized void answer() {
        execute("ANSWER");
        answered = true;
    }

    @Override
    public synchronized String getVariable(String name) {
        execute("GET VARIABLE " + checked(name));
        return variables.get(name);
    }

    @Override
    public synchronized void setVariable(String name, String value) {
        execute("SET VARIABLE " + checked(name) + " " + checked(value));
        variables.put(name, value);
    }

    @Override
    public synchronized char streamFile(String file, String escapeDigits) {
        execute("STREAM FILE " + checked(file));
        prompts.add(file);
        Character next = input.peek();
        if (next != null && next != TIMEOUT && escapeDigits != null && escapeDigits.indexOf(next) >= 0) {
            return input.poll();
        }
        return 0;
    }

    @Override
    public synchronized String getData(String prompt, long timeoutMillis, int maxDigits) {
        execute("GET DATA " + checked(prompt) + " " + timeoutMillis + " " + maxDigits);
        prompts.add(prompt);
        StringBuilder digits = new StringBuilder();
        while (digits.length() < maxDigits) {
            Character next = input.poll();
            if (next == null || next == TIMEOUT) {
                return digits.isEmpty() ? null : digits.toString();
            }
            if (next == '#') {
                break;
            }
            digits.append(next);
        }
        return digits.toString();
    }

    @Override
    public synchronized char waitForDigit(long timeoutMillis) {
        execute("WAIT FOR DIGIT " + timeoutMillis);
        Character next = input.poll();
        return next == null || next == TIMEOUT ? 0 : next;
    }

    @Override
    public synchronized int exec(String application, String options) {
        execute("EXEC " + checked(application) + (options == null ? "" : " " + checked(options)));
        if (READ.equals(application)) {
            Integer forced = execResults.get(READ);
            if (forced != null) {
                if (forced < 0) {
                    variables.put("READSTATUS", "HANGUP");
                }
                return forced;
            }
            return read(options);
        }
        return execResults.getOrDefault(application, 0);
    }

    /** Asterisk's Read(variable,filename&filename2,maxdigits,options,attempts,timeout) against the queued input. */
    private int read(String options) {
        String[] args = (options == null ? "" : options).split(",", -1);
        if (args.length < 2 || args[0].isEmpty()) {
            variables.put("READSTATUS", "ERROR");
            return 0;
        }
        int maxDigits = args.length > 2 && !args[2].isEmpty() ? Integer.parseInt(args[2]) : 0;
        String[] files = args[1].split("&");
        Character next = input.peek();
        if (next != null && next != TIMEOUT) {
            prompts.add(files[0]);
        } else {
            prompts.addAll(List.of(files));
        }
        StringBuilder digits = new StringBuilder();
        String status = "OK";
        while (maxDigits <= 0 || digits.length() < maxDigits) {
            Character c = input.poll();
            if (c == null || c == TIMEOUT) {
                status = "TIMEOUT";
                break;
            }
            if (c == '#') {
                break;
            }
            digits.append(c);
        }
        variables.put(args[0], digits.toString());
        variables.put("READSTATUS", status);
        return 0;
    }

    @Override
    public synchronized void verbose(String message, int level) {
        execute("VERBOSE " + checked(message) + " " + level);
    }

    private void execute(String command) {
        if (!hungUp && commandsUntilHangup == 0) {
            hungUp = true;
        }
        if (hungUp) {
            refusedAfterHangup++;
            throw new AgiHangupException("caller hung up (fake channel); not sending " + command);
        }
        if (commandsUntilHangup > 0) {
            commandsUntilHangup--;
        }
        commands.add(command);
    }

    private static String checked(String value) {
        Objects.requireNonNull(value, "AGI argument");
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf(0) >= 0) {
            throw new IllegalArgumentException("AGI argument contains a line break or NUL: " + value.replace("\n", "\\n"));
        }
        return value;
    }
}
