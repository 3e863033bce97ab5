package ascc.core.cli;

import ascc.core.billing.BillingException;
import ascc.core.billing.BillingExport;
import ascc.core.billing.BillingMonth;
import ascc.core.billing.BillingService;
import ascc.core.billing.CloseResult;
import ascc.core.billing.DepositEstimator;
import ascc.core.billing.MonthlyClose;
import ascc.core.billing.ProgramSummary;
import ascc.core.billing.Statement;
import ascc.core.billing.StatementLine;
import ascc.core.config.yaml.BillingConfigLoader;
import ascc.core.config.yaml.CampaignsLoader;
import ascc.core.config.yaml.ConfigLoader;
import ascc.core.db.Database;
import ascc.routing.billing.Deposit;
import ascc.routing.billing.Money;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import ascc.routing.config.EngineSettings;
import ascc.routing.config.Problem;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ivr billing close|statement|deposit}: the monthly close, printable and accounting exports of statements, and the
 * deposit of a company. Reads {@code conf/} (companies, time zone, database) and {@code conf/billing.yaml}. Exit codes as
 * {@link Main}: 0 done, 1 the work failed (config or billing problems: nothing written), 2 usage error.
 */
@Command(name = "billing", description = "monthly billing: close a month, export statements, estimate a deposit")
final class BillingCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    BillingCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        throw CliErrors.needsSubcommand(spec);
    }

    /** {@code --conf DIR} and {@code --ledger NAME}, taken by every billing subcommand. */
    static final class Where {
        @Mixin
        ConfOption conf;

        @Option(names = "--ledger", paramLabel = "NAME", description = "the ledger (default: " + MonthlyClose.MAIN_LEDGER + ")")
        String ledger = MonthlyClose.MAIN_LEDGER;

        String ledger() {
            if (!ledger.matches("[a-z0-9][a-z0-9-]{0,63}")) {
                throw new UsageException("option --ledger takes lowercase letters, digits and '-', e.g. main; got '" + ledger + "'");
            }
            return ledger;
        }
    }

    private static YearMonth month(String m) {
        try {
            return BillingMonth.parse(m);
        } catch (IllegalArgumentException e) {
            throw new UsageException("option --month: " + e.getMessage());
        }
    }

    /** What a billing subcommand works with; closes the database. */
    private interface Work {
        int run(BillingService service, CenterConfig cfg) throws BillingException, SQLException, IOException;
    }

    private int withService(Where where, Work work) {
        Path dir = where.conf.dir(ctx);
        CenterConfig cfg = null;
        List<Problem> problems = new ArrayList<>();
        // every problem of both files is reported before the database is touched
        try {
            cfg = ConfigLoader.load(dir, ctx.env());
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        try {
            BillingConfigLoader.load(dir);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (cfg != null) {
            try {
                // survey responses are billed from the campaign tables: campaigns.yaml says which campaign is which kind
                CampaignsLoader.load(dir, cfg.companies().keySet(), cfg.desks().keySet(), ctx.env());
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            ctx.problems("ivr billing", dir, "; nothing was done", problems);
            return 1;
        }
        CenterConfig config = cfg;
        EngineSettings s = cfg.engine();
        try (Database db = ctx.openDatabase(s)) {
            BillingService service = BillingService.fromConf(dir, () -> config, db.dataSource(), ctx.env(), ctx.clock(),
                    loaded -> new ascc.core.campaign.CampaignUsage(() -> loaded));
            return work.run(service, config);
        } catch (ConfigException e) {
            ctx.err().println("ivr billing: " + dir + " changed while starting; nothing was done: " + e.getMessage());
            return 1;
        } catch (BillingException e) {
            ctx.err().println("ivr billing: " + e.getMessage());
            return 1;
        } catch (SQLException | RuntimeException e) {
            ctx.err().println("ivr billing: database error (" + CliContext.describeDatabase(s) + "): " + e.getMessage());
            return 1;
        } catch (IOException e) {
            ctx.err().println("ivr billing: cannot write: " + e.getMessage());
            return 1;
        }
    }

    // --------------------------------------------------------------------------------------------- close

    @Command(name = "close", description = "close the month: one immutable statement per company and the program summary;"
            + " again: nothing changes")
    int close(@Option(names = "--month", required = true, paramLabel = "YYYY-MM", description = "the month, e.g. 2026-10")
            String monthText, @Mixin Where where) {
        YearMonth month = month(monthText);
        String ledger = where.ledger();
        PrintStream out = ctx.out();
        return withService(where, (service, cfg) -> {
            out.println("ivr billing: closing " + month + " (ledger " + ledger + ", time zone " + service.zone() + ", "
                    + service.companies().size() + " companies)");
            CloseResult r = service.close(ledger, month, msg -> out.println("  " + msg));
            ProgramSummary s = r.summary();
            if (r.alreadyClosed()) {
                out.println("ivr billing: " + month + " was already closed at " + s.closedAt() + "; nothing was changed");
            }
            out.println("summary " + month + ": " + s.companies() + " companies, " + s.offered() + " calls offered, " + s.answered()
                    + " answered, " + s.unattributed() + " without a company");
            out.println("  labor basis " + Money.format(s.laborBasis()) + " KRW = subsidy " + Money.format(s.subsidyTotal())
                    + " + company shares " + Money.format(s.companyTotal()));
            out.println("  adjustments " + Money.format(s.adjustments()) + " KRW" + (r.adjustedCompanies() > 0
                    ? " (" + r.adjustedCompanies() + " companies with late usage)" : "") + "; total due " + Money.format(s.totalDue())
                    + " KRW" + (r.alreadyClosed() ? "" : " (" + r.millis() + " ms)"));
            return 0;
        });
    }

    // ----------------------------------------------------------------------------------------- statement

    @Command(name = "statement", description = "a closed statement: text (default), html (printable) or csv (accounting"
            + " columns); without --company, csv of all companies")
    int statement(@Option(names = "--company", paramLabel = "X", description = "the company (companies.yaml)") Optional<String> company,
            @Option(names = "--month", required = true, paramLabel = "YYYY-MM", description = "a closed month, e.g. 2026-10")
            String monthText,
            @Option(names = "--format", paramLabel = "text|html|csv", description = "default: text") Optional<String> formatText,
            @Option(names = "--out", paramLabel = "FILE", description = "write to FILE instead of standard output") Optional<Path> file,
            @Option(names = "--encoding", paramLabel = "utf-8|utf-8-bom|cp949", description = "of the csv --out FILE: utf-8"
                    + " (default), utf-8-bom (Excel shows Korean names right) or cp949 (older Korean Excel)") Optional<String> encodingText,
            @Mixin Where where) {
        YearMonth month = month(monthText);
        BillingExport.Encoding encoding = BillingExport.Encoding.of(encodingText.orElse("utf-8")).orElseThrow(() ->
                new UsageException("option --encoding takes utf-8, utf-8-bom or cp949; got '" + encodingText.orElse("") + "'"));
        String ledger = where.ledger();
        String format = formatText.orElse("text");
        if (!List.of("text", "html", "csv").contains(format)) {
            throw new UsageException("option --format takes text, html or csv; got '" + format + "'");
        }
        if (company.isEmpty() && !format.equals("csv")) {
            throw new UsageException("'ivr billing statement' needs --company X (or --format csv for all companies)");
        }
        PrintStream out = ctx.out();
        return withService(where, (service, cfg) -> {
            if (service.store().summary(ledger, month).isEmpty()) {
                throw new BillingException(month + " is not closed (ledger " + ledger + "); close it first: ivr billing close --month "
                        + month);
            }
            List<Statement> statements;
            if (company.isPresent()) {
                Optional<Statement> one = service.store().statement(ledger, company.get(), month);
                if (one.isEmpty()) {
                    throw new BillingException("no statement for company '" + company.get() + "' in " + month + " (ledger " + ledger
                            + "); companies are those of companies.yaml at the close");
                }
                statements = List.of(one.get());
            } else {
                statements = service.store().statements(ledger, month);
            }
            String text = switch (format) {
                case "html" -> BillingExport.html(statements.get(0), service.zone());
                case "csv" -> BillingExport.csv(statements);
                default -> text(statements.get(0));
            };
            if (file.isPresent() && format.equals("csv")) {
                Files.write(file.get(), BillingExport.csvBytes(statements, encoding));
                out.println("ivr billing: wrote " + statements.size() + " statement(s) of " + month + " as csv (" + encoding.id()
                        + ") to " + file.get());
            } else if (file.isPresent()) {
                Files.writeString(file.get(), text, StandardCharsets.UTF_8);
                out.println("ivr billing: wrote " + statements.size() + " statement(s) of " + month + " as " + format + " to "
                        + file.get());
            } else {
                out.print(text);
            }
            return 0;
        });
    }

    static String text(Statement s) {
        StringBuilder b = new StringBuilder();
        b.append("statement ").append(s.month()).append(" for ").append(s.companyName()).append(" (").append(s.companyId())
                .append("), tier ").append(s.tier()).append(", closed ").append(s.closedAt()).append('\n');
        for (StatementLine l : s.lines()) {
            String amount = l.kind() == StatementLine.Kind.USAGE ? String.format("%,15d", l.quantity())
                    : String.format("%,15d KRW%s", l.amount(), l.kind().due() ? "" : " (not due)");
            b.append(String.format("  %-90s %s%n", l.description(), amount));
        }
        b.append(String.format("  %-90s %,15d KRW%n", "TOTAL DUE", s.totalDue()));
        return b.toString();
    }

    // ------------------------------------------------------------------------------------------- deposit

    @Command(name = "deposit", description = "surety deposit: 4 x the estimated monthly fee from the last 12 months' usage,"
            + " at least 3,000,000 KRW")
    int deposit(@Option(names = "--company", required = true, paramLabel = "X", description = "the company (companies.yaml)")
            String company, @Mixin Where where) {
        PrintStream out = ctx.out();
        return withService(where, (service, cfg) -> {
            DepositEstimator.Estimate e = service.deposit(company);
            Deposit d = e.deposit();
            out.println("deposit for " + company + " (usage " + e.from() + ".." + e.to() + ", " + d.monthsOfUsage()
                    + " month(s) with calls):");
            out.println("  average answered calls a month: " + d.averageAnswered() + " -> tier " + d.estimate().tier().name() + " ("
                    + d.estimate().tier().fte() + " agents)");
            out.println("  estimated monthly fee: " + Money.format(d.estimate().companyShare()) + " company share + "
                    + Money.format(d.estimate().baseFee()) + " base fee = " + Money.format(d.estimate().companyShare()
                    + d.estimate().baseFee()) + " KRW");
            out.println("  deposit: " + d.months() + " x monthly fee" + (d.minimumApplied() ? ", raised to the minimum" : "") + " = "
                    + Money.format(d.amount()) + " KRW");
            return 0;
        });
    }
}
