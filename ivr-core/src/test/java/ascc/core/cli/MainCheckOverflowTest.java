package ascc.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ivr check-config} also validates overflow.yaml. */
class MainCheckOverflowTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int check(Path dir) {
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of())
                .execute(List.of("check-config", dir.toString()));
    }

    @Test
    void shippedOverflowStepsAreListed() {
        assertEquals(0, check(Path.of("../conf")), err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("overflow steps for desks [appliance, digital]"), out.toString());
    }

    @Test
    void aBadOverflowFileFailsWithFileLineAndKey(@TempDir Path dir) throws Exception {
        try (var files = Files.list(Path.of("../conf"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Files.writeString(dir.resolve("overflow.yaml"), "desks:\n  appliance:\n    - {after-seconds: 5, voicemail: box}\n");
        assertEquals(1, check(dir));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("overflow.yaml:3") && e.contains("invalid voicemail 'box'"), e);
    }
}
