package ascc.routing.simulate;

import ascc.routing.config.Agent;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Desk;
import ascc.routing.config.OverflowConfig;
import ascc.routing.simulate.SimulationResult.DeskHour;
import ascc.routing.simulate.SimulationResult.Field;
import ascc.routing.simulate.erlang.ErlangC;
import java.util.ArrayList;
import java.util.List;

/**
 * Agents needed per desk and hour of the week for a service-level target, from what a simulation measured: the calls each
 * desk was offered in that hour (after the real routing: hours, fallbacks) per occurrence of the hour, and its handle time
 * (the desk's measured mean talk time over the run + its wrap-up). Erlang C on those figures (callers who never hang up: the
 * safe side). Where a desk needs more than its own agents (agents.yaml skills at or above its start-proficiency), backup
 * agents of other desks are proposed as staffing.yaml schedules, one schedule per extra agent, on the hours it is needed.
 *
 * @param target share of calls to answer within {@code slSeconds}, e.g. 0.8
 * @param slSeconds T
 * @param needs every desk and hour with calls
 * @param schedules proposed staffing.yaml schedules
 * @param shortfalls desk hours that need more agents than agents.yaml has anywhere (hire), as text
 */
public record StaffingRecommendation(double target, double slSeconds, List<Need> needs, List<Proposal> schedules, List<String> shortfalls) {

    /**
     * One desk hour.
     *
     * @param desk desk id
     * @param hourOfWeek 0 = Monday 00:00
     * @param callsPerHour offered per occurrence of the hour
     * @param ahtSeconds talk + wrap-up
     * @param needed agents for the target
     * @param own agents of the desk that its queue offers calls to (skill at or above its start-proficiency)
     */
    public record Need(String desk, int hourOfWeek, double callsPerHour, double ahtSeconds, int needed, int own) {
    }

    /**
     * One proposed schedule: one backup agent on a desk during some hours of the week.
     *
     * @param name unique schedule name
     * @param desk desk id
     * @param agent agent id (not skilled on the desk)
     * @param proficiency the agent's proficiency there (the desk's start-proficiency, else 3)
     * @param hoursOfWeek the hours (0 = Monday 00:00), ascending
     */
    public record Proposal(String name, String desk, String agent, int proficiency, List<Integer> hoursOfWeek) {
    }

    /** The recommendation for {@code result} of a run on {@code cfg}. */
    public static StaffingRecommendation of(SimulationResult result, CenterConfig cfg, OverflowConfig overflow, double target,
            double slSeconds) {
        List<Need> needs = new ArrayList<>();
        List<Proposal> proposals = new ArrayList<>();
        List<String> shortfalls = new ArrayList<>();
        for (int d = 0; d < result.deskIds().size(); d++) {
            Desk desk = cfg.desks().get(result.deskIds().get(d));
            DeskHour total = result.total(d);
            double deskAht = Double.isNaN(total.ahtSeconds()) ? 240 : total.ahtSeconds();
            Integer start = overflow.startProficiency().get(desk.id());
            List<String> own = new ArrayList<>(); // offered the desk's calls: skilled at or above the start proficiency
            List<String> backups = new ArrayList<>(); // other desks' agents (staffing.yaml may not list the desk's own)
            for (Agent a : cfg.agents().values()) {
                Integer p = a.skills().get(desk.id());
                if (p == null) {
                    backups.add(a.id());
                } else if (start == null || p >= start) {
                    own.add(a.id());
                }
            }
            int[] extra = new int[TrafficProfile.WEEK_HOURS];
            int maxExtra = 0;
            for (int h = 0; h < TrafficProfile.WEEK_HOURS; h++) {
                DeskHour row = result.row(d, h);
                long queued = row.get(Field.OFFERED) - row.get(Field.CLOSED);
                if (queued <= 0 || result.hourOccurrences()[h] == 0) {
                    continue;
                }
                double perHour = (double) queued / result.hourOccurrences()[h];
                double aht = deskAht + desk.wrapUpSeconds(); // the desk's whole-run mean: an hour's few calls are too noisy
                int needed = ErlangC.agentsFor(target, perHour, aht, slSeconds);
                needs.add(new Need(desk.id(), h, perHour, aht, needed, own.size()));
                extra[h] = Math.max(0, needed - own.size());
                if (extra[h] > backups.size()) {
                    shortfalls.add("desk " + desk.id() + " " + SimulationResult.hourLabel(h) + ": needs " + needed
                            + " agents, agents.yaml has " + (own.size() + backups.size()) + " in all (" + own.size() + " own)");
                }
                maxExtra = Math.max(maxExtra, Math.min(extra[h], backups.size()));
            }
            int proficiency = start != null ? start : 3;
            for (int k = 1; k <= maxExtra; k++) {
                List<Integer> hours = new ArrayList<>();
                for (int h = 0; h < TrafficProfile.WEEK_HOURS; h++) {
                    if (extra[h] >= k) {
                        hours.add(h);
                    }
                }
                proposals.add(new Proposal("recommended " + desk.id() + " +" + k, desk.id(), backups.get(k - 1), proficiency, hours));
            }
        }
        return new StaffingRecommendation(target, slSeconds, needs, proposals, shortfalls);
    }

    public StaffingRecommendation {
        needs = List.copyOf(needs);
        schedules = List.copyOf(schedules);
        shortfalls = List.copyOf(shortfalls);
    }
}
