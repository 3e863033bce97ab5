package ascc.core.http;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /health}'s answer from the cached probes: 200 when every check is UP, else 503 with the reasons. */
final class HealthAnswer {
    private static final Logger LOG = LoggerFactory.getLogger(HealthAnswer.class);

    private HealthAnswer() {
    }

    static HttpResponseSpec of(HealthCheck health) {
        Map<String, HealthStatus> checks;
        try {
            checks = health.check();
        } catch (RuntimeException e) {
            LOG.error("health check failed", e);
            return HttpResponseSpec.json(503, "{\"status\":\"DOWN\",\"checks\":{}}");
        }
        boolean up = checks.values().stream().allMatch(s -> s == HealthStatus.UP);
        StringBuilder json = new StringBuilder(64).append("{\"status\":\"").append(up ? "UP" : "DOWN").append("\",\"checks\":{");
        boolean first = true;
        for (Map.Entry<String, HealthStatus> e : checks.entrySet()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            Json.string(json, e.getKey()).append(':');
            Json.string(json, e.getValue() == null ? "DOWN" : e.getValue().name());
        }
        json.append('}');
        Map<String, String> reasons = up ? Map.of() : health.reasons();
        if (!reasons.isEmpty()) { // why a component is down (e.g. AMI: "DISCONNECTED: AMI login as ... rejected ...")
            json.append(",\"reasons\":{");
            String sep = "";
            for (Map.Entry<String, String> e : reasons.entrySet()) {
                Json.string(json.append(sep), e.getKey()).append(':');
                Json.string(json, e.getValue());
                sep = ",";
            }
            json.append('}');
        }
        json.append('}');
        return HttpResponseSpec.json(up ? 200 : 503, json.toString());
    }

}
