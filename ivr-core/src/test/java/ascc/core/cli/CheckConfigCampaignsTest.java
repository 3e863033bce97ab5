package ascc.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ivr check-config} also validates campaigns.yaml, with file:line:key, together with staffing.yaml. */
class CheckConfigCampaignsTest {
    @TempDir
    Path dir;

    @Test
    void aBadCampaignsFileIsReportedWithFileLineAndKeyNextToStaffingProblems() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("../conf"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main main = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of());
        assertEquals(0, main.execute(List.of("check-config", dir.toString())), err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(" campaigns"), out.toString(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("campaigns.yaml"), "trunk-channels: 4\ncampaigns:\n  - company: hanbit\n    id: s1\n"
                + "    kind: survey\n    pace: 3\n");
        Files.writeString(dir.resolve("staffing.yaml"), "schedules:\n  - name: x\n    desk: appliance\n    agents: [\"1003\"]\n"
                + "    hours: {mon-fri: \"10:00-12:00\"}\n    start: 10:00\n");
        assertEquals(1, main.execute(List.of("check-config", dir.toString())));
        String all = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertTrue(all.matches("(?s).*campaigns\\.yaml:6: campaigns\\[0\\]\\.pace: unknown key 'pace'.*"), all);
        assertTrue(all.contains("staffing.yaml:6: schedules[0].start: unknown key 'start'"), all);
    }
}
