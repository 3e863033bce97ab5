package ascc.routing.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Peak-hour staffing from {@code conf/staffing.yaml} (optional; no schedules when absent): during a schedule's hours
 * its backup agents are members of its desk's queue as well as of their own desks.
 *
 * @param schedules in file order
 */
public record StaffingConfig(List<Schedule> schedules) {
    public static final String FILE = "staffing.yaml";
    private static final List<String> KEYS = List.of("name", "desk", "agents", "hours", "proficiency", "on-holidays");

    /**
     * One schedule.
     *
     * @param name unique, shown in logs
     * @param deskId the desk that gets extra agents
     * @param agents agent ids added to the desk during {@code hours}
     * @param hours local times (center time zone) per day of week
     * @param proficiency the agents' proficiency on this desk (1 trainee .. 5 expert), sets their queue penalty
     * @param onHolidays false: the schedule does not apply on the dates of holidays.yaml
     */
    public record Schedule(String name, String deskId, List<String> agents, WeeklyHours hours, int proficiency, boolean onHolidays) {
        public Schedule {
            agents = List.copyOf(agents);
        }

        /** Whether the schedule is on at local time {@code t}. */
        public boolean isOn(ZonedDateTime t, Set<LocalDate> holidays) {
            if (!onHolidays && holidays.contains(t.toLocalDate())) {
                return false;
            }
            return hours.isOpen(t.getDayOfWeek(), t.toLocalTime());
        }
    }

    /** One agent who should be on a desk now, and why. */
    public record Assignment(String deskId, String agentId, int proficiency, String schedule) {
    }

    public StaffingConfig {
        schedules = List.copyOf(schedules);
    }

    public static StaffingConfig none() {
        return new StaffingConfig(List.of());
    }

    /**
     * The extra agents that should be on each desk at {@code at} in time zone {@code zone}: one assignment per desk and
     * agent, sorted by desk then agent; when several schedules put the same agent on the same desk, the highest
     * proficiency wins (then the first schedule in the file).
     */
    public List<Assignment> wantedAt(Instant at, ZoneId zone, Set<LocalDate> holidays) {
        ZonedDateTime local = at.atZone(zone);
        Map<String, Assignment> byKey = new TreeMap<>();
        for (Schedule s : schedules) {
            if (!s.isOn(local, holidays)) {
                continue;
            }
            for (String agent : s.agents()) {
                Assignment a = new Assignment(s.deskId(), agent, s.proficiency(), s.name());
                byKey.merge(s.deskId() + "|" + agent, a, (old, fresh) -> fresh.proficiency() > old.proficiency() ? fresh : old);
            }
        }
        List<Assignment> out = new ArrayList<>(byKey.values());
        out.sort(Comparator.comparing(Assignment::deskId).thenComparing(Assignment::agentId));
        return List.copyOf(out);
    }

    /**
     * Loads {@code dir/staffing.yaml}, checking desks and agents against {@code center}.
     *
     * @throws ConfigException with every problem (file, line, key, what is allowed)
     */
    public static StaffingConfig load(Path dir, Map<String, String> env, CenterConfig center) throws ConfigException {
        if (!Files.exists(dir.resolve(FILE))) {
            return none();
        }
        List<Problem> problems = new ArrayList<>();
        YamlDoc doc = YamlDoc.read(dir, FILE, problems, Map.copyOf(env));
        List<Schedule> out = new ArrayList<>();
        if (doc != null) {
            YamlDoc.Section root = doc.section(doc.root(), "", List.of("schedules"));
            YamlDoc.Entry list = root == null ? null : root.get("schedules");
            List<org.snakeyaml.engine.v2.nodes.Node> items = list == null ? List.of() : doc.list(list.value(), list.path(), "schedules");
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

    private static Schedule schedule(YamlDoc doc, org.snakeyaml.engine.v2.nodes.Node node, String path, CenterConfig center,
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
