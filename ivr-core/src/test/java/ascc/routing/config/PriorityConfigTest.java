package ascc.routing.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriorityConfigTest {
    @TempDir
    Path dir;

    @Test
    void prioritiesDefaultWithRepeatCallersOff() throws ConfigException {
        CenterConfig c = ConfigFixture.in(dir).load();
        assertEquals(Priorities.DEFAULTS, c.engine().priorities());
        assertEquals(List.of(), c.companies().get("hanbit").vip());
    }

    @Test
    void centerPrioritiesAndCompanyVipNumbersAreRead() throws ConfigException {
        CenterConfig c = ConfigFixture.in(dir)
                .write("engine.yaml", ConfigFixture.ENGINE.replace("  general-desk: general\n",
                        "  general-desk: general\n  repeat-caller-days: 7\n  repeat-fault-priority: 8\n"))
                .write("companies.yaml", ConfigFixture.COMPANIES.replace("    code: \"101\"\n",
                        "    code: \"101\"\n    vip: [\"01012345678\", \"+821099998888\"]\n"))
                .load();
        assertEquals(new Priorities(7, 1, 8, 10), c.engine().priorities());
        assertEquals(List.of("01012345678", "+821099998888"), c.companies().get("hanbit").vip());
    }

    @Test
    void invalidValuesAreReportedWithFileLineAndKeyWithoutEchoingNumbers() {
        ConfigFixture.in(dir)
                .write("engine.yaml", ConfigFixture.ENGINE.replace("  general-desk: general\n",
                        "  general-desk: general\n  repeat-caller-days: -1\n"))
                .write("companies.yaml", ConfigFixture.COMPANIES.replace("    code: \"101\"\n",
                        "    code: \"101\"\n    vip: [\"010-1234\"]\n"))
                .assertProblems(
                        "companies.yaml:5: companies[0].vip[0]: invalid VIP number (allowed: callers' numbers, 3 to 20 digits with an"
                                + " optional leading +, e.g. [\"01012345678\"])",
                        "engine.yaml:17: center.repeat-caller-days: invalid number of days '-1' (allowed: a whole number 0..365)");
    }
}
