package ascc.routing.config;

import ascc.core.config.yaml.HoursParser;

import ascc.core.config.yaml.ConfigLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void validDirectoryLoadsIntoTheModelWithDefaults() throws ConfigException {
        CenterConfig c = ConfigFixture.in(dir).load();

        EngineSettings e = c.engine();
        assertEquals("127.0.0.1", e.agiUrlHost(), "url-host defaults to agi.bind");
        assertEquals(4573, e.agiPort());
        assertEquals("", e.dbUrl());
        assertTrue(e.mariaDbUrl().isEmpty());
        assertEquals("var/db/ascc", e.embeddedDbPath());
        assertEquals(ZoneId.of("Asia/Seoul"), e.timeZone());
        assertEquals(List.of("15880000"), e.sharedNumbers());
        assertEquals("ami-secret-1", e.amiSecret().reveal());

        assertEquals(List.of("hanbit", "sori"), List.copyOf(c.companies().keySet()));
        Company hanbit = c.companies().get("hanbit");
        assertEquals(new Company("hanbit", "Hanbit Electric", "101", List.of("0215880001"),
                List.of(Category.HOME_APPLIANCES, Category.PCS)), hanbit);
        assertEquals(hanbit, c.companyByNumber("0215880001").orElseThrow());
        assertEquals(hanbit, c.companyByCode("101").orElseThrow());

        assertEquals(10, c.desks().get("appliance").wrapUpSeconds(), "default wrap-up");
        assertEquals(20, c.desks().get("digital").wrapUpSeconds());
        assertEquals(List.of(), c.desks().get("general").categories());
        assertEquals("digital", c.deskFor(Category.PCS).orElseThrow().id());
        assertEquals("general", c.generalDesk().id());

        Agent kim = c.agents().get("1001");
        assertEquals(Map.of("appliance", 5, "general", 2), kim.skills());
        assertEquals(List.of("appliance", "general"), List.copyOf(kim.skills().keySet()), "file order kept");
        assertEquals("sip-pass-1001", kim.password().reveal());

        assertEquals(1, c.hours().holidays().size());
    }

    @Test
    void missingDirectoryIsOneProblem() {
        Path missing = dir.resolve("nope");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing, Map.of()));
        assertEquals(List.of("(dir):0: (dir): config directory not found: " + missing.toAbsolutePath().normalize()),
                e.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void missingFileIsReportedWithItsPath() {
        ConfigFixture.in(dir).delete("agents.yaml").assertProblems(
                "agents.yaml:0: (file): file not found: " + dir.resolve("agents.yaml").toAbsolutePath().normalize()
                        + " (every config directory needs agents.yaml, companies.yaml, desks.yaml, engine.yaml,"
                        + " holidays.yaml and hours.yaml)");
    }

    @Test
    void emptyFileIsAProblem() {
        ConfigFixture.in(dir).write("holidays.yaml", "# nothing yet\n").assertProblems(
                "holidays.yaml:0: (file): file is empty; expected a mapping (key: value lines)");
    }

    @Test
    void yamlSyntaxErrorIsReportedWithTheParsersLine() {
        ConfigFixture.in(dir).write("companies.yaml", """
                companies:
                  - id: hanbit
                    name: Hanbit
                   code: "101"
                """).assertProblems(
                "companies.yaml:4: (syntax): YAML syntax error at column 4: expected <block end>, but found"
                        + " '<block mapping start>' (while parsing a block collection)");
    }

    @Test
    void unterminatedQuoteIsASyntaxError() {
        ConfigFixture.in(dir).write("holidays.yaml", """
                holidays:
                  - {date: 2026-01-01, name: "New Year}
                """).assertProblems(
                "holidays.yaml:3: (syntax): YAML syntax error at column 1: found unexpected end of stream"
                        + " (while scanning a quoted scalar)");
    }

    @Test
    void unknownKeyInCompanyIsReportedWithFileLineAndAllowedKeys() {
        ConfigFixture.in(dir).write("companies.yaml", """
                companies:
                  - id: hanbit
                    name: Hanbit Electric
                    code: "101"
                    categories: [home-appliances, pcs]
                  - id: sori
                    nmae: Sori Audio
                    code: "102"
                    categories: [pcs]
                """).assertProblems(
                "companies.yaml:6: companies[1].name: missing required key 'name' (a display name)",
                "companies.yaml:7: companies[1].nmae: unknown key 'nmae' (allowed: id, name, code, numbers, categories, vip, "
                        + "inquiry-types)");
    }

    @Test
    void unknownTopLevelKeyListsTheAllowedKeys() {
        ConfigFixture.in(dir).write("desks.yaml", ConfigFixture.DESKS + "desk:\n  - id: x\n").assertProblems(
                "desks.yaml:11: desk: unknown key 'desk' (allowed: desks)");
    }

    @Test
    void duplicateKeyIsReportedWithTheFirstLine() {
        ConfigFixture.in(dir).write("desks.yaml", """
                desks:
                  - id: appliance
                    name: Appliances
                    categories: [home-appliances]
                  - id: digital
                    name: Digital
                    categories: [pcs]
                    name: Digital again
                  - id: general
                    name: General
                """).assertProblems(
                "desks.yaml:8: desks[1].name: duplicate key 'name' (first at line 6)");
    }

    @Test
    void wrongTypesAreReported() {
        ConfigFixture.in(dir).write("companies.yaml", """
                companies:
                  - id: hanbit
                    name: Hanbit Electric
                    code: "101"
                    numbers: "0215880001"
                    categories: [home-appliances]
                  - just a string
                """).assertProblems(
                "companies.yaml:5: companies[0].numbers: expected a list of numbers (3 to 20 digits, e.g. \"0215880001\"),"
                        + " found a single value '0215880001'",
                "companies.yaml:7: companies[1]: expected a mapping (key: value lines), found a single value 'just a string'");
    }

    @Test
    void fileThatIsAListInsteadOfAMappingIsReported() {
        ConfigFixture.in(dir).write("agents.yaml", """
                - id: "1001"
                """).assertProblems(
                "agents.yaml:1: (file): expected a mapping (key: value lines), found a list");
    }

    @Test
    void missingRequiredKeyIsReportedAtItsMapping() {
        ConfigFixture.in(dir).write("companies.yaml", """
                companies:
                  - id: hanbit
                    name: Hanbit Electric
                    categories: [home-appliances]
                """).assertProblems(
                "companies.yaml:2: companies[0].code: missing required key 'code' (3 to 6 digits, e.g. \"101\")");
    }

    @Test
    void problemsOfAllFilesAreReportedAtOnceSortedByFileThenLine() {
        ConfigFixture.in(dir)
                .write("hours.yaml", """
                        default:
                          mon-fri: "18:00-09:00"
                          sun: sometimes
                        """)
                .write("engine.yaml", ConfigFixture.ENGINE.replace("port: 8480", "port: 99999")
                        .replace("timezone: Asia/Seoul", "timezone: Asia/Seol"))
                .write("agents.yaml", ConfigFixture.AGENTS.replace("digital: 3", "digital: 9"))
                .write("companies.yaml", ConfigFixture.COMPANIES.replace("code: \"102\"", "code: \"101\""))
                .assertProblems(
                        "agents.yaml:9: agents[1].desks.digital: invalid proficiency '9' (allowed: a whole number 1..5)",
                        "companies.yaml:9: companies[1].code: code '101' is already used by company hanbit (line 4);"
                                + " each code belongs to one company",
                        "engine.yaml:11: http.port: invalid port '99999' (allowed: a whole number 1..65535)",
                        "engine.yaml:14: center.timezone: unknown time zone 'Asia/Seol' (allowed: a region id such as Asia/Seoul or UTC)",
                        "hours.yaml:2: default.mon-fri: range '18:00-09:00' must end after it starts (for hours past midnight"
                                + " write \"18:00-24:00\" on one day and \"00:00-06:00\" on the next)",
                        "hours.yaml:3: default.sun: invalid hours 'sometimes' (allowed: " + HoursParser.HOURS_ALLOWED + ")");
    }

    @Test
    void exceptionMessageListsEveryProblem() {
        ConfigFixture f = ConfigFixture.in(dir).delete("holidays.yaml")
                .write("engine.yaml", ConfigFixture.ENGINE.replace("port: 4573", "port: x"));
        ConfigException e = assertThrows(ConfigException.class, f::load);
        assertTrue(e.getMessage().startsWith("2 problem(s) in config:\nengine.yaml:3: agi.port: invalid port 'x'"), e.getMessage());
        assertTrue(e.getMessage().contains("\nholidays.yaml:0: (file): file not found"), e.getMessage());
    }
}
