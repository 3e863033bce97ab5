package ascc.routing.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpLimitsConfigTest {
    @TempDir
    Path dir;

    @Test
    void httpLimitsDefaultWhenAbsent() throws ConfigException {
        assertEquals(HttpLimits.DEFAULTS, ConfigFixture.in(dir).load().engine().httpLimits());
    }

    @Test
    void httpLimitsAreReadAndPrinted() throws ConfigException {
        CenterConfig c = ConfigFixture.in(dir)
                .write("engine.yaml", ConfigFixture.ENGINE.replace("  admin-token: admin-token-1\n", "  admin-token: admin-token-1\n"
                        + "  max-connections: 32\n  read-deadline-seconds: 5\n  rate-limit-per-second: 3\n  rate-limit-burst: 9\n"))
                .load();
        assertEquals(new HttpLimits(32, 5, 3, 9), c.engine().httpLimits());
        String printed = ConfigPrinter.print(c);
        assertTrue(printed.contains("at most 32 connections, read deadline 5 s, 3 requests/s per token (burst 9)"), printed);
    }

    @Test
    void outOfRangeOrUnknownHttpKeysAreReportedWithFileLineAndKey() {
        ConfigFixture.in(dir)
                .write("engine.yaml", ConfigFixture.ENGINE.replace("  admin-token: admin-token-1\n", "  admin-token: admin-token-1\n"
                        + "  max-connections: 0\n  read-deadline-seconds: 301\n  rate-limit: 5\n"))
                .assertProblems(
                        "engine.yaml:13: http.max-connections: invalid number of connections '0' (allowed: a whole number 1..100000)",
                        "engine.yaml:14: http.read-deadline-seconds: invalid number of seconds '301' (allowed: a whole number 1..300)",
                        "engine.yaml:15: http.rate-limit: unknown key 'rate-limit' (allowed: bind, port, admin-token, max-connections,"
                                + " read-deadline-seconds, rate-limit-per-second, rate-limit-burst)");
    }
}
