package ascc.core.cli;

import ascc.core.config.Conf;
import ascc.core.config.SampleSecrets;
import java.util.ArrayList;
import java.util.List;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import ascc.routing.config.ConfigPrinter;
import ascc.routing.config.Problem;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ivr check-config [DIR]}: validates the config; exit 0 valid (and prints it), 1 with every problem. */
@Command(name = "check-config", description = "validate conf/ (or DIR); every problem as file:line: key: message")
final class CheckConfigCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "config directory (default: ./conf, else $ASCC_HOME/conf)")
    String dir;

    CheckConfigCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Path dir = ctx.confDir(this.dir);
        try {
            // every file of the directory through the config registry: all problems of all files at once
            Conf conf = Conf.load(dir, ctx.env());
            CenterConfig cfg = conf.center();
            ctx.out().println("ivr: overflow steps for desks " + conf.overflow().steps().keySet());
            ctx.out().println("ivr: " + dir + " is valid: " + cfg.companies().size() + " companies, " + cfg.desks().size()
                    + " desks, " + cfg.agents().size() + " agents, " + conf.campaigns().campaigns().size() + " campaigns");
            ctx.out().print(ConfigPrinter.print(cfg));
            // warnings do not make the config invalid: the engine refuses what must not run (sample secrets outside the sandbox)
            List<Problem> warnings = new ArrayList<>(SampleSecrets.warnings(dir, cfg, ctx.env()));
            warnings.addAll(SampleSecrets.webWarnings(dir, conf.web(), ctx.env()));
            for (Problem w : warnings) {
                ctx.err().println("ivr: warning: " + w);
            }
            return 0;
        } catch (ConfigException e) {
            ctx.problems("ivr", dir, "", e.problems());
            return 1;
        }
    }
}
