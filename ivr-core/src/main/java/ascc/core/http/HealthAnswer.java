package ascc.core.http;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health}'s answer from the cached probes: 200 when every check is UP, else 503 with the reasons, except with
 * several Asterisk boxes: while only some boxes' links ({@code ami-<box>} checks) are down and every other check is UP,
 * the engine still serves the boxes that are up, so the answer is 200 with status {@code DEGRADED} (and the reasons);
 * a load balancer in front of the engine's HTTP keeps sending to it. Every box down, or any other check down: 503.
 */
final class HealthAnswer {
    private static final Logger LOG = LoggerFactory.getLogger(HealthAnswer.class);
    /** The checks of the boxes' links with several boxes ({@code AmiLinks.probes}); the one box's is {@code ami}. */
    static final String BOX_CHECK_PREFIX = "ami-";

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
        boolean degraded = !up && degraded(checks);
        StringBuilder json = new StringBuilder(64).append("{\"status\":\"").append(up ? "UP" : degraded ? "DEGRADED" : "DOWN")
                .append("\",\"checks\":{");
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
        return HttpResponseSpec.json(up || degraded ? 200 : 503, json.toString());
    }

    /** Some box checks down, at least one up, every other check up. */
    static boolean degraded(Map<String, HealthStatus> checks) {
        boolean boxUp = false;
        boolean boxDown = false;
        for (Map.Entry<String, HealthStatus> e : checks.entrySet()) {
            boolean isUp = e.getValue() == HealthStatus.UP;
            if (e.getKey().startsWith(BOX_CHECK_PREFIX)) {
                boxUp |= isUp;
                boxDown |= !isUp;
            } else if (!isUp) {
                return false;
            }
        }
        return boxUp && boxDown;
    }

}
