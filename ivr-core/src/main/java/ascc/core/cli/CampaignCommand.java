package ascc.core.cli;

import ascc.core.campaign.CampaignStore;
import ascc.core.campaign.DialerStore;
import ascc.core.campaign.TargetCsv;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.routing.campaign.Campaign;
import ascc.routing.campaign.CampaignKind;
import ascc.routing.campaign.CampaignsConfig;
import ascc.core.config.yaml.CampaignsLoader;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import ascc.core.config.yaml.ConfigLoader;
import ascc.routing.config.EngineSettings;
import ascc.routing.config.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code ivr campaign import|status}: imports a campaign's target list from CSV and shows the progress of every campaign
 * from the database (the embedded H2 path or MariaDB url of engine.yaml). Exit codes as {@link Main}: 0 done, 1 the work
 * failed (config problems, a broken CSV file - nothing imported -, database error), 2 usage error. An import with rejected
 * rows but a sound file imports the good rows and exits 0; the summary lists the rejected rows.
 */
public final class CampaignCommand {
    static final String USAGE = """
            usage: ivr campaign SUBCOMMAND [OPTIONS]        (all take [--conf DIR])
              import --company X --campaign Y --file F.csv   import targets (CSV: phone,name,consent,consent_date); rows with
                                                              bad data are rejected with line and reason, the rest import;
                                                              a broken file (header, encoding, open quote) imports nothing
              status                                         targets per status and attempts of every campaign
              start --company X --campaign Y                 let the campaign dial from its next scheduled run (cron)
              pause --company X --campaign Y                 no new calls (calls up end normally); resume continues
              resume --company X --campaign Y                dial again after a pause
            """;
    /** How many rejection reasons the summary prints. */
    static final int SHOW_REJECTED = 20;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Clock clock;
    private final Function<DbSettings, Database> opener;

    public CampaignCommand(PrintStream out, PrintStream err, Map<String, String> env, Clock clock) {
        this(out, err, env, clock, Database::open);
    }

    CampaignCommand(PrintStream out, PrintStream err, Map<String, String> env, Clock clock, Function<DbSettings, Database> opener) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.clock = clock;
        this.opener = opener;
    }

    /** Runs {@code ivr campaign ARGS}; returns the exit code. */
    public int run(List<String> argv) {
        if (argv.isEmpty()) {
            throw new Args.UsageException("'ivr campaign' needs a subcommand: import, status, start, pause or resume\n" + USAGE);
        }
        String sub = argv.get(0);
        List<String> rest = argv.subList(1, argv.size());
        return switch (sub) {
            case "import" -> importTargets(Args.parse("campaign import", rest, Set.of("company", "campaign", "file", "conf"), Set.of())
                    .maxPositionals(0));
            case "status" -> status(Args.parse("campaign status", rest, Set.of("conf"), Set.of()).maxPositionals(0));
            case "start", "pause", "resume" -> control(sub, Args.parse("campaign " + sub, rest, Set.of("company", "campaign", "conf"),
                    Set.of()).maxPositionals(0));
            default -> throw new Args.UsageException("unknown campaign subcommand '" + sub
                    + "' (allowed: import, status, start, pause, resume)\n" + USAGE);
        };
    }

    /** The center config and campaigns.yaml, or null after printing every problem of both. */
    private Loaded load(Args a) {
        Path dir = Path.of(a.option("conf").orElse(Main.defaultConf(env, "conf")));
        List<Problem> problems = new ArrayList<>();
        CenterConfig cfg = null;
        CampaignsConfig campaigns = null;
        try {
            cfg = ConfigLoader.load(dir, env);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        try {
            campaigns = CampaignsLoader.load(dir, cfg == null ? null : cfg.companies().keySet(), env);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            err.println("ivr campaign: " + problems.size() + " problem(s) in " + dir + "; nothing was done:");
            problems.forEach(p -> err.println("  " + p));
            return null;
        }
        return new Loaded(cfg, campaigns);
    }

    private record Loaded(CenterConfig cfg, CampaignsConfig campaigns) {
    }

    private static String required(Args a, String option, String example) {
        return a.option(option).orElseThrow(() -> new Args.UsageException("'ivr campaign import' needs --" + option + " " + example));
    }

    private int importTargets(Args a) {
        String company = required(a, "company", "ID (companies.yaml), e.g. --company hanbit");
        String id = required(a, "campaign", "ID (campaigns.yaml), e.g. --campaign after-repair-2026q4");
        Path file = Path.of(required(a, "file", "F.csv"));
        Loaded l = load(a);
        if (l == null) {
            return 1;
        }
        Campaign campaign = l.campaigns().find(company, id).orElse(null);
        if (campaign == null) {
            err.println("ivr campaign: no campaign '" + id + "' of company '" + company + "' in campaigns.yaml (campaigns of "
                    + company + ": " + l.campaigns().of(company).stream().map(Campaign::id).toList() + ")");
            return 1;
        }
        if (campaign.kind() != CampaignKind.SURVEY) {
            err.println("ivr campaign: " + campaign.key() + " is a " + campaign.kind().id()
                    + " campaign; its targets come from served calls, not from a CSV file");
            return 1;
        }
        TargetCsv.Result csv;
        out.println("ivr campaign: reading " + file);
        try (InputStream in = Files.newInputStream(file)) {
            csv = TargetCsv.read(in, n -> out.printf("  read %,d rows%n", n));
        } catch (NoSuchFileException e) {
            err.println("ivr campaign: file not found: " + file.toAbsolutePath().normalize());
            return 1;
        } catch (IOException e) {
            err.println("ivr campaign: cannot read " + file + ": " + e);
            return 1;
        }
        if (csv.isBroken()) {
            err.println("ivr campaign: " + file + " is not importable: " + csv.broken().get() + "; nothing was imported");
            printRejected(err, csv.rejected());
            return 1;
        }
        EngineSettings s = l.cfg().engine();
        DbSettings dbs = DbSettings.of(s, 2);
        int written;
        try (Database db = opener.apply(dbs)) {
            written = new CampaignStore(db.dataSource(), clock, "cli").importTargets(company, id, csv.accepted(),
                    n -> out.printf("  written %,d of %,d%n", n, csv.accepted().size()));
        } catch (SQLException | RuntimeException e) {
            err.println("ivr campaign: database error (" + (dbs.isEmbedded() ? "embedded H2 " + s.embeddedDbPath() : "MariaDB")
                    + "): " + e.getMessage() + "; nothing was imported");
            return 1;
        }
        long consenting = csv.accepted().stream().filter(TargetCsv.Target::consent).count();
        out.printf("ivr campaign: imported %,d targets into %s (%,d with consent, %,d without: never dialed); rejected %,d rows%n",
                written, campaign.key(), consenting, written - consenting, csv.rejected().size());
        printRejected(out, csv.rejected());
        return 0;
    }

    private static void printRejected(PrintStream to, List<TargetCsv.Rejection> rejected) {
        rejected.stream().limit(SHOW_REJECTED).forEach(r -> to.println("  " + r));
        if (rejected.size() > SHOW_REJECTED) {
            to.printf("  ... and %,d more rejected rows%n", rejected.size() - SHOW_REJECTED);
        }
    }

    private int status(Args a) {
        Loaded l = load(a);
        if (l == null) {
            return 1;
        }
        EngineSettings s = l.cfg().engine();
        DbSettings dbs = DbSettings.of(s, 2);
        try (Database db = opener.apply(dbs)) {
            CampaignStore store = new CampaignStore(db.dataSource(), clock, "cli");
            Map<String, Map<String, Integer>> counts = store.statusCounts();
            Map<String, int[]> attempts = store.attemptCounts();
            List<String> keys = new ArrayList<>(l.campaigns().campaigns().stream().map(Campaign::key).toList());
            counts.keySet().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
            if (keys.isEmpty()) {
                out.println("ivr campaign: no campaigns (conf campaigns.yaml) and no targets in the database");
            }
            for (String key : keys) {
                Map<String, Integer> c = counts.getOrDefault(key, Map.of());
                int total = c.values().stream().mapToInt(Integer::intValue).sum();
                int[] at = attempts.getOrDefault(key, new int[2]);
                String configured = l.campaigns().campaigns().stream().filter(x -> x.key().equals(key)).findFirst()
                        .map(x -> x.kind().id() + x.endDate().map(d -> ", ends " + d).orElse("")).orElse("not in campaigns.yaml");
                out.printf("%s (%s): %,d targets, %,d attempts (%,d up)%n", key, configured, total, at[0], at[1]);
                c.forEach((status, n) -> out.printf("  %-15s %,d%n", status, n));
            }
            return 0;
        } catch (SQLException | RuntimeException e) {
            err.println("ivr campaign: database error (" + (dbs.isEmbedded() ? "embedded H2 " + s.embeddedDbPath() : "MariaDB")
                    + "): " + e.getMessage());
            return 1;
        }
    }

    /** start, pause or resume: sets the run state the engine's campaign job reads before each dial. */
    private int control(String verb, Args a) {
        String company = a.option("company").orElseThrow(() -> new Args.UsageException("'ivr campaign " + verb
                + "' needs --company ID (companies.yaml), e.g. --company hanbit"));
        String id = a.option("campaign").orElseThrow(() -> new Args.UsageException("'ivr campaign " + verb
                + "' needs --campaign ID (campaigns.yaml), e.g. --campaign after-repair-2026q4"));
        Loaded l = load(a);
        if (l == null) {
            return 1;
        }
        if (l.campaigns().find(company, id).isEmpty()) {
            err.println("ivr campaign: no campaign '" + id + "' of company '" + company + "' in campaigns.yaml (campaigns of "
                    + company + ": " + l.campaigns().of(company).stream().map(Campaign::id).toList() + ")");
            return 1;
        }
        EngineSettings s = l.cfg().engine();
        DbSettings dbs = DbSettings.of(s, 2);
        try (Database db = opener.apply(dbs)) {
            DialerStore store = new DialerStore(db.dataSource());
            Optional<String> before = store.state(company, id);
            if (verb.equals("resume") && !before.equals(Optional.of(DialerStore.PAUSED))) {
                err.println("ivr campaign: " + company + "/" + id + " is " + before.orElse("not started")
                        + "; only a paused campaign can be resumed (use start)");
                return 1;
            }
            String state = verb.equals("pause") ? DialerStore.PAUSED : DialerStore.RUNNING;
            store.setState(company, id, state, clock.instant(), "cli");
            out.println("ivr campaign: " + company + "/" + id + " " + before.orElse("not started") + " -> " + state
                    + (state.equals(DialerStore.RUNNING) ? " (dials at its next scheduled run, inside its call window)"
                    : " (no new calls; calls up end normally)"));
            return 0;
        } catch (SQLException | RuntimeException e) {
            err.println("ivr campaign: database error (" + (dbs.isEmbedded() ? "embedded H2 " + s.embeddedDbPath() : "MariaDB")
                    + "): " + e.getMessage() + "; state not changed");
            return 1;
        }
    }
}
