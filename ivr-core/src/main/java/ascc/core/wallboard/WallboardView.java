package ascc.core.wallboard;

import ascc.core.agents.AgentState;
import ascc.core.agents.AgentStateTracker.DeskLive;
import ascc.core.http.Json;
import ascc.core.tracking.TrackedCall;
import ascc.routing.Phones;
import ascc.routing.config.Agent;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Company;
import ascc.routing.config.Desk;
import ascc.routing.report.CallStats;
import ascc.routing.report.DeskDayTotals;
import ascc.routing.report.TrafficReport;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One whole wallboard state, built from the live trackers and today's calls, rendered as the JSON the page and the event
 * stream carry. Numbers are masked here: the JSON never holds a customer's full number. The service level and abandon
 * rate are the traffic report's ({@link CallStats}: answered within T / (answered + abandoned in queue after T); abandoned
 * in queue / (answered + abandoned in queue)).
 *
 * @param json the page's state
 * @param desks per desk, what {@code /metrics} shows
 */
record WallboardView(String json, List<DeskFigures> desks) {

    /** A desk's figures for the gauges. */
    record DeskFigures(String deskId, int waiting, long longestWaitSeconds, Map<AgentState, Integer> agents, Double serviceLevel) {
    }

    /**
     * @param live per desk from the agent state tracker
     * @param open the calls followed now
     * @param today today's figures per desk (of the ended calls)
     * @param steps unique id of a waiting caller -> the overflow steps taken on it ({@code 1: backup desk})
     * @param joinedAt unique id of a waiting caller -> when its QueueCallerJoin was received
     * @param eventAt when the AMI event that caused this build was received (for the page's latency), or null
     */
    static WallboardView build(CenterConfig c, Instant now, long seq, Instant eventAt, List<DeskLive> live, List<TrackedCall> open,
                               DeskDayTotals today, Map<String, String> steps, Map<String, Instant> joinedAt, int targetSeconds) {
        ZoneId zone = c.engine().timeZone();
        LocalDate day = LocalDate.ofInstant(now, zone);
        StringBuilder sb = new StringBuilder(4096);
        sb.append("{\"at\":");
        str(sb, now.toString()).append(",\"atMs\":").append(now.toEpochMilli()).append(",\"seq\":").append(seq);
        sb.append(",\"eventAtMs\":").append(eventAt == null ? "null" : Long.toString(eventAt.toEpochMilli()));
        sb.append(",\"targetSeconds\":").append(targetSeconds).append(",\"day\":");
        str(sb, day.toString()).append(",\"desks\":[");
        Map<String, TrackedCall> talkingByAgent = new TreeMap<>();
        List<TrackedCall> waiting = new ArrayList<>();
        for (TrackedCall t : open) {
            if (t.endedAt() != null) {
                continue;
            }
            if (t.answeredAt() != null && t.agentId() != null) {
                talkingByAgent.put(t.agentId(), t);
            } else if (t.queuedAt() != null && t.answeredAt() == null) {
                waiting.add(t);
            }
        }
        waiting.sort(Comparator.comparing(TrackedCall::queuedAt));
        List<DeskFigures> figures = new ArrayList<>();
        String sep = "";
        for (DeskLive d : live) {
            Desk desk = c.desks().get(d.deskId());
            CallStats total = today.desk(d.deskId());
            Map<String, CallStats> byCompany = new TreeMap<>(today.companies(d.deskId()));
            Map<String, Integer> waitingByCompany = new TreeMap<>();
            for (TrackedCall w : waiting) {
                if (d.queue().equals(w.queueName())) {
                    waitingByCompany.merge(w.companyId() == null ? TrafficReport.NONE : w.companyId(), 1, Integer::sum);
                    byCompany.putIfAbsent(w.companyId() == null ? TrafficReport.NONE : w.companyId(), CallStats.EMPTY);
                }
            }
            sb.append(sep).append("{\"id\":");
            str(sb, d.deskId()).append(",\"name\":");
            str(sb, desk == null ? d.deskId() : desk.name());
            sb.append(",\"waiting\":").append(d.waiting()).append(",\"longestWaitSeconds\":").append(d.longestWaitSeconds());
            stats(sb, total);
            sb.append(",\"agents\":[");
            String asep = "";
            Map<AgentState, Integer> counts = new java.util.EnumMap<>(AgentState.class);
            for (AgentState s : AgentState.values()) {
                counts.put(s, 0);
                for (String a : d.agents().getOrDefault(s, List.of())) {
                    counts.merge(s, 1, Integer::sum);
                    Agent agent = c.agents().get(a);
                    sb.append(asep).append("{\"id\":");
                    str(sb, a).append(",\"name\":");
                    str(sb, agent == null ? a : agent.name()).append(",\"state\":");
                    str(sb, s.name());
                    if (s == AgentState.PAUSED) {
                        sb.append(",\"reason\":");
                        str(sb, d.pauseReasons().getOrDefault(a, ""));
                    }
                    TrackedCall talking = talkingByAgent.get(a);
                    if (s == AgentState.ON_CALL && talking != null) {
                        sb.append(",\"talkSeconds\":").append(seconds(talking.answeredAt(), now));
                    }
                    sb.append('}');
                    asep = ",";
                }
            }
            sb.append("],\"companies\":[");
            String csep = "";
            for (Map.Entry<String, CallStats> e : byCompany.entrySet()) {
                Company co = c.companies().get(e.getKey());
                sb.append(csep).append("{\"id\":");
                str(sb, e.getKey()).append(",\"name\":");
                str(sb, co == null ? e.getKey() : co.name());
                sb.append(",\"waiting\":").append(waitingByCompany.getOrDefault(e.getKey(), 0));
                stats(sb, e.getValue());
                sb.append('}');
                csep = ",";
            }
            sb.append("]}");
            sep = ",";
            BigDecimal sl = total.serviceLevelPercent();
            figures.add(new DeskFigures(d.deskId(), d.waiting(), d.longestWaitSeconds(), counts, sl == null ? null : sl.doubleValue()));
        }
        sb.append("],\"waiting\":[");
        sep = "";
        for (TrackedCall w : waiting) {
            Instant joined = w.uniqueId() == null ? null : joinedAt.get(w.uniqueId());
            sb.append(sep).append("{\"id\":");
            str(sb, w.uniqueId()).append(",\"joinEventAtMs\":").append(joined == null ? "null" : Long.toString(joined.toEpochMilli()));
            Desk in = deskOfQueue(c, w.queueName());
            sb.append(",\"desk\":");
            str(sb, in == null ? w.deskId() : in.id()).append(",\"company\":");
            str(sb, w.companyId()).append(",\"category\":");
            str(sb, w.category()).append(",\"number\":");
            str(sb, Phones.mask(w.callerNumber())).append(",\"waitSeconds\":").append(seconds(w.queuedAt(), now));
            // the desks a supervisor may move the caller to (checked again by SupervisorActions)
            sb.append(",\"moveTo\":[");
            String msep = "";
            for (Desk d : c.desks().values().stream().sorted(Comparator.comparing(Desk::id)).toList()) {
                if (d != in && SupervisorActions.allowedFor(c, w.companyId(), d)) {
                    str(sb.append(msep), d.id());
                    msep = ",";
                }
            }
            sb.append(']');
            sb.append(",\"overflow\":");
            str(sb, steps.getOrDefault(w.uniqueId(), "")).append('}');
            sep = ",";
        }
        sb.append("],\"calls\":[");
        sep = "";
        for (TrackedCall t : talkingByAgent.values()) {
            sb.append(sep).append("{\"desk\":");
            str(sb, t.deskId()).append(",\"company\":");
            str(sb, t.companyId()).append(",\"category\":");
            str(sb, t.category()).append(",\"agent\":");
            str(sb, t.agentId()).append(",\"number\":");
            str(sb, Phones.mask(t.callerNumber())).append(",\"talkSeconds\":").append(seconds(t.answeredAt(), now));
            sb.append('}');
            sep = ",";
        }
        sb.append("]}");
        return new WallboardView(sb.toString(), List.copyOf(figures));
    }

    private static Desk deskOfQueue(CenterConfig c, String queue) {
        return c.desks().values().stream().filter(d -> d.queueName().equals(queue)).findFirst().orElse(null);
    }

    private static StringBuilder str(StringBuilder sb, String s) {
        return s == null ? sb.append("null") : Json.string(sb, s);
    }

    private static void stats(StringBuilder sb, CallStats s) {
        sb.append(",\"offered\":").append(s.offered()).append(",\"answered\":").append(s.answered());
        sb.append(",\"abandoned\":").append(s.abandonedQueue());
        sb.append(",\"serviceLevel\":").append(num(s.serviceLevelPercent()));
        sb.append(",\"abandonRate\":").append(num(s.abandonRatePercent()));
    }

    private static String num(BigDecimal v) {
        return v == null ? "null" : v.toPlainString();
    }

    private static long seconds(Instant from, Instant now) {
        return from == null ? 0 : Math.max(0, Duration.between(from, now).toSeconds());
    }
}
