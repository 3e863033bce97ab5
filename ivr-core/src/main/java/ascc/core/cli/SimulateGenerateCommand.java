package ascc.core.cli;

import ascc.core.config.Conf;
import ascc.core.national.NationalConfigWriter;
import ascc.core.national.NationalModel;
import ascc.core.national.NationalModel.Built;
import ascc.core.national.NationalModel.Desk;
import ascc.core.national.NationalProfileYaml;
import ascc.routing.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Month;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ivr simulate generate}: writes the national program's config at scale (13,600 companies by default) into a
 * directory, seeded and reproducible, then loads it with the engine's own loader and prints how long that took.
 */
@Command(name = "generate", description = {"write a complete conf/ for the national program at scale (seeded, reproducible):",
    "companies with skewed sizes over 17 categories, desks pooled across companies, agents sized for 80/20 (Erlang C),",
    "peak staffing, overflow, and a traffic profile for 'ivr simulate run';",
    "then load it with the engine's loader (as ivr check-config) and print the time",
    "", "Example: ivr simulate generate --out national && ivr simulate run --conf national"
        + " --profile national/traffic.yaml --start 2027-01-04 --days 1"})
final class SimulateGenerateCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "directory to write (created)")
    Path out;

    @Option(names = "--companies", paramLabel = "N", description = "companies (default: ${DEFAULT-VALUE})")
    int companies = NationalModel.NATIONAL.companies();

    @Option(names = "--seed", paramLabel = "N", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed = NationalModel.NATIONAL.seed();

    @Option(names = "--annual-calls", paramLabel = "N", description = "calls a year over all companies (default: ${DEFAULT-VALUE}, "
            + "~3,930 a company as in 2013, scaled with --companies unless given)")
    Long annualCalls;

    @Option(names = "--year", paramLabel = "YYYY", description = "calendar year of the traffic shape, 2026 or 2027 "
            + "(default: ${DEFAULT-VALUE})")
    int year = NationalModel.NATIONAL.year();

    @Option(names = "--pooling", paramLabel = "KIND", description = "desks: category (17, one per category) or family (5) "
            + "(default: ${DEFAULT-VALUE})")
    String pooling = "category";

    @Option(names = "--profile-out", paramLabel = "FILE", description = "where to write the traffic profile for 'ivr simulate run"
            + " --profile' (default: DIR/traffic.yaml)")
    Path profileOut;

    @Option(names = "--profile-month", paramLabel = "MONTH", description = "the profile is the average week of this month, e.g."
            + " january (default: of the whole year)")
    String profileMonth;

    @Option(names = "--force", description = "write into DIR even if it already holds files")
    boolean force;

    @Option(names = "--no-check", description = "do not load the written config afterwards")
    boolean noCheck;

    SimulateGenerateCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        NationalModel.Pooling pool = switch (pooling.toLowerCase(Locale.ROOT)) {
            case "category" -> NationalModel.Pooling.CATEGORY;
            case "family" -> NationalModel.Pooling.FAMILY;
            default -> throw new UsageException("--pooling must be category or family, got '" + pooling + "'");
        };
        if (Files.isDirectory(out) && !force) {
            try (Stream<Path> s = Files.list(out)) {
                if (s.findAny().isPresent()) {
                    throw new UsageException(out + " already holds files; give --force to overwrite them or an empty directory");
                }
            }
        }
        long calls = annualCalls != null ? annualCalls
                : Math.round((double) NationalModel.NATIONAL.annualCalls() * companies / NationalModel.NATIONAL.companies());
        NationalModel model;
        try {
            model = new NationalModel(companies, seed, calls, year, pool);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Optional<Month> month;
        try {
            month = profileMonth == null ? Optional.empty() : Optional.of(Month.valueOf(profileMonth.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--profile-month must be a month name, e.g. january, got '" + profileMonth + "'");
        }
        long t0 = System.nanoTime();
        Built built = model.build();
        NationalConfigWriter writer;
        Path profile = profileOut != null ? profileOut : out.resolve("traffic.yaml");
        try {
            writer = NationalConfigWriter.writeTo(built, out);
            NationalProfileYaml.write(built, month, profile);
        } catch (UncheckedIOException e) {
            ctx.err().println("ivr: " + e.getMessage() + ": " + e.getCause().getMessage());
            return 1;
        }
        long written = System.nanoTime();
        ctx.out().printf(Locale.ROOT, "wrote %s in %d ms: %d companies, %d desks (+ general, reserve), %d agents%n", out,
                (written - t0) / 1_000_000, companies, built.desks().size(), writer.agentCount());
        ctx.out().printf(Locale.ROOT, "wrote the traffic profile (average week of %s) to %s%n",
                month.map(x -> x.name().toLowerCase(Locale.ROOT)).orElse("the year"), profile);
        ctx.out().printf(Locale.ROOT, "traffic %d: %,d calls a year; average weekday busy hour %,.0f calls; year's peak hour %,.0f"
                + " calls%n", year, calls, built.busyHourCalls(), built.peakHourCalls());
        ctx.out().printf(Locale.ROOT, "agents for 80/20 at the busy hour: %,d pooled on %d desks; %,d if every company had its own"
                + " agents%n", built.agentsBusyHour(), built.desks().size(), built.perCompanyAgents());
        for (Desk d : built.desks()) {
            ctx.out().printf(Locale.ROOT, "  desk %-22s busy hour %,7.0f calls, AHT %3d+%2d s: %4d agents (own %d + peak %d)%n",
                    d.id(), d.busyHourCalls(), d.talkSeconds(), d.wrapUpSeconds(), d.agentsBusyHour(), d.agentsAverageHour(),
                    d.agentsBusyHour() - d.agentsAverageHour());
        }
        if (noCheck) {
            return 0;
        }
        long l0 = System.nanoTime();
        try {
            Conf conf = Conf.load(out, ctx.env());
            ctx.out().printf(Locale.ROOT, "loaded with the engine's loader in %d ms: %s%n", (System.nanoTime() - l0) / 1_000_000,
                    conf.summary());
            return 0;
        } catch (ConfigException e) {
            ctx.problems("ivr simulate generate", out, " (the generated config is invalid: a bug in the generator)", e.problems());
            return 1;
        }
    }
}
