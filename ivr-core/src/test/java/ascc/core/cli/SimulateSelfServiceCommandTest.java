package ascc.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.config.Conf;
import ascc.core.config.ShippedConf;
import ascc.routing.selfservice.SelfServiceConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ivr simulate run} with the profile's self-service key and the conf's self-service.yaml (shipped: hanbit on). */
class SimulateSelfServiceCommandTest {
    private static final String PROFILE = """
            traffic:
              - company: hanbit
                calls-per-hour: {mon: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 60, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}
                handle: lognormal 200 sd 100
                patience: exponential 120
                self-service: {repair-status-share: 0.30, resolved-share: 0.70, ivr-seconds: lognormal 45 sd 15}
              - company: sori-audio
                calls-per-hour: {mon: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 30, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}
                handle: lognormal 200 sd 100
                patience: exponential 120
                self-service: {repair-status-share: 0.30, resolved-share: 0.70, ivr-seconds: fixed 40}
            """;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T01:15:00Z"), ZoneOffset.UTC);
    @TempDir
    Path tmp;
    private Path conf;
    private Map<String, String> env;

    @BeforeEach
    void copyShippedConf() throws IOException {
        conf = Files.createDirectories(tmp.resolve("conf"));
        env = ShippedConf.copy(conf, tmp.resolve("sandbox"));
    }

    private int ivr(String... args) {
        out.reset();
        err.reset();
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env,
                clock).execute(List.of(args));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void compareWithAConfWithoutSelfServiceShowsContainmentAndTheDesksSideBySide() throws IOException {
        Path profile = Files.writeString(tmp.resolve("traffic.yaml"), PROFILE);
        Path off = Files.createDirectories(tmp.resolve("conf-off"));
        for (String f : Conf.FILES) {
            if (!f.equals(SelfServiceConfig.FILE) && Files.exists(conf.resolve(f))) {
                Files.copy(conf.resolve(f), off.resolve(f));
            }
        }
        assertEquals(0, ivr("simulate", "run", "--conf", off.toString(), "--profile", profile.toString(), "--start", "2026-11-23",
                "--compare", conf.toString()), err.toString(StandardCharsets.UTF_8));
        assertTrue(out().contains("self-service and the desks (A | B)"), out());
        // A has no self-service: containment 0; B: hanbit's callers (sori-audio has it disabled in the shipped file)
        String all = out().lines().filter(l -> l.startsWith("all          all") && l.contains("|")).reduce((x, y) -> y).orElseThrow();
        String[] contain = all.split("\\|")[1].trim().split("\\s+");
        assertEquals("0.0", contain[0], all);
        assertTrue(Double.parseDouble(contain[1]) > 5, all);
        assertEquals(0, ivr("simulate", "run", "--conf", conf.toString(), "--profile", profile.toString(), "--start", "2026-11-23"));
        assertTrue(out().contains("self-service: containment = served in the IVR / calls"), out());
        assertTrue(out().lines().anyMatch(l -> l.startsWith("hanbit ")), out());
        assertFalse(out().lines().anyMatch(l -> l.startsWith("sori-audio ")), "sori-audio's self-service is disabled:\n" + out());
    }

    @Test
    void theShippedDemoProfileOutputHasNoSelfServicePart() {
        assertEquals(0, ivr("simulate", "run", "--conf", conf.toString(), "--profile", "../benchmarks/simulate/demo-traffic.yaml",
                "--start", "2026-11-23"));
        assertFalse(out().contains("self-service"), out());
    }

    @Test
    void aBadSelfServiceKeyIsRefusedWithFileAndLine() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), """
                defaults:
                  self-service: {repair-status-share: 1.5, resolved-share: 0.7, ivr-seconds: never}
                traffic:
                  - company: hanbit
                    calls-per-day: {mon-fri: 100}
                    shape: office
                    handle: exponential 180
                    patience: never
                    self-service: {repair-status-share: 0.3, ivr-seconds: fixed 30, colour: blue}
                shapes:
                  office: [0, 0, 0, 0, 0, 0, 0, 0, 2, 10, 13, 12, 7, 9, 11, 10, 9, 7, 4, 2, 1, 1, 0, 0]
                """);
        assertEquals(1, ivr("simulate", "run", "--conf", conf.toString(), "--profile", bad.toString(), "--start", "2026-11-23"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("bad.yaml:9: traffic[0].self-service.colour: unknown key 'colour'"), e);
        assertTrue(e.contains("bad.yaml:9: traffic[0].self-service"), e);
        assertTrue(e.contains("resolved-share"), e);
    }
}
