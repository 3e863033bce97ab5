package ascc.core.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Smoke use of the load generator: it drives real sessions and counts what happened. */
class AgiLoadGeneratorTest {

    @Test
    void runsFiftySessionsAgainstTheServerAndReportsLatency() throws Exception {
        try (AgiTestServer server = new AgiTestServer(Map.of("bench", AgiLoadGenerator.BENCH_SCRIPT))) {
            AgiLoadGenerator.Result r = new AgiLoadGenerator(AgiLoadGenerator.Config.of("127.0.0.1", server.port(), "bench", 50, 1000))
                .run();
            assertEquals(50, r.completed(), r.summary());
            assertEquals(0, r.refused() + r.failed() + r.fallbacks(), r.summary());
            assertTrue(r.p50Micros() > 0 && r.p50Micros() <= r.p99Micros() && r.p99Micros() <= r.maxMicros(), r.summary());
            assertEquals(50, server.counter("ascc_agi_sessions_total"));
            assertEquals(0, server.counter("ascc_agi_sessions_failed_total"));
        }
    }

    @Test
    void countsFallbacksAndRefusals() throws Exception {
        int port;
        try (AgiTestServer server = new AgiTestServer(Map.of())) {
            port = server.port();
            AgiLoadGenerator.Result r = new AgiLoadGenerator(AgiLoadGenerator.Config.of("127.0.0.1", port, "nope", 5, 1000)).run();
            assertEquals(5, r.fallbacks(), r.summary());
        }
        AgiLoadGenerator.Result refused = new AgiLoadGenerator(AgiLoadGenerator.Config.of("127.0.0.1", port, "nope", 3, 1000)).run();
        assertEquals(3, refused.refused(), refused.summary());
        assertEquals(0, refused.completed(), refused.summary());
    }
}
