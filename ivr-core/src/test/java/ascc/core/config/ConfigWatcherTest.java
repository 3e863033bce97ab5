package ascc.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.routing.config.CenterConfig;
import ascc.core.config.yaml.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher against the real file system: results are awaited (with a timeout), never slept for. */
class ConfigWatcherTest {
    private static final Path SHIPPED = Path.of("../conf");

    @TempDir
    Path dir;
    private ConfigHolder holder;
    private ConfigWatcher watcher;
    private final BlockingQueue<ConfigHolder.ReloadResult> results = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() throws Exception {
        for (String file : ConfigLoader.FILES) {
            Files.copy(SHIPPED.resolve(file), dir.resolve(file));
        }
        holder = ConfigHolder.load(dir, Map.of());
        watcher = ConfigWatcher.start(holder, Duration.ofMillis(100), results::add);
    }

    @AfterEach
    void tearDown() {
        watcher.close();
    }

    private void edit(String file, String from, String to) throws Exception {
        Path p = dir.resolve(file);
        String text = Files.readString(p);
        assertTrue(text.contains(from), file + " should contain " + from);
        Files.writeString(p, text.replace(from, to));
    }

    private ConfigHolder.ReloadResult next() throws InterruptedException {
        ConfigHolder.ReloadResult r = results.poll(10, TimeUnit.SECONDS);
        assertNotNull(r, "no reload within 10 s after the edit");
        return r;
    }

    @Test
    void editedFileIsReloadedOnceForABurstOfSaves() throws Exception {
        edit("companies.yaml", "name: Sori Audio Works", "name: Sori Audio Works Ltd");
        edit("companies.yaml", "name: Sori Audio Works Ltd", "name: Sori Audio Works Co");

        ConfigHolder.ReloadResult r = next();
        assertTrue(r.applied(), r.text());
        assertTrue(r.summary().contains("~sori-audio"), r.summary());
        assertEquals("Sori Audio Works Co", holder.get().companies().get("sori-audio").name());
        assertNull(results.poll(300, TimeUnit.MILLISECONDS), "two quick saves are one reload");
    }

    @Test
    void invalidEditLeavesTheRunningConfigUnchanged() throws Exception {
        CenterConfig before = holder.get();
        Files.writeString(dir.resolve("desks.yaml"), Files.readString(dir.resolve("desks.yaml")) + "bogus: 1\n");

        ConfigHolder.ReloadResult r = next();
        assertFalse(r.applied());
        assertTrue(r.problems().get(0).toString().matches("desks\\.yaml:\\d+: bogus: unknown key 'bogus'.*"), r.text());
        assertSame(before, holder.get());
    }

    @Test
    void editorSwapFilesDoNotTriggerAReload() throws Exception {
        Files.writeString(dir.resolve(".companies.yaml.swp"), "x");
        Files.writeString(dir.resolve("notes.txt"), "x");
        assertNull(results.poll(400, TimeUnit.MILLISECONDS));
    }
}
