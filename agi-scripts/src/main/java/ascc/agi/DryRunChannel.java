package ascc.agi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An {@link AgiChannel} without Asterisk, for a dry run of a call flow ({@code ivr route}): a caller who answers each
 * menu with the next of the given digit groups, and a transcript of what the flow did. Nothing is played or dialled.
 *
 * <p>A menu is GET DATA or {@code EXEC Read VAR,a&b,maxdigits,...}. The next group answers it: its digits up to the
 * first {@code #} and at most the menu's maximum (Read's 0: no maximum); an empty group or no group left is no input
 * (GET DATA returns null, Read sets {@code VAR} to "" and {@code READSTATUS} to {@code TIMEOUT}). A lone {@code #} is
 * an empty answer ("", {@code READSTATUS} {@code OK}). STREAM FILE plays to its end, WAIT FOR DIGIT times out, other
 * applications return 0. Variables are kept as a dialplan would keep them.
 *
 * <p>The transcript has one line per step the caller notices: {@code ANSWER}, {@code play FILE},
 * {@code ask PROMPTS (max N) -> "DIGITS"} ({@code ""} for a lone {@code #}) or {@code ... -> no input}.
 * Not thread-safe: one flow runs on it.
 */
public final class DryRunChannel implements AgiChannel {
    private static final String READ = "Read";

    private final AgiRequest request;
    private final List<String> answers;
    private final List<String> transcript = new ArrayList<>();
    private final Map<String, String> variables = new LinkedHashMap<>();
    private int next;

    /**
     * @param request the AGI environment the flow sees, e.g. from {@link #request(String, String, String)}
     * @param answers the caller's answer to each menu, in order (DTMF digits 0-9, * and #)
     */
    public DryRunChannel(AgiRequest request, List<String> answers) {
        this.request = Objects.requireNonNull(request, "request");
        this.answers = List.copyOf(answers);
        for (String a : this.answers) {
            if (!a.matches("[0-9*#]*")) {
                throw new IllegalArgumentException("not DTMF digits: \"" + a + "\"");
            }
        }
    }

    /**
     * The environment of a session for {@code agi://engine/<script>} of a call from {@code callerId} to
     * {@code extension}, on a channel named {@code DryRun/route}.
     */
    public static AgiRequest request(String script, String callerId, String extension) {
        return AgiRequest.of(script, "DryRun/route", "0000000000.0", "dry-run", callerId, extension);
    }

    /** What the caller heard and answered, in order. */
    public List<String> transcript() {
        return List.copyOf(transcript);
    }

    /** How many answers no menu asked for. */
    public int unusedAnswers() {
        return answers.size() - next;
    }

    /** A variable the flow set, or null. */
    public String variable(String name) {
        return variables.get(name);
    }

    /** Every variable the flow set, in the order first set. */
    public Map<String, String> variables() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    @Override
    public AgiRequest request() {
        return request;
    }

    @Override
    public void answer() {
        transcript.add("ANSWER");
    }

    @Override
    public String getVariable(String name) {
        return variables.get(name);
    }

    @Override
    public void setVariable(String name, String value) {
        variables.put(name, value);
    }

    @Override
    public char streamFile(String file, String escapeDigits) {
        transcript.add("play " + file);
        return 0;
    }

    @Override
    public String getData(String prompt, long timeoutMillis, int maxDigits) {
        String got = nextAnswer(maxDigits);
        transcript.add("ask " + prompt + " (max " + maxDigits + ") -> " + shown(got));
        return got;
    }

    @Override
    public char waitForDigit(long timeoutMillis) {
        return 0;
    }

    @Override
    public int exec(String application, String options) {
        if (!READ.equals(application) || options == null) {
            return 0;
        }
        // Read(VAR,file&file,maxdigits,options,attempts,timeout)
        String[] args = options.split(",", -1);
        int maxDigits = args.length > 2 && args[2].matches("[0-9]{1,9}") ? Integer.parseInt(args[2]) : 0;
        String got = nextAnswer(maxDigits <= 0 ? Integer.MAX_VALUE : maxDigits);
        if (!args[0].isEmpty()) {
            variables.put(args[0], got == null ? "" : got);
        }
        variables.put("READSTATUS", got == null ? "TIMEOUT" : "OK");
        transcript.add("ask " + (args.length > 1 ? args[1] : "?") + " (max " + maxDigits + ") -> " + shown(got));
        return 0;
    }

    @Override
    public void verbose(String message, int level) {
        // nothing to show: the transcript is what the caller notices
    }

    /** The next group as the answer to a menu of at most {@code maxDigits} digits; null for no input. */
    private String nextAnswer(int maxDigits) {
        String group = next < answers.size() ? answers.get(next++) : "";
        if (group.isEmpty()) {
            return null;
        }
        int end = group.indexOf('#');
        String digits = end < 0 ? group : group.substring(0, end);
        return digits.length() > maxDigits ? digits.substring(0, maxDigits) : digits;
    }

    private static String shown(String got) {
        return got == null ? "no input" : "\"" + got + "\"";
    }
}
