package ascc.core.cli;

import ascc.core.campaign.ResumableImport;
import ascc.core.campaign.TargetCsv;
import ascc.core.config.yaml.ConfigLoader;
import ascc.core.db.Database;
import ascc.core.selfservice.CaseCsv;
import ascc.core.selfservice.RepairCaseStore;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import ascc.routing.config.EngineSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Mixin;

/**
 * {@code ivr cases import FILE.csv}: repair partners' cases into {@code repair_case}, for IVR self-service. The file is read
 * by the campaign target import's machinery ({@link TargetCsv#scan(java.io.Reader, TargetCsv.Limits, TargetCsv.Schema,
 * java.util.function.Consumer, java.util.function.IntConsumer)} with {@link CaseCsv}; resumable by {@link ResumableImport}):
 * checked whole first (a broken file imports nothing, bad rows are listed by line and skipped), then streamed into the
 * database in committed batches; importing the same file again after a stop resumes after the last committed line, and a
 * case imported again (any file) replaces its row.
 */
@Command(name = "cases", description = "repair cases for IVR self-service (self-service.yaml)", subcommands = CasesCommand.Import.class)
final class CasesCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw CliErrors.needsSubcommand(spec);
    }

    /** The scope of case files in {@code campaign_import}. */
    static final String SCOPE_COMPANY = "*";
    static final String SCOPE_IMPORT = "repair-cases";
    static final int BATCH = 1_000;

    @Command(name = "import", description = {"import repair cases from a CSV file: " + "case_id,company,phone,product,status,"
            + "expected_date,partner",
        "case_id 4-20 digits (callers key it in), company of companies.yaml, a Korean phone, status received|in-repair|"
            + "waiting-parts|shipped|done|cancelled, expected_date yyyy-MM-dd or empty.",
        "Rows with bad data are rejected with line and reason (numbers masked), the rest import; a broken file (header, "
            + "encoding, open quote, over the limits) imports nothing. UTF-8 (with or without BOM) or CP949. Idempotent by "
            + "case_id; written in committed batches of 1,000: importing the same file again after a stop resumes."})
    static final class Import implements java.util.concurrent.Callable<Integer> {
        private final CliContext ctx;

        @Parameters(index = "0", paramLabel = "FILE.csv", description = "the case file")
        Path file;

        @Mixin
        ConfOption conf;

        Import(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            CenterConfig cfg;
            Path dir = conf.dir(ctx);
            try {
                cfg = ConfigLoader.load(dir, ctx.env());
            } catch (ConfigException e) {
                ctx.problems("ivr cases", dir, "", e.problems());
                return 1;
            }
            TargetCsv.Limits limits = TargetCsv.Limits.DEFAULT;
            String allowed = String.join(", ", cfg.companies().keySet());
            Supplier<CaseCsv> schema = () -> new CaseCsv(cfg.companies()::containsKey, allowed, Optional.empty());
            CsvFileImport.Checked checked = CsvFileImport.check(ctx, "ivr cases", file, limits, schema, c -> { });
            if (checked == null) {
                return 1;
            }
            EngineSettings s = cfg.engine();
            int written;
            try (Database db = ctx.openDatabase(s);
                    ResumableImport<CaseCsv.Row> imp = open(db, checked.sha())) {
                if (imp.alreadyDone()) {
                    ctx.out().println("ivr cases: this file was already imported to its end; nothing to do");
                    return 0;
                }
                if (imp.resumeAfterLine() > 0) {
                    ctx.out().printf("ivr cases: resuming an earlier import of this file after line %,d%n", imp.resumeAfterLine());
                }
                written = CsvFileImport.stream(checked, limits, schema.get(), imp, n -> { });
            } catch (IOException e) {
                ctx.err().println("ivr cases: cannot read " + file + " again: " + e + "; importing it again resumes");
                return 1;
            } catch (SQLException | RuntimeException e) {
                ctx.err().println("ivr cases: database error (" + CliContext.describeDatabase(s) + "): " + e.getMessage()
                        + "; importing the same file again resumes where it stopped");
                return 1;
            }
            ctx.out().printf("ivr cases: imported %,d cases from %s (%s); rejected %,d rows%n", written, file,
                    checked.charset().displayName(), checked.scan().rejectedCount());
            CampaignCommand.printRejected(ctx.out(), checked.scan().rejected(), checked.scan().rejectedCount());
            return 0;
        }

        private ResumableImport<CaseCsv.Row> open(Database db, String sha) throws SQLException {
            RepairCaseStore store = new RepairCaseStore(db.dataSource(), ctx.clock());
            return ResumableImport.open(db.dataSource(), ctx.clock(), SCOPE_COMPANY, SCOPE_IMPORT, sha, BATCH,
                    (c, batch, now) -> store.upsert(c, batch.stream().map(CaseCsv.Row::repairCase).toList()), CaseCsv.Row::line,
                    "repair cases");
        }
    }
}
