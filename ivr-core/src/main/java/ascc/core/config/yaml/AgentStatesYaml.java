package ascc.core.config.yaml;

import ascc.routing.config.AgentStatesConfig;
import ascc.routing.config.ConfigException;
import ascc.routing.config.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads {@code agent-states.yaml} into an {@link AgentStatesConfig}; its defaults when the file is absent. */
public final class AgentStatesYaml {
    private static final List<String> KEYS = List.of("auto-login", "reasons", "service-level-seconds");

    private AgentStatesYaml() {
    }

    /**
     * Loads {@code dir/agent-states.yaml} with {@code ${NAME}} references from {@code env}; defaults when the file
     * does not exist.
     *
     * @throws ConfigException with every problem (file, line, key, what is allowed)
     */
    public static AgentStatesConfig load(Path dir, Map<String, String> env) throws ConfigException {
        if (!Files.exists(dir.resolve(AgentStatesConfig.FILE))) {
            return AgentStatesConfig.defaults();
        }
        List<Problem> problems = new ArrayList<>();
        YamlDoc doc = YamlDoc.read(dir, AgentStatesConfig.FILE, problems, Map.copyOf(env));
        AgentStatesConfig d = AgentStatesConfig.defaults();
        boolean autoLogin = d.autoLogin();
        int sl = d.serviceLevelSeconds();
        Map<Integer, String> reasons = new TreeMap<>(d.reasons());
        if (doc != null) {
            YamlDoc.Section s = doc.section(doc.root(), "", KEYS);
            if (s != null) {
                YamlDoc.Entry al = s.get("auto-login");
                if (al != null) {
                    String v = doc.text(al.value(), al.path());
                    if ("true".equals(v) || "false".equals(v)) {
                        autoLogin = Boolean.parseBoolean(v);
                    } else if (v != null) {
                        doc.problem(al.value(), al.path(), "invalid auto-login '" + v + "' (allowed: true or false)");
                    }
                }
                YamlDoc.Entry sle = s.get("service-level-seconds");
                if (sle != null) {
                    Integer n = doc.integer(sle.value(), sle.path(), 1, 3600, "service level seconds");
                    sl = n == null ? sl : n;
                }
                YamlDoc.Entry re = s.get("reasons");
                if (re != null) {
                    Map<String, YamlDoc.Entry> entries = doc.mapping(re.value(), re.path(), null);
                    if (entries != null) {
                        reasons.clear();
                        for (YamlDoc.Entry e : entries.values()) {
                            if (!e.name().matches("[1-9]\\d?")) {
                                doc.problem(e.key(), e.path(), "invalid reason code '" + e.name()
                                        + "' (allowed: 1..99, the digits the agent keys after *13)");
                                continue;
                            }
                            String name = doc.nonEmpty(e.value(), e.path(), "a reason name, e.g. break");
                            if (name != null) {
                                reasons.put(Integer.parseInt(e.name()), name);
                            }
                        }
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new AgentStatesConfig(autoLogin, reasons, sl);
    }
}
