package ascc.core.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The CLI tests' harness: a copy of the shipped conf/ whose embedded database lives in a test's directory, and {@link Main} run on it. */
final class SampleConf {
    private SampleConf() {
    }

    /** Copies ../conf to {@code dir/conf} with the embedded database at {@link #embeddedDb}; returns the copy. */
    static Path copyTo(Path dir) throws IOException {
        Path conf = dir.resolve("conf");
        Files.createDirectories(conf);
        try (Stream<Path> files = Files.list(Path.of("../conf"))) {
            for (Path f : files.toList()) {
                Files.copy(f, conf.resolve(f.getFileName()));
            }
        }
        Path engine = conf.resolve("engine.yaml");
        Files.writeString(engine, Files.readString(engine).replace("embedded-path: var/db/ascc", "embedded-path: " + embeddedDb(dir)));
        return conf;
    }

    /** The embedded database file (without suffix) of the copy made in {@code dir}. */
    static Path embeddedDb(Path dir) {
        return dir.resolve("db/ascc");
    }

    /** Runs {@code ivr args --conf conf} on the given clock; output to {@code out} and {@code err}. */
    static int ivr(Path conf, ByteArrayOutputStream out, ByteArrayOutputStream err, Clock clock, String... args) {
        return new Main(print(out), print(err), Map.of(), clock).execute(argv(conf, args));
    }

    /** Runs {@code ivr args --conf conf} as the command line does (the system clock: for commands given explicit days). */
    static int ivr(Path conf, ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        return new Main(print(out), print(err), Map.of()).execute(argv(conf, args));
    }

    private static List<String> argv(Path conf, String... args) {
        List<String> argv = new ArrayList<>(List.of(args));
        argv.addAll(List.of("--conf", conf.toString()));
        return argv;
    }

    private static PrintStream print(ByteArrayOutputStream to) {
        return new PrintStream(to, true, StandardCharsets.UTF_8);
    }
}
