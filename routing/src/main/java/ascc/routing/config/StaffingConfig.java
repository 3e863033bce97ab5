package ascc.routing.config;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
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
}
