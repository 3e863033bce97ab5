package ascc.core.cli;

import ascc.core.Engine;
import ascc.routing.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ivr run}: starts the engine and keeps it running until the JVM is told to stop. */
@Command(name = "run", description = "run the engine (FastAGI, AMI, HTTP, scheduler) until SIGTERM / Ctrl-C")
final class RunCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ConfOption conf;

    RunCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Path dir = conf.dir(ctx);
        Engine engine;
        try {
            engine = Engine.start(new Engine.Options(dir, ctx.env(), Clock.systemUTC(), Engine.Options.defaults(Path.of(".")).nodeName()));
        } catch (ConfigException e) {
            ctx.problems("ivr", dir, "", e.problems());
            return 1;
        } catch (IOException | RuntimeException e) {
            ctx.err().println("ivr: engine failed to start: " + e.getMessage());
            e.printStackTrace(ctx.err());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engine.close();
            stopped.countDown();
        }, "shutdown"));
        ctx.out().println("ivr: engine running (FastAGI port " + engine.agiPort() + ", HTTP port " + engine.httpPort()
                + "); SIGTERM or Ctrl-C stops it");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
