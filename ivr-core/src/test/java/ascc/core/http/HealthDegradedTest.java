package ascc.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /health} with several Asterisk boxes: one box down is DEGRADED but 200; every box, or anything else, down is 503. */
class HealthDegradedTest {
    private static HttpResponseSpec answer(Map<String, HealthStatus> checks, Map<String, String> reasons) {
        return HealthAnswer.of(new HealthCheck() {
            @Override
            public Map<String, HealthStatus> check() {
                return checks;
            }

            @Override
            public Map<String, String> reasons() {
                return reasons;
            }
        });
    }

    private static Map<String, HealthStatus> checks(String... kv) {
        Map<String, HealthStatus> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(kv[i], HealthStatus.valueOf(kv[i + 1]));
        }
        return m;
    }

    private static String body(HttpResponseSpec r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void oneBoxDownWhileAnotherIsUpIsDegradedAnd200WithTheBoxDownAndWhy() {
        HttpResponseSpec r = answer(checks("ami-a", "UP", "ami-b", "DOWN", "db", "UP", "agi", "UP"),
                Map.of("ami-b", "DISCONNECTED: connection refused"));
        assertEquals(200, r.status(), "a load balancer keeps sending to an engine that serves box a");
        assertEquals("{\"status\":\"DEGRADED\",\"checks\":{\"ami-a\":\"UP\",\"ami-b\":\"DOWN\",\"db\":\"UP\",\"agi\":\"UP\"},"
                + "\"reasons\":{\"ami-b\":\"DISCONNECTED: connection refused\"}}", body(r));
    }

    @Test
    void everyBoxDownOrTheDatabaseDownIs503AndTheOneBoxLinkDownStays503() {
        assertEquals(503, answer(checks("ami-a", "DOWN", "ami-b", "DOWN", "db", "UP"), Map.of()).status());
        HttpResponseSpec db = answer(checks("ami-a", "UP", "ami-b", "DOWN", "db", "DOWN"), Map.of());
        assertEquals(503, db.status());
        assertEquals("{\"status\":\"DOWN\",\"checks\":{\"ami-a\":\"UP\",\"ami-b\":\"DOWN\",\"db\":\"DOWN\"}}", body(db));
        assertEquals(503, answer(checks("ami", "DOWN", "db", "UP"), Map.of()).status(), "one box: as before");
        assertEquals(200, answer(checks("ami-a", "UP", "ami-b", "UP", "db", "UP"), Map.of()).status());
    }
}
