package ascc.core.config.yaml;

import ascc.routing.config.Problem;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * One config file composed into YAML nodes, with typed accessors that report every problem
 * (file, 1-based line, dotted key path, what is allowed) into a shared list instead of throwing.
 * Accessors return {@code null} when the value is absent or a problem was already reported.
 */
public final class YamlDoc {
    /** Largest config file accepted, in code points (64 Mi): room for far more companies than the program plans. */
    static final int MAX_CODE_POINTS = 64 * 1024 * 1024;

    /** {@code ${NAME}} or {@code ${NAME:-default}}. */
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    final String file;
    private final List<Problem> problems;
    private final Map<String, String> env;
    private final Node root;

    private YamlDoc(String file, List<Problem> problems, Map<String, String> env, Node root) {
        this.file = file;
        this.problems = problems;
        this.env = env;
        this.root = root;
    }

    /** Reads and composes {@code dir/file}; reports a missing file or a syntax error and returns null then. */
    public static YamlDoc read(Path dir, String file, List<Problem> problems, Map<String, String> env) {
        return readPath(dir.resolve(file), " (every config directory needs agents.yaml, companies.yaml, desks.yaml, engine.yaml,"
                + " holidays.yaml and hours.yaml)", problems, env);
    }

    /** Reads and composes the file at {@code path}; problems name the file by its file name. */
    public static YamlDoc read(Path path, List<Problem> problems, Map<String, String> env) {
        return readPath(path, "", problems, env);
    }

    private static YamlDoc readPath(Path path, String notFoundHint, List<Problem> problems, Map<String, String> env) {
        String file = path.getFileName().toString();
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            problems.add(new Problem(file, 0, "(file)", "file not found: " + path.toAbsolutePath().normalize() + notFoundHint));
            return null;
        } catch (CharacterCodingException e) {
            problems.add(new Problem(file, 0, "(file)", "file is not valid UTF-8 text: " + path.toAbsolutePath().normalize()));
            return null;
        } catch (IOException e) {
            problems.add(new Problem(file, 0, "(file)", "cannot read " + path.toAbsolutePath().normalize() + ": " + e));
            return null;
        }
        return compose(file, text, problems, env);
    }

    /** Composes {@code text} (the contents of {@code file}); reports a syntax error or an empty text and returns null then. */
    public static YamlDoc compose(String file, String text, List<Problem> problems, Map<String, String> env) {
        // snakeyaml's default 3 MiB limit is below a 13,600-company companies.yaml (about 3.3 MB in the shipped style)
        LoadSettings settings = LoadSettings.builder().setLabel(file).setCodePointLimit(MAX_CODE_POINTS).build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark();
            int line = mark.map(m -> m.getLine() + 1).orElse(0);
            String column = mark.map(m -> " at column " + (m.getColumn() + 1)).orElse("");
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            problems.add(new Problem(file, line, "(syntax)", "YAML syntax error" + column + ": " + e.getProblem() + context
                    + referenceHint(text, line)));
            return null;
        } catch (YamlEngineException e) {
            problems.add(new Problem(file, 0, "(syntax)", "YAML syntax error: " + e.getMessage()));
            return null;
        }
        if (root.isEmpty()) {
            problems.add(new Problem(file, 0, "(file)", "file is empty; expected a mapping (key: value lines)"));
            return null;
        }
        return new YamlDoc(file, problems, env, root.get());
    }

    /** An unquoted {@code ${NAME}} inside {@code {...}} or {@code [...]} is a YAML syntax error: say so. */
    private static String referenceHint(String text, int line) {
        String src = line < 1 ? "" : text.lines().skip(line - 1L).findFirst().orElse("");
        return src.contains("${") ? "; inside {...} or [...] write a reference in quotes: \"${NAME}\"" : "";
    }

    public Node root() {
        return root;
    }

    public static int line(Node n) {
        return n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    public void problem(Node at, String key, String message) {
        problems.add(new Problem(file, at == null ? 0 : line(at), key, message));
    }

    public int problemCount() {
        return problems.size();
    }

    public static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public static String item(String path, int index) {
        return path + "[" + index + "]";
    }

    /** true/false (also yes/no, on/off), or null (reported). */
    public Boolean bool(Node node, String path) {
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

    /** What a node is, for "expected X, found Y". */
    public static String describe(Node n) {
        if (n instanceof ScalarNode s) {
            return isNull(s) ? "nothing" : "a single value '" + s.getValue() + "'";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        return "a mapping";
    }

    private static boolean isNull(ScalarNode s) {
        return Tag.NULL.equals(s.getTag()) && s.isPlain();
    }

    /**
     * The entries of a mapping by key, in file order. Reports a node that is not a mapping, non-scalar
     * and duplicate keys, and (when {@code allowed} is not null) unknown keys with the allowed ones.
     */
    public Map<String, Entry> mapping(Node node, String path, List<String> allowed) {
        if (!(node instanceof MappingNode m)) {
            problem(node, path.isEmpty() ? "(file)" : path, "expected a mapping (key: value lines), found " + describe(node));
            return null;
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode keyNode)) {
                problem(t.getKeyNode(), path.isEmpty() ? "(file)" : path, "keys must be single words, found " + describe(t.getKeyNode()));
                continue;
            }
            String key = keyNode.getValue();
            Entry first = entries.get(key);
            if (first != null) {
                problem(keyNode, child(path, key), "duplicate key '" + key + "' (first at line " + line(first.key()) + ")");
                continue;
            }
            if (allowed != null && !allowed.contains(key)) {
                problem(keyNode, child(path, key), "unknown key '" + key + "' (allowed: " + String.join(", ", allowed) + ")");
                continue;
            }
            entries.put(key, new Entry(key, keyNode, t.getValueNode(), child(path, key)));
        }
        return entries;
    }

    /** The items of a list, or null (reported) when the node is something else. */
    public List<Node> list(Node node, String path, String what) {
        if (node instanceof SequenceNode s) {
            return s.getValue();
        }
        if (node instanceof ScalarNode s && isNull(s)) {
            return List.of();
        }
        problem(node, path, "expected a list of " + what + ", found " + describe(node));
        return null;
    }

    /** Reports a missing required key at the line of its mapping. */
    public Entry require(Map<String, Entry> entries, Node mapNode, String path, String key, String allowed) {
        Entry e = entries.get(key);
        if (e == null) {
            problem(mapNode, child(path, key), "missing required key '" + key + "' (" + allowed + ")");
        }
        return e;
    }

    /**
     * The text of a single value with environment references replaced; null (reported) for a list or
     * mapping or an unset variable. An empty value ({@code key:}, {@code ~}, {@code null}) is "".
     */
    public String text(Node node, String path) {
        if (!(node instanceof ScalarNode s)) {
            problem(node, path, "expected a single value, found " + describe(node));
            return null;
        }
        if (isNull(s)) {
            return "";
        }
        return substitute(s.getValue(), node, path);
    }

    private String substitute(String raw, Node at, String path) {
        if (!raw.contains("${")) {
            return raw;
        }
        Matcher m = ENV_REF.matcher(raw);
        StringBuilder out = new StringBuilder();
        int last = 0;
        boolean ok = true;
        while (m.find()) {
            String literal = raw.substring(last, m.start());
            if (literal.contains("${")) {
                break;
            }
            out.append(literal);
            String name = m.group(1);
            String dflt = m.group(2);
            String value = env.get(name);
            if (dflt != null && (value == null || value.isEmpty())) {
                value = dflt;
            }
            if (value == null) {
                problem(at, path, "environment variable " + name + " is not set (set it, or give a default: ${" + name + ":-value})");
                ok = false;
                value = "";
            }
            out.append(value);
            last = m.end();
        }
        String rest = raw.substring(last);
        if (rest.contains("${")) {
            problem(at, path, "malformed environment reference in '" + raw + "' (write ${NAME} or ${NAME:-default};"
                    + " NAME is letters, digits and '_')");
            return null;
        }
        out.append(rest);
        return ok ? out.toString() : null;
    }

    /** Text values of a list of single values, each with its node (for line numbers). */
    public List<Item> texts(Node node, String path, String what) {
        List<Node> nodes = list(node, path, what);
        if (nodes == null) {
            return null;
        }
        List<Item> out = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            String p = item(path, i);
            String v = text(nodes.get(i), p);
            if (v != null) {
                out.add(new Item(v.trim(), nodes.get(i), p));
            }
        }
        return out;
    }

    /** A whole number in {@code [min, max]}, or null (reported). */
    public Integer integer(Node node, String path, int min, int max, String what) {
        String v = text(node, path);
        if (v == null) {
            return null;
        }
        String t = v.trim();
        if (t.matches("-?\\d{1,9}")) {
            int n = Integer.parseInt(t);
            if (n >= min && n <= max) {
                return n;
            }
        }
        problem(node, path, "invalid " + what + " '" + v + "' (allowed: a whole number " + min + ".." + max + ")");
        return null;
    }

    /** A mapping with its entries, for reading keys of one section. */
    public Section section(Node node, String path, List<String> allowed) {
        Map<String, Entry> entries = mapping(node, path, allowed);
        return entries == null ? null : new Section(this, entries, node, path);
    }

    /** A checked mapping: its entries by key, its node (line for missing keys) and its key path. */
    public record Section(YamlDoc doc, Map<String, Entry> entries, Node node, String path) {
        public Entry get(String key) {
            return entries.get(key);
        }

        public Entry require(String key, String allowed) {
            return doc.require(entries, node, path, key, allowed);
        }

        /** Trimmed non-empty text of a required key, or null (reported). */
        public String requiredText(String key, String allowed) {
            Entry e = require(key, allowed);
            return e == null ? null : doc.nonEmpty(e.value(), e.path(), allowed);
        }

        /** Trimmed text of an optional key (may be empty), {@code dflt} when absent, null when reported. */
        public String optionalText(String key, String dflt) {
            Entry e = get(key);
            if (e == null) {
                return dflt;
            }
            String v = doc.text(e.value(), e.path());
            return v == null ? null : v.trim();
        }

        public Integer requiredInt(String key, int min, int max, String what) {
            Entry e = require(key, "a whole number " + min + ".." + max);
            return e == null ? null : doc.integer(e.value(), e.path(), min, max, what);
        }
    }

    /** Trimmed text that must not be empty, or null (reported). */
    public String nonEmpty(Node node, String path, String allowed) {
        String v = text(node, path);
        if (v == null) {
            return null;
        }
        v = v.trim();
        if (v.isEmpty()) {
            problem(node, path, "empty value (expected " + allowed + ")");
            return null;
        }
        return v;
    }

    /** A mapping entry. */
    public record Entry(String name, ScalarNode key, Node value, String path) {
    }

    /** A list item's text with its node. */
    public record Item(String value, Node node, String path) {
    }
}
