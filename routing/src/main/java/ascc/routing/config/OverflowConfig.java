package ascc.routing.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Overflow steps per desk from {@code conf/overflow.yaml} (optional; no steps when absent). Implemented action:
 * {@code add-agents-of: <desk>} adds the backup desk's agents to this desk's queue while a caller has waited at least
 * {@code after-seconds} (callers already waiting included), and removes them when the queue is empty again.
 *
 * @param steps desk id to its ordered steps
 */
public record OverflowConfig(Map<String, List<Step>> steps) {
    public static final String FILE = "overflow.yaml";
    private static final List<String> STEP_KEYS = List.of("after-seconds", "add-agents-of");

    /** One step: trigger (waited at least {@code afterSeconds}) and action (add the agents of {@code addAgentsOf}). */
    public record Step(int afterSeconds, String addAgentsOf) {
    }

    public OverflowConfig {
        Map<String, List<Step>> copy = new LinkedHashMap<>();
        steps.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        steps = Collections.unmodifiableMap(copy);
    }

    public static OverflowConfig none() {
        return new OverflowConfig(Map.of());
    }

    /**
     * Loads {@code dir/overflow.yaml} ({@code desks: {<desk>: [{after-seconds: 30, add-agents-of: <desk>}]}}), checking
     * desk ids against {@code center}.
     *
     * @throws ConfigException with every problem (file, line, key)
     */
    public static OverflowConfig load(Path dir, Map<String, String> env, CenterConfig center) throws ConfigException {
        if (!Files.exists(dir.resolve(FILE))) {
            return none();
        }
        List<Problem> problems = new ArrayList<>();
        YamlDoc doc = YamlDoc.read(dir, FILE, problems, Map.copyOf(env));
        Map<String, List<Step>> out = new LinkedHashMap<>();
        if (doc != null) {
            YamlDoc.Section root = doc.section(doc.root(), "", List.of("desks"));
            YamlDoc.Entry desks = root == null ? null : root.get("desks");
            Map<String, YamlDoc.Entry> byDesk = desks == null ? Map.of() : doc.mapping(desks.value(), desks.path(), null);
            for (YamlDoc.Entry d : byDesk == null ? List.<YamlDoc.Entry>of() : byDesk.values()) {
                if (!center.desks().containsKey(d.name())) {
                    doc.problem(d.key(), d.path(), "unknown desk '" + d.name() + "' (desks: " + center.desks().keySet() + ")");
                    continue;
                }
                List<Step> steps = new ArrayList<>();
                List<org.snakeyaml.engine.v2.nodes.Node> items = doc.list(d.value(), d.path(), "steps");
                for (int i = 0; items != null && i < items.size(); i++) {
                    String path = YamlDoc.item(d.path(), i);
                    YamlDoc.Section s = doc.section(items.get(i), path, STEP_KEYS);
                    if (s == null) {
                        continue;
                    }
                    Integer after = s.requiredInt("after-seconds", 0, 86_400, "after-seconds");
                    String backup = s.requiredText("add-agents-of", "a desk id, e.g. general");
                    if (backup != null && !center.desks().containsKey(backup)) {
                        doc.problem(s.get("add-agents-of").value(), path + ".add-agents-of", "unknown desk '" + backup + "' (desks: "
                                + center.desks().keySet() + ")");
                    } else if (backup != null && backup.equals(d.name())) {
                        doc.problem(s.get("add-agents-of").value(), path + ".add-agents-of", "a desk cannot overflow to itself");
                    } else if (after != null && backup != null) {
                        steps.add(new Step(after, backup));
                    }
                }
                out.put(d.name(), steps);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new OverflowConfig(out);
    }
}
