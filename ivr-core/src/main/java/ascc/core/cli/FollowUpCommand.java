package ascc.core.cli;

import ascc.core.callbacks.CallbackRequest;
import ascc.core.callbacks.CallbackStore;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.routing.Phones;
import ascc.routing.callbacks.FollowUpStatus;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import ascc.core.config.yaml.ConfigLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code ivr followup list|solve}: the follow-up tasks a low happy-call score opened (a callback for a senior desk, tied
 * to the original call), tracked until someone marks the problem solved. Exit codes as {@link Main}: 0 done, 1 config,
 * database or state problem, 2 usage error.
 */
public final class FollowUpCommand {
    static final String USAGE = """
            usage: ivr followup SUBCOMMAND [OPTIONS]           (all take [--conf DIR])
              list [--all] [--company X]       open follow-up tasks (with --all also the solved ones), oldest first:
                                               id, company, desk, status, due time, masked number, reason, original call
              solve --id ID                    mark the task's problem solved: once it is not called back yet
                                               (PENDING, DUE) or its call-back is over (DONE, FAILED)
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Clock clock;
    private final Function<DbSettings, Database> opener;

    public FollowUpCommand(PrintStream out, PrintStream err, Map<String, String> env, Clock clock) {
        this(out, err, env, clock, Database::open);
    }

    FollowUpCommand(PrintStream out, PrintStream err, Map<String, String> env, Clock clock, Function<DbSettings, Database> opener) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.clock = clock;
        this.opener = opener;
    }

    /** Runs {@code ivr followup ARGS}; returns the exit code. */
    public int run(List<String> argv) {
        if (argv.isEmpty()) {
            throw new Args.UsageException("'ivr followup' needs a subcommand: list or solve\n" + USAGE);
        }
        List<String> rest = argv.subList(1, argv.size());
        return switch (argv.get(0)) {
            case "list" -> {
                Args a = Args.parse("followup list", rest, Set.of("company", "conf"), Set.of("all")).maxPositionals(0);
                yield withStore(a, (store, zone) -> list(store, zone, a.flag("all"), a.option("company")));
            }
            case "solve" -> {
                Args a = Args.parse("followup solve", rest, Set.of("id", "conf"), Set.of()).maxPositionals(0);
                String id = a.option("id").orElseThrow(() -> new Args.UsageException("'ivr followup solve' needs --id ID "
                        + "(the first column of 'ivr followup list')\n" + USAGE));
                yield withStore(a, (store, zone) -> solve(store, id));
            }
            default -> throw new Args.UsageException("unknown 'ivr followup' subcommand '" + argv.get(0)
                    + "' (allowed: list, solve)\n" + USAGE);
        };
    }

    @FunctionalInterface
    private interface Work {
        int run(CallbackStore store, ZoneId zone) throws SQLException;
    }

    private int withStore(Args a, Work work) {
        Path dir = Path.of(a.option("conf").orElse(Main.defaultConf(env, "conf")));
        CenterConfig cfg;
        try {
            cfg = ConfigLoader.load(dir, env);
        } catch (ConfigException e) {
            err.println("ivr followup: " + e.problems().size() + " problem(s) in " + dir + ":");
            e.problems().forEach(p -> err.println("  " + p));
            return 1;
        }
        DbSettings dbs = DbSettings.of(cfg.engine(), 2);
        try (Database db = opener.apply(dbs)) {
            return work.run(new CallbackStore(db.dataSource()), cfg.engine().timeZone());
        } catch (SQLException | RuntimeException e) {
            err.println("ivr followup: database error (" + (dbs.isEmbedded() ? "embedded H2 " + cfg.engine().embeddedDbPath()
                    : "MariaDB") + "): " + e.getMessage());
            return 1;
        }
    }

    private int list(CallbackStore store, ZoneId zone, boolean all, Optional<String> company) throws SQLException {
        List<CallbackRequest> tasks = store.findFollowUps(!all).stream()
                .filter(t -> company.isEmpty() || company.get().equals(t.companyId())).toList();
        out.printf("%-14s %-10s %-10s %-8s %-16s %-12s %s%n", "id", "company", "desk", "status", "due", "number", "reason (call)");
        for (CallbackRequest t : tasks) {
            String due = t.dueAt() == null ? "-" : t.dueAt().atZone(zone).toLocalDateTime().withSecond(0).withNano(0).toString();
            out.printf("%-14s %-10s %-10s %-8s %-16s %-12s %s (%s)%n", t.linkedId(), t.companyId(), t.deskId(), t.status(), due,
                    Phones.mask(t.number()), t.reason(), t.relatedLinkedId());
        }
        out.println("ivr followup: " + tasks.size() + (all ? " task(s)" : " open task(s)")
                + company.map(c -> " of company " + c).orElse(""));
        return 0;
    }

    private int solve(CallbackStore store, String id) throws SQLException {
        Optional<CallbackRequest> task = store.find(id);
        if (task.isEmpty() || task.get().reason() == null) {
            err.println("ivr followup: no follow-up task '" + id + "' (see 'ivr followup list --all')");
            return 1;
        }
        if (!store.markSolved(id, clock.instant())) {
            err.println("ivr followup: task " + id + " is " + task.get().status() + "; "
                    + (task.get().status() == FollowUpStatus.SOLVED ? "solved already, nothing changed"
                    : "it is being called back right now: solve it when the call-back is over"));
            return 1;
        }
        out.println("ivr followup: task " + id + " (company " + task.get().companyId() + ", about call "
                + task.get().relatedLinkedId() + ") marked SOLVED");
        return 0;
    }
}
