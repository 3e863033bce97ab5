package ascc.core.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ivr simulate}: queueing closed forms and the what-if simulation (docs/simulator.md). */
@Command(name = "simulate", description = "what-if before you deploy: Erlang C/A closed forms, and a simulation of conf/ on"
        + " simulated or recorded traffic", subcommands = {SimulateErlangCommand.class, SimulateRunCommand.class,
            SimulateGenerateCommand.class})
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw CliErrors.needsSubcommand(spec);
    }
}
