package ascc.routing.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverflowConfigTest {
    @TempDir
    Path dir;

    private static CenterConfig center() throws Exception {
        return ConfigLoader.load(Path.of("../conf"), Map.of());
    }

    @Test
    void missingFileMeansNoSteps() throws Exception {
        assertEquals(Map.of(), OverflowConfig.load(dir, Map.of(), center()).steps());
    }

    @Test
    void readsOrderedStepsPerDesk() throws Exception {
        Files.writeString(dir.resolve(OverflowConfig.FILE), "desks:\n  appliance:\n    - {after-seconds: 30, add-agents-of: general}\n"
                + "    - {after-seconds: 60, add-agents-of: living}\n");
        assertEquals(Map.of("appliance", List.of(new OverflowConfig.Step(30, "general"), new OverflowConfig.Step(60, "living"))),
                OverflowConfig.load(dir, Map.of(), center()).steps());
    }

    @Test
    void rejectsUnknownDesksAndActionsWithLine() throws Exception {
        Files.writeString(dir.resolve(OverflowConfig.FILE), "desks:\n  nope:\n    - {after-seconds: 30, add-agents-of: general}\n"
                + "  appliance:\n    - {after-seconds: 30, add-agents-of: appliance}\n    - {after-seconds: 5, callback: yes}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> OverflowConfig.load(dir, Map.of(), center()));
        String all = e.problems().toString();
        assertTrue(all.contains("unknown desk 'nope'"), all);
        assertTrue(all.contains("cannot overflow to itself"), all);
        assertTrue(all.contains("unknown key 'callback'"), all);
    }
}
