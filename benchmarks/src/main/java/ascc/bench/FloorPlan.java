package ascc.bench;

import ascc.agi.AgiChannel;
import ascc.agi.AgiRequest;
import ascc.agi.flows.InboundFlow;
import ascc.routing.Phones;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Company;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * The command lines {@link AgiFloorServer} sends, computed once at its start (never per call) by running the engine's
 * {@link InboundFlow} against a recording channel that answers as test-support's {@code AgiLoadDriver} does (every menu
 * "1", the company code keyed on the shared number) and writes each command as the engine's {@code FastAgiChannel}
 * does. {@link AgiFloorBench} compares these lines with what the engine really sends before it measures anything.
 *
 * <p>Per dialed company number one script; on a shared number the script up to the company-code GET DATA, then per
 * keyed code the rest. The masked caller number in the hand-off is the only per-call part ({@link Line#render}).
 */
final class FloorPlan {
    /** The caller id the plan is computed with; its mask is replaced by the real caller's per call. */
    private static final String PLAN_CALLER = "01099999999";

    /**
     * One command line, "\n" included, as bytes; when it carries the masked caller, split around it.
     *
     * @param head the bytes before the masked caller (the whole line when {@code tail} is null)
     * @param tail the bytes after it, or null
     */
    record Line(byte[] head, byte[] tail) {
        byte[] render(String callerId) {
            if (tail == null) {
                return head;
            }
            byte[] mask = Phones.mask(callerId).getBytes(StandardCharsets.US_ASCII);
            byte[] out = new byte[head.length + mask.length + tail.length];
            System.arraycopy(head, 0, out, 0, head.length);
            System.arraycopy(mask, 0, out, head.length, mask.length);
            System.arraycopy(tail, 0, out, head.length + mask.length, tail.length);
            return out;
        }
    }

    /** What to send on a dialed number: the lines; on a shared number they end with the GET DATA of the code. */
    record Script(List<Line> lines, boolean shared) {
    }

    private final Map<String, Script> byDialed = new HashMap<>();
    /** Per company code: the lines after the code's GET DATA. */
    private final Map<String, List<Line>> afterCode = new HashMap<>();

    FloorPlan(CenterConfig config, Clock clock) {
        InboundFlow flow = new InboundFlow(() -> config, clock, (req, decision, at) -> { });
        for (Company company : config.companies().values()) {
            for (String number : company.numbers()) {
                byDialed.put(number, new Script(lines(record(flow, number, "1")), false));
            }
        }
        for (String shared : config.engine().sharedNumbers()) {
            List<String> commands = null;
            for (Company company : config.companies().values()) {
                commands = record(flow, shared, company.code());
                int ask = askIndex(commands, shared);
                afterCode.putIfAbsent(company.code(), lines(commands.subList(ask + 1, commands.size())));
            }
            if (commands != null) {
                byDialed.put(shared, new Script(lines(commands.subList(0, askIndex(commands, shared) + 1)), true));
            }
        }
    }

    Script script(String dialed) {
        return byDialed.get(dialed);
    }

    /** The command lines (no "\n") sent on a dialed own number for {@code callerId}, or null for an unknown number. */
    List<String> commandLines(String dialed, String callerId) {
        Script s = byDialed.get(dialed);
        if (s == null || s.shared()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Line l : s.lines()) {
            String text = new String(l.render(callerId), StandardCharsets.UTF_8);
            out.add(text.substring(0, text.length() - 1));
        }
        return out;
    }

    List<Line> afterCode(String code) {
        return afterCode.get(code);
    }

    private static int askIndex(List<String> commands, String shared) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).startsWith("GET DATA ")) {
                return i;
            }
        }
        throw new IllegalStateException("the flow asked no company code on the shared number " + shared + ": " + commands);
    }

    private static List<String> record(InboundFlow flow, String dialed, String code) {
        Map<String, String> env = new HashMap<>();
        env.put("network_script", "inbound");
        env.put("extension", dialed);
        env.put("callerid", PLAN_CALLER);
        env.put("linkedid", "plan");
        RecordingChannel ch = new RecordingChannel(new AgiRequest("inbound", env, List.of()), code);
        flow.run(ch);
        return ch.commands;
    }

    private static List<Line> lines(List<String> commands) {
        String mask = Phones.mask(PLAN_CALLER);
        List<Line> out = new ArrayList<>();
        for (String c : commands) {
            int at = c.indexOf("=" + mask);
            if (at < 0) {
                out.add(new Line((c + "\n").getBytes(StandardCharsets.UTF_8), null));
            } else {
                int cut = at + 1;
                out.add(new Line(c.substring(0, cut).getBytes(StandardCharsets.UTF_8),
                    (c.substring(cut + mask.length()) + "\n").getBytes(StandardCharsets.UTF_8)));
            }
        }
        return List.copyOf(out);
    }

    /** Answers as AgiLoadDriver does and writes each command as FastAgiChannel does (the bench checks both). */
    private static final class RecordingChannel implements AgiChannel {
        private final AgiRequest request;
        private final String code;
        private final Map<String, String> variables = new HashMap<>();
        final List<String> commands = new ArrayList<>();

        RecordingChannel(AgiRequest request, String code) {
            this.request = request;
            this.code = code;
        }

        @Override
        public AgiRequest request() {
            return request;
        }

        @Override
        public void answer() {
            commands.add("ANSWER");
        }

        @Override
        public String getVariable(String name) {
            commands.add("GET VARIABLE " + quote(name));
            return variables.get(name);
        }

        @Override
        public void setVariable(String name, String value) {
            commands.add("SET VARIABLE " + quote(name) + " " + quote(value));
            variables.put(name, value);
        }

        @Override
        public void setVariables(SequencedMap<String, String> vars) {
            StringBuilder options = new StringBuilder();
            vars.forEach((k, v) -> options.append(options.isEmpty() ? "" : ",").append(k).append('=').append(v));
            exec("MSet", options.toString());
            variables.putAll(vars);
        }

        @Override
        public char streamFile(String file, String escapeDigits) {
            commands.add("STREAM FILE " + quote(file) + " " + quote(escapeDigits == null ? "" : escapeDigits));
            return 0;
        }

        @Override
        public String getData(String prompt, long timeoutMillis, int maxDigits) {
            commands.add("GET DATA " + quote(prompt) + " " + timeoutMillis + " " + maxDigits);
            return maxDigits == 1 ? "1" : code;
        }

        @Override
        public char waitForDigit(long timeoutMillis) {
            commands.add("WAIT FOR DIGIT " + timeoutMillis);
            return 0;
        }

        @Override
        public int exec(String application, String options) {
            commands.add("EXEC " + quote(application) + (options == null ? "" : " " + quote(options)));
            if (application.equals("Read")) {
                variables.put(options.substring(0, options.indexOf(',')), "1");
                variables.put("READSTATUS", "OK");
            }
            return 0;
        }

        @Override
        public void verbose(String message, int level) {
            commands.add("VERBOSE " + quote(message) + " " + level);
        }

        private static String quote(String value) {
            return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }
}
