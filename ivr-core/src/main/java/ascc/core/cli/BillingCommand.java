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
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.config.yaml.BillingConfigLoader;
import ascc.routing.billing.BillingRules;
import ascc.routing.billing.Deposit;
import ascc.routing.billing.Money;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import ascc.core.config.yaml.ConfigLoader;
import ascc.routing.config.EngineSettings;
import ascc.routing.config.Problem;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code ivr billing close|statement|deposit}: the monthly close, printable and accounting exports of statements, and the
 * deposit of a company. Reads {@code conf/} (companies, time zone, database) and {@code conf/billing.yaml}. Exit codes as
 * {@link Main}: 0 done, 1 the work failed (config or billing problems: nothing written), 2 usage error.
 */
public final class BillingCommand {
    static final String USAGE = """
            usage: ivr billing SUBCOMMAND [OPTIONS]     (all take [--conf DIR] [--ledger NAME]; ledger default: main)
              close --month 2026-10                      close the month: one immutable statement per company and the
                                                         program summary; again: nothing changes
              statement --company X --month 2026-10      a closed statement: text (default), html (printable) or csv
                        [--format text|html|csv]         (accounting columns); without --company, csv of all companies
                        [--out FILE]                     write to FILE instead of standard output
              deposit --company X                        surety deposit: 4 x the estimated monthly fee from the last
                                                         12 months' usage, at least 3,000,000 KRW
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Clock clock;
    private final Function<DbSettings, Database> opener;

    public BillingCommand(PrintStream out, PrintStream err, Map<String, String> env, Clock clock) {
        this(out, err, env, clock, Database::open);
    }

    BillingCommand(PrintStream out, PrintStream err, Map<String, String> env, Clock clock, Function<DbSettings, Database> opener) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.clock = clock;
        this.opener = opener;
    }

    /** Runs {@code ivr billing ARGS}; returns the exit code. */
    public int run(List<String> argv) {
        if (argv.isEmpty()) {
            throw new Args.UsageException("'ivr billing' needs a subcommand: close, statement or deposit\n" + USAGE);
        }
        String sub = argv.get(0);
        List<String> rest = argv.subList(1, argv.size());
        return switch (sub) {
            case "close" -> close(Args.parse("billing close", rest, Set.of("month", "conf", "ledger"), Set.of()).maxPositionals(0));
            case "statement" -> statement(Args.parse("billing statement", rest,
                    Set.of("company", "month", "format", "out", "conf", "ledger"), Set.of()).maxPositionals(0));
            case "deposit" -> deposit(Args.parse("billing deposit", rest, Set.of("company", "conf", "ledger"), Set.of()).maxPositionals(0));
            default -> throw new Args.UsageException("unknown billing subcommand '" + sub + "' (allowed: close, statement, deposit)\n"
                    + USAGE);
        };
    }

    private YearMonth month(Args a, String sub) {
        String m = a.option("month").orElseThrow(() -> new Args.UsageException("'ivr billing " + sub
                + "' needs --month YYYY-MM, e.g. --month 2026-10"));
        try {
            return BillingMonth.parse(m);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("option --month: " + e.getMessage());
        }
    }

    private static String ledger(Args a) {
        String l = a.option("ledger").orElse(MonthlyClose.MAIN_LEDGER);
        if (!l.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw new Args.UsageException("option --ledger takes lowercase letters, digits and '-', e.g. main; got '" + l + "'");
        }
        return l;
    }

    /** What a billing subcommand works with; closes the database. */
    private interface Work {
        int run(BillingService service, CenterConfig cfg) throws BillingException, SQLException, IOException;
    }

    private int withService(Args a, Work work) {
        Path dir = Path.of(a.option("conf").orElse(Main.defaultConf(env, "conf")));
        CenterConfig cfg = null;
        BillingRules rules = null;
        List<Problem> problems = new ArrayList<>();
        // every problem of both files is reported before the database is touched
        try {
            cfg = ConfigLoader.load(dir, env);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        try {
            rules = BillingConfigLoader.load(dir);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (cfg != null) {
            try {
                // survey responses are billed from the campaign tables: campaigns.yaml says which campaign is which kind
                ascc.core.config.yaml.CampaignsLoader.load(dir, cfg.companies().keySet(), cfg.desks().keySet(), env);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            err.println("ivr billing: " + problems.size() + " problem(s) in " + dir + "; nothing was done:");
            for (Problem p : problems) {
                err.println("  " + p);
            }
            return 1;
        }
        CenterConfig config = cfg;
        EngineSettings s = cfg.engine();
        DbSettings dbs = DbSettings.of(s, 2);
        try (Database db = opener.apply(dbs)) {
            BillingService service = BillingService.fromConf(dir, () -> config, db.dataSource(), env, clock,
                    loaded -> new ascc.core.campaign.CampaignUsage(() -> loaded));
            return work.run(service, config);
        } catch (ConfigException e) {
            err.println("ivr billing: " + dir + " changed while starting; nothing was done: " + e.getMessage());
            return 1;
        } catch (BillingException e) {
            err.println("ivr billing: " + e.getMessage());
            return 1;
        } catch (SQLException | RuntimeException e) {
            err.println("ivr billing: database error (" + (dbs.isEmbedded() ? "embedded H2 " + s.embeddedDbPath() : "MariaDB")
                    + "): " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("ivr billing: cannot write: " + e.getMessage());
            return 1;
        }
    }
    // --------------------------------------------------------------------------------------------- close

    private int close(Args a) {
        YearMonth month = month(a, "close");
        String ledger = ledger(a);
        return withService(a, (service, cfg) -> {
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

    private int statement(Args a) {
        YearMonth month = month(a, "statement");
        String ledger = ledger(a);
        String format = a.option("format").orElse("text");
        if (!List.of("text", "html", "csv").contains(format)) {
            throw new Args.UsageException("option --format takes text, html or csv; got '" + format + "'");
        }
        Optional<String> company = a.option("company");
        if (company.isEmpty() && !format.equals("csv")) {
            throw new Args.UsageException("'ivr billing statement' needs --company X (or --format csv for all companies)");
        }
        return withService(a, (service, cfg) -> {
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
            if (a.option("out").isPresent()) {
                Path file = Path.of(a.option("out").get());
                Files.writeString(file, text, StandardCharsets.UTF_8);
                out.println("ivr billing: wrote " + statements.size() + " statement(s) of " + month + " as " + format + " to " + file);
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

    private int deposit(Args a) {
        String company = a.option("company").orElseThrow(() -> new Args.UsageException("'ivr billing deposit' needs --company X"));
        return withService(a, (service, cfg) -> {
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
