package ascc.routing.config;

import ascc.core.config.yaml.ConfigLoader;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompanyDeskAgentConfigTest {
    private static final String CATEGORIES = Category.allowedIds();

    @TempDir
    Path dir;

    private ConfigFixture companies(String text) {
        return ConfigFixture.in(dir).write("companies.yaml", text);
    }

    // ------------------------------------------------------------- companies

    @Test
    void companyInquiryMenuOrderIsItsOwnAndDefaultsToAllFourTypes() throws ConfigException {
        CenterConfig c = companies("""
                companies:
                  - {id: hanbit, name: Hanbit, code: "101", numbers: ["0215880001"], categories: [home-appliances, pcs],
                     inquiry-types: [purchase, fault]}
                  - {id: sori, name: Sori, code: "102", numbers: ["0215880002"], categories: [pcs]}
                """).load();
        assertEquals(List.of(ascc.routing.InquiryType.PURCHASE, ascc.routing.InquiryType.FAULT),
                c.companies().get("hanbit").inquiryTypes());
        assertEquals(List.of(ascc.routing.InquiryType.values()), c.companies().get("sori").inquiryTypes());
    }

    @Test
    void unknownOrRepeatedInquiryTypesAreReported() {
        companies("""
                companies:
                  - id: hanbit
                    name: Hanbit
                    code: "101"
                    categories: [home-appliances, pcs]
                    inquiry-types: [fault, refund, fault]
                """).assertProblems(
                "companies.yaml:6: companies[0].inquiry-types[1]: unknown inquiry type 'refund' (allowed: 1 to 4 distinct inquiry"
                        + " types in menu order, of: fault, howto, purchase, other)",
                "companies.yaml:6: companies[0].inquiry-types[2]: inquiry type 'fault' is listed twice (allowed: 1 to 4 distinct"
                        + " inquiry types in menu order, of: fault, howto, purchase, other)");
    }

    @Test
    void invalidCompanyIdCodeAndNumbersAreReported() {
        companies("""
                companies:
                  - id: Hanbit_Electric
                    name: Hanbit Electric
                    code: "12"
                    numbers: ["02-1588-0001", "12"]
                    categories: [home-appliances]
                """).assertProblems(
                "companies.yaml:2: companies[0].id: invalid company id 'Hanbit_Electric' (allowed: " + ConfigLoader.ID_ALLOWED + ")",
                "companies.yaml:4: companies[0].code: invalid code '12' (allowed: 3 to 6 digits, e.g. \"101\")",
                "companies.yaml:5: companies[0].numbers[0]: invalid number '02-1588-0001' (allowed: 3 to 20 digits,"
                        + " e.g. \"0215880001\")",
                "companies.yaml:5: companies[0].numbers[1]: invalid number '12' (allowed: 3 to 20 digits, e.g. \"0215880001\")");
    }

    @Test
    void duplicateCompanyIdIsReportedWithTheFirstLine() {
        companies(ConfigFixture.COMPANIES.replace("id: sori", "id: hanbit")).assertProblems(
                "companies.yaml:7: companies[1].id: duplicate company id 'hanbit' (first at line 2)");
    }

    @Test
    void codeUsedTwiceIsReported() {
        companies(ConfigFixture.COMPANIES.replace("code: \"102\"", "code: \"101\"")).assertProblems(
                "companies.yaml:9: companies[1].code: code '101' is already used by company hanbit (line 4);"
                        + " each code belongs to one company");
    }

    @Test
    void numberUsedByTwoCompaniesIsReported() {
        companies(ConfigFixture.COMPANIES.replace("numbers: [\"0215880002\"]", "numbers: [\"0215880003\", \"0215880001\"]"))
                .assertProblems("companies.yaml:10: companies[1].numbers[1]: number '0215880001' is already used by company"
                        + " hanbit (line 5); each number belongs to one company");
    }

    @Test
    void companyNumberEqualToASharedNumberIsReported() {
        companies(ConfigFixture.COMPANIES.replace("numbers: [\"0215880002\"]", "numbers: [\"15880000\"]"))
                .assertProblems("companies.yaml:10: companies[1].numbers[0]: number '15880000' is a shared number of the center"
                        + " (engine.yaml center.shared-numbers); a company's own numbers must differ");
    }

    @Test
    void companyWithoutNumbersIsReachableByCodeOnly() throws ConfigException {
        CenterConfig c = companies(ConfigFixture.COMPANIES.replace("    numbers: [\"0215880002\"]\n", "")).load();
        org.junit.jupiter.api.Assertions.assertEquals("sori", c.companyByCode("102").orElseThrow().id());
    }

    @Test
    void unknownAndDuplicateCategoriesAreReportedWithTheAllowedIds() {
        companies(ConfigFixture.COMPANIES.replace("categories: [home-appliances, pcs]",
                "categories: [home-appliances, tv, home-appliances]"))
                .assertProblems(
                        "companies.yaml:6: companies[0].categories[1]: unknown category 'tv' (allowed: " + CATEGORIES + ")",
                        "companies.yaml:6: companies[0].categories[2]: duplicate category 'home-appliances'"
                                + " (already at companies[0].categories[0])");
    }

    @Test
    void companyNeedsAtLeastOneCategory() {
        companies(ConfigFixture.COMPANIES.replace("categories: [pcs]", "categories: []")).assertProblems(
                "companies.yaml:11: companies[1].categories: expected 1 to 17 categories, found none (allowed: " + CATEGORIES + ")");
    }

    @Test
    void enrolledCategoryWithoutADeskIsReportedNamingCompanyAndCategory() {
        companies(ConfigFixture.COMPANIES.replace("categories: [pcs]", "categories: [pcs, beauty]")).assertProblems(
                "companies.yaml:11: companies[1].categories[1]: category 'beauty' of company sori is not served by any desk in"
                        + " desks.yaml (add it to one desk's categories); its calls would have nowhere to go");
    }

    // ------------------------------------------------------------- desks

    @Test
    void categoryServedByTwoDesksIsReported() {
        ConfigFixture.in(dir).write("desks.yaml", ConfigFixture.DESKS.replace("categories: [pcs]", "categories: [pcs, home-appliances]"))
                .assertProblems("desks.yaml:7: desks[1].categories[1]: category 'home-appliances' is already served by desk"
                        + " appliance (line 4); a category may be served by at most one desk");
    }

    @Test
    void wrapUpOutOfRangeAndDuplicateDeskIdAreReported() {
        ConfigFixture.in(dir).write("desks.yaml", """
                desks:
                  - id: appliance
                    name: Appliances
                    categories: [home-appliances]
                    wrap-up-seconds: 601
                  - id: digital
                    name: Digital
                    categories: [pcs]
                  - id: digital
                    name: Digital 2
                  - id: general
                    name: General
                """).assertProblems(
                "desks.yaml:5: desks[0].wrap-up-seconds: invalid wrap-up seconds '601' (allowed: a whole number 0..600)",
                "desks.yaml:9: desks[2].id: duplicate desk id 'digital' (first at line 6)");
    }

    @Test
    void generalDeskMissingFromDesksIsReportedAtTheEngineKey() {
        ConfigFixture.in(dir).write("desks.yaml", """
                desks:
                  - id: appliance
                    name: Appliances
                    categories: [home-appliances]
                  - id: digital
                    name: Digital
                    categories: [pcs]
                """)
                .write("agents.yaml", ConfigFixture.AGENTS.replace(", general: 2", ""))
                .assertProblems("engine.yaml:16: center.general-desk: desk 'general' does not exist in desks.yaml (desks:"
                        + " appliance, digital); the general desk takes calls nobody else can");
    }

    // ------------------------------------------------------------- agents

    @Test
    void invalidAndDuplicateAgentIdsAreReported() {
        ConfigFixture.in(dir).write("agents.yaml", ConfigFixture.AGENTS.replace("id: \"1001\"", "id: \"10\"")
                .replace("id: \"1002\"", "id: \"10\"")).assertProblems(
                "agents.yaml:2: agents[0].id: invalid agent id '10' (allowed: 3 to 8 digits, e.g. \"1001\")",
                "agents.yaml:6: agents[1].id: invalid agent id '10' (allowed: 3 to 8 digits, e.g. \"1001\")");
        ConfigFixture.in(dir).write("agents.yaml", ConfigFixture.AGENTS.replace("id: \"1002\"", "id: \"1001\"")).assertProblems(
                "agents.yaml:6: agents[1].id: duplicate agent id '1001' (first at line 2)");
    }

    @Test
    void weakPasswordsAreReportedWithoutShowingThem() {
        ConfigFixture f = ConfigFixture.in(dir).write("agents.yaml", ConfigFixture.AGENTS.replace("sip-pass-1001", "abc123")
                .replace("sip-pass-1002", "\"sip pass 1002\""));
        f.assertProblems(
                "agents.yaml:4: agents[0].password: password is too short (allowed: at least 8 characters without spaces,"
                        + " ';' or '\"')",
                "agents.yaml:8: agents[1].password: password contains a space, ';' or '\"' (allowed: at least 8 characters"
                        + " without spaces, ';' or '\"')");
        ConfigException e = assertThrows(ConfigException.class, f::load);
        assertFalse(e.getMessage().contains("abc123"));
        assertFalse(e.getMessage().contains("sip pass 1002"));
    }

    @Test
    void unknownDeskAndBadProficiencyAreReported() {
        ConfigFixture.in(dir).write("agents.yaml", ConfigFixture.AGENTS.replace("{appliance: 5, general: 2}", "{aplliance: 5, general: 0}"))
                .assertProblems(
                        "agents.yaml:5: agents[0].desks.aplliance: unknown desk 'aplliance' (desks: appliance, digital, general)",
                        "agents.yaml:5: agents[0].desks.general: invalid proficiency '0' (allowed: a whole number 1..5)");
    }

    @Test
    void agentNeedsAtLeastOneDeskAndAPassword() {
        ConfigFixture.in(dir).write("agents.yaml", """
                agents:
                  - id: "1001"
                    name: Kim
                    desks: {}
                """).assertProblems(
                "agents.yaml:2: agents[0].password: missing required key 'password' (at least 8 characters without spaces,"
                        + " ';' or '\"')",
                "agents.yaml:4: agents[0].desks: expected at least one desk (allowed: desk id -> proficiency 1 (trainee) .."
                        + " 5 (expert), e.g. {appliance: 5, general: 2})");
    }
}
