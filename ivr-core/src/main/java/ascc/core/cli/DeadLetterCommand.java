package ascc.core.cli;

import ascc.core.agents.AgentIntervalCodec;
import ascc.core.callbacks.CallbackRequestCodec;
import ascc.core.callbacks.CallbackService;
import ascc.core.calls.CallRecordCodec;
import ascc.core.campaign.SurveyAnswerCodec;
import ascc.core.campaign.SurveyAnswers;
import ascc.core.cdr.CdrIngest;
import ascc.core.cdr.CdrLegCodec;
import ascc.core.config.yaml.ConfigLoader;
import ascc.core.durable.Codec;
import ascc.core.durable.DurableSpool;
import ascc.core.happycall.HappyAnswerCodec;
import ascc.core.happycall.HappyAnswers;
import ascc.core.overflow.OverflowCallbackJournal;
import ascc.core.selfservice.SelfServiceFeature;
import ascc.core.selfservice.SelfServiceVisitCodec;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ivr deadletter list|replay}: records the database refused for good (a constraint, a bad value), which the durable
 * writers keep in {@code <spool-dir>/.../dead-letters} instead of dropping them. {@code list} shows them (callers' numbers
 * masked); {@code replay}, once the cause is fixed, puts them back in their spool, where the engine writes them (a running
 * engine within seconds, else at its next start; writes are idempotent). Reads only {@code engine.yaml}'s spool directory,
 * never the database. Exit codes as {@link Main}: 0 done, 1 config or disk problem, 2 usage error.
 */
@Command(name = "deadletter", description = "records the database refused for good: list them, replay them once the cause is fixed")
final class DeadLetterCommand implements Callable<Integer> {
    /** What a spool holds, where. */
    private record Spool(String name, String subdir, Codec<?> codec) {
    }

    private static final List<Spool> SPOOLS = List.of(
            new Spool("calls", "", CallRecordCodec.INSTANCE),
            new Spool("cdr", CdrIngest.SPOOL_SUBDIR, CdrLegCodec.INSTANCE),
            new Spool("callbacks", CallbackService.SPOOL_SUBDIR, CallbackRequestCodec.INSTANCE),
            new Spool("overflow-callbacks", OverflowCallbackJournal.SPOOL_SUBDIR, CallbackRequestCodec.INSTANCE),
            new Spool("survey-answers", SurveyAnswers.SPOOL_SUBDIR, SurveyAnswerCodec.INSTANCE),
            new Spool("happy-call-answers", HappyAnswers.SPOOL_SUBDIR, HappyAnswerCodec.INSTANCE),
            new Spool("agent-states", AgentIntervalCodec.SPOOL_SUBDIR, AgentIntervalCodec.INSTANCE),
            new Spool("dispositions", ascc.core.desktop.Dispositions.SPOOL_SUBDIR, ascc.core.desktop.CallDispositionCodec.INSTANCE),
            new Spool("self-service", SelfServiceFeature.SPOOL_SUBDIR, SelfServiceVisitCodec.INSTANCE));

    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    DeadLetterCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        throw CliErrors.needsSubcommand(spec);
    }

    @Command(name = "list", description = {"the dead letters of every spool, oldest first",
        "(calls, cdr, callbacks, overflow-callbacks, survey-answers).",
        "Columns: spool, record (callers' numbers masked)."})
    int list(@Option(names = "--spool", paramLabel = "NAME", description = "only this spool: calls, cdr, callbacks,"
            + " overflow-callbacks or survey-answers")
            Optional<String> only, @Mixin ConfOption conf) {
        return withSpoolDir(conf, only, (s, dir) -> {
            Path dead = dir.resolve(DurableSpool.DEAD_LETTERS);
            if (!Files.isDirectory(dead)) {
                return 0;
            }
            List<?> items = new DurableSpool<>(dead, s.name() + "-dead", s.codec(), s.name() + " dead letters").items();
            for (Object item : items) {
                ctx.out().println(s.name() + "\t" + item);
            }
            return items.size();
        }, "dead letter(s)");
    }

    @Command(name = "replay", description = {"put the dead letters back in their spool: the engine writes them again",
        "(a running engine within seconds, else at its next start); one refused again is a dead letter again"})
    int replay(@Option(names = "--spool", paramLabel = "NAME", description = "only this spool: calls, cdr, callbacks,"
            + " overflow-callbacks or survey-answers")
            Optional<String> only, @Mixin ConfOption conf) {
        return withSpoolDir(conf, only, (s, dir) -> DurableSpool.requeueDeadLetters(dir), "dead-letter journal(s) requeued");
    }

    @FunctionalInterface
    private interface Work {
        int run(Spool spool, Path dir) throws IOException;
    }

    private int withSpoolDir(ConfOption conf, Optional<String> only, Work work, String noun) {
        if (only.isPresent() && SPOOLS.stream().noneMatch(s -> s.name().equals(only.get()))) {
            ctx.err().println("ivr deadletter: unknown spool '" + only.get() + "' (allowed: calls, cdr, callbacks)");
            return 2;
        }
        Path dir = conf.dir(ctx);
        CenterConfig cfg;
        try {
            cfg = ConfigLoader.load(dir, ctx.env());
        } catch (ConfigException e) {
            ctx.problems("ivr deadletter", dir, "", e.problems());
            return 1;
        }
        Path spoolDir = Path.of(cfg.engine().spoolDir());
        int total = 0;
        for (Spool s : SPOOLS) {
            if (only.isPresent() && !only.get().equals(s.name())) {
                continue;
            }
            Path d = s.subdir().isEmpty() ? spoolDir : spoolDir.resolve(s.subdir());
            try {
                total += work.run(s, d);
            } catch (IOException | RuntimeException e) {
                ctx.err().println("ivr deadletter: " + s.name() + " spool " + d + ": " + e);
                return 1;
            }
        }
        ctx.out().println("ivr deadletter: " + total + " " + noun + " in " + spoolDir);
        return 0;
    }
}
