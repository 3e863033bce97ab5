package ascc.core.cli;

import ascc.core.recordings.PromptsCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ivr prompts check}: the command line of {@link PromptsCommand}; {@code ivr prompts} alone checks too. */
@Command(name = "prompts", description = "check every prompt file recordings.yaml refers to ('ivr prompts' alone: check)")
final class PromptsCliCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ConfOption conf;

    PromptsCliCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        return check(conf);
    }

    @Command(name = "check", description = {"list every prompt the config refers to (default set per core language, each"
            + " company's own) with the file found or the problem",
        "Exit 1 when any prompt or the config has a problem."})
    int check(@Mixin ConfOption conf) {
        // --conf after 'check', else before it ('ivr prompts --conf DIR check')
        return new PromptsCommand(ctx.out(), ctx.err(), ctx.env()).run("check", (conf.conf != null ? conf : this.conf).dir(ctx));
    }
}
