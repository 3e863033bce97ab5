package ascc.core.cli;

import ascc.core.config.yaml.ConfigLoader;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import ascc.routing.config.EngineSettings;
import ascc.routing.config.Problem;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What every {@code ivr} command works with: its output streams, the environment ({@code ${VAR}} in conf/ and
 * {@code ASCC_HOME}), the clock and how a database is opened. Commands get it in their constructor.
 *
 * @param out standard output
 * @param err standard error
 * @param env environment variables
 * @param clock time of commands that write or default to "now"
 * @param opener opens the database engine.yaml names (tests may count or refuse the opening)
 */
public record CliContext(PrintStream out, PrintStream err, Map<String, String> env, Clock clock,
        Function<DbSettings, Database> opener) {

    /** Connections a command's pool may open. */
    static final int POOL_SIZE = 2;

    public CliContext {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        env = Map.copyOf(env);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(opener, "opener");
    }

    /** The real database, opened (and migrated) by {@link Database#open}. */
    public CliContext(PrintStream out, PrintStream err, Map<String, String> env, Clock clock) {
        this(out, err, env, clock, Database::open);
    }

    /** {@code --conf DIR} when given, else {@link #defaultConf(String) defaultConf("conf")}. */
    Path confDir(String option) {
        return Path.of(option != null ? option : defaultConf("conf"));
    }

    /** {@code fallback} (e.g. {@code conf}) in the current directory, else in the installation at {@code ASCC_HOME}. */
    String defaultConf(String fallback) {
        String home = env.get("ASCC_HOME");
        if (Files.isDirectory(Path.of(fallback)) || home == null || home.isBlank()) {
            return fallback;
        }
        return Path.of(home).resolve(fallback).toString();
    }

    /** The center config of {@code dir}; a missing directory is a problem like any other. */
    CenterConfig load(Path dir) throws ConfigException {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(List.of(new Problem(dir.toString(), 0, "", "config directory does not exist")));
        }
        return ConfigLoader.load(dir, env);
    }

    /** Prints {@code "<who>: N problem(s) in DIR<tail>:"} and every problem on its own line to standard error. */
    void problems(String who, Path dir, String tail, List<Problem> problems) {
        err.println(who + ": " + problems.size() + " problem(s) in " + dir + tail + ":");
        problems.forEach(p -> err.println("  " + p));
    }

    /** The database engine.yaml names, opened for a command. */
    Database openDatabase(EngineSettings s) {
        return opener.apply(DbSettings.of(s, POOL_SIZE));
    }

    /** Which database engine.yaml names, for error messages: {@code embedded H2 PATH} or {@code MariaDB}. */
    static String describeDatabase(EngineSettings s) {
        return DbSettings.of(s, POOL_SIZE).isEmbedded() ? "embedded H2 " + s.embeddedDbPath() : "MariaDB";
    }
}
