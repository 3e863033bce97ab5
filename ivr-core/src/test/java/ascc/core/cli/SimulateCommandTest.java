package ascc.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.config.Conf;
import ascc.core.config.ShippedConf;
import ascc.routing.config.StaffingConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ivr simulate erlang} and {@code ivr simulate run} on the shipped conf/ and the shipped demo profile. */
class SimulateCommandTest {
    private static final Path PROFILE = Path.of("../benchmarks/simulate/demo-traffic.yaml");
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
    void erlangPrintsTheTextbookCaseOneValuePerLine() {
        assertEquals(0, ivr("simulate", "erlang", "--agents", "14", "--calls-per-hour", "200", "--aht-seconds", "180", "--sl-seconds",
                "20"));
        assertTrue(out().contains("probability-of-waiting 0.1741\n"), out());
        assertTrue(out().contains("service-level-percent 88.84 (within 20 s)\n"), out());
        assertTrue(out().contains("asa-seconds 7.84\n"), out());
        assertTrue(out().contains("occupancy-percent 71.4\n"), out());
    }

    @Test
    void erlangWithPatienceAddsTheAbandonsAndTargetAnswersTheAgentsNeeded() {
        assertEquals(0, ivr("simulate", "erlang", "--agents", "14", "--calls-per-hour", "200", "--aht-seconds", "180", "--sl-seconds",
                "20", "--patience-seconds", "120"));
        assertTrue(out().contains("model erlang-a\n") && out().contains("abandon-percent 2.28\n"), out());
        assertEquals(0, ivr("simulate", "erlang", "--calls-per-hour", "200", "--aht-seconds", "180", "--target-sl", "80/20"));
        assertTrue(out().startsWith("agents-needed 14\n"), out());
        assertEquals(2, ivr("simulate", "erlang", "--calls-per-hour", "200", "--aht-seconds", "180", "--target-sl", "80"));
    }

    @Test
    void runOnTheShippedConfPrintsEveryDeskAndASummary() throws IOException {
        Path csv = tmp.resolve("out.csv");
        Path svg = tmp.resolve("charts");
        assertEquals(0, ivr("simulate", "run", "--conf", conf.toString(), "--profile", PROFILE.toString(), "--start", "2026-11-23",
                "--csv", csv.toString(), "--svg", svg.toString()), err.toString(StandardCharsets.UTF_8));
        for (String desk : List.of("appliance", "digital", "living", "care", "industrial", "general")) {
            assertTrue(out().contains("\n" + desk + " "), desk + " in " + out());
        }
        assertTrue(out().contains("ivr simulate run: 1 days from 2026-11-23, seed 1: "), out());
        assertTrue(Files.readString(csv).startsWith("desk,hour_of_week,hour,offered,"));
        assertTrue(Files.readString(svg.resolve("service-level.svg")).contains("<polyline"));
        String first = out();
        ivr("simulate", "run", "--conf", conf.toString(), "--profile", PROFILE.toString(), "--start", "2026-11-23");
        assertEquals(strip(first), strip(out()), "same seed, same result");
    }

    @Test
    void compareRunsTheSameCallsAgainstASecondConf() throws IOException {
        Path other = Files.createDirectories(tmp.resolve("conf-b"));
        for (String f : Conf.FILES) {
            Files.copy(conf.resolve(f), other.resolve(f));
        }
        Files.writeString(other.resolve("overflow.yaml"), "desks: {}\n"); // no overflow steps at all
        assertEquals(0, ivr("simulate", "run", "--conf", conf.toString(), "--profile", PROFILE.toString(), "--start", "2026-11-23",
                "--compare", other.toString()), err.toString(StandardCharsets.UTF_8));
        assertTrue(out().contains("A = " + conf + ", B = " + other), out());
        assertTrue(out().contains("SL% A  SL% B"), out());
        assertTrue(out().lines().anyMatch(l -> l.startsWith("appliance    all")), out());
    }

    @Test
    void recommendPrintsAStaffingFragmentTheRealLoaderAccepts() throws Exception {
        assertEquals(0, ivr("simulate", "run", "--conf", conf.toString(), "--profile", PROFILE.toString(), "--start", "2026-11-23",
                "--recommend", "80/20"), err.toString(StandardCharsets.UTF_8));
        String fragment = out();
        assertTrue(fragment.contains("schedules:"), fragment);
        Files.writeString(conf.resolve(StaffingConfig.FILE), fragment);
        StaffingConfig loaded = Conf.load(conf, env).staffing(); // the engine's own loader: throws on any problem
        assertTrue(loaded.schedules().size() > 0, "the demo's appliance desk needs backup agents at its peak:\n" + fragment);
        assertTrue(loaded.schedules().stream().allMatch(s -> s.name().startsWith("recommended ")));
    }

    @Test
    void aBadProfileIsRefusedWithFileAndLine() throws IOException {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, """
                traffic:
                  - company: hanbit
                    calls-per-day: {mon-fri: 100}
                    shape: office
                    handle: exponential 180
                    patience: never
                    colour: blue
                  - company: no-such
                    calls-per-hour: {mon: [1, 2]}
                    handle: gamma 3
                    patience: never
                """);
        assertEquals(1, ivr("simulate", "run", "--conf", conf.toString(), "--profile", bad.toString(), "--start", "2026-11-23"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("bad.yaml:7: traffic[0].colour: unknown key 'colour'"), e);
        assertTrue(e.contains("bad.yaml:4: traffic[0].shape: unknown shape 'office'"), e);
        assertTrue(e.contains("bad.yaml:8: traffic[1].company: unknown company 'no-such'"), e);
        assertTrue(e.contains("bad.yaml:9: traffic[1].calls-per-hour.mon: expected 24 numbers"), e);
        assertTrue(e.contains("bad.yaml:10: traffic[1].handle: invalid handle 'gamma 3'"), e);
    }

    @Test
    void runNeedsAProfileOrHistory() {
        assertEquals(2, ivr("simulate", "run", "--conf", conf.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("give --profile FILE or --history FROM..TO"));
    }

    /** The output without the wall-time summary line. */
    private static String strip(String s) {
        List<String> lines = new ArrayList<>(s.lines().toList());
        lines.removeIf(l -> l.startsWith("ivr simulate run:"));
        return String.join("\n", lines);
    }
}
