package ascc.routing.config;

import java.util.List;
import java.util.stream.Collectors;

/** Every problem found while loading a config directory; the running config is never half-replaced. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public ConfigException(List<Problem> problems) {
        super(problems.size() + " problem(s) in config:\n"
                + problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
