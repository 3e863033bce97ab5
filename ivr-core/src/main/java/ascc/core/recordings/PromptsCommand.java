package ascc.core.recordings;

import ascc.core.config.yaml.PromptCheck;
import ascc.recordings.RecordingsConfig;
import ascc.core.config.yaml.RecordingsLoader;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import ascc.core.config.yaml.ConfigLoader;
import ascc.routing.config.Problem;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code ivr prompts check [--conf DIR]}: loads the config and recordings.yaml and lists every prompt the config refers
 * to (default set per core language, each company's own) with the file found or the problem. Exit 0 when all are fine,
 * 1 when any prompt or the config has a problem.
 */
public final class PromptsCommand {
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public PromptsCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /** Runs {@code ivr prompts <sub>}; returns the exit code. */
    public int run(String sub, Path confDir) {
        if (!"check".equals(sub)) {
            err.println("ivr prompts: unknown subcommand '" + sub + "' (allowed: check)");
            return 2;
        }
        CenterConfig center;
        try {
            center = ConfigLoader.load(confDir, env);
        } catch (ConfigException e) {
            return problems(confDir, e.problems());
        }
        // Load without the at-load check failing the whole run: list every prompt, then the problems.
        RecordingsConfig cfg;
        try {
            cfg = RecordingsLoader.loadDir(confDir, env, center.companies().keySet(), center.desks().keySet());
        } catch (ConfigException e) {
            return problems(confDir, e.problems());
        }
        List<PromptCheck.Result> results = PromptCheck.all(cfg);
        long bad = results.stream().filter(r -> !r.ok()).count();
        out.println("ivr prompts: " + (Files.exists(confDir.resolve(RecordingsLoader.FILE)) ? confDir.resolve(RecordingsLoader.FILE)
                : "no " + RecordingsLoader.FILE + " in " + confDir + ": built-in defaults") + "; " + results.size() + " prompt file(s), "
                + bad + " problem(s)");
        for (PromptCheck.Result r : results) {
            (r.ok() ? out : err).println("  " + r);
        }
        return bad == 0 ? 0 : 1;
    }

    private int problems(Path dir, List<Problem> problems) {
        err.println("ivr prompts: " + problems.size() + " problem(s) in " + dir + ":");
        for (Problem p : problems) {
            err.println("  " + p);
        }
        return 1;
    }
}
