package ascc.routing.config;

import ascc.core.config.yaml.ConfigLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LargeConfigTest {
    @TempDir
    Path dir;

    @Test
    void companiesFileLargerThanSnakeYamlsDefaultLimitLoads() throws Exception {
        for (String f : new String[] {"engine.yaml", "desks.yaml", "agents.yaml", "holidays.yaml"}) {
            Files.copy(Path.of("..", "conf", f), dir.resolve(f));
        }
        StringBuilder sb = new StringBuilder("companies:\n");
        int n = 0;
        while (sb.length() < 3_400_000) {
            n++;
            sb.append("  # a comment that teaches admins, as in the shipped file, repeated to grow the file past 3 MiB\n")
                    .append("  - id: c").append(n).append('\n')
                    .append("    name: Company number ").append(n).append('\n')
                    .append("    code: \"").append(100000 + n).append("\"\n")
                    .append("    numbers: [\"07").append(String.format("%08d", n)).append("\"]\n")
                    .append("    categories: [home-appliances, pcs, furniture]\n");
        }
        Files.writeString(dir.resolve("companies.yaml"), sb);
        Files.writeString(dir.resolve("hours.yaml"), "default:\n  mon-fri: \"09:00-18:00\"\n");
        assertTrue(Files.size(dir.resolve("companies.yaml")) > 3 * 1024 * 1024);

        CenterConfig cfg = ConfigLoader.load(dir, Map.of());
        assertEquals(n, cfg.companies().size());
    }

    @Test
    void unknownIdMessageNamesOnlyTheFirstTenOfAManyIds() {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        for (int i = 1; i <= 14_000; i++) {
            ids.add("c" + i);
        }
        assertEquals("c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, ... (14000 in all)", ConfigLoader.names(ids));
        assertEquals("a, b", ConfigLoader.names(new java.util.LinkedHashSet<>(java.util.List.of("a", "b"))));
    }
}
