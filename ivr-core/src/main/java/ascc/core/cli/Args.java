package ascc.core.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parsed command-line arguments of one {@code ivr} command: {@code --name value} options, {@code --flag}s
 * and positionals. Unknown options are usage errors naming the option and what the command allows.
 */
public final class Args {
    private final String command;
    private final Map<String, String> options;
    private final List<String> positionals;

    private Args(String command, Map<String, String> options, List<String> positionals) {
        this.command = command;
        this.options = options;
        this.positionals = positionals;
    }

    /**
     * Parses {@code argv} for {@code command}.
     *
     * @param valued options that take a value
     * @param flags options without a value
     */
    public static Args parse(String command, List<String> argv, Set<String> valued, Set<String> flags) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (flags.contains(name)) {
                    if (value != null) {
                        throw new UsageException("option --" + name + " of 'ivr " + command + "' takes no value");
                    }
                    options.put(name, "true");
                } else if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= argv.size()) {
                            throw new UsageException("option --" + name + " of 'ivr " + command + "' needs a value");
                        }
                        value = argv.get(++i);
                    }
                    options.put(name, value);
                } else {
                    List<String> allowed = new ArrayList<>();
                    valued.stream().sorted().forEach(v -> allowed.add("--" + v + " VALUE"));
                    flags.stream().sorted().forEach(f -> allowed.add("--" + f));
                    throw new UsageException("unknown option --" + name + " for 'ivr " + command + "' (allowed: "
                            + (allowed.isEmpty() ? "none" : String.join(", ", allowed)) + ")");
                }
            } else {
                positionals.add(a);
            }
        }
        return new Args(command, options, positionals);
    }

    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    public boolean flag(String name) {
        return options.containsKey(name);
    }

    public List<String> positionals() {
        return positionals;
    }

    /** Fails when more than {@code max} positionals were given. */
    public Args maxPositionals(int max) {
        if (positionals.size() > max) {
            throw new UsageException("'ivr " + command + "' takes at most " + max + " argument(s), got " + positionals.size()
                    + ": " + positionals);
        }
        return this;
    }

    /** A usage error: printed with the command's usage, exit code 2. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }
}
