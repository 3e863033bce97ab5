package ascc.core.config.yaml;

import ascc.routing.config.Agent;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import ascc.routing.config.Problem;
import ascc.routing.config.StaffingConfig;
import ascc.routing.config.StaffingConfig.Schedule;
import ascc.routing.config.TimeRange;
import ascc.routing.config.WeeklyHours;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads {@code staffing.yaml} into a {@link StaffingConfig}, checking desks and agents against the center files. */
public final class StaffingYaml {
    private static final List<String> KEYS = List.of("name", "desk", "agents", "hours", "proficiency", "on-holidays");

    private StaffingYaml() {
    }

    /**
     * Loads {@code dir/staffing.yaml}, checking desks and agents against {@code center}.
     *
     * @throws ConfigException with every problem (file, line, key, what is allowed)
     */
    public static StaffingConfig load(Path dir, Map<String, String> env, CenterConfig center) throws ConfigException {
        if (!Files.exists(dir.resolve(StaffingConfig.FILE))) {
            return StaffingConfig.none();
        }
        List<Problem> problems = new ArrayList<>();
        YamlDoc doc = YamlDoc.read(dir, StaffingConfig.FILE, problems, Map.copyOf(env));
        List<Schedule> out = new ArrayList<>();
        if (doc != null) {
            YamlDoc.Section root = doc.section(doc.root(), "", List.of("schedules"));
            YamlDoc.Entry list = root == null ? null : root.get("schedules");
            List<Node> items = list == null ? List.of() : doc.list(list.value(), list.path(), "schedules");
            Map<String, Integer> names = new LinkedHashMap<>();
            for (int i = 0; items != null && i < items.size(); i++) {
                Schedule s = schedule(doc, items.get(i), YamlDoc.item("schedules", i), center, names);
                if (s != null) {
                    out.add(s);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new StaffingConfig(out);
    }

    private static Schedule schedule(YamlDoc doc, Node node, String path, CenterConfig center,
                                     Map<String, Integer> names) {
        int before = doc.problemCount();
        YamlDoc.Section s = doc.section(node, path, KEYS);
        if (s == null) {
            return null;
        }
        String name = s.requiredText("name", "a name for the logs, e.g. weekday morning peak");
        if (name != null) {
            Integer first = names.putIfAbsent(name, YamlDoc.line(s.get("name").value()));
            if (first != null) {
                doc.problem(s.get("name").value(), path + ".name", "duplicate schedule name '" + name + "' (first at line " + first + ")");
            }
        }
        String desk = s.requiredText("desk", "a desk id of desks.yaml, e.g. appliance");
        if (desk != null && !center.desks().containsKey(desk)) {
            doc.problem(s.get("desk").value(), path + ".desk", "unknown desk '" + desk + "' (desks: " + center.desks().keySet() + ")");
            desk = null;
        }
        List<String> agents = new ArrayList<>();
        YamlDoc.Entry ag = s.require("agents", "a list of agent ids of agents.yaml, e.g. [\"1003\", \"1004\"]");
        List<YamlDoc.Item> ids = ag == null ? null : doc.texts(ag.value(), ag.path(), "agent ids");
        if (ids != null && ids.isEmpty()) {
            doc.problem(ag.value(), ag.path(), "empty list (expected at least one agent id of agents.yaml)");
        }
        Set<String> seen = new HashSet<>();
        for (YamlDoc.Item id : ids == null ? List.<YamlDoc.Item>of() : ids) {
            Agent a = center.agents().get(id.value());
            if (a == null) {
                doc.problem(id.node(), id.path(), "unknown agent '" + id.value() + "' (agents.yaml ids, quoted: \"1003\")");
            } else if (!seen.add(a.id())) {
                doc.problem(id.node(), id.path(), "agent '" + a.id() + "' is listed twice");
            } else if (desk != null && a.skills().containsKey(desk)) {
                doc.problem(id.node(), id.path(), "agent '" + a.id() + "' already belongs to desk '" + desk
                        + "' (agents.yaml); list backup agents of other desks");
            } else {
                agents.add(a.id());
            }
        }
        YamlDoc.Entry h = s.require("hours", "day keys with times, e.g. {mon-fri: \"10:00-12:00\"}");
        java.util.Map<java.time.DayOfWeek, List<TimeRange>> week = h == null ? null
                : HoursParser.weekly(doc, h.value(), h.path(), HoursParser.closedWeek());
        int proficiency = 1;
        YamlDoc.Entry p = s.get("proficiency");
        if (p != null) {
            Integer n = doc.integer(p.value(), p.path(), 1, 5, "proficiency");
            proficiency = n == null ? proficiency : n;
        }
        boolean onHolidays = false;
        YamlDoc.Entry oh = s.get("on-holidays");
        if (oh != null) {
            String v = doc.text(oh.value(), oh.path());
            if ("true".equals(v) || "false".equals(v)) {
                onHolidays = Boolean.parseBoolean(v);
            } else if (v != null) {
                doc.problem(oh.value(), oh.path(), "invalid on-holidays '" + v + "' (allowed: true or false)");
            }
        }
        if (doc.problemCount() != before || week == null) {
            return null;
        }
        return new Schedule(name, desk, agents, new WeeklyHours(week), proficiency, onHolidays);
    }
}
