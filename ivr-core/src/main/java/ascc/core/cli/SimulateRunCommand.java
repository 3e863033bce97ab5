package ascc.core.cli;

import ascc.core.config.Conf;
import ascc.core.db.Database;
import ascc.core.report.ReportStore;
import ascc.core.simulate.SelfServiceText;
import ascc.core.simulate.SimulationText;
import ascc.core.simulate.SvgCharts;
import ascc.core.simulate.TrafficProfileYaml;
import ascc.routing.config.ConfigException;
import ascc.routing.simulate.HistoryProfile;
import ascc.routing.simulate.SimulationResult;
import ascc.routing.simulate.SimulationSpec;
import ascc.routing.simulate.Simulator;
import ascc.routing.simulate.StaffingRecommendation;
import ascc.routing.simulate.TrafficProfile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ivr simulate run}: the discrete-event simulation of conf/ on a traffic profile or on recorded calls. */
@Command(name = "run", description = {"simulate conf/ on a traffic profile (--profile) or on the calls of call_record"
        + " (--history): per desk and hour offered, answered, abandoned, service level, ASA, longest wait, occupancy, overflow"
        + " steps and callbacks", "The engine's own routing, hours, priorities, overflow triggers and staffing schedules decide;"
        + " queues behave as the rendered queues.conf says. Seeded: the same seed gives the same calls."},
        footer = {"", SimulationText.LEGEND, "",
            "Examples:", "  ivr simulate run --profile benchmarks/simulate/demo-traffic.yaml --start 2026-11-23 --days 1",
            "  ivr simulate run --profile benchmarks/simulate/demo-traffic.yaml --compare conf-new --svg charts/",
            "  ivr simulate run --profile benchmarks/simulate/demo-traffic.yaml --days 7 --recommend 80/20 > staffing-fragment.yaml",
            "  ivr simulate run --history 2026-11-01..2026-11-30 --days 7"})
final class SimulateRunCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--profile", paramLabel = "FILE", description = "traffic profile (YAML, docs/simulator.md)")
    Path profile;

    @Option(names = "--history", paramLabel = "FROM..TO", description = "traffic from call_record of these days, e.g."
            + " 2026-11-01..2026-11-30 (both included)")
    String history;

    @Option(names = "--start", paramLabel = "YYYY-MM-DD", description = "first simulated day (default: next Monday)")
    String startText;

    @Option(names = "--days", paramLabel = "N", description = "days to simulate, 1..3660 (default 1)")
    int days = 1;

    @Option(names = "--seed", paramLabel = "N", description = "random seed (default 1)")
    long seed = 1;

    @Option(names = "--sl-seconds", paramLabel = "T", description = "service-level target T (default: agent-states.yaml"
            + " service-level-seconds)")
    Integer slSeconds;

    @Option(names = "--csv", paramLabel = "FILE", description = "also write every desk hour as CSV")
    Path csv;

    @Option(names = "--svg", paramLabel = "DIR", description = "also write charts: service level, ASA and longest wait by hour")
    Path svg;

    @Option(names = "--compare", paramLabel = "DIR", description = "run the same calls against a second conf/ and show both with"
            + " the differences")
    Path compare;

    @Option(names = "--recommend", paramLabel = "PCT/T", description = "print agents needed per desk hour for e.g. 80/20 as a"
            + " staffing.yaml fragment (instead of the table)")
    String recommend;

    @Mixin
    ConfOption conf;

    SimulateRunCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if ((profile == null) == (history == null)) {
            throw new UsageException("give --profile FILE or --history FROM..TO (one of them)");
        }
        if (days < 1 || days > 3660) {
            throw new UsageException("--days takes 1..3660, got " + days);
        }
        double[] target = recommend == null ? null : SimulateErlangCommand.target(recommend);
        LocalDate[] range = history == null ? null : range(history);
        Path dir = conf.dir(ctx);
        Conf c;
        Conf other = null;
        try {
            c = Conf.load(dir, ctx.env());
        } catch (ConfigException e) {
            ctx.problems("ivr simulate run", dir, "", e.problems());
            return 1;
        }
        if (compare != null) {
            try {
                other = Conf.load(compare, ctx.env());
            } catch (ConfigException e) {
                ctx.problems("ivr simulate run", compare, " (--compare)", e.problems());
                return 1;
            }
        }
        ZoneId zone = c.center().engine().timeZone();
        LocalDate start = start(zone);
        TrafficProfile traffic;
        if (profile != null) {
            try {
                traffic = TrafficProfileYaml.load(profile, ctx.env(), c.center());
            } catch (ConfigException e) {
                ctx.problems("ivr simulate run", profile, " (--profile)", e.problems());
                return 1;
            }
        } else {
            Instant from = range[0].atStartOfDay(zone).toInstant();
            Instant to = range[1].plusDays(1).atStartOfDay(zone).toInstant();
            try (Database db = ctx.openDatabase(c.center().engine())) {
                var calls = new ReportStore(db.dataSource()).calls(from, to, Optional.empty(), Optional.empty());
                traffic = HistoryProfile.from(calls, from, to, zone, c.center());
                ctx.err().println("ivr simulate run: traffic from " + calls.size() + " recorded calls of " + range[0] + ".." + range[1]);
            } catch (SQLException | RuntimeException e) {
                ctx.err().println("ivr simulate run: database error (" + CliContext.describeDatabase(c.center().engine()) + "): "
                        + e.getMessage());
                return 1;
            }
        }
        int sl = slSeconds != null ? slSeconds : target != null ? (int) target[1] : c.agentStates().serviceLevelSeconds();
        SimulationSpec spec = SimulationSpec.of(c.center(), c.overflow(), c.staffing(), start, days, seed, sl, traffic)
                .withSelfService(c.selfService());
        PrintStream err = ctx.err();
        Simulator.Progress progress = days > 1 ? (sim, total, n) -> err.printf(Locale.ROOT,
                "ivr simulate run: %d of %d days, %d calls%n", sim / 86_400_000L, total / 86_400_000L, n) : Simulator.Progress.NONE;
        SimulationResult a = Simulator.run(spec, progress);
        SimulationResult b = other == null ? null
                : Simulator.run(spec.withConfig(other.center(), other.overflow(), other.staffing()).withSelfService(other.selfService()),
                        progress);
        PrintStream out = ctx.out();
        if (target != null) {
            out.print(SimulationText.staffingFragment(StaffingRecommendation.of(a, c.center(), c.overflow(), target[0], target[1])));
        } else if (b != null) {
            out.print(SimulationText.compare(a, b, dir.toString(), compare.toString()));
            out.print(SelfServiceText.compare(a, b));
        } else {
            out.print(SimulationText.table(a));
            out.print(SelfServiceText.table(a));
        }
        try {
            if (csv != null) {
                Files.writeString(csv, SimulationText.csv(a), StandardCharsets.UTF_8);
                if (b != null) {
                    Files.writeString(sibling(csv, "-compare"), SimulationText.csv(b), StandardCharsets.UTF_8);
                }
            }
            if (svg != null) {
                writeCharts(svg, a);
                if (b != null) {
                    writeCharts(svg.resolve("compare"), b);
                }
            }
        } catch (IOException e) {
            err.println("ivr simulate run: cannot write output: " + e.getMessage());
            return 1;
        }
        String summary = String.format(Locale.ROOT,
                "ivr simulate run: %d days from %s, seed %d: %d calls, %d events in %.1f s (%.0f calls/s)", days, start, seed,
                a.calls(), a.events(), a.wallMillis() / 1000.0, a.calls() * 1000.0 / Math.max(1, a.wallMillis()));
        (target != null ? err : out).println(summary);
        return 0;
    }

    private static void writeCharts(Path dir, SimulationResult r) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, String> e : SvgCharts.charts(r).entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
        }
    }

    private static Path sibling(Path file, String suffix) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String renamed = dot < 0 ? name + suffix : name.substring(0, dot) + suffix + name.substring(dot);
        return file.resolveSibling(renamed);
    }

    private LocalDate start(ZoneId zone) {
        if (startText == null) {
            return LocalDate.now(ctx.clock().withZone(zone)).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        }
        try {
            return LocalDate.parse(startText);
        } catch (DateTimeParseException e) {
            throw new UsageException("--start takes YYYY-MM-DD, e.g. 2026-11-23; got '" + startText + "'");
        }
    }

    private static LocalDate[] range(String text) {
        String[] p = text.split("\\.\\.", -1);
        try {
            if (p.length == 2) {
                LocalDate from = LocalDate.parse(p[0]);
                LocalDate to = LocalDate.parse(p[1]);
                if (!to.isBefore(from)) {
                    return new LocalDate[] {from, to};
                }
            }
        } catch (DateTimeParseException e) {
            throw new UsageException("--history takes FROM..TO as YYYY-MM-DD..YYYY-MM-DD; got '" + text + "' (" + e.getMessage() + ")");
        }
        throw new UsageException("--history takes FROM..TO with FROM <= TO, e.g. 2026-11-01..2026-11-30; got '" + text + "'");
    }
}
