package ascc.core.cli;

import ascc.routing.config.Agent;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Company;
import ascc.routing.config.ConfigException;
import ascc.routing.config.EngineSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ivr call-help}: how to place a test call with SIPp and answer it on a softphone. */
@Command(name = "call-help", description = "how to place a test call, softphone settings")
final class CallHelpCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ConfOption conf;

    CallHelpCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Path dir = conf.dir(ctx);
        CenterConfig cfg;
        try {
            cfg = ctx.load(dir);
        } catch (ConfigException e) {
            ctx.problems("ivr", dir, "", e.problems());
            return 1;
        }
        PrintStream out = ctx.out();
        EngineSettings s = cfg.engine();
        String sip = s.sipBind() + ":" + s.sipPort();
        Company first = cfg.companies().values().iterator().next();
        String number = first.numbers().isEmpty() ? s.sharedNumbers().get(0) : first.numbers().get(0);
        out.println();
        out.println("== Place a call ==");
        out.println("A customer (SIPp, 20 s call) calling " + first.name() + " on " + number + ":");
        out.println("  sipp -sn uac -s " + number + " " + sip + " -m 1 -d 45000 -i 127.0.0.1 -p 5099");
        out.println("SIPp's built-in caller keys no digits: each menu (product, inquiry) waits for its timeout and then");
        out.println("takes its default, so the call reaches a desk after about 25 s (or the after-hours choice when");
        out.println("the company is closed). A softphone caller keys 1 at each menu instead.");
        if (!s.sharedNumbers().isEmpty()) {
            out.println("The shared number is " + s.sharedNumbers().get(0) + ".");
        }
        out.println();
        out.println("== Answer as an agent (softphone, e.g. Linphone, MicroSIP, Zoiper) ==");
        out.println("  SIP server / domain: " + sip + " (UDP)");
        for (Agent ag : cfg.agents().values()) {
            out.println("  user " + ag.id() + " (" + ag.name() + ", desks " + ag.skills() + ")");
        }
        out.println("  password: the agent's 'password' in " + dir.resolve("agents.yaml") + " (not printed here)");
        out.println("A call rings the most proficient free agent of the company's desk. Health: http://"
                + s.httpBind() + ":" + s.httpPort() + "/health");
        out.println();
        return 0;
    }
}
