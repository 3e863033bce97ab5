package ascc.core.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --conf DIR}, the config directory a command reads; mixed into every command that reads conf/. */
final class ConfOption {
    @Option(names = "--conf", paramLabel = "DIR", description = "config directory (default: ./conf, else $ASCC_HOME/conf)")
    String conf;

    Path dir(CliContext ctx) {
        return ctx.confDir(conf);
    }
}
