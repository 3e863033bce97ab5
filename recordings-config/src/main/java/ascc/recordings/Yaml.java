package ascc.recordings;

import ascc.routing.config.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * {@code recordings.yaml} composed into YAML nodes (snakeyaml-engine compose API, like the routing config loader),
 * with accessors that add every problem (file, 1-based line, dotted key, what is allowed) to a shared list and
 * return null instead of throwing. Routing's own helper is package-private; this is its small sibling.
 */
final class Yaml {
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    final String file;
    private final List<Problem> problems;
    private final Map<String, String> env;
    private final Node root;

    private Yaml(String file, List<Problem> problems, Map<String, String> env, Node root) {
        this.file = file;
        this.problems = problems;
        this.env = env;
        this.root = root;
    }

    /** Composes {@code path}; reports unreadable text or a syntax error and returns null then. */
    static Yaml read(Path path, List<Problem> problems, Map<String, String> env) {
        String file = path.getFileName().toString();
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(new Problem(file, 0, "(file)", "cannot read " + path.toAbsolutePath().normalize() + ": " + e));
            return null;
        }
        Optional<Node> node;
        try {
            node = new Compose(LoadSettings.builder().setLabel(file).build()).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark();
            problems.add(new Problem(file, mark.map(m -> m.getLine() + 1).orElse(0), "(syntax)", "YAML syntax error: " + e.getProblem()));
            return null;
        } catch (YamlEngineException e) {
            problems.add(new Problem(file, 0, "(syntax)", "YAML syntax error: " + e.getMessage()));
            return null;
        }
        if (node.isEmpty()) {
            problems.add(new Problem(file, 0, "(file)", "file is empty; expected a mapping (key: value lines)"));
            return null;
        }
        return new Yaml(file, problems, env, node.get());
    }

    Node root() {
        return root;
    }

    static int line(Node n) {
        return n == null ? 0 : n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    void problem(Node at, String key, String message) {
        problems.add(new Problem(file, line(at), key, message));
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && Tag.NULL.equals(s.getTag()) && s.isPlain();
    }

    /** A mapping entry with its key node (for line numbers) and dotted path. */
    record Entry(String name, Node key, Node value, String path) {
    }

    /**
     * The entries of a mapping in file order; reports a non-mapping, duplicate keys and, when {@code allowed}
     * is not null, unknown keys (naming the allowed ones). An empty value ({@code key:}) is an empty mapping.
     */
    Map<String, Entry> mapping(Node node, String path, List<String> allowed) {
        Map<String, Entry> out = new LinkedHashMap<>();
        if (isNull(node)) {
            return out;
        }
        if (!(node instanceof MappingNode m)) {
            problem(node, path.isEmpty() ? "(file)" : path, "expected a mapping (key: value lines), found " + describe(node));
            return null;
        }
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                problem(t.getKeyNode(), path.isEmpty() ? "(file)" : path, "keys must be single words, found " + describe(t.getKeyNode()));
                continue;
            }
            String key = k.getValue();
            String p = child(path, key);
            if (out.containsKey(key)) {
                problem(k, p, "duplicate key '" + key + "' (first at line " + line(out.get(key).key()) + ")");
            } else if (allowed != null && !allowed.contains(key)) {
                problem(k, p, "unknown key '" + key + "' (allowed: " + String.join(", ", allowed) + ")");
            } else {
                out.put(key, new Entry(key, k, t.getValueNode(), p));
            }
        }
        return out;
    }

    /** Trimmed text of a single value with {@code ${NAME}} / {@code ${NAME:-default}} replaced; null (reported) otherwise. */
    String text(Node node, String path) {
        if (!(node instanceof ScalarNode s)) {
            problem(node, path, "expected a single value, found " + describe(node));
            return null;
        }
        if (isNull(s)) {
            return "";
        }
        String raw = s.getValue();
        Matcher m = ENV_REF.matcher(raw);
        StringBuilder sb = new StringBuilder();
        boolean ok = true;
        while (m.find()) {
            String value = env.get(m.group(1));
            if (m.group(2) != null && (value == null || value.isEmpty())) {
                value = m.group(2);
            }
            if (value == null) {
                problem(node, path, "environment variable " + m.group(1) + " is not set (set it, or give a default: ${"
                        + m.group(1) + ":-value})");
                ok = false;
                value = "";
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return ok ? sb.toString().trim() : null;
    }

    /** Non-empty text, or null (reported). */
    String nonEmpty(Node node, String path, String allowed) {
        String v = text(node, path);
        if (v != null && v.isEmpty()) {
            problem(node, path, "empty value (expected " + allowed + ")");
            return null;
        }
        return v;
    }

    /** The items of a list ({@code key:} alone is an empty list), or null (reported). */
    List<Node> list(Node node, String path, String what) {
        if (node instanceof SequenceNode s) {
            return s.getValue();
        }
        if (isNull(node)) {
            return List.of();
        }
        problem(node, path, "expected a list of " + what + ", found " + describe(node));
        return null;
    }

    /** A whole number in {@code [min, max]}, or null (reported). */
    Integer integer(Node node, String path, int min, int max, String what) {
        String v = text(node, path);
        if (v == null) {
            return null;
        }
        if (v.matches("-?\\d{1,9}")) {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        }
        problem(node, path, "invalid " + what + " '" + v + "' (allowed: a whole number " + min + ".." + max + ")");
        return null;
    }

    /** true/false (also yes/no), or null (reported). */
    Boolean bool(Node node, String path) {
        String v = text(node, path);
        if (v == null) {
            return null;
        }
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> Boolean.TRUE;
            case "false", "no", "off" -> Boolean.FALSE;
            default -> {
                problem(node, path, "invalid flag '" + v + "' (allowed: true or false)");
                yield null;
            }
        };
    }

    static String describe(Node n) {
        if (n instanceof ScalarNode s) {
            return isNull(s) ? "nothing" : "a single value '" + s.getValue() + "'";
        }
        return n instanceof SequenceNode ? "a list" : "a mapping";
    }
}
