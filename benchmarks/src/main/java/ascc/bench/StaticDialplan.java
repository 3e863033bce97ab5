package ascc.bench;

import ascc.core.config.yaml.ConfigLoader;
import ascc.routing.config.CenterConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The third setup of {@code benchmarks/capacity.sh}: the engine's commands for one dialed own number written as static
 * dialplan applications, so Asterisk does the same work with no FastAGI at all. Prints one application per line
 * ({@code Answer()}, {@code Read(CC_MENU,...)}, {@code MSet(...)}), computed by the engine's own {@code InboundFlow}
 * through {@link FloorPlan} with the system clock (as the engine runs in the benchmark). The benchmark puts them in
 * place of the inbound context's {@code AGI(...)} line.
 */
public final class StaticDialplan {
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private StaticDialplan() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: StaticDialplan CONF_DIR DIALED_NUMBER CALLER_ID");
            System.exit(2);
        }
        CenterConfig config = ConfigLoader.load(Path.of(args[0]), System.getenv());
        List<String> lines = new FloorPlan(config, Clock.systemUTC()).commandLines(args[1], args[2]);
        if (lines == null) {
            System.err.println("StaticDialplan: " + args[1] + " is not a company's own number in " + args[0]);
            System.exit(1);
        }
        for (String line : lines) {
            System.out.println(application(line));
        }
    }

    /** One FastAGI command line as the dialplan application doing the same. */
    static String application(String command) {
        List<String> q = new ArrayList<>();
        Matcher m = QUOTED.matcher(command);
        while (m.find()) {
            q.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        if (command.equals("ANSWER")) {
            return "Answer()";
        } else if (command.startsWith("EXEC ")) {
            return q.get(0) + "(" + (q.size() > 1 ? q.get(1) : "") + ")";
        } else if (command.startsWith("SET VARIABLE ")) {
            return "Set(" + q.get(0) + "=" + q.get(1) + ")";
        } else if (command.startsWith("GET VARIABLE ")) {
            return "NoOp(${" + q.get(0) + "})";
        } else if (command.startsWith("GET DATA ")) {
            String[] rest = command.substring(command.lastIndexOf('"') + 2).split(" ");
            return "Read(AGI_DATA," + q.get(0) + "," + rest[1] + ",,1," + Long.parseLong(rest[0]) / 1000.0 + ")";
        } else if (command.startsWith("STREAM FILE ")) {
            return "Playback(" + q.get(0) + ")";
        } else if (command.startsWith("VERBOSE ")) {
            return "Verbose(" + q.get(0) + ")";
        }
        throw new IllegalArgumentException("no dialplan application for the FastAGI command: " + command);
    }
}
