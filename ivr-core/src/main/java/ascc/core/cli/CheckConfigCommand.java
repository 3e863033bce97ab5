package ascc.core.cli;

import ascc.routing.campaign.CampaignsConfig;
import ascc.routing.campaign.CampaignsLoader;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import ascc.routing.config.ConfigPrinter;
import ascc.routing.config.OverflowConfig;
import ascc.routing.config.Problem;
import ascc.routing.config.StaffingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
            CenterConfig cfg = ctx.load(dir);
            List<Problem> problems = new ArrayList<>();
            try {
                StaffingConfig.load(dir, ctx.env(), cfg); // staffing.yaml problems as file:line: key: message
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
            OverflowConfig overflow = null;
            try {
                overflow = OverflowConfig.load(dir, ctx.env(), cfg);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
            CampaignsConfig campaigns = CampaignsConfig.NONE;
            try {
                campaigns = CampaignsLoader.load(dir, cfg.companies().keySet(), cfg.desks().keySet(), ctx.env());
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            ctx.out().println("ivr: overflow steps for desks " + overflow.steps().keySet());
            ctx.out().println("ivr: " + dir + " is valid: " + cfg.companies().size() + " companies, " + cfg.desks().size()
                    + " desks, " + cfg.agents().size() + " agents, " + campaigns.campaigns().size() + " campaigns");
            ctx.out().print(ConfigPrinter.print(cfg));
            return 0;
        } catch (ConfigException e) {
            ctx.problems("ivr", dir, "", e.problems());
            return 1;
        }
    }
}
