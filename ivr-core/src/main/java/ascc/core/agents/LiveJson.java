package ascc.core.agents;

import ascc.core.http.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/live} body: {@code {"at":"...","desks":[{"desk":"appliance","queue":"desk-appliance","waiting":1,
 * "longestWaitSeconds":12,"agents":{"AVAILABLE":["2101"],...},"pauseReasons":{"2102":"break"},
 * "serviceLevel":{"targetSeconds":20,"answered":4,"answeredWithinTarget":3,"percent":75.0}}]}}}.
 */
final class LiveJson {
    private LiveJson() {
    }

    static String render(Instant at, List<AgentStateTracker.DeskLive> desks) {
        StringBuilder sb = new StringBuilder(256 + desks.size() * 256);
        sb.append("{\"at\":");
        Json.string(sb, at.toString());
        sb.append(",\"desks\":[");
        for (int i = 0; i < desks.size(); i++) {
            AgentStateTracker.DeskLive d = desks.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"desk\":");
            Json.string(sb, d.deskId());
            sb.append(",\"queue\":");
            Json.string(sb, d.queue());
            sb.append(",\"waiting\":").append(d.waiting());
            sb.append(",\"longestWaitSeconds\":").append(d.longestWaitSeconds());
            sb.append(",\"agents\":{");
            boolean first = true;
            for (Map.Entry<AgentState, List<String>> e : d.agents().entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                Json.string(sb, e.getKey().name());
                sb.append(":[");
                for (int j = 0; j < e.getValue().size(); j++) {
                    if (j > 0) {
                        sb.append(',');
                    }
                    Json.string(sb, e.getValue().get(j));
                }
                sb.append(']');
            }
            sb.append("},\"pauseReasons\":{");
            first = true;
            for (Map.Entry<String, String> e : d.pauseReasons().entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                Json.string(sb, e.getKey());
                sb.append(':');
                Json.string(sb, e.getValue());
            }
            sb.append("},\"serviceLevel\":{\"targetSeconds\":").append(d.targetSeconds());
            sb.append(",\"answered\":").append(d.answeredToday());
            sb.append(",\"answeredWithinTarget\":").append(d.answeredWithinTarget());
            Double pct = d.serviceLevelPercent();
            sb.append(",\"percent\":").append(pct == null ? "null" : pct.toString()).append("}}");
        }
        return sb.append("]}").toString();
    }
}
