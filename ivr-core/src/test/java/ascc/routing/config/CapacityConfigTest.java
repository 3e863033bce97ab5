package ascc.routing.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** engine.yaml {@code capacity}: the limits beyond which new calls are shed. */
class CapacityConfigTest {
    @TempDir
    Path dir;

    @Test
    void withoutTheSectionTheDefaultsApply() throws ConfigException {
        assertEquals(Capacity.DEFAULTS, ConfigFixture.in(dir).load().engine().capacity());
    }

    @Test
    void everyKeyIsRead() throws ConfigException {
        CenterConfig c = ConfigFixture.in(dir).write("engine.yaml", ConfigFixture.ENGINE
                + "capacity:\n  max-calls: 120\n  max-load: 7.5\n  agi-max-sessions: 90\n  rtp-start: 30000\n"
                + "  new-calls-per-second: 150\n  admission-port: 5070\n").load();
        assertEquals(new Capacity(120, 7.5, 90, 30000, 150, 5070), c.engine().capacity());
        assertEquals(30000 + 4 * 120 + 200 - 1, c.engine().capacity().rtpEnd());
    }

    @Test
    void unknownKeyListsTheAllowedOnes() {
        ConfigFixture.in(dir).write("engine.yaml", ConfigFixture.ENGINE + "capacity:\n  max-cals: 10\n").assertProblems(
                "engine.yaml:22: capacity.max-cals: unknown key 'max-cals' (allowed: max-calls, max-load, agi-max-sessions, rtp-start,"
                    + " new-calls-per-second, admission-port, max-calls-in-setup)");
    }

    @Test
    void badValuesAreReportedWithFileLineAndWhatIsAllowed() {
        ConfigFixture.in(dir).write("engine.yaml", ConfigFixture.ENGINE
                + "capacity:\n  max-calls: 0\n  max-load: high\n  rtp-start: 20001\n").assertProblems(
                "engine.yaml:22: capacity.max-calls: invalid number of calls '0' (allowed: a whole number 1..10000)",
                "engine.yaml:23: capacity.max-load: invalid load average 'high' (allowed: a load average 0 (off) .. 1000, e.g. 8 or"
                        + " 7.5)",
                "engine.yaml:24: capacity.rtp-start: RTP ports start at an even port, got 20001 (allowed: an even UDP port"
                        + " 1024..60000)");
    }

    @Test
    void anRtpRangeThatWouldPassThePortLimitIsRefused() {
        ConfigFixture.in(dir).write("engine.yaml", ConfigFixture.ENGINE + "capacity:\n  max-calls: 10000\n  rtp-start: 40000\n")
                .assertProblems("engine.yaml:23: capacity.rtp-start: rtpStart must be an even port >= 1024 with room for 4 ports per"
                        + " call plus 200 below 65535, got 40000 for 10000 calls");
    }

    @Test
    void theRecordRefusesImpossibleLimits() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Capacity(0, 0, 1, 20000)).getMessage().contains("maxCalls"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Capacity(1, -1, 1, 20000)).getMessage().contains("maxLoad"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Capacity(1, 0, 0, 20000)).getMessage()
                .contains("agiMaxSessions"));
    }
}
