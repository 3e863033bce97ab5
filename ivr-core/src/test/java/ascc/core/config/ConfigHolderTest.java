package ascc.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.http.HttpResponseSpec;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import ascc.core.config.yaml.ConfigLoader;
import ascc.routing.config.OverflowConfig;
import ascc.routing.config.Problem;
import ascc.routing.config.StaffingConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigHolderTest {
    private static final Path SHIPPED = Path.of("../conf");

    @TempDir
    Path dir;

    private ConfigHolder holder;
    private final List<String> notified = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException, ConfigException {
        for (String file : ConfigLoader.FILES) {
            Files.copy(SHIPPED.resolve(file), dir.resolve(file));
        }
        holder = ConfigHolder.load(dir, Map.of());
        holder.onReload((before, after) -> notified.add(before.companies().size() + "->" + after.companies().size()));
    }

    private void edit(String file, String from, String to) throws IOException {
        Path p = dir.resolve(file);
        String text = Files.readString(p);
        assertTrue(text.contains(from), file + " should contain " + from);
        Files.writeString(p, text.replace(from, to));
    }

    @Test
    void validEditIsSwappedInAndListenersAreTold() throws IOException {
        CenterConfig before = holder.get();
        edit("companies.yaml", "name: Sori Audio Works", "name: Sori Audio Works Ltd");

        ConfigHolder.ReloadResult r = holder.reload();

        assertTrue(r.applied(), r.text());
        assertEquals(List.of(), r.problems());
        assertEquals("Sori Audio Works Ltd", holder.get().companies().get("sori-audio").name());
        assertEquals("Sori Audio Works", before.companies().get("sori-audio").name(), "the old config object is untouched");
        assertEquals("reloaded " + dir + ": 7 companies (~sori-audio), 6 desks, " + before.agents().size() + " agents", r.summary());
        assertEquals(List.of("7->7"), notified);
    }

    @Test
    void invalidEditChangesNothingAndReportsTheLocation() throws IOException {
        CenterConfig before = holder.get();
        edit("companies.yaml", "categories: [av-equipment, multimedia]", "categories: [av-equipment, toasters]");
        edit("companies.yaml", "name: Hanbit Electric (humidifiers)", "name: Hanbit Renamed");

        ConfigHolder.ReloadResult r = holder.reload();

        assertFalse(r.applied());
        assertSame(before, holder.get());
        assertEquals("Hanbit Electric (humidifiers)", holder.get().companies().get("hanbit").name());
        assertEquals(1, r.problems().size(), r.text());
        Problem p = r.problems().get(0);
        assertEquals("companies.yaml", p.file());
        assertEquals(lineOf("companies.yaml", "toasters"), p.line());
        assertTrue(p.key().startsWith("companies[1].categories"), p.key());
        assertTrue(r.text().contains("companies.yaml:" + p.line() + ": companies[1].categories"), r.text());
        assertEquals(List.of(), notified);
    }

    @Test
    void addedAndRemovedCompaniesAreNamedInTheSummary() throws IOException {
        String text = Files.readString(dir.resolve("companies.yaml"));
        int saeron = text.indexOf("  # No own number");
        Files.writeString(dir.resolve("companies.yaml"), text.substring(0, saeron) + """
                  - id: acme
                    name: Acme
                    code: "199"
                    categories: [pcs]
                """);

        ConfigHolder.ReloadResult r = holder.reload();

        assertTrue(r.applied(), r.text());
        assertTrue(r.summary().contains("7 companies (+acme, -saeron-soft)"), r.summary());
    }

    @Test
    void failingListenerDoesNotUndoTheSwap() throws IOException {
        holder.onReload((before, after) -> {
            throw new IllegalStateException("asterisk re-render failed (test)");
        });
        edit("hours.yaml", "mon-fri: \"09:00-18:00\"", "mon-fri: \"09:00-19:00\"");

        ConfigHolder.ReloadResult r = holder.reload();

        assertTrue(r.applied(), r.text());
        assertTrue(r.summary().endsWith(", hours changed"), r.summary());
        assertEquals(List.of("7->7"), notified);
    }

    @Test
    void httpHandlerAnswers200OrUnprocessableWithTheProblems() throws IOException {
        HttpResponseSpec ok = holder.handleReload(null);
        assertEquals(200, ok.status());

        Files.writeString(dir.resolve("desks.yaml"), "desks: nope\n");
        HttpResponseSpec refused = holder.handleReload(null);
        assertEquals(422, refused.status());
        String body = new String(refused.body(), StandardCharsets.UTF_8);
        assertTrue(body.startsWith("reload refused: "), body);
        assertTrue(body.contains("desks.yaml:1: desks"), body);
    }

    private int lineOf(String file, String needle) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve(file));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not in " + file);
    }

    @Test
    void overflowAndStaffingAreReloadedWithTheRestAndAnInvalidEditOfEitherKeepsEverythingRunning() throws IOException {
        Files.copy(SHIPPED.resolve("overflow.yaml"), dir.resolve("overflow.yaml"));
        Files.copy(SHIPPED.resolve("staffing.yaml"), dir.resolve("staffing.yaml"));
        java.util.function.Supplier<OverflowConfig> overflow = holder.part(ascc.core.config.Conf::overflow);
        java.util.function.Supplier<StaffingConfig> staffing = holder.part(ascc.core.config.Conf::staffing);

        edit("overflow.yaml", "{after-seconds: 60, add-agents-of: general}", "{after-seconds: 20, add-agents-of: general}");
        edit("staffing.yaml", "agents: [\"1006\"]", "agents: [\"1006\", \"1001\"]");
        ConfigHolder.ReloadResult ok = holder.reload();
        assertTrue(ok.applied(), ok.text());
        assertTrue(overflow.get().steps().get("appliance").get(1).toString().contains("20"), overflow.get().steps().toString());
        assertEquals(List.of("1006", "1001"), staffing.get().schedules().get(1).agents());
        CenterConfig running = holder.get();
        OverflowConfig runningOverflow = overflow.get();
        StaffingConfig runningStaffing = staffing.get();

        // a valid center-config edit together with a bad overflow key and a bad staffing desk: nothing changes
        edit("companies.yaml", "name: Sori Audio Works", "name: Sori Audio Works Ltd");
        edit("overflow.yaml", "{after-seconds: 20, add-agents-of: general}", "{after-secs: 20, add-agents-of: general}");
        edit("staffing.yaml", "desk: living", "desk: nowhere");
        ConfigHolder.ReloadResult refused = holder.reload();

        assertFalse(refused.applied());
        assertSame(running, holder.get());
        assertSame(runningOverflow, overflow.get(), "the running overflow steps stay");
        assertSame(runningStaffing, staffing.get(), "the running schedules stay");
        assertTrue(refused.text().contains("overflow.yaml:" + lineOf("overflow.yaml", "after-secs") + ":"), refused.text());
        assertTrue(refused.text().contains("after-secs"), refused.text());
        assertTrue(refused.text().contains("staffing.yaml:" + lineOf("staffing.yaml", "desk: nowhere") + ":"), refused.text());
        assertEquals(List.of("7->7"), notified, "listeners told of the first reload only");
    }
}
