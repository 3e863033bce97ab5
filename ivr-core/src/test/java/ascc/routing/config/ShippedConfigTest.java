package ascc.routing.config;

import ascc.core.config.yaml.ConfigLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The admin config shipped in {@code conf/} must always load cleanly. */
class ShippedConfigTest {
    private static final Path CONF = Path.of("..", "conf");

    private static CenterConfig shipped() throws ConfigException {
        return ConfigLoader.load(CONF, Map.of());
    }

    @Test
    void shippedConfLoadsWithZeroProblems() throws ConfigException {
        CenterConfig c = shipped();
        assertEquals(List.of("appliance", "digital", "living", "care", "industrial", "general"), List.copyOf(c.desks().keySet()));
        assertTrue(c.companies().size() >= 6);
        assertEquals(8, c.agents().size());
        assertEquals("general", c.generalDesk().id());
    }

    @Test
    void shippedEngineDefaultsAndEnvironmentOverrides() throws ConfigException {
        EngineSettings e = shipped().engine();
        assertEquals(4573, e.agiPort());
        assertEquals(5038, e.amiPort());
        assertEquals(8480, e.httpPort());
        assertTrue(e.mariaDbUrl().isEmpty(), "embedded database by default");
        assertEquals("var/db/ascc", e.embeddedDbPath());
        assertEquals(List.of("15880000"), e.sharedNumbers());

        EngineSettings o = ConfigLoader.load(CONF, Map.of("ASCC_DB_URL", "jdbc:mariadb://db:3306/ascc",
                "ASCC_AMI_SECRET", "prod-ami-secret", "ASCC_HTTP_PORT", "18480", "ASCC_AGI_PORT", "14573",
                "ASCC_ADMIN_TOKEN", "prod-admin-token")).engine();
        assertEquals("jdbc:mariadb://db:3306/ascc", o.mariaDbUrl().orElseThrow());
        assertEquals("prod-ami-secret", o.amiSecret().reveal());
        assertEquals("prod-admin-token", o.adminToken().reveal());
        assertEquals(18480, o.httpPort());
        assertEquals(14573, o.agiPort());
    }

    @Test
    void everyCategoryHasADeskAndEveryDeskAtLeastTwoAgents() throws ConfigException {
        CenterConfig c = shipped();
        for (Category cat : Category.values()) {
            assertTrue(c.deskFor(cat).isPresent(), cat.id());
        }
        for (Desk d : c.desks().values()) {
            long agents = c.agents().values().stream().filter(a -> a.skills().containsKey(d.id())).count();
            assertTrue(agents >= 2, d.id() + " has " + agents + " agents");
        }
    }

    @Test
    void shippedHolidaysAreTheKoreanPublicHolidaysOf2026And2027() throws ConfigException {
        Set<LocalDate> dates = shipped().hours().holidayDates();
        assertEquals(45, dates.size());
        for (String d : List.of("2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-03-02", "2026-05-05", "2026-05-24",
                "2026-05-25", "2026-06-03", "2026-06-06", "2026-08-17", "2026-09-24", "2026-09-25", "2026-09-26", "2026-10-05",
                "2026-10-09", "2026-12-25", "2026-07-17",
                "2027-07-19", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-05-13", "2027-08-16",
                "2027-09-14", "2027-09-15", "2027-09-16", "2027-10-04", "2027-10-11", "2027-12-27")) {
            assertTrue(dates.contains(LocalDate.parse(d)), d);
        }
        // Labor Day is the agents' statutory paid holiday, with no substitute day
        assertFalse(dates.contains(LocalDate.parse("2027-05-03")));
        // substitute holidays fall on weekdays
        Set<DayOfWeek> substituteDays = shipped().hours().holidays().stream().filter(h -> h.name().startsWith("Substitute"))
                .map(h -> h.date().getDayOfWeek()).collect(Collectors.toSet());
        assertFalse(substituteDays.contains(DayOfWeek.SATURDAY) || substituteDays.contains(DayOfWeek.SUNDAY), substituteDays.toString());
    }

    @Test
    void shippedConfigPrintsWithoutSecrets() throws ConfigException {
        CenterConfig c = shipped();
        String text = ConfigPrinter.print(c);
        assertFalse(text.contains(c.engine().amiSecret().reveal()), text);
        assertFalse(text.contains(c.engine().adminToken().reveal()), text);
        for (Agent a : c.agents().values()) {
            assertFalse(text.contains(a.password().reveal()), a.id());
        }
    }
}
