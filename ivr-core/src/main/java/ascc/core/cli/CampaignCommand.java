package ascc.core.cli;

import ascc.core.campaign.CampaignStore;
import ascc.core.campaign.DialerStore;
import ascc.core.campaign.TargetCsv;
import ascc.core.campaign.TargetImport;
import ascc.core.config.yaml.CampaignsLoader;
import ascc.core.config.yaml.ConfigLoader;
import ascc.core.db.Database;
import ascc.routing.campaign.Campaign;
import ascc.routing.campaign.CampaignKind;
import ascc.routing.campaign.CampaignsConfig;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import ascc.routing.config.EngineSettings;
import ascc.routing.config.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ivr campaign import|status|start|pause|resume}: imports a campaign's target list from CSV, shows the progress of
 * every campaign and sets its run state, in the database (the embedded H2 path or MariaDB url of engine.yaml). Exit
 * codes as {@link Main}: 0 done, 1 the work failed (config problems, a broken CSV file - nothing imported -, database
 * error), 2 usage error. An import with rejected rows but a sound file imports the good rows and exits 0; the summary
 * lists the rejected rows.
 */
@Command(name = "campaign", description = "outbound campaigns: import targets, show progress, start, pause and resume dialing")
final class CampaignCommand implements Callable<Integer> {
    /** How many rejection reasons the summary prints. */
    static final int SHOW_REJECTED = 20;
    /** Every how many written rows the import prints its progress. */
    private static final int PROGRESS_EVERY = 10_000;

    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    CampaignCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        throw CliErrors.needsSubcommand(spec);
    }

    /** {@code --company X --campaign Y}: which campaign. */
    static final class Which {
        @Option(names = "--company", required = true, paramLabel = "ID", description = "the company (companies.yaml), e.g. hanbit")
        String company;

        @Option(names = "--campaign", required = true, paramLabel = "ID", description = "the campaign (campaigns.yaml),"
                + " e.g. after-repair-2026q4")
        String campaign;
    }

    /** The center config and campaigns.yaml, or null after printing every problem of both. */
    private Loaded load(ConfOption conf) {
        Path dir = conf.dir(ctx);
        List<Problem> problems = new ArrayList<>();
        CenterConfig cfg = null;
        CampaignsConfig campaigns = null;
        try {
            cfg = ConfigLoader.load(dir, ctx.env());
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        try {
            campaigns = CampaignsLoader.load(dir, cfg == null ? null : cfg.companies().keySet(), ctx.env());
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            ctx.problems("ivr campaign", dir, "; nothing was done", problems);
            return null;
        }
        return new Loaded(cfg, campaigns);
    }

    private record Loaded(CenterConfig cfg, CampaignsConfig campaigns) {
    }

    @Command(name = "import", description = {"import targets from a CSV file (phone,name,consent,consent_date)",
        "Rows with bad data are rejected with line and reason, the rest import; a broken file (header, encoding, open quote,"
            + " over the limits: 1,000,000 rows, 1,000 characters a field, 4,000 a row) imports nothing.",
        "UTF-8 (with or without BOM) or CP949 (Korean Excel's CSV). Written in committed batches of 1,000: importing the same"
            + " file again after a stop resumes after the last committed line."})
    int importTargets(@Mixin Which which,
            @Option(names = "--file", required = true, paramLabel = "F.csv", description = "the target list") Path file,
            @Mixin ConfOption conf) {
        String company = which.company;
        String id = which.campaign;
        Loaded l = load(conf);
        if (l == null) {
            return 1;
        }
        Campaign campaign = l.campaigns().find(company, id).orElse(null);
        if (campaign == null) {
            ctx.err().println("ivr campaign: no campaign '" + id + "' of company '" + company + "' in campaigns.yaml (campaigns of "
                    + company + ": " + l.campaigns().of(company).stream().map(Campaign::id).toList() + ")");
            return 1;
        }
        if (campaign.kind() != CampaignKind.SURVEY) {
            ctx.err().println("ivr campaign: " + campaign.key() + " is a " + campaign.kind().id()
                    + " campaign; its targets come from served calls, not from a CSV file");
            return 1;
        }
        TargetCsv.Limits limits = TargetCsv.Limits.DEFAULT;
        long[] consenting = {0};
        ctx.out().println("ivr campaign: reading " + file);
        CsvFileImport.Checked checked = CsvFileImport.check(ctx, "ivr campaign", file, limits, TargetCsv::targetSchema,
                (TargetCsv.Target t) -> consenting[0] += t.consent() ? 1 : 0);
        if (checked == null) {
            return 1;
        }
        TargetCsv.Scan check = checked.scan();
        ctx.out().println("ivr campaign: " + file + " is " + checked.charset().displayName() + " text, " + check.rows() + " rows");
        EngineSettings s = l.cfg().engine();
        int written;
        try (Database db = ctx.openDatabase(s);
                TargetImport imp = new CampaignStore(db.dataSource(), ctx.clock(), "cli").openImport(company, id, checked.sha())) {
            if (imp.alreadyDone()) {
                ctx.out().printf("ivr campaign: this file was already imported into %s to its end (%,d targets); nothing to do%n",
                        campaign.key(), imp.written());
                return 0;
            }
            if (imp.resumeAfterLine() > 0) {
                ctx.out().printf("ivr campaign: resuming an earlier import of this file after line %,d (%,d targets written)%n",
                        imp.resumeAfterLine(), imp.written());
            }
            written = CsvFileImport.stream(checked, limits, TargetCsv.targetSchema(), imp, n -> {
                if (n % PROGRESS_EVERY == 0) {
                    ctx.out().printf("  written %,d of %,d%n", n, check.accepted());
                }
            });
        } catch (IOException e) {
            ctx.err().println("ivr campaign: cannot read " + file + " again: " + e + "; importing it again resumes");
            return 1;
        } catch (SQLException | RuntimeException e) {
            ctx.err().println("ivr campaign: database error (" + CliContext.describeDatabase(s)
                    + "): " + e.getMessage() + "; importing the same file again resumes where it stopped");
            return 1;
        }
        ctx.out().printf("ivr campaign: imported %,d targets into %s (%,d with consent, %,d without: never dialed); rejected %,d rows%n",
                written, campaign.key(), consenting[0], written - consenting[0], check.rejectedCount());
        printRejected(ctx.out(), check.rejected(), check.rejectedCount());
        return 0;
    }

    static void printRejected(PrintStream to, List<TargetCsv.Rejection> rejected, int count) {
        rejected.stream().limit(SHOW_REJECTED).forEach(r -> to.println("  " + r));
        if (count > SHOW_REJECTED) {
            to.printf("  ... and %,d more rejected rows%n", count - SHOW_REJECTED);
        }
    }

    /** The file's SHA-256 (hex): which file an interrupted import was, to resume it. */
    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Command(name = "status", description = "targets per status and attempts of every campaign")
    int status(@Mixin ConfOption conf) {
        Loaded l = load(conf);
        if (l == null) {
            return 1;
        }
        EngineSettings s = l.cfg().engine();
        try (Database db = ctx.openDatabase(s)) {
            CampaignStore store = new CampaignStore(db.dataSource(), ctx.clock(), "cli");
            Map<String, Map<String, Integer>> counts = store.statusCounts();
            Map<String, int[]> attempts = store.attemptCounts();
            List<String> keys = new ArrayList<>(l.campaigns().campaigns().stream().map(Campaign::key).toList());
            counts.keySet().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
            if (keys.isEmpty()) {
                ctx.out().println("ivr campaign: no campaigns (conf campaigns.yaml) and no targets in the database");
            }
            for (String key : keys) {
                Map<String, Integer> c = counts.getOrDefault(key, Map.of());
                int total = c.values().stream().mapToInt(Integer::intValue).sum();
                int[] at = attempts.getOrDefault(key, new int[2]);
                String configured = l.campaigns().campaigns().stream().filter(x -> x.key().equals(key)).findFirst()
                        .map(x -> x.kind().id() + x.endDate().map(d -> ", ends " + d).orElse("")).orElse("not in campaigns.yaml");
                ctx.out().printf("%s (%s): %,d targets, %,d attempts (%,d up)%n", key, configured, total, at[0], at[1]);
                c.forEach((status, n) -> ctx.out().printf("  %-15s %,d%n", status, n));
            }
            return 0;
        } catch (SQLException | RuntimeException e) {
            ctx.err().println("ivr campaign: database error (" + CliContext.describeDatabase(s)
                    + "): " + e.getMessage());
            return 1;
        }
    }

    @Command(name = "start", description = "let the campaign dial from its next scheduled run (cron)")
    int start(@Mixin Which which, @Mixin ConfOption conf) {
        return control("start", which, conf);
    }

    @Command(name = "pause", description = "no new calls (calls up end normally); resume continues")
    int pause(@Mixin Which which, @Mixin ConfOption conf) {
        return control("pause", which, conf);
    }

    @Command(name = "resume", description = "dial again after a pause")
    int resume(@Mixin Which which, @Mixin ConfOption conf) {
        return control("resume", which, conf);
    }

    /** start, pause or resume: sets the run state the engine's campaign job reads before each dial. */
    private int control(String verb, Which which, ConfOption conf) {
        String company = which.company;
        String id = which.campaign;
        Loaded l = load(conf);
        if (l == null) {
            return 1;
        }
        if (l.campaigns().find(company, id).isEmpty()) {
            ctx.err().println("ivr campaign: no campaign '" + id + "' of company '" + company + "' in campaigns.yaml (campaigns of "
                    + company + ": " + l.campaigns().of(company).stream().map(Campaign::id).toList() + ")");
            return 1;
        }
        EngineSettings s = l.cfg().engine();
        try (Database db = ctx.openDatabase(s)) {
            DialerStore store = new DialerStore(db.dataSource());
            Optional<String> before = store.state(company, id);
            if (verb.equals("resume") && !before.equals(Optional.of(DialerStore.PAUSED))) {
                ctx.err().println("ivr campaign: " + company + "/" + id + " is " + before.orElse("not started")
                        + "; only a paused campaign can be resumed (use start)");
                return 1;
            }
            String state = verb.equals("pause") ? DialerStore.PAUSED : DialerStore.RUNNING;
            store.setState(company, id, state, ctx.clock().instant(), "cli");
            ctx.out().println("ivr campaign: " + company + "/" + id + " " + before.orElse("not started") + " -> " + state
                    + (state.equals(DialerStore.RUNNING) ? " (dials at its next scheduled run, inside its call window)"
                    : " (no new calls; calls up end normally)"));
            return 0;
        } catch (SQLException | RuntimeException e) {
            ctx.err().println("ivr campaign: database error (" + CliContext.describeDatabase(s)
                    + "): " + e.getMessage() + "; state not changed");
            return 1;
        }
    }
}
