package ascc.core.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.agi.AgiChannel;
import ascc.agi.AgiScript;
import ascc.routing.config.AgiAccess;
import ascc.routing.config.Secret;
import ascc.testsupport.agi.AgiLoadDriver;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server under the shared load driver (test-support's {@link AgiLoadDriver}): real sessions, counted and timed. */
class FastAgiLoadTest {
    /** A small flow: ANSWER, GET VARIABLE, STREAM FILE, a multi-file menu as Read, SET VARIABLE. */
    static final AgiScript BENCH_SCRIPT = (AgiChannel ch) -> {
        ch.answer();
        ch.getVariable("CC_LANG");
        ch.streamFile("welcome", "");
        ch.exec("Read", "CC_MENU,a&b,1,,1,5");
        ch.setVariable("CC_ACTION", "queue " + ch.getVariable("CC_MENU"));
    };

    @Test
    void runsFiftySessionsAgainstTheServerAndTimesEveryCommand() throws Exception {
        // the driver sends its own AGI secret, as Asterisk sends the rendered one
        try (AgiTestServer server = new AgiTestServer(Map.of("bench", BENCH_SCRIPT), AgiTestServer.settings()
                .withAccess(AgiAccess.loopback(Secret.of(AgiLoadDriver.SECRET))).withEnvReadTimeout(AgiTestServer.ENV_TIMEOUT)
                .withCommandTimeout(Duration.ofSeconds(3)).withShutdownGrace(Duration.ofMillis(300)).withLimits(512, 40))) {
            AgiLoadDriver.Result r = new AgiLoadDriver(AgiLoadDriver.Config.of("127.0.0.1", server.port(), "bench", 50, 1000, "15880000"))
                .run();
            assertEquals(50, r.completed(), r.summary());
            assertEquals(0, r.refused() + r.failed() + r.fallbacks(), r.summary());
            assertEquals(50 * 6, r.perCommand().count(), "six commands a session: " + r.summary());
            assertTrue(r.perCommand().p50() <= r.perCommand().p99() && r.perCommand().p99() <= r.perCommand().max(), r.summary());
            assertEquals(50, server.counter("ascc_agi_sessions_total"));
            assertEquals(0, server.counter("ascc_agi_sessions_failed_total"));
        }
    }

    @Test
    void countsFallbacksAndRefusals() throws Exception {
        int port;
        try (AgiTestServer server = new AgiTestServer(Map.of())) {
            port = server.port();
            AgiLoadDriver.Result r = new AgiLoadDriver(AgiLoadDriver.Config.of("127.0.0.1", port, "nope", 5, 1000, "15880000")).run();
            assertEquals(5, r.fallbacks(), r.summary());
        }
        AgiLoadDriver.Result refused = new AgiLoadDriver(AgiLoadDriver.Config.of("127.0.0.1", port, "nope", 3, 1000, "15880000")).run();
        assertEquals(3, refused.refused(), refused.summary());
        assertEquals(0, refused.completed(), refused.summary());
    }
}
