package ascc.core.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code ivr} command line: one picocli command class per command, usage and help generated from their annotations.
 * Exit codes: 0 success (and {@code --help}), 1 the work failed (config problems, engine start failure), 2 usage error.
 */
@Command(name = "ivr", description = "ASCC, the shared after-service contact center engine: run it, check and render its config,"
        + " dry-run its menus, report, bill and run campaigns.",
        subcommands = {CheckConfigCommand.class, AsteriskConfigCommand.class, RunCommand.class, CallHelpCommand.class,
            RouteCommand.class, ReloadCommand.class, PromptsCliCommand.class, BillingCommand.class, CampaignCommand.class,
            ReportCommand.class, SimulateCommand.class, FollowUpCommand.class, TokenCommand.class, WebCommand.class,
            DeadLetterCommand.class, CasesCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "'ivr COMMAND --help' (or 'ivr help COMMAND') shows a command's options."})
public final class Main implements Callable<Integer> {
    private static final int USAGE_WIDTH = 110;

    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    public Main(PrintStream out, PrintStream err, Map<String, String> env) {
        this(out, err, env, Clock.systemUTC());
    }

    /** With the clock commands use for "now" (e.g. {@code ivr route} without {@code --at}). */
    public Main(PrintStream out, PrintStream err, Map<String, String> env, Clock clock) {
        this(new CliContext(out, err, env, clock));
    }

    Main(CliContext ctx) {
        this.ctx = ctx;
    }

    public static void main(String[] argv) {
        int code = new Main(System.out, System.err, System.getenv()).execute(Arrays.asList(argv));
        if (code != 0 || argv.length == 0 || !"run".equals(argv[0])) {
            System.exit(code);
        }
    }

    /** Runs one command; returns the exit code. */
    public int execute(List<String> argv) {
        return commandLine().execute(argv.toArray(String[]::new));
    }

    /** {@code ivr} without a command. */
    @Override
    public Integer call() {
        throw CliErrors.needsSubcommand(spec);
    }

    /** The command tree: every command gets {@code -h, --help}; errors are reported by {@link CliErrors}. */
    CommandLine commandLine() {
        CommandLine cl = new CommandLine(this, new Factory(ctx));
        CliErrors errors = new CliErrors(ctx.err());
        cl.setOut(new PrintWriter(ctx.out(), true, charset(ctx.out())))
                .setErr(new PrintWriter(ctx.err(), true, charset(ctx.err())))
                .setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
                .setUsageHelpWidth(USAGE_WIDTH)
                .setExpandAtFiles(false)
                .setOverwrittenOptionsAllowed(true)
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
        for (CommandLine c : tree(cl)) {
            c.getCommandSpec().usageMessage().descriptionHeading("%n").optionListHeading("%nOptions:%n")
                    .parameterListHeading("%nArguments:%n").commandListHeading("%nCommands:%n");
            if (!c.getCommandSpec().optionsMap().containsKey("--help")) {
                c.getCommandSpec().addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                        .description("show this help and exit").build());
            }
        }
        return cl;
    }

    /** {@code cl} and every command below it, depth first. */
    static List<CommandLine> tree(CommandLine cl) {
        List<CommandLine> all = new ArrayList<>(List.of(cl));
        cl.getSubcommands().values().forEach(sub -> all.addAll(tree(sub)));
        return all;
    }

    private static Charset charset(PrintStream s) {
        return s.charset();
    }

    /** Creates command classes with the {@link CliContext} when they take it, else as picocli would. */
    private record Factory(CliContext ctx) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return cls.getDeclaredConstructor(CliContext.class).newInstance(ctx);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
