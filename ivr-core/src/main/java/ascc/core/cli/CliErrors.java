package ascc.core.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How {@code ivr} reports what went wrong: a usage error (picocli's or a command's {@link UsageException}) prints
 * {@code ivr: <message>} naming what is allowed, then the command's usage, to standard error and exits 2; any other
 * failure prints {@code ivr: <what failed>} with its stack trace and exits 1.
 */
final class CliErrors implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {
    static final int USAGE = 2;
    static final int FAILED = 1;

    private final PrintStream err;

    CliErrors(PrintStream err) {
        this.err = err;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        return usage(ex.getCommandLine(), message(ex));
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        if (ex instanceof UsageException u) {
            return usage(commandLine, u.getMessage());
        }
        err.println("ivr: '" + commandLine.getCommandSpec().qualifiedName() + "' failed: " + ex);
        ex.printStackTrace(err);
        return FAILED;
    }

    private int usage(CommandLine cl, String message) {
        err.println("ivr: " + message);
        err.println();
        cl.usage(err);
        return USAGE;
    }

    /** The usage error, naming what the command allows. */
    static String message(ParameterException ex) {
        CommandSpec spec = ex.getCommandLine().getCommandSpec();
        String name = spec.qualifiedName();
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            if (first.startsWith("-")) {
                return "unknown option " + first + " for '" + name + "' (allowed: " + options(spec) + ")";
            }
            if (!spec.subcommands().isEmpty()) {
                return "unknown " + (spec.parent() == null ? "command" : name.substring(name.indexOf(' ') + 1) + " subcommand") + " '"
                        + first + "' (allowed: " + String.join(", ", spec.subcommands().keySet()) + ")";
            }
            return "'" + name + "' takes " + (spec.positionalParameters().isEmpty() ? "no arguments" : "at most "
                    + spec.positionalParameters().size() + " argument(s)") + "; got " + u.getUnmatched();
        }
        List<String> unmatched = ex.getCommandLine().getParseResult() == null ? List.of()
                : ex.getCommandLine().getParseResult().unmatched();
        if (ex instanceof CommandLine.MissingParameterException && !unmatched.isEmpty()) {
            // an unknown option explains a missing one better than the other way round (a typo: --mnth)
            return message(new CommandLine.UnmatchedArgumentException(ex.getCommandLine(), unmatched));
        }
        if (ex instanceof CommandLine.MissingParameterException m) {
            return "'" + name + "' needs " + m.getMissing().stream().map(CliErrors::shown).collect(Collectors.joining(", "));
        }
        return ex.getMessage();
    }

    /** {@code '<command>' needs a subcommand: a, b, c}, for a command run without one. */
    static UsageException needsSubcommand(CommandSpec spec) {
        return new UsageException("'" + spec.qualifiedName() + "' needs a " + (spec.parent() == null ? "command" : "subcommand")
                + ": " + String.join(", ", spec.subcommands().keySet()));
    }

    private static String options(CommandSpec spec) {
        List<String> allowed = spec.options().stream().filter(o -> !o.hidden()).map(CliErrors::shown).toList();
        return allowed.isEmpty() ? "none" : String.join(", ", allowed);
    }

    /** As the user types it: {@code --day YYYY-MM-DD}, {@code --all}, {@code DIR}. */
    private static String shown(ArgSpec a) {
        if (a instanceof OptionSpec o) {
            return o.longestName() + (o.arity().max() == 0 ? "" : " " + o.paramLabel());
        }
        return a.paramLabel();
    }
}
