package ascc.core.cli;

import ascc.core.callbacks.CallbackRequest;
import ascc.core.callbacks.CallbackStore;
import ascc.core.config.yaml.ConfigLoader;
import ascc.core.db.Database;
import ascc.routing.Phones;
import ascc.routing.callbacks.FollowUpStatus;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ivr followup list|solve}: the follow-up tasks a low happy-call score opened (a callback for a senior desk, tied
 * to the original call), tracked until someone marks the problem solved. Exit codes as {@link Main}: 0 done, 1 config,
 * database or state problem, 2 usage error.
 */
@Command(name = "followup", description = "follow-up tasks of low happy-call scores: list them, mark them solved")
final class FollowUpCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    FollowUpCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        throw CliErrors.needsSubcommand(spec);
    }

    @Command(name = "list", description = {"open follow-up tasks (with --all also the solved ones), oldest first",
        "Columns: id, company, desk, status, due time, masked number, reason, original call."})
    int list(@Option(names = "--all", description = "also the solved tasks") boolean all,
            @Option(names = "--company", paramLabel = "X", description = "only this company's tasks") Optional<String> company,
            @Mixin ConfOption conf) {
        return withStore(conf, (store, zone) -> list(store, zone, all, company));
    }

    @Command(name = "solve", description = "mark the task's problem solved: once it is not called back yet (PENDING, DUE)"
            + " or its call-back is over (DONE, FAILED)")
    int solve(@Option(names = "--id", required = true, paramLabel = "ID", description = "the first column of 'ivr followup list'")
            String id, @Mixin ConfOption conf) {
        return withStore(conf, (store, zone) -> solve(store, id));
    }

    @FunctionalInterface
    private interface Work {
        int run(CallbackStore store, ZoneId zone) throws SQLException;
    }

    private int withStore(ConfOption conf, Work work) {
        Path dir = conf.dir(ctx);
        CenterConfig cfg;
        try {
            cfg = ConfigLoader.load(dir, ctx.env());
        } catch (ConfigException e) {
            ctx.problems("ivr followup", dir, "", e.problems());
            return 1;
        }
        try (Database db = ctx.openDatabase(cfg.engine())) {
            return work.run(new CallbackStore(db.dataSource()), cfg.engine().timeZone());
        } catch (SQLException | RuntimeException e) {
            ctx.err().println("ivr followup: database error (" + CliContext.describeDatabase(cfg.engine()) + "): " + e.getMessage());
            return 1;
        }
    }

    private int list(CallbackStore store, ZoneId zone, boolean all, Optional<String> company) throws SQLException {
        List<CallbackRequest> tasks = store.findFollowUps(!all).stream()
                .filter(t -> company.isEmpty() || company.get().equals(t.companyId())).toList();
        ctx.out().printf("%-14s %-10s %-10s %-8s %-16s %-12s %s%n", "id", "company", "desk", "status", "due", "number", "reason (call)");
        for (CallbackRequest t : tasks) {
            String due = t.dueAt() == null ? "-" : t.dueAt().atZone(zone).toLocalDateTime().withSecond(0).withNano(0).toString();
            ctx.out().printf("%-14s %-10s %-10s %-8s %-16s %-12s %s (%s)%n", t.linkedId(), t.companyId(), t.deskId(), t.status(), due,
                    Phones.mask(t.number()), t.reason(), t.relatedLinkedId());
        }
        ctx.out().println("ivr followup: " + tasks.size() + (all ? " task(s)" : " open task(s)")
                + company.map(c -> " of company " + c).orElse(""));
        return 0;
    }

    private int solve(CallbackStore store, String id) throws SQLException {
        Optional<CallbackRequest> task = store.find(id);
        if (task.isEmpty() || task.get().reason() == null) {
            ctx.err().println("ivr followup: no follow-up task '" + id + "' (see 'ivr followup list --all')");
            return 1;
        }
        if (!store.markSolved(id, ctx.clock().instant())) {
            ctx.err().println("ivr followup: task " + id + " is " + task.get().status() + "; "
                    + (task.get().status() == FollowUpStatus.SOLVED ? "solved already, nothing changed"
                    : "it is being called back right now: solve it when the call-back is over"));
            return 1;
        }
        ctx.out().println("ivr followup: task " + id + " (company " + task.get().companyId() + ", about call "
                + task.get().relatedLinkedId() + ") marked SOLVED");
        return 0;
    }
}
