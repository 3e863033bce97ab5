package ascc.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.routing.RouteDecision;
import ascc.routing.Router;
import ascc.routing.config.CenterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's conf (ivr-core/bin/demo: conf/ copied to var/demo-conf with ivr-core/demo/conf/*.yaml over it) is valid and
 * sends the call the demo prints (SIPp to hanbit's 0215880001, no keys: the first category) to the appliance desk's queue at
 * any hour, also at night, on a Sunday, a public holiday and the shipped year-end closure, when the shipped conf is closed.
 */
class DemoConfTest {
    private static final Path DEMO = Path.of("demo/conf");
    /** The number the demo's SIPp line calls: the first company's (hanbit) first number, as `ivr call-help` prints it. */
    private static final String NUMBER = "0215880001";
    private static final List<String> WHEN = List.of("2026-12-06T03:00+09:00[Asia/Seoul]", "2026-12-25T10:00+09:00[Asia/Seoul]",
            "2026-12-31T14:00+09:00[Asia/Seoul]", "2027-02-06T23:30+09:00[Asia/Seoul]", "2026-07-01T12:00+09:00[Asia/Seoul]");

    @TempDir
    Path work;

    @Test
    void theDemosCallWaitsOnTheApplianceDeskAtAnyHourWhileTheShippedConfStaysClosedAtNight() throws Exception {
        Path shipped = Files.createDirectories(work.resolve("shipped"));
        Map<String, String> env = ShippedConf.copy(shipped, work.resolve("sandbox"));
        Path demo = Files.createDirectories(work.resolve("demo"));
        ShippedConf.copy(demo, work.resolve("sandbox2"));
        try (Stream<Path> files = Files.list(DEMO)) {
            for (Path f : files.toList()) {
                assertTrue(Conf.FILES.contains(f.getFileName().toString()), "the demo overrides only conf files: " + f);
                Files.copy(f, demo.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        CenterConfig demoCenter = Conf.load(demo, env).center();
        assertEquals(NUMBER, demoCenter.companies().values().iterator().next().numbers().get(0),
                "call-help's SIPp line calls the first company's first number");
        Router router = new Router(demoCenter);
        for (String when : WHEN) {
            RouteDecision d = router.route(NUMBER, "01012345678", ZonedDateTime.parse(when));
            assertEquals(RouteDecision.Action.QUEUE, d.action(), when + ": " + d.rule());
            assertEquals("appliance", d.desk().id(), when + ": " + d.rule());
        }
        RouteDecision night = new Router(Conf.load(shipped, env).center()).route(NUMBER, "01012345678",
                ZonedDateTime.parse(WHEN.get(0)));
        assertEquals(RouteDecision.Action.CLOSED, night.action(), "the shipped sample center is closed on Sunday night: " + night.rule());
    }
}
