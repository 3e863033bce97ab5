package ascc.core.cli;

import ascc.routing.simulate.erlang.ErlangA;
import ascc.routing.simulate.erlang.ErlangC;
import ascc.routing.simulate.erlang.QueueFigures;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ivr simulate erlang}: Erlang C (and Erlang A with patience) for one desk, one value per line. */
@Command(name = "erlang", description = {"Erlang C for one desk (Erlang A with --patience-seconds): one value per line, name then"
        + " value", "--target-sl 80/20 prints the agents needed instead of --agents' figures."},
        footer = {"", "service-level-percent counts as 'ivr report' does: answered within T / (answered + abandoned after T).",
            "Example: ivr simulate erlang --agents 14 --calls-per-hour 200 --aht-seconds 180 --sl-seconds 20"})
final class SimulateErlangCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--agents", paramLabel = "N", description = "agents staffed (not with --target-sl)")
    Integer agents;

    @Option(names = "--calls-per-hour", required = true, paramLabel = "X", description = "calls offered per hour")
    double callsPerHour;

    @Option(names = "--aht-seconds", required = true, paramLabel = "S", description = "average handle time (talk + wrap-up)")
    double aht;

    @Option(names = "--sl-seconds", paramLabel = "T", description = "service-level target T (default 20, or the T of --target-sl)")
    Double sl;

    @Option(names = "--patience-seconds", paramLabel = "P", description = "mean patience (exponential): Erlang A with abandons")
    Double patience;

    @Option(names = "--target-sl", paramLabel = "PCT/T", description = "answer the agents needed for e.g. 80/20 (80%% within 20 s)")
    String target;

    SimulateErlangCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (!(callsPerHour >= 0) || Double.isInfinite(callsPerHour) || !(aht > 0) || Double.isInfinite(aht)) {
            throw new UsageException("--calls-per-hour must be >= 0 and --aht-seconds > 0 (got " + callsPerHour + ", " + aht + ")");
        }
        if (patience != null && !(patience > 0)) {
            throw new UsageException("--patience-seconds must be > 0, got " + patience);
        }
        PrintStream out = ctx.out();
        if (target != null) {
            if (agents != null) {
                throw new UsageException("give --agents or --target-sl, not both");
            }
            double[] t = target(target);
            double slSeconds = sl != null ? sl : t[1];
            int n = patience == null ? ErlangC.agentsFor(t[0], callsPerHour, aht, slSeconds)
                    : ErlangA.agentsFor(t[0], callsPerHour, aht, slSeconds, patience);
            out.println("agents-needed " + n);
            print(out, patience == null ? ErlangC.figures(Math.max(n, 1), callsPerHour, aht, slSeconds)
                    : ErlangA.figures(Math.max(n, 1), callsPerHour, aht, slSeconds, patience), slSeconds);
            return 0;
        }
        if (agents == null) {
            throw new UsageException("give --agents N (or --target-sl PCT/T for the agents needed)");
        }
        if (agents < 1) {
            throw new UsageException("--agents must be >= 1, got " + agents);
        }
        double slSeconds = sl != null ? sl : 20;
        if (slSeconds < 0) {
            throw new UsageException("--sl-seconds must be >= 0, got " + slSeconds);
        }
        QueueFigures f = patience == null ? ErlangC.figures(agents, callsPerHour, aht, slSeconds)
                : ErlangA.figures(agents, callsPerHour, aht, slSeconds, patience);
        print(out, f, slSeconds);
        if (!f.stable()) {
            ctx.err().println("ivr simulate erlang: the load (" + fmt(f.offeredErlangs(), 2) + " Erlangs) needs more than " + agents
                    + " agents when callers never hang up: the queue grows without bound");
            return 1;
        }
        return 0;
    }

    private void print(PrintStream out, QueueFigures f, double slSeconds) {
        out.println("model " + (patience == null ? "erlang-c" : "erlang-a"));
        out.println("agents " + f.agents());
        out.println("offered-erlangs " + fmt(f.offeredErlangs(), 4));
        out.println("probability-of-waiting " + fmt(f.probWait(), 4));
        out.println("service-level-percent " + fmt(100 * f.serviceLevel(), 2) + " (within " + fmt(slSeconds, 0) + " s)");
        out.println("asa-seconds " + fmt(f.asaSeconds(), 2));
        out.println("occupancy-percent " + fmt(100 * f.occupancy(), 1));
        if (patience != null) {
            out.println("abandon-percent " + fmt(100 * f.abandonRate(), 2));
            out.println("answered-within-t-percent-of-offered " + fmt(100 * f.answeredWithinTOfOffered(), 2));
            out.println("mean-wait-seconds " + fmt(f.meanWaitSeconds(), 2));
        }
    }

    /** {@code 80/20} as {0.80, 20}. */
    static double[] target(String text) {
        String[] p = text.split("/", -1);
        try {
            if (p.length == 2) {
                double pct = Double.parseDouble(p[0]);
                double t = Double.parseDouble(p[1]);
                if (pct > 0 && pct < 100 && t >= 0 && t <= 3600) {
                    return new double[] {pct / 100, t};
                }
            }
        } catch (NumberFormatException e) {
            throw new UsageException("--target-sl takes PERCENT/SECONDS, e.g. 80/20; got '" + text + "' (" + e.getMessage() + ")");
        }
        throw new UsageException("--target-sl takes PERCENT/SECONDS with 0 < PERCENT < 100 and 0 <= SECONDS <= 3600, e.g. 80/20;"
                + " got '" + text + "'");
    }

    static String fmt(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
