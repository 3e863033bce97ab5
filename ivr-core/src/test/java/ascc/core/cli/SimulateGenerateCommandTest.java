package ascc.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.config.Conf;
import ascc.core.national.NationalModel;
import ascc.core.national.NationalTraffic;
import ascc.core.simulate.TrafficProfileYaml;
import ascc.routing.simulate.TrafficProfile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ivr simulate generate} writes a config and a profile that {@code check-config} and {@code simulate run} accept. */
class SimulateGenerateCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path tmp;

    private int ivr(String... argv) {
        out.reset();
        err.reset();
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), clock).execute(List.of(argv));
    }

    @Test
    void generatesAConfigAndAProfileThatCheckConfigAndSimulateRunAccept() throws Exception {
        Path dir = tmp.resolve("national");
        assertEquals(0, ivr("simulate", "generate", "--companies", "300", "--seed", "5", "--out", dir.toString()), err.toString());
        assertTrue(out.toString().contains("loaded with the engine's loader"), out.toString());
        assertEquals(0, ivr("check-config", dir.toString()), err.toString());
        assertTrue(out.toString().contains("300 companies"), out.toString());
        assertEquals(0, ivr("simulate", "run", "--conf", dir.toString(), "--profile", dir.resolve("traffic.yaml").toString(),
                "--start", "2027-01-11", "--days", "1"), err.toString());
    }

    @Test
    void theWrittenProfileHoldsTheModelsCallsOfTheAverageWeek() throws Exception {
        Path dir = tmp.resolve("n");
        assertEquals(0, ivr("simulate", "generate", "--companies", "200", "--out", dir.toString(), "--no-check"), err.toString());
        Conf conf = Conf.load(dir, Map.of());
        TrafficProfile read = TrafficProfileYaml.load(dir.resolve("traffic.yaml"), Map.of(), conf.center());
        NationalModel model = new NationalModel(200, 1, Math.round(54_000_000.0 * 200 / 13_600), 2027, NationalModel.Pooling.CATEGORY);
        TrafficProfile built = NationalTraffic.profile(model.build(), Optional.empty());
        double want = built.entries().stream().mapToDouble(TrafficProfile.Entry::callsPerWeek).sum();
        double got = read.entries().stream().mapToDouble(TrafficProfile.Entry::callsPerWeek).sum();
        assertEquals(want, got, want * 0.001);
        assertEquals(want * 365 / 7, 200 * 3_970.6, 200 * 3_970.6 * 0.01);
    }

    @Test
    void refusesToWriteIntoADirectoryThatHoldsFilesUnlessForced() throws Exception {
        Files.writeString(tmp.resolve("companies.yaml"), "companies: []\n");
        assertEquals(2, ivr("simulate", "generate", "--companies", "10", "--out", tmp.toString()));
        assertTrue(err.toString().contains("--force"), err.toString());
        assertEquals(0, ivr("simulate", "generate", "--companies", "10", "--out", tmp.toString(), "--force"), err.toString());
    }
}
