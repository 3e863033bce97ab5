package ascc.routing.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code engine.yaml center.menu-timeout-ms}: how long every IVR menu listens for a key. */
class MenuTimeoutConfigTest {
    @TempDir
    Path dir;

    private static String center(String line) {
        return ConfigFixture.ENGINE.replace("  general-desk: general\n", "  general-desk: general\n" + line + "\n");
    }

    @Test
    void withoutTheKeyMenusListenFiveSecondsAsBefore() throws ConfigException {
        assertEquals(Duration.ofSeconds(5), ConfigFixture.in(dir).load().engine().menuTimeout());
    }

    @Test
    void theMenuTimeoutIsReadInMillisecondsWithinOneToThirtySeconds() throws ConfigException {
        assertEquals(Duration.ofMillis(2000),
                ConfigFixture.in(dir).write("engine.yaml", center("  menu-timeout-ms: 2000")).load().engine().menuTimeout());
        assertEquals(Duration.ofMillis(1000),
                ConfigFixture.in(dir).write("engine.yaml", center("  menu-timeout-ms: 1000")).load().engine().menuTimeout());
        assertEquals(Duration.ofSeconds(30),
                ConfigFixture.in(dir).write("engine.yaml", center("  menu-timeout-ms: 30000")).load().engine().menuTimeout());
    }

    @Test
    void aMenuTimeoutOutOfRangeOrNotANumberIsReportedWithFileLineKeyAndWhatIsAllowed() {
        ConfigFixture.in(dir).write("engine.yaml", center("  menu-timeout-ms: 999"))
                .assertProblems("engine.yaml:17: center.menu-timeout-ms: invalid number of milliseconds '999' (allowed: a whole"
                        + " number 1000..30000)");
        ConfigFixture.in(dir).write("engine.yaml", center("  menu-timeout-ms: 5s"))
                .assertProblems("engine.yaml:17: center.menu-timeout-ms: invalid number of milliseconds '5s' (allowed: a whole"
                        + " number 1000..30000)");
    }

    @Test
    void settingsRefuseAMenuTimeoutOutOfRange() throws ConfigException {
        EngineSettings s = ConfigFixture.in(dir).load().engine();
        assertThrows(IllegalArgumentException.class, () -> s.withMenuTimeout(Duration.ofMillis(500)));
        assertThrows(IllegalArgumentException.class, () -> s.withMenuTimeout(Duration.ofSeconds(31)));
        assertEquals(Duration.ofSeconds(3), s.withMenuTimeout(Duration.ofSeconds(3)).menuTimeout());
    }
}
