package ascc.routing.config;

import ascc.core.config.yaml.ConfigLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadEngineTest {
    @TempDir
    Path dir;

    @Test
    void readsEngineSettingsEvenWhenAnotherFileIsInvalid() throws ConfigException {
        ConfigFixture f = ConfigFixture.in(dir).write("desks.yaml", ConfigFixture.DESKS + "bogus: 1\n");
        assertThrows(ConfigException.class, f::load);
        EngineSettings e = ConfigLoader.loadEngine(dir, Map.of());
        assertEquals(8480, e.httpPort());
        assertEquals("admin-token-1", e.adminToken().reveal());
    }

    @Test
    void problemsInEngineYamlAreReported() {
        ConfigFixture.in(dir).write("engine.yaml", ConfigFixture.ENGINE.replace("port: 8480", "port: eighty"));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.loadEngine(dir, Map.of()));
        assertEquals(List.of("engine.yaml"), e.problems().stream().map(Problem::file).distinct().toList());
    }
}
