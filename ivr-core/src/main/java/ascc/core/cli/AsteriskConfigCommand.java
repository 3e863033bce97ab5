package ascc.core.cli;

import ascc.core.asterisk.AsteriskConfigRenderer;
import ascc.routing.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ivr asterisk-config --out DIR | --print}: the Asterisk files the config implies. */
@Command(name = "asterisk-config", description = "render pjsip/extensions/queues/manager.conf for Asterisk into --out DIR,"
        + " or print them (secrets masked) with --print")
final class AsteriskConfigCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--out", paramLabel = "DIR", description = "write the files here (only changed files are rewritten)")
    String out;

    @Option(names = "--print", description = "print the files, secrets masked, instead of writing them")
    boolean print;

    @Option(names = "--box", paramLabel = "ID", description = "render the files of this Asterisk box (engine.yaml boxes);"
            + " default: the first box")
    String box;

    @Mixin
    ConfOption conf;

    AsteriskConfigCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (out == null && !print) {
            throw new UsageException("'ivr asterisk-config' needs --out DIR (or --print)");
        }
        Path dir = conf.dir(ctx);
        try {
            AsteriskConfigRenderer r = box == null ? new AsteriskConfigRenderer(ctx.load(dir))
                    : AsteriskConfigRenderer.forBox(ctx.load(dir), box);
            if (print) {
                r.renderMasked().forEach((name, text) -> {
                    ctx.out().println(";; ===== " + name);
                    ctx.out().print(text);
                });
                return 0;
            }
            Path outDir = Path.of(out);
            List<String> changed = r.writeTo(outDir);
            ctx.out().println("ivr: rendered " + r.files().keySet() + " into " + outDir + "; changed: "
                    + (changed.isEmpty() ? "none" : changed));
            return 0;
        } catch (ConfigException e) {
            ctx.problems("ivr", dir, "", e.problems());
            return 1;
        } catch (IllegalArgumentException e) {
            ctx.err().println("ivr: cannot render Asterisk config from " + dir + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            ctx.err().println("ivr: cannot write Asterisk config: " + e.getMessage());
            return 1;
        }
    }
}
