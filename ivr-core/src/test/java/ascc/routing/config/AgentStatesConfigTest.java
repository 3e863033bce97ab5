package ascc.routing.config;

import ascc.core.config.yaml.AgentStatesYaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentStatesConfigTest {
    @TempDir
    Path dir;

    @Test
    void missingFileGivesDefaults() throws Exception {
        AgentStatesConfig c = AgentStatesYaml.load(dir, Map.of());
        assertTrue(c.autoLogin());
        assertEquals("break", c.reason(1).orElseThrow());
        assertEquals(20, c.serviceLevelSeconds());
    }

    @Test
    void readsAutoLoginReasonsAndServiceLevel() throws Exception {
        Files.writeString(dir.resolve(AgentStatesConfig.FILE), "auto-login: ${AUTO:-false}\nservice-level-seconds: 30\n"
                + "reasons:\n  1: lunch\n  12: coaching\n");
        AgentStatesConfig c = AgentStatesYaml.load(dir, Map.of());
        assertFalse(c.autoLogin());
        assertEquals(30, c.serviceLevelSeconds());
        assertEquals(Map.of(1, "lunch", 12, "coaching"), c.reasons());
    }

    @Test
    void rejectsBadValuesWithFileAndLine() throws Exception {
        Files.writeString(dir.resolve(AgentStatesConfig.FILE), "auto-login: maybe\nreasons:\n  0: nap\n  2:\nfoo: 1\n");
        ConfigException e = assertThrows(ConfigException.class, () -> AgentStatesYaml.load(dir, Map.of()));
        String all = e.problems().toString();
        assertEquals(4, e.problems().size(), all);
        assertTrue(all.contains("agent-states.yaml"), all);
        assertTrue(all.contains("maybe"), all);
        assertTrue(all.contains("'0'"), all);
        assertTrue(all.contains("unknown key 'foo'"), all);
    }

    @Test
    void shippedFileLoads() throws Exception {
        AgentStatesConfig c = AgentStatesYaml.load(Path.of("../conf"), Map.of());
        assertTrue(c.autoLogin());
        assertEquals(3, c.reasons().size());
    }
}
