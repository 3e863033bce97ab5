package ascc.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file of conf/ reloads together, atomically, or the reload is refused naming what needs a restart. */
class ConfigReloadTest {
    @TempDir
    Path dir;
    @TempDir
    Path sandbox;
    private Map<String, String> env;
    private ConfigHolder holder;

    @BeforeEach
    void load() throws Exception {
        env = ShippedConf.copy(dir, sandbox);
        env.put("ASCC_HANBIT_RECORDINGS_TOKEN_SHA256", ascc.routing.config.TokenHash.of("hanbit-old-token-0123456789").hex());
        holder = ConfigHolder.load(dir, env);
    }

    private void edit(String file, String from, String to) throws IOException {
        Path p = dir.resolve(file);
        String text = Files.readString(p);
        assertTrue(text.contains(from), file + " should contain " + from);
        Files.writeString(p, text.replace(from, to));
    }

    private int lineOf(String file, String needle) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve(file));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle) && !lines.get(i).startsWith("#")) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not in " + file);
    }

    static Stream<String> files() {
        return Conf.FILES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void aBadEditInAnyOneFileChangesNothingEvenWithAValidEditElsewhere(String file) throws IOException {
        Conf running = holder.snapshot();
        if (!file.equals("companies.yaml")) {
            edit("companies.yaml", "name: Sori Audio Works", "name: Sori Audio Works Ltd");
        }
        Files.writeString(dir.resolve(file), Files.readString(dir.resolve(file)) + "\nbogus-key: 1\n");

        ConfigHolder.ReloadResult r = holder.reload();

        assertFalse(r.applied(), r.text());
        assertSame(running, holder.snapshot(), "the running snapshot stays");
        assertTrue(r.text().contains(file + ":" + lineOf(file, "bogus-key") + ": bogus-key: unknown key"), r.text());
    }

    @Test
    void everyFileIsSwappedInTogether() throws IOException {
        edit("overflow.yaml", "{after-seconds: 60, add-agents-of: general}", "{after-seconds: 20, add-agents-of: general}");
        edit("billing.yaml", "base-fee-per-year: 600_000", "base-fee-per-year: 700_000");
        edit("recordings.yaml", "retention-days: 90", "retention-days: 30");
        edit("companies.yaml", "name: Sori Audio Works", "name: Sori Audio Works Ltd");

        ConfigHolder.ReloadResult r = holder.reload();

        assertTrue(r.applied(), r.text());
        Conf now = holder.snapshot();
        assertEquals(700_000L, now.billing().orElseThrow().baseFeePerYear());
        assertEquals(30, now.recordings().retentionDays("hanbit"));
        assertTrue(now.overflow().steps().get("appliance").get(1).toString().contains("20"), now.overflow().steps().toString());
        assertEquals("Sori Audio Works Ltd", holder.get().companies().get("sori-audio").name());
        assertTrue(r.summary().contains("overflow changed") && r.summary().contains("billing changed"), r.summary());
    }

    @Test
    void aChangedListenPortIsRefusedAsNeedingARestartAndNothingElseChanges() throws IOException {
        Conf running = holder.snapshot();
        edit("engine.yaml", "port: ${ASCC_HTTP_PORT:-8480}", "port: 8099");
        edit("billing.yaml", "base-fee-per-year: 600_000", "base-fee-per-year: 700_000");

        ConfigHolder.ReloadResult r = holder.reload();

        assertFalse(r.applied(), r.text());
        assertSame(running, holder.snapshot());
        assertTrue(r.text().contains("engine.yaml:" + lineOf("engine.yaml", "port: 8099") + ": http.port: changed from 8480 to 8099;"
                + " needs a restart"), r.text());
    }

    @Test
    void aChangedAgentStatesFileIsRefusedAsNeedingARestart() throws IOException {
        edit("agent-states.yaml", "service-level-seconds: 20", "service-level-seconds: 30");

        ConfigHolder.ReloadResult r = holder.reload();

        assertFalse(r.applied(), r.text());
        assertTrue(r.text().contains("agent-states.yaml:0: (file): changed; agent states"), r.text());
        assertTrue(r.text().contains("needs a restart"), r.text());
    }

    @Test
    void billingTakesEnvironmentReferencesLikeEveryOtherFile() throws Exception {
        edit("billing.yaml", "base-fee-per-year: 600_000", "base-fee-per-year: ${ASCC_BASE_FEE:-600_000}");
        env.put("ASCC_BASE_FEE", "650_000");

        assertEquals(650_000L, Conf.load(dir, env).billing().orElseThrow().baseFeePerYear());
    }
}
